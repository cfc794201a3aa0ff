#include "minutechart.h"

#include "chartstyle.h"

#include <QAbstractSeries>
#include <QAreaSeries>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <cmath>

namespace busmon {

namespace {
constexpr qint64 msPerMinute = 60'000;
} // namespace

double MinuteChart::roundStep(double value)
{
    if (!(value > 0))
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * power >= value)
            return factor * power;
    }
    return 10 * power;
}

MinuteChart::MinuteChart(const QString &title, const QString &valueUnit)
    : m_timeAxis(new QDateTimeAxis(this))
    , m_valueAxis(new QValueAxis(this))
    , m_partialMinute(new QAreaSeries(new QLineSeries(this)))
{
    setTitle(title);
    setAnimationOptions(QChart::NoAnimation);
    setMargins(QMargins(4, 4, 4, 4));
    legend()->setAlignment(Qt::AlignBottom);
    m_timeAxis->setTitleText(tr("local time"));
    m_timeAxis->setTickCount(6);
    m_valueAxis->setTitleText(valueUnit);
    m_valueAxis->setTickCount(5);
    addAxis(m_timeAxis, Qt::AlignBottom);
    addAxis(m_valueAxis, Qt::AlignLeft);
    // Added first, so the figures are drawn over it.
    m_partialMinute->setName(tr("partial minute"));
    attach(m_partialMinute);
    connect(m_valueAxis, &QValueAxis::rangeChanged, this, &MinuteChart::coverPartialMinute);
}

void MinuteChart::restyle(const ChartStyle &style)
{
    style.apply(this);
    colorSeries(style);
    QColor hatch = style.faintText();
    hatch.setAlphaF(0.5);
    m_partialMinute->setBrush(QBrush(hatch, Qt::BDiagPattern));
    m_partialMinute->setPen(Qt::NoPen);
}

void MinuteChart::attach(QAbstractSeries *series, QValueAxis *valueAxis)
{
    addSeries(series);
    series->attachAxis(m_timeAxis);
    series->attachAxis(valueAxis ? valueAxis : m_valueAxis);
}

void MinuteChart::setSpan(const ActivitySnapshot &snapshot)
{
    fitTimeAxis(m_timeAxis, snapshot.fromMs, snapshot.toMs);
    const qint64 minuteStart = snapshot.toMs - snapshot.toMs % msPerMinute;
    const bool partial =
        !snapshot.perMinute.isEmpty() && minuteStart >= snapshot.fromMs && snapshot.toMs > minuteStart;
    m_partialFromMs = partial ? minuteStart : 0;
    m_partialToMs = partial ? snapshot.toMs : 0;
    coverPartialMinute();
}

void MinuteChart::coverPartialMinute()
{
    auto *upper = m_partialMinute->upperSeries();
    const bool partial = m_partialToMs > m_partialFromMs;
    if (partial) {
        const double top = m_valueAxis->max();
        upper->replace({QPointF(double(m_partialFromMs), top), QPointF(double(m_partialToMs), top)});
    } else {
        upper->clear();
    }
    for (QLegendMarker *marker : legend()->markers(m_partialMinute))
        marker->setVisible(partial);
}

void MinuteChart::fitTimeAxis(QDateTimeAxis *axis, qint64 fromMs, qint64 toMs)
{
    // Ticks on round local times: the first step (in minutes) giving at most six intervals.
    static constexpr qint64 stepMinutes[] = {1,   2,   5,   10,  15,   30,   60,   120,
                                             180, 240, 360, 720, 1440, 2880, 10080};
    const qint64 spanMs = std::max<qint64>(toMs - fromMs, msPerMinute);
    qint64 step = stepMinutes[std::size(stepMinutes) - 1] * msPerMinute;
    for (const qint64 minutes : stepMinutes) {
        if (spanMs <= 6 * minutes * msPerMinute) {
            step = minutes * msPerMinute;
            break;
        }
    }
    const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(fromMs).offsetFromUtc()) * 1000;
    const auto floorTo = [step, offset](qint64 ms) { return (ms + offset) / step * step - offset; };
    const qint64 first = floorTo(fromMs);
    qint64 last = floorTo(fromMs + spanMs);
    if (last < fromMs + spanMs)
        last += step;
    axis->setFormat(step < 1440 * msPerMinute ? QStringLiteral("HH:mm") : QStringLiteral("MMM d"));
    axis->setTickCount(static_cast<int>((last - first) / step) + 1);
    axis->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
}

void MinuteChart::setValueRange(double largest, bool whole)
{
    fitValueAxis(m_valueAxis, largest, whole);
}

void MinuteChart::fitValueAxis(QValueAxis *axis, double largest, bool whole)
{
    double step = roundStep(largest / 4);
    if (whole)
        step = std::max(1.0, std::ceil(step));
    axis->setRange(0, step * 4);
    const int decimals = whole || step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

QList<QList<QPointF>> MinuteChart::stepRuns(const ActivitySnapshot &snapshot, const MinuteValue &value)
{
    QList<QList<QPointF>> runs;
    bool inRun = false;
    qint64 expected = snapshot.fromMs;
    for (const ActivitySnapshot::Minute &minute : snapshot.perMinute) {
        const std::optional<double> y = value(minute);
        // A skipped minute (a sparse list) ends a run too.
        if (!y || minute.startMs != expected)
            inRun = false;
        expected = minute.startMs + msPerMinute;
        if (!y)
            continue;
        if (!inRun)
            runs.append(QList<QPointF>());
        inRun = true;
        const qint64 end =
            std::min(minute.startMs + msPerMinute, std::max(snapshot.toMs, minute.startMs + 1));
        runs.last() << QPointF(double(minute.startMs), *y) << QPointF(double(end), *y);
    }
    return runs;
}

QList<QPointF> MinuteChart::steps(const ActivitySnapshot &snapshot, const MinuteValue &value)
{
    QList<QPointF> points;
    for (const QList<QPointF> &run : stepRuns(snapshot, value)) {
        // Between runs (minutes without messages in a sparse list) the line drops to 0.
        if (!points.isEmpty() && points.last().x() < run.first().x())
            points << QPointF(points.last().x(), 0) << QPointF(run.first().x(), 0);
        points << run;
    }
    return points;
}

} // namespace busmon
