#pragma once

#include <QtGlobal>

#include <atomic>

namespace busmon {

// Counters shared by the subscriber thread and the thread that owns the feed.
struct FlowCounters
{
    std::atomic<quint64> received{0}; // messages framed from the socket, dropped or not
    std::atomic<quint64> dropped{0};  // thrown away because the consumer fell too far behind
    std::atomic<qint64> inFlight{0};  // handed on, not yet delivered to the consumer
};

} // namespace busmon
