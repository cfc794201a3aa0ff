#include "eventtableview.h"

#include <QHeaderView>
#include <QMenu>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTimer>

namespace busmon {

namespace {
constexpr int followIntervalMs = 100;
}

EventTableView::EventTableView(QWidget *parent)
    : QTableView(parent)
    , m_followTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("eventTable"));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setWordWrap(false);
    setShowGrid(false);
    setAlternatingRowColors(false);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setTextElideMode(Qt::ElideRight);
    verticalHeader()->hide();
    // Fixed row heights: the view never measures a million rows.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    verticalHeader()->setMinimumSectionSize(fontMetrics().height() + 2);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(horizontalHeader(), &QHeaderView::customContextMenuRequested, this,
            &EventTableView::showHeaderMenu);

    m_followTimer->setInterval(followIntervalMs);
    connect(m_followTimer, &QTimer::timeout, this, &EventTableView::followTick);
    m_followTimer->start();
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &EventTableView::onScrolled);
}

void EventTableView::setFollowing(bool following)
{
    if (m_following == following)
        return;
    m_following = following;
    if (m_following)
        followTick();
    emit followingChanged(m_following);
}

void EventTableView::mousePressEvent(QMouseEvent *event)
{
    // A row picked out with the mouse must not scroll away under the pointer.
    if (indexAt(event->position().toPoint()).isValid())
        setFollowing(false);
    QTableView::mousePressEvent(event);
}

void EventTableView::followTick()
{
    QScrollBar *bar = verticalScrollBar();
    m_lastMaximum = bar->maximum();
    if (!m_following || bar->value() == bar->maximum())
        return;
    m_scrollingByUs = true;
    bar->setValue(bar->maximum());
    m_scrollingByUs = false;
}

void EventTableView::onScrolled(int value)
{
    if (m_scrollingByUs)
        return;
    QScrollBar *bar = verticalScrollBar();
    // Rows arriving or going move the range, not the user: only a move away from the bottom that
    // the range did not cause turns following off.
    const bool atBottom = value >= bar->maximum() - 2;
    if (atBottom && !m_following)
        setFollowing(true);
    else if (!atBottom && m_following && bar->maximum() == m_lastMaximum)
        setFollowing(false);
    m_lastMaximum = bar->maximum();
}

void EventTableView::setNarrowDropOrder(const QList<int> &columns, int stretchColumn, int minStretchWidth)
{
    m_dropOrder = columns;
    m_stretchColumn = stretchColumn;
    m_minStretchWidth = minStretchWidth;
    fitColumns();
}

QByteArray EventTableView::saveHeaderState()
{
    QHeaderView *header = horizontalHeader();
    for (auto it = m_droppedWidths.cbegin(); it != m_droppedWidths.cend(); ++it) {
        header->showSection(it.key());
        header->resizeSection(it.key(), it.value());
    }
    const QByteArray state = header->saveState();
    for (auto it = m_droppedWidths.cbegin(); it != m_droppedWidths.cend(); ++it)
        header->hideSection(it.key());
    return state;
}

bool EventTableView::restoreHeaderState(const QByteArray &state)
{
    m_droppedWidths.clear();
    const bool restored = horizontalHeader()->restoreState(state);
    fitColumns();
    return restored;
}

void EventTableView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    fitColumns();
}

int EventTableView::fixedColumnsWidth() const
{
    const QHeaderView *header = horizontalHeader();
    int width = 0;
    for (int column = 0; column < header->count(); ++column) {
        if (column != m_stretchColumn && !header->isSectionHidden(column))
            width += header->sectionSize(column);
    }
    return width;
}

void EventTableView::fitColumns()
{
    if (m_dropOrder.isEmpty() || !model())
        return;
    QHeaderView *header = horizontalHeader();
    const int available = viewport()->width();
    for (int column : std::as_const(m_dropOrder)) {
        if (fixedColumnsWidth() + m_minStretchWidth <= available)
            break;
        if (header->isSectionHidden(column) || m_droppedWidths.contains(column))
            continue;
        m_droppedWidths.insert(column, header->sectionSize(column));
        header->hideSection(column);
    }
    for (auto it = m_dropOrder.crbegin(); it != m_dropOrder.crend(); ++it) {
        const auto dropped = m_droppedWidths.constFind(*it);
        if (dropped == m_droppedWidths.cend())
            continue;
        if (fixedColumnsWidth() + *dropped + m_minStretchWidth > available)
            break;
        const int width = *dropped;
        m_droppedWidths.erase(dropped);
        header->showSection(*it);
        header->resizeSection(*it, width);
    }
}

void EventTableView::showHeaderMenu(const QPoint &position)
{
    QHeaderView *header = horizontalHeader();
    QMenu menu(this);
    for (int column = 0; column < header->count(); ++column) {
        const QString title = model() ? model()->headerData(column, Qt::Horizontal).toString() : QString();
        QAction *action = menu.addAction(title);
        action->setCheckable(true);
        const bool dropped = m_droppedWidths.contains(column);
        action->setChecked(!header->isSectionHidden(column) || dropped);
        action->setEnabled(column != m_stretchColumn);
        if (dropped)
            action->setToolTip(tr("Hidden while the window is this narrow"));
        connect(action, &QAction::toggled, this, [this, header, column](bool shown) {
            m_droppedWidths.remove(column);
            header->setSectionHidden(column, !shown);
            fitColumns();
        });
    }
    menu.exec(header->viewport()->mapToGlobal(position));
}

} // namespace busmon
