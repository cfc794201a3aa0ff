#pragma once

#include "minutechart.h"

QT_BEGIN_NAMESPACE
class QAreaSeries;
class QLineSeries;
QT_END_NAMESPACE

namespace busmon {

// Syncs per minute, stacked: those that stored or merged records below, those that changed nothing
// above; local_sync messages per minute as a line beside them.
class SyncCountChart : public MinuteChart
{
    Q_OBJECT
public:
    SyncCountChart();
    void showSnapshot(const ActivitySnapshot &snapshot) override;

    QLineSeries *changedSeries() const { return m_changed; }
    QLineSeries *allSyncsSeries() const { return m_all; } // the top of the stack
    QLineSeries *localSyncSeries() const { return m_local; }

protected:
    void colorSeries(const ChartStyle &style) override;

private:
    QLineSeries *m_changed;
    QLineSeries *m_all;
    QLineSeries *m_local;
    QAreaSeries *m_changedArea;
    QAreaSeries *m_unchangedArea;
};

} // namespace busmon
