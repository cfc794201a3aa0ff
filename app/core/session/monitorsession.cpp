#include "session/monitorsession.h"

#include "bus/busfeed.h"
#include "demo/demobus.h"
#include "store/eventstore.h"
#include "store/liveintake.h"

#include <QThread>
#include <algorithm>

namespace {
// Steps of a capture being opened: with a higher ceiling than a live bus's, so that fewer repaints and
// count updates share the work when storing is fast. Aimed at 20 ms, not more: a step's time varies
// threefold from one to the next on a loaded machine (page faults, the neighbours), and at 100 ms the
// window answered up to 124 ms late while a capture loaded (50 ms is the most it may).
constexpr qsizetype captureStepMessages = 100'000;
constexpr qint64 captureStepMs = 20;
} // namespace

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
    cancelLoad();
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
    // No more may wait between the socket and the store than the store keeps: a window that falls
    // behind drops what comes beyond that, counted, instead of growing a backlog for as long as it lasts.
    m_feed->setBacklogLimit(m_store->retentionLimit());
    connect(m_store, &EventStore::retentionLimitChanged, m_feed, &BusFeed::setBacklogLimit);
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

void MonitorSession::openCapture(const QString &path)
{
    Q_ASSERT(m_origin.kind == SessionOrigin::Kind::None);
    m_origin = SessionOrigin::capture(path);
    m_intake->setMaxStepMessages(captureStepMessages);
    m_intake->setStepTargetMs(captureStepMs);
    m_loaderThread = new QThread(this);
    m_loaderThread->setObjectName(QStringLiteral("capture loader"));
    m_loader = new CaptureLoader(path);
    m_loader->moveToThread(m_loaderThread);
    connect(m_loaderThread, &QThread::started, m_loader, &CaptureLoader::run);
    connect(m_loaderThread, &QThread::finished, m_loader, &QObject::deleteLater);
    connect(m_loader, &CaptureLoader::eventsLoaded, this, [this](const BusEventBatch &events) {
        m_loadedTaken += events.size();
        m_intake->receive(events);
        emit eventsArrived(events);
    });
    connect(m_loader, &CaptureLoader::outageLoaded, this, &MonitorSession::onOutage);
    connect(m_loader, &CaptureLoader::badLinesFound, this, &MonitorSession::badLinesFound);
    connect(m_loader, &CaptureLoader::progress, this, &MonitorSession::loadProgress);
    connect(m_loader, &CaptureLoader::finished, this, &MonitorSession::onLoadFinished);
    // What the intake stored (or dropped beyond the retention limit) makes room for the loader.
    connect(m_intake, &LiveIntake::countsChanged, this, &MonitorSession::releaseLoaded);
    m_loaderThread->start();
}

void MonitorSession::releaseLoaded()
{
    if (!m_loader)
        return;
    const qint64 done = m_loadedTaken - m_intake->waitingCount();
    if (done > m_loadedReleased) {
        m_loader->release(done - m_loadedReleased);
        m_loadedReleased = done;
    }
}

void MonitorSession::onLoadFinished(const CaptureLoadResult &result)
{
    if (!m_loader)
        return; // cancelled: cancelLoad() said so already
    m_loadResult = result;
    m_loaderThread->quit();
    m_loaderThread->wait();
    delete m_loaderThread;
    m_loaderThread = nullptr;
    m_loader = nullptr;
    emit loadFinished(result);
}

void MonitorSession::cancelLoad()
{
    if (!m_loader)
        return;
    m_loader->cancel();
    m_loaderThread->quit();
    m_loaderThread->wait();
    // The thread's end deleted the loader; what it had sent is still on its way.
    delete m_loaderThread;
    m_loaderThread = nullptr;
    m_loader = nullptr;
    m_loadResult.cancelled = true;
    emit loadFinished(m_loadResult);
}

void MonitorSession::stop()
{
    cancelLoad();
    if (m_feed) {
        m_feed->stop();
        m_feedArrived = m_feed->receivedCount();
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

bool MonitorSession::hasUnsavedMessages() const
{
    return m_origin.kind != SessionOrigin::Kind::Capture && receivedCount() > m_savedCount;
}

void MonitorSession::markSaved()
{
    m_savedCount = receivedCount();
}

quint64 MonitorSession::receivedCount() const
{
    return m_intake->receivedCount();
}

quint64 MonitorSession::arrivedCount() const
{
    return m_feed ? m_feed->receivedCount() : std::max(m_feedArrived, receivedCount());
}

qint64 MonitorSession::backlogCount() const
{
    const qint64 inFlight = m_feed ? m_feed->inFlightCount() : 0;
    return inFlight + (m_intake->isPaused() ? 0 : m_intake->waitingCount());
}

quint64 MonitorSession::droppedCount() const
{
    return m_intake->droppedCount() + m_feedDropped;
}

} // namespace busmon
