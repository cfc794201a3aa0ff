#include "events/eventdecoder.h"

#include "events/channelname.h"
#include "events/eventsummarizer.h"
#include "events/payloadchecker.h"
#include "events/payloaddocument.h"

namespace busmon {

void EventDecoder::decode(BusEvent &event)
{
    const ChannelName name = ChannelName::parse(event.channel);
    event.kind = name.kind();
    event.username = name.username();
    const PayloadDocument document = PayloadDocument::parse(event.payload);
    event.problems = PayloadChecker::check(name, document);
    event.summary = EventSummarizer::summarize(event.kind, document, event.payload);
}

void EventDecoder::summarize(BusEvent &event)
{
    const ChannelName name = ChannelName::parse(event.channel);
    event.kind = name.kind();
    event.username = name.username();
    event.summary = EventSummarizer::summarize(event.kind, PayloadDocument::parse(event.payload), event.payload);
}

} // namespace busmon
