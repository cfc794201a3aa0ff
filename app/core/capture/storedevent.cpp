#include "capture/storedevent.h"

#include "store/eventstore.h"

namespace busmon {

StoredEvent::Entry StoredEvent::at(const EventStore &store, int index)
{
    const StoredRow row = store.row(index);
    if (row.isGap())
        return store.outageAt(index).value_or(Outage{row.receivedMs, 0, QString::fromUtf8(row.summary)});
    const EventStore::ChannelEntry &channel = store.channel(row.channelId);
    BusEvent event;
    event.sequence = row.sequence;
    event.receivedMs = row.receivedMs;
    event.channel = channel.channel;
    event.pattern = channel.pattern;
    event.kind = row.kind;
    event.username = channel.username;
    event.payload = row.payload.toByteArray();
    event.summary = QString::fromUtf8(row.summary);
    if (row.hasProblems())
        event.problems = QString::fromUtf8(row.problems).split(QLatin1Char('\n'));
    return event;
}

} // namespace busmon
