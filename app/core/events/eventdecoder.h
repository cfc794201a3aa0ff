#pragma once

#include "events/busevent.h"

namespace busmon {

// Turns a received message into a checked, summarised event. Called once per message at ingest,
// off the GUI thread: `event` arrives with sequence, receivedMs, channel, pattern and payload set;
// decode() fills kind, username, summary and problems. The payload is parsed once
// (PayloadDocument) and shared by the checker (PayloadChecker) and the summarizer (EventSummarizer).
class EventDecoder
{
public:
    static void decode(BusEvent &event);
    // decode() without the check, for a message whose problems are known already (a capture line
    // records them): kind, username and summary.
    static void summarize(BusEvent &event);
};

} // namespace busmon
