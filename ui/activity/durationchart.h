#pragma once

#include "minutechart.h"

QT_BEGIN_NAMESPACE
class QLineSeries;
QT_END_NAMESPACE

namespace busmon {

// Sync duration (service_duration) per minute: the median and the 95th percentile (nearest rank).
// A minute without a numeric duration leaves a gap rather than a misleading line across it.
class DurationChart : public MinuteChart
{
    Q_OBJECT
public:
    static constexpr int maxRuns = 40; // beyond, the last runs are joined

    DurationChart();
    void showSnapshot(const ActivitySnapshot &snapshot) override;

    // Every point of each percentile, runs one after the other (for tests).
    QList<QPointF> p50Points() const;
    QList<QPointF> p95Points() const;

protected:
    void colorSeries(const ChartStyle &style) override;

private:
    void showRuns(QList<QLineSeries *> &pool, QList<QList<QPointF>> runs, const QString &name);
    static QList<QPointF> pointsOf(const QList<QLineSeries *> &pool);

    QList<QLineSeries *> m_p50;
    QList<QLineSeries *> m_p95;
    QColor m_p50Color;
    QColor m_p95Color;
};

} // namespace busmon
