#include "events/eventdecoder.h"

#include "events/channelname.h"
#include "events/eventsummarizer.h"
#include "events/payloadchecker.h"
#include "events/payloaddocument.h"

namespace busmon {

void EventDecoder::decode(BusEvent &event, Parts parts)
{
    if (parts == Parts::SummaryOnly) {
        event.summary =
            EventSummarizer::summarize(event.kind, PayloadDocument::parse(event.payload), event.payload);
        return;
    }
    const ChannelName name = ChannelName::parse(event.channel);
    event.kind = name.kind();
    event.username = name.username();
    if (parts == Parts::ChannelOnly)
        return;
    const PayloadDocument document = PayloadDocument::parse(event.payload);
    if (parts != Parts::WithoutCheck)
        event.problems = PayloadChecker::check(name, document);
    if (parts != Parts::WithoutSummary)
        event.summary = EventSummarizer::summarize(event.kind, document, event.payload);
}

} // namespace busmon
