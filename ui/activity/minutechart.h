#pragma once

#include "activity/activitysnapshot.h"

#include <QChart>
#include <QPointF>
#include <functional>

QT_BEGIN_NAMESPACE
class QAbstractSeries;
class QAreaSeries;
class QDateTimeAxis;
class QValueAxis;
QT_END_NAMESPACE

namespace busmon {

class ChartStyle;

// A chart of per-minute figures over the window's time span: local time along the bottom, a value
// axis with its unit on the left. Each minute is drawn as a step (flat across its minute), so a
// count reads as "this many in that minute"; the newest minute ends at the window's end. When that
// minute is not over (a live bus, or a capture that stopped in it), it is hatched and the legend says
// "partial minute", so its short step is not read as a drop.
class MinuteChart : public QChart
{
    Q_OBJECT
public:
    MinuteChart(const QString &title, const QString &valueUnit);

    virtual void showSnapshot(const ActivitySnapshot &snapshot) = 0;
    void restyle(const ChartStyle &style);

    QDateTimeAxis *timeAxis() const { return m_timeAxis; }
    // A local-time axis over [fromMs, toMs], widened to round times with a tick on each.
    static void fitTimeAxis(QDateTimeAxis *axis, qint64 fromMs, qint64 toMs);
    // 1, 2 or 5 times a power of ten, at or above `value` (1 for nothing).
    static double roundStep(double value);
    QValueAxis *valueAxis() const { return m_valueAxis; }
    // The hatched span of the newest minute when it is not over: empty when it is.
    QAreaSeries *partialMinute() const { return m_partialMinute; }

protected:
    using MinuteValue = std::function<std::optional<double>(const ActivitySnapshot::Minute &)>;

    // Along the time axis, against the value axis or `valueAxis` (a second one, on the right).
    void attach(QAbstractSeries *series, QValueAxis *valueAxis = nullptr);
    void setSpan(const ActivitySnapshot &snapshot);
    // 0 up to a round number at or above `largest`, in four steps; whole numbers for counts.
    void setValueRange(double largest, bool whole);
    static void fitValueAxis(QValueAxis *axis, double largest, bool whole);
    virtual void colorSeries(const ChartStyle &style) = 0;

    // Two points a minute: its value from the start of the minute to its end. Minutes the value
    // skips (nullopt) split the steps into runs.
    static QList<QList<QPointF>> stepRuns(const ActivitySnapshot &snapshot, const MinuteValue &value);
    static QList<QPointF> steps(const ActivitySnapshot &snapshot, const MinuteValue &value);

private:
    void coverPartialMinute();

    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_valueAxis;
    QAreaSeries *m_partialMinute;
    qint64 m_partialFromMs = 0;
    qint64 m_partialToMs = 0; // equal to m_partialFromMs: no partial minute
};

} // namespace busmon
