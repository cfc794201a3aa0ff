#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace busmon {

// Measures how long the GUI thread fails to come back to its event loop: a timer due every
// intervalMs, and how late each tick is. The worst and the 99th percentile of the lateness say
// whether the window stayed responsive under load. The lateness is kept as a histogram of whole
// milliseconds, so a monitor running for hours holds no more memory than one running for a second.
class StallMonitor : public QObject
{
    Q_OBJECT
public:
    explicit StallMonitor(int intervalMs = 10, QObject *parent = nullptr);

    void start();
    void reset();
    qint64 tickCount() const { return m_ticks; }
    qint64 worstMs() const { return m_worstMs; }
    qint64 percentileMs(double percentile) const;
    // The worst lateness since the previous call (or start): what one report period alone saw.
    qint64 takeRecentWorstMs();
    QString report() const; // "worst 12 ms, p99 3 ms over 5000 ticks"

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastMs = 0;
    int m_intervalMs;
    std::vector<qint64> m_ticksByLatenessMs; // the last one counts every lateness at or above its index
    qint64 m_ticks = 0;
    qint64 m_worstMs = 0;
    qint64 m_recentWorstMs = 0;
};

} // namespace busmon
