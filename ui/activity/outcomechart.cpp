#include "outcomechart.h"

#include "chartstyle.h"

#include <QLineSeries>
#include <QValueAxis>

namespace busmon {

OutcomeChart::OutcomeChart()
    : MinuteChart(tr("Certificates, mail and errors"), tr("accepted / min"))
    , m_failureAxis(makeFailureAxis())
    , m_certificatesAccepted(addLine(tr("certs ok")))
    , m_certificatesRejected(addLine(tr("certs rejected"), m_failureAxis))
    , m_mailAccepted(addLine(tr("mail ok")))
    , m_mailRejected(addLine(tr("mail rejected"), m_failureAxis))
    , m_errors(addLine(tr("errors"), m_failureAxis))
{}

QValueAxis *OutcomeChart::makeFailureAxis()
{
    auto *axis = new QValueAxis(this);
    axis->setTitleText(tr("rejected, errors / min"));
    axis->setTickCount(5);
    addAxis(axis, Qt::AlignRight);
    return axis;
}

QLineSeries *OutcomeChart::addLine(const QString &name, QValueAxis *valueAxis)
{
    auto *series = new QLineSeries(this);
    series->setName(name);
    attach(series, valueAxis);
    return series;
}

void OutcomeChart::showSnapshot(const ActivitySnapshot &snapshot)
{
    setSpan(snapshot);
    double accepted = 0;
    double failed = 0;
    for (const ActivitySnapshot::Minute &minute : snapshot.perMinute) {
        const ActivityCounts &c = minute.counts;
        accepted = std::max({accepted, double(c.certificatesAccepted), double(c.mailAccepted)});
        failed = std::max({failed, double(c.certificatesRejected), double(c.mailRejected), double(c.errors)});
    }
    setValueRange(accepted, true);
    fitValueAxis(m_failureAxis, failed, true);
    m_certificatesAccepted->replace(
        steps(snapshot, [](const auto &minute) { return double(minute.counts.certificatesAccepted); }));
    m_certificatesRejected->replace(
        steps(snapshot, [](const auto &minute) { return double(minute.counts.certificatesRejected); }));
    m_mailAccepted->replace(
        steps(snapshot, [](const auto &minute) { return double(minute.counts.mailAccepted); }));
    m_mailRejected->replace(
        steps(snapshot, [](const auto &minute) { return double(minute.counts.mailRejected); }));
    m_errors->replace(steps(snapshot, [](const auto &minute) { return double(minute.counts.errors); }));
}

void OutcomeChart::colorSeries(const ChartStyle &style)
{
    const auto pen = [](const QColor &color, qreal width, Qt::PenStyle line) {
        QPen result(color, width);
        result.setStyle(line);
        return result;
    };
    m_certificatesAccepted->setPen(pen(style.color(ChartStyle::Hue::Green), 1, Qt::DashLine));
    m_mailAccepted->setPen(pen(style.color(ChartStyle::Hue::Blue), 1, Qt::DashLine));
    m_certificatesRejected->setPen(pen(style.color(ChartStyle::Hue::Orange), 2, Qt::SolidLine));
    m_mailRejected->setPen(pen(style.color(ChartStyle::Hue::Purple), 2, Qt::SolidLine));
    m_errors->setPen(pen(style.color(ChartStyle::Hue::Red), 2.5, Qt::SolidLine));
}

} // namespace busmon
