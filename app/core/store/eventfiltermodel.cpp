#include "store/eventfiltermodel.h"

#include "store/eventstore.h"

#include <QTimer>
#include <algorithm>
#include <limits>

namespace busmon {

namespace {
constexpr int firstSliceRows = 8192;
}

struct EventFilterModel::Pass
{
    bool newBase = false; // the kind or saved filter changed: every store row is tested again
    bool narrowed = false;
    FilterMatcher baseMatcher;
    FilterMatcher barMatcher;
    RowIdList base; // when newBase
    RowIdList shown;
    quint64 nextRowId = 0; // rows below it are done
    int sliceRows = 0;     // rows for the next slice, from the time the last one took
    int candidates = 0;
    int tested = 0;
    QElapsedTimer clock;
    qint64 longestSliceMs = 0;
};

EventFilterModel::EventFilterModel(EventStore *store, QObject *parent)
    : QAbstractProxyModel(parent)
    , m_store(store)
    , m_passTimer(new QTimer(this))
{
    m_passTimer->setSingleShot(true);
    m_passTimer->setInterval(0);
    connect(m_passTimer, &QTimer::timeout, this, [this] {
        if (runSlice())
            finishPass();
        else
            m_passTimer->start();
    });
}

EventFilterModel::~EventFilterModel() = default;

void EventFilterModel::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    QAbstractProxyModel::setSourceModel(source);
    if (source) {
        m_sourceConnections
            << connect(source, &QAbstractItemModel::rowsInserted, this, &EventFilterModel::onRowsInserted)
            << connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                       &EventFilterModel::onRowsAboutToBeRemoved)
            << connect(source, &QAbstractItemModel::rowsRemoved, this, &EventFilterModel::onRowsRemoved)
            << connect(source, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); })
            << connect(source, &QAbstractItemModel::modelReset, this, &EventFilterModel::onSourceReset)
            << connect(source, &QAbstractItemModel::dataChanged, this, &EventFilterModel::onDataChanged)
            << connect(source, &QAbstractItemModel::headerDataChanged, this,
                       &QAbstractItemModel::headerDataChanged);
    }
    m_base.clear();
    m_shown.clear();
    endResetModel();
    startPass(true);
}

void EventFilterModel::setKind(std::optional<EventKind> kind)
{
    m_kind = kind;
    startPass(true);
}

void EventFilterModel::setBaseFilter(const FilterExpression &filter)
{
    m_baseFilter = filter;
    startPass(true);
}

void EventFilterModel::setFilter(const FilterExpression &filter)
{
    m_filter = filter;
    startPass(false);
}

void EventFilterModel::setCriteria(std::optional<EventKind> kind, const FilterExpression &baseFilter,
                                   const FilterExpression &filter)
{
    const bool newBase = kind != m_kind || baseFilter.text() != m_baseFilter.text();
    m_kind = kind;
    m_baseFilter = baseFilter;
    m_filter = filter;
    startPass(newBase);
}

FilterExpression EventFilterModel::setFilterText(const QString &text)
{
    FilterExpression parsed = FilterExpression::parse(text);
    if (parsed.isValid())
        setFilter(parsed);
    return parsed;
}

void EventFilterModel::setSliceRows(int rows)
{
    m_sliceRows = std::max(1, rows);
}

int EventFilterModel::sourceRows() const
{
    // Rows the source does not show yet (a store change in flight) come with its next insert.
    return sourceModel() ? std::min(sourceModel()->rowCount(), m_store->size()) : 0;
}

void EventFilterModel::startPass(bool newBase)
{
    if (!preparePass(newBase)) {
        emit filterProgress(0);
        m_passTimer->start();
        return;
    }
    runToEnd();
    finishPass();
}

