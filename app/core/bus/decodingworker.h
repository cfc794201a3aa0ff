#pragma once

#include "bus/checkedbatch.h"
#include "bus/raweventbatch.h"
#include "bus/subscriptionrefusal.h"
#include "events/busevent.h"

#include <QObject>

namespace busmon {

// Runs EventDecoder over whole batches on the decoder thread, so that classifying and checking
// payloads never slows the socket thread down. It runs at the process's own priority: at a lower one
// (it was nice 10), a machine busy with other work starved it to about a thousand messages a second
// while the socket thread read on, and the backlog between them grew for as long as the load lasted.
class DecodingWorker : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    // Before the first batch.
    void setSummarize(bool summarize) { m_summarize = summarize; }
    void setDeliverChecked(bool checked) { m_deliverChecked = checked; } // checked(), not decoded()

    void decode(const busmon::RawEventBatch &raw);

signals:
    void decoded(const busmon::BusEventBatch &events);
    void checked(const busmon::CheckedBatch &batch);
    // Passed on as they come: connected from the subscriber, they wait in the same queue as the
    // batches, so an outage reaches the consumer after every event received before it.
    void outageBegan(const busmon::Outage &outage);
    void outageEnded(const busmon::Outage &outage);
    void subscriptionRefused(const busmon::SubscriptionRefusal &refusal);

private:
    bool m_summarize = true;
    bool m_deliverChecked = false;
};

} // namespace busmon
