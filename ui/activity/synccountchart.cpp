#include "synccountchart.h"

#include "chartstyle.h"

#include <QAreaSeries>
#include <QLineSeries>

namespace busmon {

SyncCountChart::SyncCountChart()
    : MinuteChart(tr("Syncs per minute"), tr("syncs / min"))
    , m_changed(new QLineSeries(this))
    , m_all(new QLineSeries(this))
    , m_local(new QLineSeries(this))
    , m_changedArea(new QAreaSeries(m_changed))
    , m_unchangedArea(new QAreaSeries(m_all, m_changed))
{
    m_changedArea->setName(tr("stored or merged records"));
    m_unchangedArea->setName(tr("changed nothing"));
    m_local->setName(tr("local_sync"));
    attach(m_changedArea);
    attach(m_unchangedArea);
    attach(m_local);
}

void SyncCountChart::showSnapshot(const ActivitySnapshot &snapshot)
{
    setSpan(snapshot);
    double largest = 0;
    for (const ActivitySnapshot::Minute &minute : snapshot.perMinute)
        largest = std::max({largest, double(minute.counts.syncs), double(minute.counts.localSyncs)});
    setValueRange(largest, true);
    m_changed->replace(
        steps(snapshot, [](const auto &minute) { return double(minute.counts.syncsChanged); }));
    m_all->replace(steps(snapshot, [](const auto &minute) { return double(minute.counts.syncs); }));
    m_local->replace(steps(snapshot, [](const auto &minute) { return double(minute.counts.localSyncs); }));
}

void SyncCountChart::colorSeries(const ChartStyle &style)
{
    const QColor changed = style.color(ChartStyle::Hue::Blue);
    const QColor unchanged = style.color(ChartStyle::Hue::Grey);
    m_changedArea->setColor(changed);
    m_changedArea->setBorderColor(changed);
    m_unchangedArea->setColor(unchanged);
    m_unchangedArea->setBorderColor(unchanged);
    QPen local(style.color(ChartStyle::Hue::Orange), 2);
    m_local->setPen(local);
}

} // namespace busmon
