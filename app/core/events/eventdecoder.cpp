#include "events/eventdecoder.h"

#include "events/channelname.h"

namespace busmon {

void EventDecoder::decode(BusEvent &event)
{
    const ChannelName name = ChannelName::parse(event.channel);
    event.kind = name.kind();
    event.username = name.username();
}

} // namespace busmon
