#include "store/activityseries.h"

#include "store/jsonfieldscanner.h"

#include <algorithm>
#include <charconv>

namespace busmon {

ActivitySeries::ActivitySeries(int windowSeconds, QObject *parent)
    : QObject(parent)
    , m_windowSeconds(std::max(1, windowSeconds))
    , m_perSecond(static_cast<size_t>(m_windowSeconds), 0)
{}

void ActivitySeries::append(const BusEventBatch &batch)
{
    bool sawSync = false;
    for (const BusEvent &event : batch) {
        if (event.kind != EventKind::Sync)
            continue;
        addSync(event.receivedMs, event.payload);
        sawSync = true;
    }
    if (sawSync)
        emit changed();
}

void ActivitySeries::clear()
{
    std::fill(m_perSecond.begin(), m_perSecond.end(), 0);
    m_latestSecond = -1;
    m_durations.clear();
    m_syncCount = 0;
    emit changed();
}

void ActivitySeries::addSync(qint64 receivedMs, const QByteArray &payload)
{
    ++m_syncCount;
    const qint64 second = receivedMs / 1000;
    const auto window = static_cast<qint64>(m_windowSeconds);
    if (second > m_latestSecond) {
        const qint64 from = std::max(m_latestSecond + 1, second - window + 1);
        for (qint64 s = from; s <= second; ++s)
            m_perSecond[static_cast<size_t>(s % window)] = 0;
        m_latestSecond = second;
        const double oldestMs = double((second - window + 1) * 1000);
        while (!m_durations.empty() && m_durations.front().x() < oldestMs)
            m_durations.pop_front();
    }
    if (second <= m_latestSecond - window)
        return; // older than the window: a clock step back
    ++m_perSecond[static_cast<size_t>(second % window)];

    static const JsonFieldScanner::Path durationPath{
        JsonFieldScanner::PathStep{QByteArrayLiteral("service_duration"), -1}};
    const JsonValueRef duration = JsonFieldScanner::find(payload, durationPath);
    if (duration.type != JsonValueRef::Type::Number)
        return;
    double seconds = 0;
    const auto parsed =
        std::from_chars(duration.raw.data(), duration.raw.data() + duration.raw.size(), seconds);
    if (parsed.ec != std::errc())
        return;
    m_durations.emplace_back(double(receivedMs), seconds);
    if (m_durations.size() > static_cast<size_t>(maxDurationPoints))
        m_durations.pop_front();
}

QList<QPointF> ActivitySeries::syncsPerSecond() const
{
    QList<QPointF> points;
    if (m_latestSecond < 0)
        return points;
    const auto window = static_cast<qint64>(m_windowSeconds);
    points.reserve(m_windowSeconds);
    for (qint64 s = m_latestSecond - window + 1; s <= m_latestSecond; ++s) {
        if (s < 0)
            continue;
        points.append(QPointF(double(s * 1000), m_perSecond[static_cast<size_t>(s % window)]));
    }
    return points;
}

QList<QPointF> ActivitySeries::syncDurations() const
{
    return QList<QPointF>(m_durations.begin(), m_durations.end());
}

} // namespace busmon
