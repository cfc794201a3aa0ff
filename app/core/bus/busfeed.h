#pragma once

#include "bus/connectionsettings.h"
#include "bus/connectionstatus.h"
#include "bus/subscription.h"
#include "events/busevent.h"

#include <QObject>

namespace busmon {

// The live feed of the bus: a subscriber on its own thread reads and frames, a decoder thread
// classifies and checks (EventDecoder), and the consumer gets whole batches by queued signal in
// the thread that owns the BusFeed. Never waits for its consumer: if the consumer falls behind,
// the backlog is in our memory, not in Redis's output buffer.
class BusFeed : public QObject
{
    Q_OBJECT
public:
    BusFeed(const ConnectionSettings &settings, const Subscription &subscription, QObject *parent = nullptr);
    ~BusFeed() override;

    void start();
    void stop();

signals:
    // Ascending sequence numbers, gapless within the session.
    void eventsReceived(const busmon::BusEventBatch &events);
    void statusChanged(const busmon::ConnectionStatus &status);
    void outageBegan(const busmon::Outage &outage);   // endedMs == 0
    void outageEnded(const busmon::Outage &outage);   // both ends set
};

} // namespace busmon
