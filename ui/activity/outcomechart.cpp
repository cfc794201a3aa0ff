#include "outcomechart.h"

#include "chartstyle.h"

#include <QLineSeries>

namespace busmon {

OutcomeChart::OutcomeChart()
    : MinuteChart(tr("Certificates, mail and errors"), tr("per min"))
    , m_certificatesAccepted(addLine(tr("certs ok")))
    , m_certificatesRejected(addLine(tr("certs rejected")))
    , m_mailAccepted(addLine(tr("mail ok")))
    , m_mailRejected(addLine(tr("mail rejected")))
    , m_errors(addLine(tr("errors")))
{}

QLineSeries *OutcomeChart::addLine(const QString &name)
{
    auto *series = new QLineSeries(this);
    series->setName(name);
    attach(series);
    return series;
}

void OutcomeChart::showSnapshot(const ActivitySnapshot &snapshot)
{
    setSpan(snapshot);
    double largest = 0;
    for (const ActivitySnapshot::Minute &minute : snapshot.perMinute) {
        const ActivityCounts &c = minute.counts;
        largest = std::max({largest, double(c.certificatesAccepted), double(c.certificatesRejected),
                            double(c.mailAccepted), double(c.mailRejected), double(c.errors)});
    }
    setValueRange(largest, true);
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
