#pragma once

#include "minutechart.h"

QT_BEGIN_NAMESPACE
class QLineSeries;
QT_END_NAMESPACE

namespace busmon {

// What failed, per minute: certificate checks and incoming mail, accepted (thin) and rejected (bold),
// and error log lines.
class OutcomeChart : public MinuteChart
{
    Q_OBJECT
public:
    OutcomeChart();
    void showSnapshot(const ActivitySnapshot &snapshot) override;

    QLineSeries *certificatesRejectedSeries() const { return m_certificatesRejected; }
    QLineSeries *errorSeries() const { return m_errors; }

protected:
    void colorSeries(const ChartStyle &style) override;

private:
    QLineSeries *addLine(const QString &name);

    QLineSeries *m_certificatesAccepted;
    QLineSeries *m_certificatesRejected;
    QLineSeries *m_mailAccepted;
    QLineSeries *m_mailRejected;
    QLineSeries *m_errors;
};

} // namespace busmon
