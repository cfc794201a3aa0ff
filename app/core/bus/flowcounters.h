#pragma once

#include "events/busevent.h"

#include <QtGlobal>

#include <atomic>
#include <limits>

namespace busmon {

// Counters shared by the subscriber thread and the thread that owns the feed.
struct FlowCounters
{
    std::atomic<quint64> received{0};     // messages framed from the socket, dropped or not
    std::atomic<quint64> dropped{0};      // thrown away because the consumer fell too far behind
    std::atomic<qint64> inFlight{0};      // handed on, not yet delivered to the consumer
    std::atomic<qint64> inFlightBytes{0}; // their weight(), summed
    // Set by the consumer at any time, beside FeedOptions::maxInFlight: the lower of the two holds.
    std::atomic<qint64> backlogLimit{std::numeric_limits<qint64>::max()};

    // What a batch costs in memory while in flight, roughly: each event's payload plus the event
    // itself, its blocks' headers and, once decoded, its username and summary. The same figure is
    // added when a batch is handed on and taken off when it is delivered.
    static constexpr qint64 perEventWeight = 400;
    static qint64 weight(const BusEventBatch &events)
    {
        qint64 bytes = 0;
        for (const BusEvent &event : events)
            bytes += perEventWeight + event.payload.size();
        return bytes;
    }
};

} // namespace busmon
