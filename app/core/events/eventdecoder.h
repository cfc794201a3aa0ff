#pragma once

#include "events/busevent.h"

namespace busmon {

class ChannelName;

// Turns a received message into a checked, summarised event. Called once per message at ingest,
// off the GUI thread: `event` arrives with sequence, receivedMs, channel, pattern and payload set;
// decode() fills kind, username, summary and problems. The payload is parsed once
// (PayloadDocument) and shared by the checker (PayloadChecker) and the summarizer (EventSummarizer).
class EventDecoder
{
public:
    enum class Parts : quint8 {
        All,
        WithoutSummary, // `tail` writing a capture: the format holds no summary
        WithoutCheck,   // a capture line that records its problems already
        ChannelOnly,    // kind and username, from the channel: no payload is looked at
        SummaryOnly,    // a capture line that records kind, username and problems: the summary, by kind
    };
    static void decode(BusEvent &event, Parts parts = Parts::All);
    // The same for each event of a batch.
    static void decode(BusEventBatch &events, Parts parts = Parts::All);
    // Only what checking finds (BusEvent::problems), for a payload read in place.
    static QStringList problems(const ChannelName &name, QByteArrayView payload);

private:
    static void decode(BusEvent &event, const ChannelName &name, Parts parts);
};

} // namespace busmon
