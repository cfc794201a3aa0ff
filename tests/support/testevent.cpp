#include "testevent.h"

#include "events/channelname.h"

namespace busmon::test {

BusEvent makeEvent(qint64 receivedMs, const QByteArray &channel, const QByteArray &payload, quint64 sequence)
{
    BusEvent event;
    event.sequence = sequence;
    event.receivedMs = receivedMs;
    event.channel = channel;
    const ChannelName name = ChannelName::parse(channel);
    event.kind = name.kind();
    event.username = name.username();
    event.payload = payload;
    event.summary = QString::fromUtf8(channel);
    return event;
}

} // namespace busmon::test
