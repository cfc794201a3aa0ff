#include "session/monitorsession.h"

#include "bus/busfeed.h"
#include "demo/demobus.h"
#include "store/eventstore.h"
#include "store/liveintake.h"

namespace busmon {

MonitorSession::MonitorSession(QObject *parent)
    : QObject(parent)
    , m_store(new EventStore(this))
    , m_intake(new LiveIntake(m_store, this))
{
    connect(m_store, &EventStore::countsChanged, this, &MonitorSession::countsChanged);
    connect(m_intake, &LiveIntake::countsChanged, this, &MonitorSession::countsChanged);
}

MonitorSession::~MonitorSession()
{
    // The feed's threads and the demo server go before the store they feed.
    delete m_feed;
    m_feed = nullptr;
    m_demo.reset();
}

void MonitorSession::watchBus(const SessionOrigin &origin, const Subscription &subscription)
{
    Q_ASSERT(m_origin.kind == SessionOrigin::Kind::None);
    m_origin = origin;
    startFeed(subscription);
}

bool MonitorSession::watchDemo(QString *error)
{
    Q_ASSERT(m_origin.kind == SessionOrigin::Kind::None);
    auto demo = std::make_unique<DemoBus>();
    if (!demo->start(error))
        return false;
    connect(demo.get(), &DemoBus::failed, this,
            [this](const QString &reason) { emit noteRaised(tr("demo bus: %1").arg(reason)); });
    m_origin.kind = SessionOrigin::Kind::Demo;
    m_origin.settings = demo->settings();
    m_demo = std::move(demo);
    startFeed(Subscription::defaultSet());
    return true;
}

void MonitorSession::startFeed(const Subscription &subscription)
{
    m_status = ConnectionStatus{ConnectionState::Connecting, QString(), 0, false};
    m_feed = new BusFeed(m_origin.settings, subscription, this);
    connect(m_feed, &BusFeed::eventsReceived, m_intake, &LiveIntake::receive);
    connect(m_feed, &BusFeed::eventsReceived, this, &MonitorSession::eventsArrived);
    connect(m_feed, &BusFeed::statusChanged, this, &MonitorSession::onStatus);
    connect(m_feed, &BusFeed::outageBegan, this, &MonitorSession::onOutage);
    connect(m_feed, &BusFeed::outageEnded, this, &MonitorSession::onOutage);
    connect(m_feed, &BusFeed::dropped, this, [this](quint64 total) {
        m_feedDropped = total;
        emit countsChanged();
    });
    m_feed->start();
}

void MonitorSession::stop()
{
    if (m_feed) {
        m_feed->stop();
        delete m_feed;
        m_feed = nullptr;
    }
    m_demo.reset();
    onStatus(ConnectionStatus{});
}

void MonitorSession::onStatus(const ConnectionStatus &status)
{
    m_status = status;
    emit statusChanged(status);
}

void MonitorSession::onOutage(const Outage &outage)
{
    m_intake->receiveOutage(outage);
    emit outageArrived(outage);
}

quint64 MonitorSession::receivedCount() const
{
    return m_intake->receivedCount();
}

quint64 MonitorSession::droppedCount() const
{
    return m_intake->droppedCount() + m_feedDropped;
}

} // namespace busmon
