#include "stallmonitor.h"

#include <algorithm>

namespace busmon {

StallMonitor::StallMonitor(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StallMonitor::tick);
}

void StallMonitor::start()
{
    m_clock.start();
    m_lastMs = 0;
    m_timer.start();
}

void StallMonitor::reset()
{
    m_latenessMs.clear();
}

void StallMonitor::tick()
{
    const qint64 now = m_clock.elapsed();
    m_latenessMs.push_back(std::max<qint64>(0, now - m_lastMs - m_intervalMs));
    m_lastMs = now;
}

qint64 StallMonitor::worstMs() const
{
    return m_latenessMs.empty() ? 0 : *std::max_element(m_latenessMs.begin(), m_latenessMs.end());
}

qint64 StallMonitor::percentileMs(double percentile) const
{
    if (m_latenessMs.empty())
        return 0;
    std::vector<qint64> sorted = m_latenessMs;
    const auto rank = static_cast<size_t>(percentile / 100.0 * static_cast<double>(sorted.size() - 1));
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank), sorted.end());
    return sorted[rank];
}

QString StallMonitor::report() const
{
    return QStringLiteral("worst %1 ms, p99 %2 ms over %3 ticks")
        .arg(worstMs())
        .arg(percentileMs(99))
        .arg(tickCount());
}

} // namespace busmon
