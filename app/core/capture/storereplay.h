#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <vector>

namespace busmon {

class EventStore;

// Publishes rows of a store again (an opened capture, or the part a filter shows), each when its
// offset from the first, scaled by speed, is due: ×1 as recorded, ×10, or 0 as fast as possible.
// Gap rows and rows evicted meanwhile are skipped. At most maxPending messages wait for the
// server's answer. What publishes is a Sink: the compose issue's PublishGuard (its run:
// publishInRun() and pendingCount()) meets it, as does a bare Publisher.
class StoreReplay : public QObject
{
    Q_OBJECT
public:
    struct Sink
    {
        std::function<void(const QByteArray &channel, const QByteArray &payload)> publish;
        std::function<qint64()> pending; // sent and not yet answered
    };
    static constexpr qint64 maxPending = 20'000;
    static constexpr int maxPerTick = 20'000;

    StoreReplay(const EventStore *store, std::vector<quint64> rowIds, double speed, Sink sink,
                QObject *parent = nullptr);

    void start();
    void cancel();
    bool isRunning() const { return m_timer.isActive(); }
    qint64 sentCount() const { return m_sent; }
    qint64 totalCount() const { return static_cast<qint64>(m_rowIds.size()); }

signals:
    void progress(qint64 sent, qint64 total);
    // Everything was sent (and, unless cancelled, answered), or it was cancelled.
    void finished(bool cancelled);

private:
    void tick();

    const EventStore *m_store;
    std::vector<quint64> m_rowIds;
    size_t m_next = 0;
    double m_speed;
    Sink m_sink;
    QTimer m_timer;
    QElapsedTimer m_clock;
    bool m_started = false;
    qint64 m_firstMs = 0;
    qint64 m_sent = 0;
};

} // namespace busmon
