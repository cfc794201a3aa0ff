#include "bus/decodingworker.h"

#include "events/eventdecoder.h"

namespace busmon {

void DecodingWorker::decode(const RawEventBatch &raw)
{
    if (m_deliverChecked) {
        emit checked(CheckedBatch::check(raw));
        return;
    }
    BusEventBatch events = raw.toEvents();
    const auto parts = m_summarize ? EventDecoder::Parts::All : EventDecoder::Parts::WithoutSummary;
    EventDecoder::decode(events, parts);
    emit decoded(events);
}

} // namespace busmon
