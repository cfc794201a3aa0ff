#include "bus/busmetatypes.h"

#include "bus/checkedbatch.h"
#include "bus/connectionstatus.h"
#include "bus/raweventbatch.h"
#include "bus/subscriptionrefusal.h"
#include "events/busevent.h"

namespace busmon {

void registerBusMetaTypes()
{
    qRegisterMetaType<BusEvent>("busmon::BusEvent");
    qRegisterMetaType<BusEventBatch>("busmon::BusEventBatch");
    qRegisterMetaType<Outage>("busmon::Outage");
    qRegisterMetaType<RawEventBatch>("busmon::RawEventBatch");
    qRegisterMetaType<CheckedBatch>("busmon::CheckedBatch");
    qRegisterMetaType<ConnectionStatus>("busmon::ConnectionStatus");
    qRegisterMetaType<SubscriptionRefusal>("busmon::SubscriptionRefusal");
}

} // namespace busmon
