#include "bus/busfeed.h"

#include "bus/busmetatypes.h"
#include "bus/decodingworker.h"
#include "bus/flowcounters.h"
#include "bus/subscriber.h"

#include <QThread>

namespace busmon {

BusFeed::BusFeed(const ConnectionSettings &settings, const Subscription &subscription, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_subscription(subscription)
    , m_counters(std::make_shared<FlowCounters>())
{
    registerBusMetaTypes();
}

BusFeed::~BusFeed()
{
    stop();
}

void BusFeed::setOptions(const FeedOptions &options)
{
    m_options = options;
}

void BusFeed::setBacklogLimit(qint64 messages)
{
    m_counters->backlogLimit.store(messages);
}

quint64 BusFeed::receivedCount() const
{
    return m_counters->received.load();
}

quint64 BusFeed::droppedCount() const
{
    return m_counters->dropped.load();
}

qint64 BusFeed::inFlightCount() const
{
    return m_counters->inFlight.load();
}

qint64 BusFeed::inFlightBytes() const
{
    return m_counters->inFlightBytes.load();
}

void BusFeed::start()
{
    if (m_subscriber)
        return;
    m_subscriberThread = new QThread(this);
    m_subscriberThread->setObjectName(QStringLiteral("busmon bus"));
    m_decoderThread = new QThread(this);
    m_decoderThread->setObjectName(QStringLiteral("busmon decoder"));

    m_subscriber = new Subscriber(m_settings, m_subscription, m_options, m_counters);
    m_subscriber->moveToThread(m_subscriberThread);
    m_decoder = new DecodingWorker;
    m_decoder->setSummarize(m_options.summarize);
    m_decoder->setDeliverChecked(m_options.deliverChecked);
    m_decoder->moveToThread(m_decoderThread);
    connect(m_subscriberThread, &QThread::finished, m_subscriber, &QObject::deleteLater);
    connect(m_decoderThread, &QThread::finished, m_decoder, &QObject::deleteLater);

    connect(m_subscriber, &Subscriber::eventsReady, m_decoder, &DecodingWorker::decode);
    connect(m_decoder, &DecodingWorker::decoded, this, &BusFeed::deliver);
    connect(m_decoder, &DecodingWorker::checked, this, &BusFeed::deliverChecked);
    connect(m_subscriber, &Subscriber::statusChanged, this, &BusFeed::onStatus);
    // Outages and refusals go through the decoder thread too: straight from the subscriber, one
    // would overtake the batches still being decoded and show up before messages received before it.
    connect(m_subscriber, &Subscriber::outageBegan, m_decoder, &DecodingWorker::outageBegan);
    connect(m_subscriber, &Subscriber::outageEnded, m_decoder, &DecodingWorker::outageEnded);
    connect(m_decoder, &DecodingWorker::outageBegan, this, &BusFeed::outageBegan);
    connect(m_decoder, &DecodingWorker::outageEnded, this, &BusFeed::outageEnded);
    connect(m_subscriber, &Subscriber::subscriptionRefused, m_decoder, &DecodingWorker::subscriptionRefused);
    connect(m_decoder, &DecodingWorker::subscriptionRefused, this, &BusFeed::subscriptionRefused);
    connect(m_subscriber, &Subscriber::droppedChanged, this, &BusFeed::dropped);

    m_decoderThread->start();
    m_subscriberThread->start();
    QMetaObject::invokeMethod(m_subscriber, &Subscriber::start, Qt::QueuedConnection);
}

void BusFeed::stop()
{
    if (!m_subscriber)
        return;
    // In order: the subscriber hands on its last batch and closes; the decoder works through
    // everything queued to it; only then do the threads end.
    QMetaObject::invokeMethod(m_subscriber, &Subscriber::stop, Qt::BlockingQueuedConnection);
    m_subscriberThread->quit();
    m_subscriberThread->wait();
    QMetaObject::invokeMethod(
        m_decoder, [] {}, Qt::BlockingQueuedConnection);
    m_decoderThread->quit();
    m_decoderThread->wait();
    delete m_subscriberThread;
    delete m_decoderThread;
    m_subscriberThread = nullptr;
    m_decoderThread = nullptr;
    m_subscriber = nullptr;
    m_decoder = nullptr;
}

void BusFeed::deliver(const BusEventBatch &events)
{
    countDelivered(events.size(), FlowCounters::weight(events));
    emit eventsReceived(events);
}

void BusFeed::deliverChecked(const CheckedBatch &batch)
{
    countDelivered(batch.size(), batch.weight());
    emit checkedReceived(batch);
}

void BusFeed::countDelivered(qsizetype messages, qint64 weight)
{
    m_counters->inFlight.fetch_sub(messages);
    m_counters->inFlightBytes.fetch_sub(weight);
    m_delivered += quint64(messages);
}

void BusFeed::onStatus(const ConnectionStatus &status)
{
    m_status = status;
    emit statusChanged(status);
}

} // namespace busmon
