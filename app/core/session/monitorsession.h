#pragma once

#include "bus/connectionstatus.h"
#include "bus/subscription.h"
#include "capture/captureloader.h"
#include "events/busevent.h"
#include "session/sessionorigin.h"

#include <QObject>

#include <memory>

namespace busmon {

class BusFeed;
class CaptureLoader;
class DemoBus;
class EventStore;
class LiveIntake;

// One monitoring session: the messages of one origin (a bus, the demo bus, a capture) and what
// carries them in: the feed, the intake that steps them into the store, the store itself and the
// counts of what was lost on the way. A window shows a session; it does not own its plumbing.
// A session watches one origin for its life: watching another is a new session.
class MonitorSession : public QObject
{
    Q_OBJECT
public:
    explicit MonitorSession(QObject *parent = nullptr);
    ~MonitorSession() override;

    // Starts receiving from a bus (origin.kind == Bus).
    void watchBus(const SessionOrigin &origin, const Subscription &subscription = Subscription::defaultSet());
    // Starts a private redis-server with simulated traffic and receives from it.
    bool watchDemo(QString *error = nullptr);
    // Reads a capture file (or "-" for standard input, plain or gzip) on a worker thread; its
    // messages and outages come in through the intake as from a bus, batch by batch, so the first
    // rows show while the rest loads. loadProgress, badLinesFound and loadFinished follow it.
    void openCapture(const QString &path);
    void cancelLoad();
    bool isLoading() const { return m_loader != nullptr; }
    const CaptureLoadResult &loadResult() const { return m_loadResult; }

    // Stops receiving (or loading); what was received stays, and what was on its way is delivered first.
    void stop();

    const SessionOrigin &origin() const { return m_origin; }
    bool isReceiving() const { return m_feed != nullptr; }
    const ConnectionStatus &status() const { return m_status; }

    EventStore *store() const { return m_store; }
    LiveIntake *intake() const { return m_intake; }
    BusFeed *feed() const { return m_feed; }

    // Messages that are in no file: received from a bus or the demo since the last markSaved().
    // A capture's messages are in their file.
    bool hasUnsavedMessages() const;
    void markSaved();

    quint64 receivedCount() const;
    // What arrived from the origin: from a bus every message framed from the socket, those dropped
    // included (the bus's own pace, whether or not the window keeps up); from a capture, what was read.
    quint64 arrivedCount() const;
    // Received and not yet in the store, paused aside: the window is behind by this many.
    qint64 backlogCount() const;
    // Lost on our side: the feed's backlog was full, or more than the retention limit waited.
    quint64 droppedCount() const;

signals:
    void statusChanged(const busmon::ConnectionStatus &status);
    void countsChanged();
    // Every batch and outage as it arrives, paused or not: for recorders and activity charts.
    void eventsArrived(const busmon::BusEventBatch &events);
    void outageArrived(const busmon::Outage &outage);
    // While a capture loads: bytes read of the file as stored (total 0 when unknown).
    void loadProgress(qint64 done, qint64 total);
    void badLinesFound(const busmon::CaptureBadLineList &lines);
    // The whole capture is in the store (or the load stopped: result.cancelled, result.error).
    void loadFinished(const busmon::CaptureLoadResult &result);
    // Something the user should read that is not a connection state: "demo bus: server stopped".
    void noteRaised(const QString &note);

private:
    void startFeed(const Subscription &subscription);
    void onStatus(const ConnectionStatus &status);
    void onOutage(const Outage &outage);
    void releaseLoaded();
    void onLoadFinished(const CaptureLoadResult &result);

    SessionOrigin m_origin;
    EventStore *m_store;
    LiveIntake *m_intake;
    BusFeed *m_feed = nullptr;
    std::unique_ptr<DemoBus> m_demo;
    ConnectionStatus m_status;
    quint64 m_feedDropped = 0;
    quint64 m_feedArrived = 0; // the feed's count when it stopped
    quint64 m_savedCount = 0;
    CaptureLoader *m_loader = nullptr; // lives on m_loaderThread
    QThread *m_loaderThread = nullptr;
    qint64 m_loadedTaken = 0;    // messages of the capture handed to the intake
    qint64 m_loadedReleased = 0; // of those, stored (or dropped) and released to the loader
    CaptureLoadResult m_loadResult;
};

} // namespace busmon
