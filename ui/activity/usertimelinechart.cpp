#include "usertimelinechart.h"

#include "chartstyle.h"
#include "minutechart.h"

#include <QCategoryAxis>
#include <QDateTimeAxis>
#include <QGraphicsPathItem>
#include <QPainterPath>
#include <QScatterSeries>

namespace busmon {

QList<EventKind> UserTimelineChart::lanes()
{
    return {EventKind::Sync,
            EventKind::LocalSync,
            EventKind::ChangedTask,
            EventKind::TaskdCertificate,
            EventKind::LogMessage,
            EventKind::IncomingMail,
            EventKind::IncomingTrelloChange,
            EventKind::Personal,
            EventKind::Unknown};
}

qreal UserTimelineChart::laneOf(EventKind kind)
{
    const QList<EventKind> all = lanes();
    const qsizetype index = all.indexOf(kind);
    return qreal(all.size() - 1 - (index < 0 ? all.size() - 1 : index));
}

UserTimelineChart::UserTimelineChart()
    : m_timeAxis(new QDateTimeAxis(this))
    , m_laneAxis(new QCategoryAxis(this))
    , m_links(new QGraphicsPathItem(this))
{
    setTitle(tr("User timeline"));
    setAnimationOptions(QChart::NoAnimation);
    setMargins(QMargins(4, 4, 4, 4));
    legend()->hide(); // six marker kinds do not fit a dock's width: legendHtml() goes beside it
    m_timeAxis->setTitleText(tr("local time"));
    m_timeAxis->setTickCount(6);
    m_laneAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const QList<EventKind> all = lanes();
    m_laneAxis->setStartValue(-0.5);
    for (auto kind = all.crbegin(); kind != all.crend(); ++kind) // from the bottom lane up
        m_laneAxis->append(QString(eventKindName(*kind)), laneOf(*kind));
    m_laneAxis->setRange(-0.5, qreal(all.size()) - 0.5);
    m_laneAxis->setGridLineVisible(false);
    addAxis(m_timeAxis, Qt::AlignBottom);
    addAxis(m_laneAxis, Qt::AlignLeft);
    addMarkers(m_quietSyncs, tr("sync, nothing changed"), 8);
    addMarkers(m_changedSyncs, tr("sync that stored records"), 10);
    addMarkers(m_webApp, tr("web app followed"), 9);
    addMarkers(m_others, tr("other"), 8);
    addMarkers(m_failures, tr("failed or rejected"), 9);
    addMarkers(m_unlinked, tr("no local_sync followed"), 16);
    m_links->setZValue(1);                          // above the grid
    m_links->setAcceptedMouseButtons(Qt::NoButton); // clicks go through to the markers under a link
    connect(this, &QChart::plotAreaChanged, this, &UserTimelineChart::drawLinks);
    connect(m_timeAxis, &QDateTimeAxis::rangeChanged, this, [this] {
        if (!m_fitting) {
            // Zoomed in: seconds matter once the span is a few minutes.
            const qint64 spanMs = m_timeAxis->min().msecsTo(m_timeAxis->max());
            m_timeAxis->setFormat(spanMs <= 10 * 60'000 ? QStringLiteral("HH:mm:ss")
                                                        : QStringLiteral("HH:mm"));
            if (!std::exchange(m_zoomed, true))
                emit zoomChanged(true);
        }
        drawLinks();
    });
}

void UserTimelineChart::resetZoom()
{
    m_zoomed = false;
    zoomReset();
    m_fitting = true;
    MinuteChart::fitTimeAxis(m_timeAxis, m_fromMs, m_toMs);
    m_fitting = false;
    emit zoomChanged(false);
}

QString UserTimelineChart::legendHtml(const ChartStyle &style)
{
    const auto key = [](const QColor &color, const QString &glyph, const QString &text) {
        return QStringLiteral("<span style=\"color:%1\">%2</span>&nbsp;%3")
            .arg(color.name(), glyph, text.toHtmlEscaped());
    };
    const QString filled = QStringLiteral("●");
    return QStringList{
        key(style.color(ChartStyle::Hue::Blue), filled, tr("sync that stored records")),
        key(style.color(ChartStyle::Hue::Grey), QStringLiteral("○"), tr("sync, nothing changed")),
        key(style.color(ChartStyle::Hue::Teal), filled, tr("web app followed")),
        key(style.color(ChartStyle::Hue::Red), filled, tr("failed or rejected")),
        key(style.color(ChartStyle::Hue::Red), QStringLiteral("◯"), tr("no local_sync followed")),
        key(style.color(ChartStyle::Hue::Grey), filled, tr("other"))}
        .join(QStringLiteral(" &nbsp; "));
}

UserTimelineChart::~UserTimelineChart() = default;

QScatterSeries *UserTimelineChart::addMarkers(Marker &marker, const QString &name, qreal size)
{
    marker.series = new QScatterSeries(this);
    marker.series->setName(name);
    marker.series->setMarkerSize(size);
    marker.series->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    addSeries(marker.series);
    marker.series->attachAxis(m_timeAxis);
    marker.series->attachAxis(m_laneAxis);
    connectMarker(marker);
    return marker.series;
}

void UserTimelineChart::connectMarker(Marker &marker)
{
    const auto rowIdAt = [&marker](const QPointF &point) -> quint64 {
        const QList<QPointF> points = marker.series->points();
        const qsizetype index = points.indexOf(point);
        return index >= 0 && index < marker.rowIds.size() ? marker.rowIds.at(index) : 0;
    };
    connect(marker.series, &QScatterSeries::hovered, this, [this, rowIdAt](const QPointF &point, bool state) {
        if (const quint64 rowId = rowIdAt(point))
            emit eventHovered(rowId, state);
    });
}

void UserTimelineChart::showTimeline(const UserTimeline &timeline, qint64 fromMs, qint64 toMs)
{
    m_timeline = timeline;
    m_fromMs = fromMs;
    m_toMs = toMs;
    if (!m_zoomed) {
        m_fitting = true;
        MinuteChart::fitTimeAxis(m_timeAxis, fromMs, toMs);
        m_fitting = false;
    }

    QList<int> unlinked = timeline.links.unlinkedSyncs;
    std::sort(unlinked.begin(), unlinked.end());
    QList<QPointF> points[6];
    QList<quint64> rows[6];
    Marker *markers[6] = {&m_changedSyncs, &m_quietSyncs, &m_unlinked, &m_webApp, &m_others, &m_failures};
    for (qsizetype i = 0; i < timeline.events.size(); ++i) {
        const UserTimeline::Event &event = timeline.events.at(i);
        const QPointF point(double(event.receivedMs), laneOf(event.kind));
        int which = 4;
        if (event.severity == Severity::Alert)
            which = 5;
        else if (event.kind == EventKind::Sync)
            which = event.changed ? 0 : 1;
        else if (event.kind == EventKind::LocalSync || event.kind == EventKind::ChangedTask)
            which = 3;
        points[which] << point;
        rows[which] << event.rowId;
        if (std::binary_search(unlinked.begin(), unlinked.end(), int(i))) {
            points[2] << point;
            rows[2] << event.rowId;
        }
    }
    for (int i = 0; i < 6; ++i) {
        markers[i]->rowIds = rows[i];
        markers[i]->series->replace(points[i]);
    }
    drawLinks();
}

QPointF UserTimelineChart::positionOf(quint64 rowId)
{
    for (const UserTimeline::Event &event : m_timeline.events) {
        if (event.rowId == rowId)
            return mapToPosition(QPointF(double(event.receivedMs), laneOf(event.kind)), m_others.series);
    }
    return QPointF();
}

quint64 UserTimelineChart::rowIdAt(const QPointF &position)
{
    static constexpr qreal reach = 7; // pixels: about a marker's radius
    quint64 nearest = 0;
    qreal best = reach * reach;
    for (const UserTimeline::Event &event : std::as_const(m_timeline.events)) {
        const QPointF at =
            mapToPosition(QPointF(double(event.receivedMs), laneOf(event.kind)), m_others.series);
        const QPointF delta = at - position;
        const qreal distance = QPointF::dotProduct(delta, delta);
        if (distance <= best) {
            best = distance;
            nearest = event.rowId;
        }
    }
    return nearest;
}

void UserTimelineChart::drawLinks()
{
    QPainterPath path;
    m_linkCount = 0;
    const QList<UserTimeline::Event> &events = m_timeline.events;
    const auto at = [&](int index) {
        const UserTimeline::Event &event = events.at(index);
        return mapToPosition(QPointF(double(event.receivedMs), laneOf(event.kind)), m_others.series);
    };
    // Links of events zoomed out of view must not cross the axes.
    const QRectF area = plotArea().adjusted(-1, -1, 1, 1);
    const auto join = [&](int from, int to) {
        const QPointF start = at(from);
        const QPointF end = at(to);
        ++m_linkCount;
        if (!area.contains(start) || !area.contains(end))
            return;
        path.moveTo(start);
        path.lineTo(end);
    };
    for (const SyncChainLinker::Chain &chain : m_timeline.links.chains) {
        const int hub = chain.localSync >= 0
                            ? chain.localSync
                            : (chain.changedTasks.isEmpty() ? -1 : chain.changedTasks.first());
        if (hub < 0)
            continue;
        for (const int sync : chain.syncs)
            join(sync, hub);
        for (const int task : chain.changedTasks) {
            if (task != hub)
                join(hub, task);
        }
    }
    m_links->setPath(path);
}

void UserTimelineChart::restyle(const ChartStyle &style)
{
    style.apply(this);
    const auto paint = [](Marker &marker, const QColor &fill, const QColor &border, qreal width) {
        marker.series->setBrush(fill);
        marker.series->setPen(QPen(border, width));
    };
    paint(m_changedSyncs, style.color(ChartStyle::Hue::Blue), style.color(ChartStyle::Hue::Blue), 1);
    paint(m_quietSyncs, Qt::transparent, style.color(ChartStyle::Hue::Grey), 1.5);
    paint(m_webApp, style.color(ChartStyle::Hue::Teal), style.color(ChartStyle::Hue::Teal), 1);
    paint(m_others, style.color(ChartStyle::Hue::Grey), style.color(ChartStyle::Hue::Grey), 1);
    paint(m_failures, style.color(ChartStyle::Hue::Red), style.color(ChartStyle::Hue::Red), 1);
    paint(m_unlinked, Qt::transparent, style.color(ChartStyle::Hue::Red), 2.5);
    QColor link = style.color(ChartStyle::Hue::Teal);
    link.setAlphaF(0.7);
    m_links->setPen(QPen(link, 1.5));
}

} // namespace busmon
