#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace busmon {

// Measures how long the GUI thread fails to come back to its event loop: a timer due every
// intervalMs, and how late each tick is. The worst and the 99th percentile of the lateness say
// whether the window stayed responsive under load.
class StallMonitor : public QObject
{
    Q_OBJECT
public:
    explicit StallMonitor(int intervalMs = 10, QObject *parent = nullptr);

    void start();
    void reset();
    qint64 tickCount() const { return static_cast<qint64>(m_latenessMs.size()); }
    qint64 worstMs() const;
    qint64 percentileMs(double percentile) const;
    QString report() const; // "worst 12 ms, p99 3 ms over 5000 ticks"

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastMs = 0;
    int m_intervalMs;
    std::vector<qint64> m_latenessMs;
};

} // namespace busmon
