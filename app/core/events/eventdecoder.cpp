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
    decode(event, ChannelName::parse(event.channel), parts);
}

void EventDecoder::decode(BusEventBatch &events, Parts parts)
{
    // A burst is mostly one channel: its name is parsed once, and its username shared by the events.
    QByteArray channel;
    ChannelName name;
    for (BusEvent &event : events) {
        if (parts == Parts::SummaryOnly) {
            decode(event, parts);
            continue;
        }
        if (event.channel != channel || channel.isNull()) {
            channel = event.channel;
            name = ChannelName::parse(channel);
        }
        decode(event, name, parts);
    }
}

QStringList EventDecoder::problems(const ChannelName &name, QByteArrayView payload)
{
    if (name.kind() == EventKind::Unknown)
        return {}; // no interface to break
    // The document's views point into the bytes only while this call lasts.
    const QByteArray bytes = QByteArray::fromRawData(payload.data(), payload.size());
    return PayloadChecker::check(name, PayloadDocument::parse(bytes));
}

void EventDecoder::decode(BusEvent &event, const ChannelName &name, Parts parts)
{
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
