#include "stallmonitor.h"

#include <algorithm>
#include <utility>

namespace busmon {

namespace {
constexpr qint64 histogramCeilingMs =
    10'000; // latenesses beyond count in the last bucket; worstMs stays exact
}

StallMonitor::StallMonitor(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
    , m_ticksByLatenessMs(histogramCeilingMs + 1, 0)
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
    std::fill(m_ticksByLatenessMs.begin(), m_ticksByLatenessMs.end(), 0);
    m_ticks = 0;
    m_worstMs = 0;
    m_recentWorstMs = 0;
}

void StallMonitor::tick()
{
    const qint64 now = m_clock.elapsed();
    const qint64 lateness = std::max<qint64>(0, now - m_lastMs - m_intervalMs);
    m_lastMs = now;
    ++m_ticksByLatenessMs[static_cast<size_t>(std::min(lateness, histogramCeilingMs))];
    ++m_ticks;
    m_worstMs = std::max(m_worstMs, lateness);
    m_recentWorstMs = std::max(m_recentWorstMs, lateness);
}

qint64 StallMonitor::percentileMs(double percentile) const
{
    if (m_ticks == 0)
        return 0;
    // The tick of this rank (from 0) in sorted order, as nth_element over every lateness would pick.
    const auto rank = static_cast<qint64>(percentile / 100.0 * static_cast<double>(m_ticks - 1));
    qint64 seen = 0;
    for (size_t latenessMs = 0; latenessMs < m_ticksByLatenessMs.size(); ++latenessMs) {
        seen += m_ticksByLatenessMs[latenessMs];
        if (seen > rank)
            return latenessMs == m_ticksByLatenessMs.size() - 1 ? m_worstMs : static_cast<qint64>(latenessMs);
    }
    return m_worstMs;
}

qint64 StallMonitor::takeRecentWorstMs()
{
    return std::exchange(m_recentWorstMs, 0);
}

QString StallMonitor::report() const
{
    return QStringLiteral("worst %1 ms, p99 %2 ms over %3 ticks")
        .arg(worstMs())
        .arg(percentileMs(99))
        .arg(tickCount());
}

} // namespace busmon
