#include "activity/activitycounter.h"

#include "activity/activityfacts.h"
#include "store/eventstore.h"
#include "store/filtermatcher.h"

#include <algorithm>

namespace busmon {

ActivityCounter::ActivityCounter(const FilterExpression &filter)
{
    if (filter.isEmpty())
        return;
    m_store = std::make_unique<EventStore>();
    m_matcher = std::make_unique<FilterMatcher>(std::nullopt, QList<FilterExpression>{filter});
}

ActivityCounter::~ActivityCounter() = default;

void ActivityCounter::count(const BusEventBatch &batch)
{
    for (const BusEvent &event : batch) {
        m_oldestMs = std::min(m_oldestMs.value_or(event.receivedMs), event.receivedMs);
        m_newestMs = std::max(m_newestMs.value_or(event.receivedMs), event.receivedMs);
    }
    m_events += batch.size();
    if (!m_store) {
        for (const BusEvent &event : batch)
            countEvent(event.receivedMs, event.kind, event.username, event.payload);
        m_matched += batch.size();
        return;
    }
    // The batch alone in the store: each batch evicts the one before it.
    m_store->setRetentionLimit(std::max<int>(1, static_cast<int>(batch.size())));
    m_store->append(batch);
    const int added = std::min<int>(m_store->size(), static_cast<int>(batch.size()));
    for (const quint64 rowId : m_matcher->matchingRowIds(*m_store, m_store->size() - added, added)) {
        const StoredRow row = m_store->row(m_store->indexOfRowId(rowId));
        countEvent(row.receivedMs, row.kind, *row.username, row.payload);
        ++m_matched;
    }
}

void ActivityCounter::countEvent(qint64 receivedMs, EventKind kind, const QString &user,
                                 QByteArrayView payload)
{
    if (!ActivityFacts::counts(kind))
        return;
    const quint32 id = kind == EventKind::Sync ? m_tally.userId(user) : 0;
    m_tally.add(receivedMs, kind, id, ActivityFacts::read(kind, payload));
}

ActivitySnapshot ActivityCounter::snapshot(ActivityWindow window, std::optional<qint64> nowMs) const
{
    const qint64 end =
        std::max(m_newestMs.value_or(nowMs.value_or(0)), nowMs.value_or(m_newestMs.value_or(0)));
    return m_tally.snapshot(window, m_oldestMs.value_or(end), end);
}

} // namespace busmon