bool EventFilterModel::preparePass(bool newBase)
{
    m_passTimer->stop();
    const bool baseStillPending = m_pass && m_pass->newBase;
    m_pass = std::make_unique<Pass>();
    Pass &pass = *m_pass;
    pass.clock.start();
    pass.newBase = newBase || baseStillPending;
    pass.narrowed = !m_filter.isEmpty();
    pass.baseMatcher = pass.newBase ? FilterMatcher(m_kind, {m_baseFilter}) : m_baseMatcher;
    pass.barMatcher = FilterMatcher(std::nullopt, {m_filter});
    pass.nextRowId = m_store->firstRowId();
    pass.candidates = pass.newBase ? sourceRows() : (pass.narrowed ? m_base.size() : 0);
    // Small first: a costly filter's first slice is timed before it can hold the window long.
    pass.sliceRows = std::min(m_sliceRows, firstSliceRows);
    if (!m_slicing)
        pass.sliceRows = std::numeric_limits<int>::max();
    return pass.candidates <= pass.sliceRows;
}

void EventFilterModel::onSourceReset()
{
    // Inside the source's reset: a small pass completes within it, a big one starts from nothing.
    m_pass.reset();
    m_pendingRemoval.reset();
    if (preparePass(true)) {
        runToEnd();
        adoptPass();
        endResetModel();
        emit filterApplied(rowCount(), m_lastFilterMs);
        return;
    }
    m_base.clear();
    m_shown.clear();
    endResetModel();
    emit filterProgress(0);
    m_passTimer->start();
}

bool EventFilterModel::runSlice()
{
    Pass &pass = *m_pass;
    QElapsedTimer sliceClock;
    sliceClock.start();
    const quint64 firstRowId = m_store->firstRowId();
    const quint64 endRowId = firstRowId + static_cast<quint64>(sourceRows());
    pass.nextRowId = std::max(pass.nextRowId, firstRowId);
    bool complete = false;
    const int testedBefore = pass.tested;
    if (pass.newBase) {
        const auto count = static_cast<int>(std::min<quint64>(static_cast<quint64>(pass.sliceRows),
                                                              endRowId - std::min(pass.nextRowId, endRowId)));
        const std::vector<quint64> base =
            pass.baseMatcher.matchingRowIds(*m_store, static_cast<int>(pass.nextRowId - firstRowId), count);
        if (pass.narrowed)
            pass.shown.append(pass.barMatcher.matchingAmong(*m_store, base.data(), base.size()));
        pass.base.append(base);
        pass.nextRowId += static_cast<quint64>(count);
        pass.tested += count;
        complete = pass.nextRowId >= endRowId;
    } else if (pass.narrowed) {
        const int begin = m_base.lowerBound(pass.nextRowId);
        const int available = m_base.lowerBound(endRowId);
        const int end = static_cast<int>(std::min<qint64>(available, qint64(begin) + pass.sliceRows));
        pass.shown.append(
            pass.barMatcher.matchingAmong(*m_store, m_base.data() + begin, static_cast<size_t>(end - begin)));
        pass.nextRowId = end < m_base.size() ? m_base.at(end) : endRowId;
        pass.tested += end - begin;
        complete = end == available;
    } else {
        complete = true; // the bar was emptied: the tab's own rows are what is shown
    }
    pass.longestSliceMs = std::max(pass.longestSliceMs, sliceClock.elapsed());
    adaptSlice(pass, testedBefore, sliceClock.nsecsElapsed());
    if (!complete && pass.candidates > 0)
        emit filterProgress(std::min(99, static_cast<int>(qint64(pass.tested) * 100 / pass.candidates)));
    return complete;
}

void EventFilterModel::runToEnd()
{
    while (!runSlice()) {
    }
}

void EventFilterModel::adaptSlice(Pass &pass, int testedBefore, qint64 sliceNs) const
{
    const qint64 tested = pass.tested - testedBefore;
    if (tested <= 0 || sliceNs <= 0)
        return;
    const qint64 fitting = tested * sliceTargetMs * 1'000'000 / sliceNs;
    pass.sliceRows = static_cast<int>(std::clamp<qint64>(fitting, std::min(1024, m_sliceRows), m_sliceRows));
}

void EventFilterModel::finishPass()
{
    beginResetModel();
    adoptPass();
    endResetModel();
    emit filterApplied(rowCount(), m_lastFilterMs);
}

