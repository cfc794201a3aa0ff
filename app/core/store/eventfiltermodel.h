#pragma once

#include "store/filterexpression.h"
#include "store/filtermatcher.h"

#include <QAbstractProxyModel>
#include <optional>
#include <vector>

namespace busmon {

class EventStore;

// One tab's rows: the store rows that pass the tab's kind, its saved filter and the filter bar.
// Not a QSortFilterProxyModel (its incremental filter took 132 s over 1M rows with a view
// attached): it keeps the ids of the matching rows, so
//   - a new filter is one pass (FilterMatcher, parallel) and one model reset;
//   - an appended batch is tested alone and inserted in one go;
//   - an eviction at the front drops the mapped rows below it in one removal, nothing shifts.
// The source must have exactly one row per store row, in store order: the EventTableModel, or an
// identity proxy over it (where the UI adds colours). Several instances share one source.
class EventFilterModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    explicit EventFilterModel(EventStore *store, QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *source) override;

    std::optional<EventKind> kind() const { return m_kind; }
    void setKind(std::optional<EventKind> kind);
    const FilterExpression &baseFilter() const { return m_baseFilter; }
    void setBaseFilter(const FilterExpression &filter); // the tab's saved filter
    const FilterExpression &filter() const { return m_filter; }
    void setFilter(const FilterExpression &filter); // the filter bar
    // All three at once: one pass instead of three.
    void setCriteria(std::optional<EventKind> kind, const FilterExpression &baseFilter,
                     const FilterExpression &filter);
    // Parses and applies; an invalid text leaves the current filter and returns the parse result
    // for the bar's message.
    FilterExpression setFilterText(const QString &text);

    qint64 lastFilterMs() const { return m_lastFilterMs; } // how long the last full pass took

    quint64 rowIdAt(int proxyRow) const;
    int proxyRowOfRowId(quint64 rowId) const; // -1 when filtered out or evicted

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

signals:
    // After each full pass (filter, kind or source reset): matches and milliseconds.
    void filterApplied(int matches, qint64 ms);

private:
    void refilter();
    void rebuild();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved();
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    // Range of positions in m_ids holding ids in [low, high].
    std::pair<size_t, size_t> idRange(quint64 low, quint64 high) const;
    void compact();

    EventStore *m_store;
    std::optional<EventKind> m_kind;
    FilterExpression m_baseFilter;
    FilterExpression m_filter;
    FilterMatcher m_matcher;
    std::vector<quint64> m_ids; // ascending; the visible ones start at m_offset
    size_t m_offset = 0;
    std::optional<std::pair<size_t, size_t>> m_pendingRemoval;
    qint64 m_lastFilterMs = 0;
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace busmon
