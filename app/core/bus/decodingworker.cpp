#include "bus/decodingworker.h"

#include "events/eventdecoder.h"

namespace busmon {

void DecodingWorker::decode(const BusEventBatch &events)
{
    BusEventBatch decodedEvents = events;
    for (BusEvent &event : decodedEvents)
        EventDecoder::decode(event);
    emit decoded(decodedEvents);
}

} // namespace busmon
