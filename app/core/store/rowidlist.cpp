#include "store/rowidlist.h"

#include <algorithm>

namespace busmon {

std::pair<int, int> RowIdList::positionsOf(quint64 low, quint64 high) const
{
    const auto first = m_ids.begin() + static_cast<qsizetype>(m_offset);
    const auto begin = std::lower_bound(first, m_ids.end(), low);
    const auto end = std::upper_bound(begin, m_ids.end(), high);
    return {static_cast<int>(begin - first), static_cast<int>(end - first)};
}

int RowIdList::positionOf(quint64 rowId) const
{
    const auto [begin, end] = positionsOf(rowId, rowId);
    return begin == end ? -1 : begin;
}

int RowIdList::lowerBound(quint64 rowId) const
{
    const auto first = m_ids.begin() + static_cast<qsizetype>(m_offset);
    return static_cast<int>(std::lower_bound(first, m_ids.end(), rowId) - first);
}

void RowIdList::removeRange(int begin, int end)
{
    if (begin >= end)
        return;
    if (begin == 0) {
        m_offset += static_cast<size_t>(end);
        compact();
        return;
    }
    const auto first = m_ids.begin() + static_cast<qsizetype>(m_offset);
    m_ids.erase(first + begin, first + end);
}

void RowIdList::removeBelow(quint64 rowId)
{
    removeRange(0, lowerBound(rowId));
}

void RowIdList::clear()
{
    m_ids.clear();
    m_offset = 0;
}

void RowIdList::compact()
{
    if (m_offset == m_ids.size()) {
        clear();
    } else if (m_offset > 65536 && m_offset * 2 > m_ids.size()) {
        m_ids.erase(m_ids.begin(), m_ids.begin() + static_cast<qsizetype>(m_offset));
        m_offset = 0;
    }
}

} // namespace busmon
