#pragma once

#include "store/filterexpression.h"
#include "tabspec.h"

#include <QList>
#include <QTabBar>

class QAbstractItemModel;

namespace busmon {

class EventFilterModel;
class EventStore;

// The tabs over the message table: each tab is a TabSpec (title, kind, saved filter) and its own
// EventFilterModel over the one store. Titles carry the tab's count of messages, whatever the
// filter bar says; the bar narrows the tab in view only. Users add tabs from the filter, close,
// rename and reorder them (drag, or the tab's context menu).
class EventTabBar : public QTabBar
{
    Q_OBJECT
public:
    EventTabBar(EventStore *store, QAbstractItemModel *source, QWidget *parent = nullptr);

    void setTabs(const QList<TabSpec> &specs);
    // The same tabs over another store (a new session): each gets a new model over `source`.
    void setStore(EventStore *store, QAbstractItemModel *source);
    QList<TabSpec> specs() const;
    void addEventTab(const TabSpec &spec);
    void closeEventTab(int index);
    void restoreDefaultTabs();
    void renameTab(int index, const QString &title);

    EventFilterModel *model(int index) const;
    EventFilterModel *currentModel() const { return model(currentIndex()); }
    const TabSpec *spec(int index) const;
    int rowCount(int index) const; // shown in the tab now, after the filter bar

    // The filter bar's expression: narrows the current tab, and whichever tab becomes current.
    void setBarFilter(const FilterExpression &filter);
    // The current tab, narrowed by the bar, as a tab of its own; false when there is nothing to keep.
    bool addTabFromFilter(const QString &barText);
    void refreshTitles();

signals:
    void currentModelChanged(busmon::EventFilterModel *model);
    // Of the current tab's model only.
    void filterApplied(int matches, qint64 ms);
    void filterProgress(int percent);
    void newTabFromFilterRequested();

private:
    struct Tab
    {
        TabSpec spec;
        EventFilterModel *model = nullptr;
    };

    EventFilterModel *createModel(const TabSpec &spec);
    void onCurrentChanged(int index);
    void showMenu(const QPoint &position);

    EventStore *m_store;
    QAbstractItemModel *m_source;
    QList<Tab> m_tabs;
    FilterExpression m_barFilter;
    EventFilterModel *m_narrowed = nullptr; // the model the bar filter is on
};

} // namespace busmon
