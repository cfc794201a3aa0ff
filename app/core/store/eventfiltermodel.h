#pragma once

#include "store/filterexpression.h"
#include "store/filtermatcher.h"
#include "store/rowidlist.h"

#include <QAbstractProxyModel>
#include <QElapsedTimer>
#include <memory>
#include <optional>

class QTimer;

namespace busmon {

class EventStore;

// One tab's rows: the store rows that pass the tab's kind, its saved filter and the filter bar.
// Not a QSortFilterProxyModel (its incremental filter took 132 s over 1M rows with a view
// attached): it keeps the ids of the matching rows, so
//   - a new filter is one pass (FilterMatcher, parallel) and one model reset;
//   - an appended batch is tested alone and inserted in one go;
//   - an eviction at the front drops the mapped rows below it in one removal, nothing shifts.
// It keeps two id lists: the tab's own rows (kind and saved filter: the "base", counted on the tab)
// and, while the filter bar holds an expression, those of them that pass it too. A filter bar
// change only tests the tab's own rows.
// A big pass runs one slice per turn of the event loop, so the window never freezes for it: the
// first slice is small and timed, the next ones are sized to take about sliceTargetMs, at most
// sliceRows(). Meanwhile the rows shown follow the previous filter; a newer filter replaces the pass.
// The source must have exactly one row per store row, in store order: the EventTableModel, or an
// identity proxy over it (where the UI adds colours). Several instances share one source.
class EventFilterModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    static constexpr int defaultSliceRows = 32768;
    static constexpr int sliceTargetMs = 20;

    explicit EventFilterModel(EventStore *store, QObject *parent = nullptr);
    ~EventFilterModel() override;

    void setSourceModel(QAbstractItemModel *source) override;
    EventStore *store() const { return m_store; }

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

    int sliceRows() const { return m_sliceRows; }
    void setSliceRows(int rows);
    // Off: every pass runs to its end at once (benchmarks measure the pass itself so).
    void setSlicing(bool enabled) { m_slicing = enabled; }
    bool isFiltering() const { return m_pass != nullptr; }
    qint64 lastFilterMs() const { return m_lastFilterMs; }     // the last full pass, first slice to reset
    qint64 longestSliceMs() const { return m_longestSliceMs; } // of the last pass: the longest hold

    // Rows of the tab's kind and saved filter, whatever the filter bar says (gap rows included).
    int baseRowCount() const { return m_base.size(); }

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
    // While a pass runs in slices: how far it got.
    void filterProgress(int percent);

private:
    struct Pass;

    const RowIdList &shown() const { return m_narrowed ? m_shown : m_base; }
    RowIdList &shown() { return m_narrowed ? m_shown : m_base; }
    int sourceRows() const;
    void startPass(bool newBase);
    bool preparePass(bool newBase); // true when the pass is small enough to run at once
    void adoptPass();
    void onSourceReset();
    bool runSlice(); // true when the pass is complete
    void runToEnd();
    void adaptSlice(Pass &pass, int testedBefore, qint64 sliceNs) const;
    void finishPass(); // adopts the pass in one reset
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved();
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);

    EventStore *m_store;
    std::optional<EventKind> m_kind;
    FilterExpression m_baseFilter;
    FilterExpression m_filter;
    // What the lists hold now; a pass brings its own until it completes.
    FilterMatcher m_baseMatcher;
    FilterMatcher m_barMatcher;
    RowIdList m_base;
    RowIdList m_shown; // used while m_narrowed
    bool m_narrowed = false;

    std::unique_ptr<Pass> m_pass;
    QTimer *m_passTimer;
    int m_sliceRows = defaultSliceRows;
    bool m_slicing = true;
    std::optional<std::pair<quint64, quint64>> m_pendingRemoval; // row ids leaving the source
    bool m_removingShown = false;
    qint64 m_lastFilterMs = 0;
    qint64 m_longestSliceMs = 0;
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace busmon
