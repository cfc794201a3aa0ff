#include "detailpane.h"

#include "changestable.h"
#include "iconlibrary.h"
#include "rawpayloadview.h"
#include "toastpreview.h"

#include "events/channelname.h"
#include "store/filterexpression.h"
#include "store/jsontreemodel.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace busmon {

DetailPane::DetailPane(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_tree(new QTreeView(this))
    , m_treeModel(new JsonTreeModel(this))
    , m_raw(new RawPayloadView(this))
    , m_problems(new QListWidget(this))
    , m_changes(new ChangesTable(this))
    , m_toast(new ToastPreview(this))
{
    m_header->setTextFormat(Qt::PlainText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(false);
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    m_header->setFont(headerFont);

    m_tree->setModel(m_treeModel);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_tree->header()->resizeSection(0, 220);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &DetailPane::showTreeMenu);

    auto *expandAll = new QToolButton(this);
    expandAll->setIcon(IconLibrary::icon(QStringLiteral("expand")));
    expandAll->setToolTip(tr("Expand all"));
    expandAll->setAutoRaise(true);
    connect(expandAll, &QToolButton::clicked, m_tree, &QTreeView::expandAll);
    m_tabs->setCornerWidget(expandAll, Qt::TopRightCorner);
    m_tabs->setDocumentMode(true);

    m_pages = {m_tree, m_raw, m_problems, m_changes, m_toast};
    m_pageTitles = {tr("Tree"), tr("Raw"), tr("Problems"), tr("Changes"), tr("Toast preview")};
    for (int page = 0; page < m_pages.size(); ++page)
        m_tabs->addTab(m_pages.at(page), m_pageTitles.at(page));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_tabs, 1);
    showNothing();
}

DetailPane::~DetailPane() = default;

void DetailPane::setPageVisible(Page page, bool visible)
{
    m_tabs->setTabVisible(page, visible);
}

void DetailPane::showMessage(EventKind kind, const QByteArray &channel, const QByteArray &payload,
                             const QStringList &problems)
{
    m_payload = payload;
    m_username = ChannelName::parse(channel).username();
    const QString size = payload.size() == 1 ? tr("1 byte") : tr("%L1 bytes").arg(payload.size());
    m_header->setText(
        QStringLiteral("%1 · %2 · %3").arg(QString::fromUtf8(channel), QString(eventKindName(kind)), size));
    m_treeModel->setPayload(payload);
    m_tree->expandToDepth(0);
    m_raw->showPayload(payload);
    m_problems->clear();
    for (const QString &problem : problems)
        m_problems->addItem(new QListWidgetItem(IconLibrary::icon(QStringLiteral("warning")), problem));
    m_tabs->setTabText(ProblemsPage, problems.isEmpty() ? m_pageTitles.at(ProblemsPage)
                                                        : tr("Problems (%1)").arg(problems.size()));
    if (problems.isEmpty())
        m_problems->addItem(tr("No problems: the payload matches its kind's interface."));

    const bool isChangedTask = kind == EventKind::ChangedTask;
    const bool isToast = kind == EventKind::Personal || kind == EventKind::General;
    if (isChangedTask)
        m_changes->showPayload(payload);
    if (isToast)
        m_toast->showPayload(payload);
    setPageVisible(TreePage, true);
    setPageVisible(RawPage, true);
    setPageVisible(ProblemsPage, true);
    setPageVisible(ChangesPage, isChangedTask);
    setPageVisible(ToastPage, isToast);
    setEnabled(true);
}

void DetailPane::showGap(const QString &description)
{
    m_payload.clear();
    m_username.clear();
    m_header->setText(description);
    m_treeModel->setPayload(QByteArray());
    m_raw->clear();
    m_problems->clear();
    setPageVisible(ChangesPage, false);
    setPageVisible(ToastPage, false);
}

void DetailPane::showNothing()
{
    m_payload.clear();
    m_username.clear();
    m_header->setText(tr("Select a message to see its payload."));
    m_treeModel->setPayload(QByteArray());
    m_raw->clear();
    m_problems->clear();
    setPageVisible(ChangesPage, false);
    setPageVisible(ToastPage, false);
}

QString DetailPane::pathOf(const QModelIndex &index) const
{
    return m_treeModel->jsonPath(index);
}

QString DetailPane::valueOf(const QModelIndex &index) const
{
    return m_treeModel->index(index.row(), JsonTreeModel::ValueColumn, index.parent()).data().toString();
}

void DetailPane::showTreeMenu(const QPoint &position)
{
    const QModelIndex index = m_tree->indexAt(position);
    QMenu menu(this);
    if (index.isValid()) {
        const QString value = valueOf(index);
        const QString path = pathOf(index);
        menu.addAction(tr("Copy value"), this, [value] { QApplication::clipboard()->setText(value); });
        menu.addAction(tr("Copy JSON path"), this, [path] { QApplication::clipboard()->setText(path); });
        const QString term = m_treeModel->filterTerm(index);
        QAction *filter =
            menu.addAction(IconLibrary::icon(QStringLiteral("filter")), tr("Filter on this value"), this,
                           [this, term] { emit filterRequested(term); });
        filter->setEnabled(!term.isEmpty());
        const QString user = m_username;
        QAction *onUser = menu.addAction(tr("Filter on this user"), this, [this, user] {
            emit filterRequested(FilterExpression::term(QStringLiteral("user"), user));
        });
        onUser->setEnabled(!user.isEmpty());
        menu.addSeparator();
    }
    const QByteArray payload = m_payload;
    menu.addAction(tr("Copy whole JSON"), this,
                   [payload] { QApplication::clipboard()->setText(QString::fromUtf8(payload)); });
    menu.addSeparator();
    menu.addAction(tr("Expand all"), m_tree, &QTreeView::expandAll);
    menu.addAction(tr("Collapse all"), m_tree, &QTreeView::collapseAll);
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

} // namespace busmon
