#include "detailpane.h"

#include "changestable.h"
#include "elidedlabel.h"
#include "iconlibrary.h"
#include "rawpayloadview.h"
#include "toastpreview.h"

#include "events/channelname.h"
#include "events/onelinetext.h"
#include "store/eventtablemodel.h"
#include "store/filterexpression.h"
#include "store/jsontree.h"
#include "store/jsontreemodel.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace busmon {

// What the worker hands back: the tree, and the document the toast and changes pages read.
struct ParsedPayload
{
    JsonTree tree;
    QJsonDocument document;

    static ParsedPayload of(const QByteArray &payload)
    {
        ParsedPayload parsed;
        parsed.tree = JsonTree::parse(payload, DetailPane::maxTreeNodes, &parsed.document);
        return parsed;
    }
};

namespace {
QString sizeText(qsizetype bytes)
{
    return bytes == 1 ? DetailPane::tr("1 byte")
                      : QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}
} // namespace

DetailPane::DetailPane(QWidget *parent)
    : QWidget(parent)
    , m_header(new ElidedLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_treeStack(new QStackedWidget(this))
    , m_tree(new QTreeView(this))
    , m_treeModel(new JsonTreeModel(this))
    , m_treeNote(new QLabel(this))
    , m_treeSave(new QPushButton(tr("Save payload to file…"), this))
    , m_raw(new RawPayloadView(this))
    , m_rawBar(new QWidget(this))
    , m_rawNote(new QLabel(this))
    , m_rawMore(new QPushButton(tr("Show more"), this))
    , m_problems(new QListWidget(this))
    , m_changes(new ChangesTable(this))
    , m_toast(new ToastPreview(this))
    , m_parse(new QFutureWatcher<ParsedPayload>(this))
{
    m_header->setObjectName(QStringLiteral("detailHeader"));
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    m_header->setFont(headerFont);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_parse, &QFutureWatcher<ParsedPayload>::finished, this, [this] {
        const bool current = m_parseGeneration == m_shownGeneration;
        m_parseGeneration = 0;
        if (current && m_parse->future().resultCount() > 0)
            showParsed(m_parse->future().takeResult());
    });

    auto *expandAll = new QToolButton(this);
    expandAll->setIcon(IconLibrary::icon(QStringLiteral("expand")));
    expandAll->setToolTip(tr("Expand all"));
    expandAll->setAutoRaise(true);
    connect(expandAll, &QToolButton::clicked, m_tree, &QTreeView::expandAll);
    m_tabs->setCornerWidget(expandAll, Qt::TopRightCorner);
    m_tabs->setDocumentMode(true);

    m_pages = {createTreePage(), createRawPage(), m_problems, m_changes, m_toast};
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

DetailPane::~DetailPane()
{
    // A parse still running finishes on its own; nobody waits for it or takes its result.
    m_parse->disconnect(this);
}

QWidget *DetailPane::createTreePage()
{
    m_tree->setModel(m_treeModel);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_tree->header()->resizeSection(0, 220);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &DetailPane::showTreeMenu);

    auto *notePage = new QWidget(this);
    auto *noteLayout = new QVBoxLayout(notePage);
    m_treeNote->setObjectName(QStringLiteral("treeNote"));
    m_treeNote->setTextFormat(Qt::PlainText);
    m_treeNote->setWordWrap(true);
    m_treeNote->setAlignment(Qt::AlignCenter);
    m_treeSave->setObjectName(QStringLiteral("treeSavePayload"));
    connect(m_treeSave, &QPushButton::clicked, this, &DetailPane::askWhereToSave);
    noteLayout->addStretch();
    noteLayout->addWidget(m_treeNote);
    noteLayout->addWidget(m_treeSave, 0, Qt::AlignCenter);
    noteLayout->addStretch();

    m_treeStack->addWidget(m_tree);
    m_treeStack->addWidget(notePage);
    return m_treeStack;
}

