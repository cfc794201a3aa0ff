#include "eventtabbar.h"

#include "iconlibrary.h"

#include "store/eventfiltermodel.h"
#include "store/eventstore.h"

#include <QInputDialog>
#include <QMenu>

namespace busmon {

namespace {
QString joinFilters(const QString &first, const QString &second)
{
    if (first.trimmed().isEmpty())
        return second;
    if (second.trimmed().isEmpty())
        return first;
    return QStringLiteral("(%1) and (%2)").arg(first, second);
}
} // namespace

EventTabBar::EventTabBar(EventStore *store, QAbstractItemModel *source, QWidget *parent)
    : QTabBar(parent)
    , m_store(store)
    , m_source(source)
{
    setObjectName(QStringLiteral("kindTabs"));
    setMovable(true);
    setTabsClosable(true);
    setExpanding(false);
    setDocumentMode(true);
    setUsesScrollButtons(true);
    setElideMode(Qt::ElideNone);
    setSelectionBehaviorOnRemove(QTabBar::SelectPreviousTab);
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QTabBar::currentChanged, this, &EventTabBar::onCurrentChanged);
    connect(this, &QTabBar::tabCloseRequested, this, &EventTabBar::closeEventTab);
    connect(this, &QTabBar::tabMoved, this, [this](int from, int to) { m_tabs.move(from, to); });
    connect(this, &QTabBar::customContextMenuRequested, this, &EventTabBar::showMenu);
}

void EventTabBar::setTabs(const QList<TabSpec> &specs)
{
    {
        const QSignalBlocker blocker(this);
        while (!m_tabs.isEmpty()) {
            m_tabs.takeLast().model->deleteLater();
            removeTab(count() - 1);
        }
        m_narrowed = nullptr;
        for (const TabSpec &spec : specs)
            addEventTab(spec);
        setCurrentIndex(0);
    }
    onCurrentChanged(currentIndex());
}

QList<TabSpec> EventTabBar::specs() const
{
    QList<TabSpec> result;
    for (const Tab &tab : m_tabs)
        result.append(tab.spec);
    return result;
}

void EventTabBar::setStore(EventStore *store, QAbstractItemModel *source)
{
    const QList<Tab> previous = std::exchange(m_tabs, {});
    m_store = store;
    m_source = source;
    m_narrowed = nullptr;
    for (const Tab &tab : previous)
        m_tabs.append(Tab{tab.spec, createModel(tab.spec)});
    // The view moves to the new model while the old ones still stand, then they go.
    if (EventFilterModel *current = currentModel()) {
        setBarFilter(m_barFilter);
        emit currentModelChanged(current);
    }
    for (const Tab &tab : previous)
        delete tab.model;
    refreshTitles();
}

EventFilterModel *EventTabBar::createModel(const TabSpec &spec)
{
    auto *model = new EventFilterModel(m_store, this);
    model->setSourceModel(m_source);
    model->setCriteria(spec.kind, FilterExpression::parse(spec.filter), FilterExpression());
    connect(model, &EventFilterModel::filterApplied, this, [this, model](int matches, qint64 ms) {
        if (model == currentModel())
            emit filterApplied(matches, ms);
    });
    connect(model, &EventFilterModel::filterProgress, this, [this, model](int percent) {
        if (model == currentModel())
            emit filterProgress(percent);
    });
    return model;
}

void EventTabBar::addEventTab(const TabSpec &spec)
{
    const Tab tab{spec, createModel(spec)};
    m_tabs.append(tab);
    const int at = addTab(spec.title);
    setTabToolTip(at, spec.filter.isEmpty() ? spec.title : spec.filter);
    // The built-in tabs close from the context menu or Ctrl+W; only tabs the user made carry a
    // close button, which keeps a bar of eleven tabs readable.
    if (spec.filter.isEmpty())
        setTabButton(at, QTabBar::RightSide, nullptr);
    refreshTitles();
}

void EventTabBar::closeEventTab(int index)
{
    if (index < 0 || index >= m_tabs.size() || m_tabs.size() <= 1 || m_tabs.at(index).spec.isAll())
        return;
    EventFilterModel *model = m_tabs.takeAt(index).model;
    if (m_narrowed == model)
        m_narrowed = nullptr;
    removeTab(index); // a new current tab is announced from here
    model->deleteLater();
}

