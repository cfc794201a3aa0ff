#pragma once

#include "events/eventkind.h"

#include <QByteArray>
#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTreeView;
template<typename T> class QFutureWatcher;

namespace busmon {

class ChangesTable;
class ElidedLabel;
class JsonTreeModel;
class RawPayloadView;
class ToastPreview;
struct JsonTree;
struct ParsedPayload;

// Everything about the selected row: the payload as a tree, the raw bytes, its problems, the
// changes of a changed_task and the toast a personal or __general__ message shows. The payload is
// parsed here, for this one row only ("dissect on display"): small ones at once, bigger ones on a
// worker thread while the tree page says "parsing…", and one above treeLimit not at all: the raw
// page then shows its first part, more on demand, and the whole can be saved to a file. So no row,
// however big, holds the window.
class DetailPane : public QWidget
{
    Q_OBJECT
public:
    enum Page { TreePage, RawPage, ProblemsPage, ChangesPage, ToastPage };

    static constexpr qsizetype parseHereLimit = 64 * 1024;  // parsed on the GUI thread
    static constexpr qsizetype treeLimit = 4 * 1024 * 1024; // above: no tree, toast or changes
    static constexpr int maxTreeNodes = 500'000;            // of a payload under treeLimit
    static constexpr int maxOpenedChildren = 2000;          // a bigger container opens on demand

    explicit DetailPane(QWidget *parent = nullptr);
    ~DetailPane() override;

    // A row of the EventTableModel, or of a proxy over it, read through its roles.
    void showIndex(const QModelIndex &index);
    void showMessage(EventKind kind, const QByteArray &channel, const QByteArray &payload,
                     const QStringList &problems);
    void showGap(const QString &description);
    void showNothing();

    bool isParsing() const;
    // The raw page shows this many of the payload's bytes (all of them unless it is big).
    qsizetype rawShownBytes() const { return m_rawShown; }
    void showMoreRaw();
    // Writes the payload byte for byte; false with a sentence in *error.
    bool savePayload(const QString &path, QString *error = nullptr) const;

    QTabWidget *tabs() const { return m_tabs; }
    QTreeView *treeView() const { return m_tree; }
    RawPayloadView *rawView() const { return m_raw; }
    QListWidget *problemList() const { return m_problems; }
    ChangesTable *changesTable() const { return m_changes; }
    ToastPreview *toastPreview() const { return m_toast; }
    QByteArray payload() const { return m_payload; }
    // What the tree page says instead of a tree ("parsing…", "too large…", "not JSON…"); empty
    // while it shows one.
    QString treeNote() const;
    QString headerText() const;

signals:
    // A filter term built from a tree node ("title:\"Sync failed\"").
    void filterRequested(const QString &term);

private:
    QWidget *createTreePage();
    QWidget *createRawPage();
    void showParsed(ParsedPayload parsed);
    void showTree(JsonTree tree);
    void showTreeNote(const QString &note, bool offerSave);
    void showRawStart();
    void showRawNote();
    void askWhereToSave();
    void showTreeMenu(const QPoint &position);
    void setPageVisible(Page page, bool visible);
    void clearPayload(const QString &header);
    QString pathOf(const QModelIndex &index) const;
    QString valueOf(const QModelIndex &index) const;

    ElidedLabel *m_header;
    QTabWidget *m_tabs;
    QStackedWidget *m_treeStack;
    QTreeView *m_tree;
    JsonTreeModel *m_treeModel;
    QLabel *m_treeNote;
    QPushButton *m_treeSave;
    RawPayloadView *m_raw;
    QWidget *m_rawBar;
    QLabel *m_rawNote;
    QPushButton *m_rawMore;
    QListWidget *m_problems;
    ChangesTable *m_changes;
    ToastPreview *m_toast;
    QList<QWidget *> m_pages;
    QList<QString> m_pageTitles;
    QFutureWatcher<ParsedPayload> *m_parse;
    quint64 m_shownGeneration = 0; // a parse result for an older selection is thrown away
    quint64 m_parseGeneration = 0; // of the parse under way; 0 when none is
    QByteArray m_payload;
    EventKind m_kind = EventKind::Unknown;
    qsizetype m_rawShown = 0;
    QString m_username; // from the channel; empty where it names none
};

} // namespace busmon
