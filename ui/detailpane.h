#pragma once

#include "events/eventkind.h"

#include <QByteArray>
#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QTabWidget;
class QTreeView;

namespace busmon {

class ChangesTable;
class JsonTreeModel;
class RawPayloadView;
class ToastPreview;

// Everything about the selected row: the payload as a tree, the raw bytes, its
// problems, the changes of a changed_task and the toast a personal or
// __general__ message shows. The payload is parsed here, for this one row only.
class DetailPane : public QWidget
{
    Q_OBJECT
public:
    enum Page { TreePage, RawPage, ProblemsPage, ChangesPage, ToastPage };

    explicit DetailPane(QWidget *parent = nullptr);
    ~DetailPane() override;

    void showMessage(EventKind kind, const QByteArray &channel, const QByteArray &payload,
                     const QStringList &problems);
    void showGap(const QString &description);
    void showNothing();

    QTabWidget *tabs() const { return m_tabs; }
    QTreeView *treeView() const { return m_tree; }
    RawPayloadView *rawView() const { return m_raw; }
    QListWidget *problemList() const { return m_problems; }
    ChangesTable *changesTable() const { return m_changes; }
    ToastPreview *toastPreview() const { return m_toast; }
    QByteArray payload() const { return m_payload; }

signals:
    // A filter term built from a tree node ("title:\"Sync failed\"").
    void filterRequested(const QString &term);

private:
    void showTreeMenu(const QPoint &position);
    void setPageVisible(Page page, bool visible);
    QString pathOf(const QModelIndex &index) const;
    QString valueOf(const QModelIndex &index) const;

    QLabel *m_header;
    QTabWidget *m_tabs;
    QTreeView *m_tree;
    JsonTreeModel *m_treeModel;
    RawPayloadView *m_raw;
    QListWidget *m_problems;
    ChangesTable *m_changes;
    ToastPreview *m_toast;
    QList<QWidget *> m_pages;
    QList<QString> m_pageTitles;
    QByteArray m_payload;
    QString m_username; // from the channel; empty where it names none
};

} // namespace busmon
