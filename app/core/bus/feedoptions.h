#pragma once

#include "bus/respframeguard.h"

#include <QtGlobal>

namespace busmon {

// Tuning of a BusFeed. The defaults suit a live bus; tests shorten the intervals.
struct FeedOptions
{
    // (How long a silent server may stay silent is ConnectionSettings::healthCheckMs.)
    // A TLS server answers the client's hello at once; a plain Redis port stays silent. Past this,
    // counted from the TCP connection, the handshake has failed.
    int tlsHandshakeTimeoutMs = 1500;
    int firstRetryMs = 200;  // reconnect backoff: doubles from here…
    int maxRetryMs = 5000;   // …up to here
    int flushIntervalMs = 5; // a batch goes out after this long…
    int maxBatchSize = 4096; // …or when it holds this many events
    // Events handed on by the socket thread but not yet delivered: what would pass either bound is
    // dropped and counted, message by message (the socket is still read, so Redis never drops us).
    // The bytes are FlowCounters::weight(): a million 332-byte messages weigh about 700 MiB.
    qint64 maxInFlight = 2000000;
    qint64 maxInFlightBytes = qint64(1) << 30;
    RespLimits limits;
    // Off when nobody reads the one-line summary (`tail` writing a capture): less work per message.
    bool summarize = true;
    // On for a consumer that writes messages out as they came (`tail` writing a capture): batches
    // arrive as BusFeed::checkedReceived, read in place, instead of eventsReceived.
    bool deliverChecked = false;
};

} // namespace busmon