QWidget *DetailPane::createRawPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_raw, 1);
    auto *barLayout = new QHBoxLayout(m_rawBar);
    barLayout->setContentsMargins(4, 0, 4, 2);
    m_rawNote->setObjectName(QStringLiteral("rawNote"));
    m_rawNote->setTextFormat(Qt::PlainText);
    m_rawNote->setWordWrap(true);
    m_rawMore->setObjectName(QStringLiteral("rawShowMore"));
    connect(m_rawMore, &QPushButton::clicked, this, &DetailPane::showMoreRaw);
    auto *save = new QPushButton(tr("Save payload to file…"), m_rawBar);
    save->setObjectName(QStringLiteral("rawSavePayload"));
    connect(save, &QPushButton::clicked, this, &DetailPane::askWhereToSave);
    barLayout->addWidget(m_rawNote, 1);
    barLayout->addWidget(m_rawMore);
    barLayout->addWidget(save);
    layout->addWidget(m_rawBar);
    return page;
}

void DetailPane::setPageVisible(Page page, bool visible)
{
    m_tabs->setTabVisible(page, visible);
}

void DetailPane::showIndex(const QModelIndex &index)
{
    if (!index.isValid()) {
        showNothing();
        return;
    }
    if (index.data(EventTableModel::IsGapRole).toBool()) {
        showGap(index.data(EventTableModel::SummaryRole).toString());
        return;
    }
    showMessage(static_cast<EventKind>(index.data(EventTableModel::KindRole).toInt()),
                index.data(EventTableModel::ChannelRole).toByteArray(),
                index.data(EventTableModel::PayloadRole).toByteArray(),
                index.data(EventTableModel::ProblemsRole).toStringList());
}

void DetailPane::showMessage(EventKind kind, const QByteArray &channel, const QByteArray &payload,
                             const QStringList &problems)
{
    ++m_shownGeneration;
    m_payload = payload;
    m_username = ChannelName::parse(channel).username();
    m_header->setFullText(QStringLiteral("%1 · %2 · %3")
                              .arg(OneLineText::escaped(QString::fromUtf8(channel), OneLineText::unlimited),
                                   QString(eventKindName(kind)),
                                   payload.size() == 1 ? tr("1 byte") : tr("%L1 bytes").arg(payload.size())));
    showRawStart();
    m_problems->clear();
    for (const QString &problem : problems)
        m_problems->addItem(new QListWidgetItem(IconLibrary::icon(QStringLiteral("warning")), problem));
    m_tabs->setTabText(ProblemsPage, problems.isEmpty() ? m_pageTitles.at(ProblemsPage)
                                                        : tr("Problems (%1)").arg(problems.size()));
    if (problems.isEmpty())
        m_problems->addItem(tr("No problems: the payload matches its kind's interface."));

    m_kind = kind;
    const bool fits = payload.size() <= treeLimit;
    // Set once: hiding the page in view and showing it again would move the user to another.
    setPageVisible(TreePage, true);
    setPageVisible(RawPage, true);
    setPageVisible(ProblemsPage, true);
    setPageVisible(ChangesPage, fits && kind == EventKind::ChangedTask);
    setPageVisible(ToastPage, fits && (kind == EventKind::Personal || kind == EventKind::General));
    setEnabled(true);
    if (!fits) {
        m_treeModel->clear();
        showTreeNote(tr("This payload is %1: too large to show as a tree (the limit is %2).\nThe Raw "
                        "page shows its first part; save it to read it whole.")
                         .arg(sizeText(payload.size()), sizeText(treeLimit)),
                     true);
    } else if (payload.size() <= parseHereLimit) {
        showParsed(ParsedPayload::of(payload));
    } else {
        const QString parsing = tr("Parsing %1…").arg(sizeText(payload.size()));
        showTreeNote(parsing, false);
        m_toast->showNote(parsing);
        m_changes->setRowCount(0);
        m_parseGeneration = m_shownGeneration;
        m_parse->setFuture(QtConcurrent::run([payload] { return ParsedPayload::of(payload); }));
    }
}

void DetailPane::showParsed(ParsedPayload parsed)
{
    showTree(std::move(parsed.tree));
    if (m_kind == EventKind::ChangedTask)
        m_changes->showDocument(parsed.document);
    if (m_kind == EventKind::Personal || m_kind == EventKind::General)
        m_toast->showDocument(parsed.document);
}

