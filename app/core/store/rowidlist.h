#pragma once

#include <QtGlobal>
#include <utility>
#include <vector>

namespace busmon {

// Ascending store row ids of one filter's matches. Rows leave at the front (evictions) and come at
// the back (appends), so dropping the oldest moves an offset instead of the ids behind it.
class RowIdList
{
public:
    RowIdList() = default;
    explicit RowIdList(std::vector<quint64> ids)
        : m_ids(std::move(ids))
    {}

    int size() const { return static_cast<int>(m_ids.size() - m_offset); }
    bool isEmpty() const { return m_offset == m_ids.size(); }
    quint64 at(int position) const { return m_ids[m_offset + static_cast<size_t>(position)]; }
    const quint64 *data() const { return m_ids.data() + m_offset; }

    void append(const std::vector<quint64> &ids) { m_ids.insert(m_ids.end(), ids.begin(), ids.end()); }
    // Positions [begin, end) of the ids within [low, high].
    std::pair<int, int> positionsOf(quint64 low, quint64 high) const;
    int positionOf(quint64 rowId) const; // -1 when absent
    // First position whose id is at least rowId (size() when none).
    int lowerBound(quint64 rowId) const;
    void removeRange(int begin, int end);
    void removeBelow(quint64 rowId); // ids of evicted rows
    void clear();

private:
    void compact();

    std::vector<quint64> m_ids;
    size_t m_offset = 0; // the ids before it are gone
};

} // namespace busmon
