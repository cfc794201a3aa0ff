#include "store/eventfiltermodel.h"

#include "store/eventstore.h"

#include <QElapsedTimer>
#include <algorithm>

namespace busmon {

EventFilterModel::EventFilterModel(EventStore *store, QObject *parent)
    : QAbstractProxyModel(parent)
    , m_store(store)
{}

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
            << connect(source, &QAbstractItemModel::modelReset, this,
                       [this] {
                           rebuild();
                           endResetModel();
                       })
            << connect(source, &QAbstractItemModel::dataChanged, this, &EventFilterModel::onDataChanged)
            << connect(source, &QAbstractItemModel::headerDataChanged, this,
                       &QAbstractItemModel::headerDataChanged);
    }
    rebuild();
    endResetModel();
}

void EventFilterModel::setKind(std::optional<EventKind> kind)
{
    m_kind = kind;
    refilter();
}

void EventFilterModel::setBaseFilter(const FilterExpression &filter)
{
    m_baseFilter = filter;
    refilter();
}

void EventFilterModel::setFilter(const FilterExpression &filter)
{
    m_filter = filter;
    refilter();
}

void EventFilterModel::setCriteria(std::optional<EventKind> kind, const FilterExpression &baseFilter,
                                   const FilterExpression &filter)
{
    m_kind = kind;
    m_baseFilter = baseFilter;
    m_filter = filter;
    refilter();
}

FilterExpression EventFilterModel::setFilterText(const QString &text)
{
    FilterExpression parsed = FilterExpression::parse(text);
    if (parsed.isValid())
        setFilter(parsed);
    return parsed;
}

void EventFilterModel::refilter()
{
    beginResetModel();
    rebuild();
    endResetModel();
}

void EventFilterModel::rebuild()
{
    QElapsedTimer timer;
    timer.start();
    m_matcher = FilterMatcher(m_kind, {m_baseFilter, m_filter});
    m_offset = 0;
    m_pendingRemoval.reset();
    // Rows the source does not show yet (a store change in flight) come with its next insert.
    const int rows = sourceModel() ? std::min(sourceModel()->rowCount(), m_store->size()) : 0;
    m_ids = m_matcher.matchingRowIds(*m_store, 0, rows);
    m_lastFilterMs = timer.elapsed();
    emit filterApplied(static_cast<int>(m_ids.size()), m_lastFilterMs);
}

void EventFilterModel::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    std::vector<quint64> matching = m_matcher.matchingRowIds(*m_store, first, last - first + 1);
    if (matching.empty())
        return;
    // Appends only ever come after every retained row; a middle insert would break the order.
    const auto size = static_cast<int>(m_ids.size() - m_offset);
    beginInsertRows(QModelIndex(), size, size + static_cast<int>(matching.size()) - 1);
    m_ids.insert(m_ids.end(), matching.begin(), matching.end());
    endInsertRows();
}

void EventFilterModel::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const quint64 base = m_store->firstRowId();
    const auto range = idRange(base + static_cast<quint64>(first), base + static_cast<quint64>(last));
    if (range.first == range.second)
        return;
    m_pendingRemoval = range;
    beginRemoveRows(QModelIndex(), static_cast<int>(range.first - m_offset),
                    static_cast<int>(range.second - m_offset) - 1);
}

void EventFilterModel::onRowsRemoved()
{
    if (!m_pendingRemoval)
        return;
    const auto [begin, end] = *m_pendingRemoval;
    m_pendingRemoval.reset();
    if (begin == m_offset) {
        m_offset = end; // evictions are at the front: drop without moving anything
        compact();
    } else {
        m_ids.erase(m_ids.begin() + static_cast<qsizetype>(begin),
                    m_ids.begin() + static_cast<qsizetype>(end));
    }
    endRemoveRows();
}

void EventFilterModel::compact()
{
    if (m_offset == m_ids.size()) {
        m_ids.clear();
        m_offset = 0;
    } else if (m_offset > 65536 && m_offset * 2 > m_ids.size()) {
        m_ids.erase(m_ids.begin(), m_ids.begin() + static_cast<qsizetype>(m_offset));
        m_offset = 0;
    }
}

void EventFilterModel::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                     const QList<int> &roles)
{
    const quint64 base = m_store->firstRowId();
    const auto range =
        idRange(base + static_cast<quint64>(topLeft.row()), base + static_cast<quint64>(bottomRight.row()));
    if (range.first == range.second)
        return;
    emit dataChanged(index(static_cast<int>(range.first - m_offset), topLeft.column()),
                     index(static_cast<int>(range.second - m_offset) - 1, bottomRight.column()), roles);
}

std::pair<size_t, size_t> EventFilterModel::idRange(quint64 low, quint64 high) const
{
    const auto begin = std::lower_bound(m_ids.begin() + static_cast<qsizetype>(m_offset), m_ids.end(), low);
    const auto end = std::upper_bound(begin, m_ids.end(), high);
    return {static_cast<size_t>(begin - m_ids.begin()), static_cast<size_t>(end - m_ids.begin())};
}

quint64 EventFilterModel::rowIdAt(int proxyRow) const
{
    if (proxyRow < 0 || proxyRow >= rowCount())
        return 0;
    return m_ids[m_offset + static_cast<size_t>(proxyRow)];
}

int EventFilterModel::proxyRowOfRowId(quint64 rowId) const
{
    const auto range = idRange(rowId, rowId);
    if (range.first == range.second)
        return -1;
    return static_cast<int>(range.first - m_offset);
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
    return parent.isValid() ? 0 : static_cast<int>(m_ids.size() - m_offset);
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
    const quint64 rowId = m_ids[m_offset + static_cast<size_t>(proxyIndex.row())];
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
