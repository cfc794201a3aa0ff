#pragma once

#include "events/eventdecoder.h"
#include "sim/trafficsimulator.h"

namespace busmon::bench {

// `count` simulated messages as the decoder hands them to the store, `stepMs` apart after `nowMs`
// (which moves on with them); sequences go on from `sequence`.
inline BusEventBatch simulatedBatch(TrafficSimulator &simulator, quint64 &sequence, qint64 &nowMs,
                                    qint64 stepMs, int count)
{
    BusEventBatch batch;
    batch.reserve(count);
    for (int i = 0; i < count; ++i) {
        const SimulatedMessage message = simulator.next();
        BusEvent event;
        event.sequence = ++sequence;
        event.receivedMs = (nowMs += stepMs);
        event.channel = message.channel;
        event.payload = message.payload;
        EventDecoder::decode(event);
        batch.append(std::move(event));
    }
    return batch;
}

} // namespace busmon::bench
