#include "durationchart.h"

#include "chartstyle.h"

#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>

namespace busmon {

DurationChart::DurationChart()
    : MinuteChart(tr("Sync duration"), tr("seconds"))
{
    QList<QList<QPointF>> none{QList<QPointF>()};
    showRuns(m_p95, none, tr("95th percentile"));
    showRuns(m_p50, none, tr("median"));
}

void DurationChart::showSnapshot(const ActivitySnapshot &snapshot)
{
    setSpan(snapshot);
    double largest = 0;
    for (const ActivitySnapshot::Minute &minute : snapshot.perMinute)
        largest = std::max(largest, minute.durationP95.value_or(0));
    setValueRange(largest > 0 ? largest : 1, false);
    showRuns(m_p95, stepRuns(snapshot, [](const auto &minute) { return minute.durationP95; }),
             tr("95th percentile"));
    showRuns(m_p50, stepRuns(snapshot, [](const auto &minute) { return minute.durationP50; }), tr("median"));
}

void DurationChart::showRuns(QList<QLineSeries *> &pool, QList<QList<QPointF>> runs, const QString &name)
{
    while (runs.size() > maxRuns) {
        QList<QPointF> last = runs.takeLast();
        runs.last() << last;
    }
    if (runs.isEmpty())
        runs.append(QList<QPointF>());
    const QColor color = &pool == &m_p50 ? m_p50Color : m_p95Color;
    while (pool.size() < runs.size()) {
        auto *series = new QLineSeries(this);
        series->setName(name);
        if (color.isValid())
            series->setPen(QPen(color, 2));
        attach(series);
        // One legend entry per percentile, whatever the number of runs.
        if (!pool.isEmpty())
            legend()->markers(series).constFirst()->setVisible(false);
        pool.append(series);
    }
    for (qsizetype i = 0; i < pool.size(); ++i)
        pool.at(i)->replace(i < runs.size() ? runs.at(i) : QList<QPointF>());
}

QList<QPointF> DurationChart::pointsOf(const QList<QLineSeries *> &pool)
{
    QList<QPointF> points;
    for (const QLineSeries *series : pool)
        points << series->points();
    return points;
}

QList<QPointF> DurationChart::p50Points() const
{
    return pointsOf(m_p50);
}

QList<QPointF> DurationChart::p95Points() const
{
    return pointsOf(m_p95);
}

void DurationChart::colorSeries(const ChartStyle &style)
{
    m_p50Color = style.color(ChartStyle::Hue::Teal);
    m_p95Color = style.color(ChartStyle::Hue::Purple);
    for (QLineSeries *series : std::as_const(m_p50))
        series->setPen(QPen(m_p50Color, 2));
    for (QLineSeries *series : std::as_const(m_p95))
        series->setPen(QPen(m_p95Color, 2));
}

} // namespace busmon
