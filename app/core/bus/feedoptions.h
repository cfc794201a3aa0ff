#pragma once

#include "bus/respframeguard.h"

#include <QtGlobal>

namespace busmon {

// Tuning of a BusFeed. The defaults suit a live bus; tests shorten the intervals.
struct FeedOptions
{
    int pingIntervalMs = 5000;    // PING while subscribed; silence for two intervals is a dead link
    int firstRetryMs = 200;       // reconnect backoff: doubles from here…
    int maxRetryMs = 5000;        // …up to here
    int flushIntervalMs = 5;      // a batch goes out after this long…
    int maxBatchSize = 4096;      // …or when it holds this many events
    qint64 maxInFlight = 2000000; // events handed on but not yet delivered; above it, new ones are dropped
    RespLimits limits;
};

} // namespace busmon