void DetailPane::showTree(JsonTree tree)
{
    const bool truncated = tree.truncated;
    m_treeModel->setTree(std::move(tree));
    if (!m_treeModel->hasTree()) {
        showTreeNote(m_treeModel->errorString().isEmpty() ? tr("Nothing to show as a tree.")
                                                          : m_treeModel->errorString(),
                     false);
        return;
    }
    // The first level open, except a container so big that laying it out would hold the window.
    for (int row = 0; row < m_treeModel->rowCount(); ++row) {
        const QModelIndex top = m_treeModel->index(row, 0);
        if (m_treeModel->rowCount(top) <= maxOpenedChildren)
            m_tree->expand(top);
    }
    m_treeStack->setCurrentWidget(m_tree);
    m_tree->setToolTip(
        truncated
            ? tr("Only the first %L1 values are in the tree; the Raw page has them all.").arg(maxTreeNodes)
            : QString());
}

void DetailPane::showTreeNote(const QString &note, bool offerSave)
{
    m_treeNote->setText(note);
    m_treeSave->setVisible(offerSave);
    m_treeStack->setCurrentIndex(1);
}

QString DetailPane::treeNote() const
{
    return m_treeStack->currentIndex() == 1 ? m_treeNote->text() : QString();
}

QString DetailPane::headerText() const
{
    return m_header->fullText();
}

bool DetailPane::isParsing() const
{
    return m_parseGeneration != 0 && m_parseGeneration == m_shownGeneration;
}

void DetailPane::showRawStart()
{
    m_raw->showPayload(m_payload, m_raw->partBytesFor(m_payload));
    m_rawShown = m_raw->shownBytes();
    showRawNote();
}

void DetailPane::showRawNote()
{
    QStringList notes;
    if (m_rawShown < m_payload.size())
        notes << tr("Showing the first %1 of %2.").arg(sizeText(m_rawShown), sizeText(m_payload.size()));
    if (m_raw->hasBrokenLines())
        notes << tr("Lines over %L1 characters are broken here for reading; saving keeps the exact bytes.")
                     .arg(RawPayloadView::maxLineLength);
    m_rawNote->setText(notes.join(QLatin1Char(' ')));
    m_rawMore->setVisible(m_rawShown < m_payload.size());
    m_rawBar->setVisible(!notes.isEmpty());
}

void DetailPane::showMoreRaw()
{
    if (m_rawShown >= m_payload.size())
        return;
    m_raw->showMore(m_raw->partBytes());
    m_rawShown = m_raw->shownBytes();
    showRawNote();
}

bool DetailPane::savePayload(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_payload) != m_payload.size() || !file.commit()) {
        if (error)
            *error = tr("Could not save the payload to %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void DetailPane::askWhereToSave()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save payload"), QStringLiteral("payload.json"));
    if (path.isEmpty())
        return;
    QString error;
    if (!savePayload(path, &error))
        QMessageBox::warning(this, tr("Save payload"), error);
}

void DetailPane::clearPayload(const QString &header)
{
    ++m_shownGeneration;
    m_payload.clear();
    m_username.clear();
    m_header->setFullText(header);
    m_treeModel->clear();
    m_treeStack->setCurrentWidget(m_tree);
    m_raw->showPayload(QByteArray(), 0);
    m_rawShown = 0;
    m_rawBar->hide();
    m_problems->clear();
    setPageVisible(ChangesPage, false);
    setPageVisible(ToastPage, false);
}

void DetailPane::showGap(const QString &description)
{
    clearPayload(description);
}

void DetailPane::showNothing()
{
    clearPayload(tr("Select a message to see its payload."));
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
    menu.addAction(tr("Save payload to file…"), this, &DetailPane::askWhereToSave);
    menu.addSeparator();
    menu.addAction(tr("Expand all"), m_tree, &QTreeView::expandAll);
    menu.addAction(tr("Collapse all"), m_tree, &QTreeView::collapseAll);
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

} // namespace busmon