void EventTabBar::restoreDefaultTabs()
{
    setTabs(TabSpec::defaults());
}

void EventTabBar::renameTab(int index, const QString &title)
{
    if (index < 0 || index >= m_tabs.size() || m_tabs.at(index).spec.isAll() || title.trimmed().isEmpty())
        return;
    m_tabs[index].spec.title = title.trimmed();
    refreshTitles();
}

EventFilterModel *EventTabBar::model(int index) const
{
    return index >= 0 && index < m_tabs.size() ? m_tabs.at(index).model : nullptr;
}

const TabSpec *EventTabBar::spec(int index) const
{
    return index >= 0 && index < m_tabs.size() ? &m_tabs.at(index).spec : nullptr;
}

int EventTabBar::rowCount(int index) const
{
    const EventFilterModel *tabModel = model(index);
    return tabModel ? tabModel->rowCount() : 0;
}

void EventTabBar::setBarFilter(const FilterExpression &filter)
{
    m_barFilter = filter;
    EventFilterModel *current = currentModel();
    if (current && current->filter().text() != filter.text())
        current->setFilter(filter);
    m_narrowed = current;
}

void EventTabBar::onCurrentChanged(int index)
{
    EventFilterModel *current = model(index);
    if (!current)
        return;
    // The tab left behind goes back to its own rows, which it keeps apart: no pass for that.
    if (m_narrowed && m_narrowed != current && !m_narrowed->filter().isEmpty())
        m_narrowed->setFilter(FilterExpression());
    setBarFilter(m_barFilter);
    emit currentModelChanged(current);
}

bool EventTabBar::addTabFromFilter(const QString &barText)
{
    const TabSpec *current = spec(currentIndex());
    const QString shown = barText.trimmed();
    TabSpec tab;
    tab.kind = current ? current->kind : std::nullopt;
    tab.filter = joinFilters(current ? current->filter : QString(), shown);
    if (tab.filter.isEmpty() && !tab.kind)
        return false;
    // Named after its filter at once (no dialog in the way); "Rename…" on the tab changes it.
    const QString base = tab.kind ? TabSpec::titleFor(*tab.kind) : QString();
    tab.title = shown.isEmpty() ? base : (shown.size() > 28 ? shown.left(27) + QStringLiteral("…") : shown);
    if (!base.isEmpty() && !shown.isEmpty())
        tab.title = QStringLiteral("%1: %2").arg(base, tab.title);
    addEventTab(tab);
    return true;
}

void EventTabBar::refreshTitles()
{
    const QLocale locale;
    for (int i = 0; i < m_tabs.size(); ++i) {
        const QString title = QStringLiteral("%1 (%2)").arg(
            m_tabs.at(i).spec.title, locale.toString(m_tabs.at(i).model->baseRowCount()));
        if (tabText(i) != title)
            setTabText(i, title);
    }
}

void EventTabBar::showMenu(const QPoint &position)
{
    const int index = tabAt(position);
    QMenu menu(this);
    if (index >= 0) {
        const bool builtIn = m_tabs.at(index).spec.isAll();
        QAction *rename = menu.addAction(tr("Rename…"), this, [this, index] {
            bool ok = false;
            const QString title = QInputDialog::getText(this, tr("Rename tab"), tr("Title:"),
                                                        QLineEdit::Normal, m_tabs.at(index).spec.title, &ok);
            if (ok)
                renameTab(index, title);
        });
        rename->setEnabled(!builtIn);
        QAction *close = menu.addAction(tr("Close tab"), this, [this, index] { closeEventTab(index); });
        close->setEnabled(!builtIn);
        menu.addSeparator();
    }
    menu.addAction(IconLibrary::icon(QStringLiteral("tab-add")), tr("New tab from filter"), this,
                   &EventTabBar::newTabFromFilterRequested);
    menu.addAction(tr("Restore default tabs"), this, &EventTabBar::restoreDefaultTabs);
    menu.exec(mapToGlobal(position));
}

} // namespace busmon
