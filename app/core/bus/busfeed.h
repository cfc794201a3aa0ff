#pragma once

#include "bus/checkedbatch.h"
#include "bus/connectionsettings.h"
#include "bus/connectionstatus.h"
#include "bus/feedoptions.h"
#include "bus/subscription.h"
#include "events/busevent.h"

#include <QObject>

#include <memory>

class QThread;

namespace busmon {

class DecodingWorker;
class Subscriber;
struct FlowCounters;

// The live feed of the bus: a subscriber on its own thread reads and frames, a decoder thread
// classifies and checks (EventDecoder), and the consumer gets whole batches by queued signal in
// the thread that owns the BusFeed. Never waits for its consumer: if the consumer falls behind,
// the backlog is in our memory, not in Redis's output buffer, and above FeedOptions::maxInFlight
// events or maxInFlightBytes, new ones are dropped and counted (dropped()).
class BusFeed : public QObject
{
    Q_OBJECT
public:
    BusFeed(const ConnectionSettings &settings, const Subscription &subscription, QObject *parent = nullptr);
    ~BusFeed() override;

    // Before start().
    void setOptions(const FeedOptions &options);
    const FeedOptions &options() const { return m_options; }
    // At any time: at most this many messages may be in flight (below options().maxInFlight); beyond,
    // new ones are dropped and counted. A window sets its retention limit: more would only be evicted.
    void setBacklogLimit(qint64 messages);

    void start();
    // Delivers what was already received (on return to the event loop), then closes. Blocks briefly.
    void stop();
    bool isRunning() const { return m_subscriber != nullptr; }

    const ConnectionStatus &status() const { return m_status; }
    quint64 receivedCount() const; // messages framed from the socket, dropped ones included
    quint64 droppedCount() const;  // thrown away because the consumer fell behind
    quint64 deliveredCount() const { return m_delivered; }
    qint64 inFlightCount() const; // handed on by the socket thread, not yet delivered here
    qint64 inFlightBytes() const; // their FlowCounters::weight()

signals:
    // Ascending sequence numbers, gapless within the session.
    void eventsReceived(const busmon::BusEventBatch &events);
    // Instead of eventsReceived when FeedOptions::deliverChecked is on; the same order and numbers.
    void checkedReceived(const busmon::CheckedBatch &batch);
    void statusChanged(const busmon::ConnectionStatus &status);
    // In order with eventsReceived: an outage comes after every event received before it, and
    // before every event received after it.
    void outageBegan(const busmon::Outage &outage); // endedMs == 0
    void outageEnded(const busmon::Outage &outage); // both ends set
    void dropped(quint64 total);
    // A channel or pattern the server's ACL refused while it allowed others, once each, in order
    // with eventsReceived. The rest is monitored; status().refused lists them all. When every
    // subscription is refused, the status is Failed instead.
    void subscriptionRefused(const busmon::SubscriptionRefusal &refusal);

private:
    void deliver(const busmon::BusEventBatch &events);
    void deliverChecked(const busmon::CheckedBatch &batch);
    void countDelivered(qsizetype messages, qint64 weight);
    void onStatus(const busmon::ConnectionStatus &status);

    ConnectionSettings m_settings;
    Subscription m_subscription;
    FeedOptions m_options;
    ConnectionStatus m_status;
    std::shared_ptr<FlowCounters> m_counters;
    quint64 m_delivered = 0;
    QThread *m_subscriberThread = nullptr;
    QThread *m_decoderThread = nullptr;
    Subscriber *m_subscriber = nullptr;
    DecodingWorker *m_decoder = nullptr;
};

} // namespace busmon
