#pragma once

#include "events/busevent.h"

#include <QList>
#include <QObject>
#include <QPointF>
#include <deque>
#include <vector>

namespace busmon {

// Sync activity for the charts, fed the same batches as the store: syncs per second over a
// sliding window, and each sync's service_duration. Bounded whatever the rate.
class ActivitySeries : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxDurationPoints = 20000;

    explicit ActivitySeries(int windowSeconds = 600, QObject *parent = nullptr);

    int windowSeconds() const { return m_windowSeconds; }
    void append(const BusEventBatch &batch);
    void clear();

    // x: start of the second (UTC ms since the epoch), y: syncs received in it. One point per
    // second of the window ending at the newest second seen, oldest first; empty before any sync.
    QList<QPointF> syncsPerSecond() const;
    // x: received (UTC ms), y: service_duration in seconds; syncs of the window, oldest first.
    QList<QPointF> syncDurations() const;
    qint64 syncCount() const { return m_syncCount; } // since construction or clear()

signals:
    void changed(); // once per batch that held a sync

private:
    void addSync(qint64 receivedMs, const QByteArray &payload);

    int m_windowSeconds;
    std::vector<int> m_perSecond; // ring, indexed by second % window
    qint64 m_latestSecond = -1;
    std::deque<QPointF> m_durations;
    qint64 m_syncCount = 0;
};

} // namespace busmon
