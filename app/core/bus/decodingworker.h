#pragma once

#include "bus/raweventbatch.h"
#include "bus/subscriptionrefusal.h"
#include "events/busevent.h"

#include <QObject>

namespace busmon {

// Runs EventDecoder over whole batches on the decoder thread, so that classifying and checking
// payloads never slows the socket thread down.
class DecodingWorker : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    void setSummarize(bool summarize) { m_summarize = summarize; } // before the first batch

    void decode(const busmon::RawEventBatch &raw);
    // Lets the socket thread win the CPU when both are busy (a burst on a small machine):
    // a backlog here costs memory, one in Redis costs the connection. Call in the worker's thread.
    void yieldToSocketThread();

signals:
    void decoded(const busmon::BusEventBatch &events);
    // Passed on as they come: connected from the subscriber, they wait in the same queue as the
    // batches, so an outage reaches the consumer after every event received before it.
    void outageBegan(const busmon::Outage &outage);
    void outageEnded(const busmon::Outage &outage);
    void subscriptionRefused(const busmon::SubscriptionRefusal &refusal);

private:
    bool m_summarize = true;
};

} // namespace busmon
