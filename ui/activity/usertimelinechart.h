#pragma once

#include "activity/usertimeline.h"

#include <QChart>

QT_BEGIN_NAMESPACE
class QCategoryAxis;
class QDateTimeAxis;
class QGraphicsPathItem;
class QScatterSeries;
QT_END_NAMESPACE

namespace busmon {

class ChartStyle;

// A user's messages on one time axis, a lane per kind. Syncs that stored records are filled, those
// that changed nothing hollow; a changed sync no local_sync followed wears a red ring; failures
// (error log lines, rejected certificates and mail) are red. Lines join each changed sync to the
// local_sync and changed_task messages that followed it.
class UserTimelineChart : public QChart
{
    Q_OBJECT
public:
    UserTimelineChart();
    ~UserTimelineChart() override;

    void showTimeline(const UserTimeline &timeline, qint64 fromMs, qint64 toMs);
    void restyle(const ChartStyle &style);

    // Lanes top to bottom; the kind of each.
    static QList<EventKind> lanes();
    // Where an event's marker is, in chart coordinates (for tests); null when not shown.
    QPointF positionOf(quint64 rowId);
    // The event whose marker is at this position (chart coordinates), or 0. The view asks this
    // itself: its rubber band takes presses before a series would see them.
    quint64 rowIdAt(const QPointF &position);
    int linkCount() const { return m_linkCount; }
    QDateTimeAxis *timeAxis() const { return m_timeAxis; }
    // Zoomed in by the user (rubber band): the time axis stays put while messages arrive.
    bool isZoomed() const { return m_zoomed; }
    void resetZoom();
    // The marker key in rich text, coloured as the markers are (for a label beside the chart).
    static QString legendHtml(const ChartStyle &style);

signals:
    void zoomChanged(bool zoomed);
    void eventHovered(quint64 rowId, bool entered);

private:
    struct Marker
    {
        QScatterSeries *series = nullptr;
        QList<quint64> rowIds; // parallel to the series' points
    };

    QScatterSeries *addMarkers(Marker &marker, const QString &name, qreal size);
    void connectMarker(Marker &marker);
    static qreal laneOf(EventKind kind);
    void drawLinks();

    QDateTimeAxis *m_timeAxis;
    QCategoryAxis *m_laneAxis;
    Marker m_changedSyncs;
    Marker m_quietSyncs;
    Marker m_unlinked;
    Marker m_webApp;
    Marker m_others;
    Marker m_failures;
    QGraphicsPathItem *m_links;
    UserTimeline m_timeline;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    bool m_fitting = false;
    bool m_zoomed = false;
    int m_linkCount = 0;
};

} // namespace busmon
