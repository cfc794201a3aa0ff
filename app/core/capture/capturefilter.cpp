#include "capture/capturefilter.h"

#include "store/eventstore.h"

#include <algorithm>

namespace busmon {

CaptureFilter::CaptureFilter(const FilterExpression &expression)
    : m_store(std::make_unique<EventStore>())
    , m_matcher(std::nullopt, {expression})
{
    m_store->setRetentionLimit(blockSize);
}

CaptureFilter::~CaptureFilter() = default;

std::vector<char> CaptureFilter::matches(const QList<StoredEvent::Entry> &entries)
{
    Q_ASSERT(entries.size() <= blockSize);
    std::vector<char> result(static_cast<size_t>(entries.size()), 1);
    if (m_matcher.acceptsEverything())
        return result;
    // The row id each entry became; 0 for an outage that closed the gap row of an earlier one.
    std::vector<quint64> rowIds(result.size(), 0);
    const quint64 firstNewId = m_store->firstRowId() + static_cast<quint64>(m_store->size());
    BusEventBatch batch;
    std::vector<size_t> batchEntries;
    const auto appendBatch = [&] {
        if (batch.isEmpty())
            return;
        const quint64 firstId = m_store->firstRowId() + static_cast<quint64>(m_store->size());
        m_store->append(std::exchange(batch, {}));
        // The store may have evicted rows to make room: ids are what stays stable.
        for (size_t i = 0; i < batchEntries.size(); ++i)
            rowIds[batchEntries[i]] = firstId + i;
        batchEntries.clear();
    };
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (const auto *event = std::get_if<BusEvent>(&entries.at(i))) {
            batch.append(*event);
            batchEntries.push_back(static_cast<size_t>(i));
            continue;
        }
        appendBatch();
        const quint64 nextId = m_store->firstRowId() + static_cast<quint64>(m_store->size());
        const quint64 appendedBefore = m_store->appendedCount();
        m_store->recordOutage(std::get<Outage>(entries.at(i)));
        if (m_store->appendedCount() > appendedBefore)
            rowIds[static_cast<size_t>(i)] = nextId;
    }
    appendBatch();
    const int firstNew =
        static_cast<int>(std::max<qint64>(0, qint64(firstNewId) - qint64(m_store->firstRowId())));
    const std::vector<quint64> passing =
        m_matcher.matchingRowIds(*m_store, firstNew, m_store->size() - firstNew);
    for (size_t i = 0; i < rowIds.size(); ++i) {
        if (rowIds[i] != 0)
            result[i] = std::binary_search(passing.begin(), passing.end(), rowIds[i]) ? 1 : 0;
    }
    return result;
}

} // namespace busmon
