#include "bus/decodingworker.h"

#include "events/eventdecoder.h"

namespace busmon {

void DecodingWorker::decode(const RawEventBatch &raw)
{
    BusEventBatch events = raw.toEvents();
    const auto parts = m_summarize ? EventDecoder::Parts::All : EventDecoder::Parts::WithoutSummary;
    EventDecoder::decode(events, parts);
    emit decoded(events);
}

} // namespace busmon
