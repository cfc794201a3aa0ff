#include "bus/subscriptionrefusal.h"

#include "events/onelinetext.h"

namespace busmon {

QString SubscriptionRefusal::describe() const
{
    // One line whatever the name holds: it goes to terminals and status bars.
    return (isPattern ? QStringLiteral("pattern %1") : QStringLiteral("channel %1"))
        .arg(OneLineText::quoted(QString::fromUtf8(name)));
}

} // namespace busmon