void EventFilterModel::adoptPass()
{
    m_passTimer->stop();
    const std::unique_ptr<Pass> pass = std::move(m_pass);
    if (pass->newBase) {
        m_base = std::move(pass->base);
        m_baseMatcher = pass->baseMatcher;
    }
    m_barMatcher = pass->barMatcher;
    m_narrowed = pass->narrowed;
    m_shown = m_narrowed ? std::move(pass->shown) : RowIdList();
    m_pendingRemoval.reset();
    m_lastFilterMs = pass->clock.elapsed();
    m_longestSliceMs = pass->longestSliceMs;
}

void EventFilterModel::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    std::vector<quint64> base = m_baseMatcher.matchingRowIds(*m_store, first, last - first + 1);
    if (base.empty())
        return;
    std::vector<quint64> narrowed;
    if (m_narrowed) {
        narrowed = m_barMatcher.matchingAmong(*m_store, base.data(), base.size());
        m_base.append(base);
    }
    const std::vector<quint64> &added = m_narrowed ? narrowed : base;
    if (added.empty())
        return;
    // Appends only ever come after every retained row; a middle insert would break the order.
    const int size = rowCount();
    beginInsertRows(QModelIndex(), size, size + static_cast<int>(added.size()) - 1);
    shown().append(added);
    endInsertRows();
}

void EventFilterModel::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const quint64 base = m_store->firstRowId();
    m_pendingRemoval = std::pair(base + static_cast<quint64>(first), base + static_cast<quint64>(last));
    const auto [begin, end] = shown().positionsOf(m_pendingRemoval->first, m_pendingRemoval->second);
    m_removingShown = begin != end;
    if (m_removingShown)
        beginRemoveRows(QModelIndex(), begin, end - 1);
}

void EventFilterModel::onRowsRemoved()
{
    if (!m_pendingRemoval)
        return;
    const std::pair<quint64, quint64> leaving = *m_pendingRemoval;
    m_pendingRemoval.reset();
    // Named, not a structured binding: clang before 16 cannot capture one in a lambda.
    const auto removeIds = [leaving](RowIdList &list) {
        const auto [begin, end] = list.positionsOf(leaving.first, leaving.second);
        list.removeRange(begin, end);
    };
    removeIds(m_base);
    if (m_narrowed)
        removeIds(m_shown);
    if (m_pass) {
        removeIds(m_pass->base);
        removeIds(m_pass->shown);
    }
    if (std::exchange(m_removingShown, false))
        endRemoveRows();
}

void EventFilterModel::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                     const QList<int> &roles)
{
    const quint64 base = m_store->firstRowId();
    const auto [begin, end] = shown().positionsOf(base + static_cast<quint64>(topLeft.row()),
                                                  base + static_cast<quint64>(bottomRight.row()));
    if (begin == end)
        return;
    emit dataChanged(index(begin, topLeft.column()), index(end - 1, bottomRight.column()), roles);
}

quint64 EventFilterModel::rowIdAt(int proxyRow) const
{
    if (proxyRow < 0 || proxyRow >= rowCount())
        return 0;
    return shown().at(proxyRow);
}

int EventFilterModel::proxyRowOfRowId(quint64 rowId) const
{
    return shown().positionOf(rowId);
}

QModelIndex EventFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex EventFilterModel::parent(const QModelIndex &) const
{
    return {};
}

int EventFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : shown().size();
}

int EventFilterModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !sourceModel())
        return 0;
    return sourceModel()->columnCount();
}

bool EventFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0;
}

QModelIndex EventFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel() || proxyIndex.model() != this)
        return {};
    const quint64 rowId = shown().at(proxyIndex.row());
    return sourceModel()->index(static_cast<int>(rowId - m_store->firstRowId()), proxyIndex.column());
}

QModelIndex EventFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel())
        return {};
    const int row = proxyRowOfRowId(m_store->firstRowId() + static_cast<quint64>(sourceIndex.row()));
    return row < 0 ? QModelIndex() : index(row, sourceIndex.column());
}

} // namespace busmon
