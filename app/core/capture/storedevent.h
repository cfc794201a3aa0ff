#pragma once

#include "events/busevent.h"

#include <variant>

namespace busmon {

class EventStore;

// A retained row back as what came in: the message (every field a capture line holds, payload
// byte for byte) or, for a gap row, the outage. For saving a session as a capture.
class StoredEvent
{
public:
    using Entry = std::variant<BusEvent, Outage>;
    static Entry at(const EventStore &store, int index);
};

} // namespace busmon
