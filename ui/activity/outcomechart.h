#pragma once

#include "minutechart.h"

QT_BEGIN_NAMESPACE
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace busmon {

// What failed, per minute: certificate checks and incoming mail, accepted (thin, dashed, left axis) and
// rejected (bold), and error log lines. Failures have an axis of their own on the right: a few
// rejections a minute stay visible beside a thousand accepted certificates.
class OutcomeChart : public MinuteChart
{
    Q_OBJECT
public:
    OutcomeChart();
    void showSnapshot(const ActivitySnapshot &snapshot) override;

    QLineSeries *certificatesRejectedSeries() const { return m_certificatesRejected; }
    QLineSeries *errorSeries() const { return m_errors; }
    QValueAxis *failureAxis() const { return m_failureAxis; }

protected:
    void colorSeries(const ChartStyle &style) override;

private:
    QValueAxis *makeFailureAxis();
    QLineSeries *addLine(const QString &name, QValueAxis *valueAxis = nullptr);

    QValueAxis *m_failureAxis;
    QLineSeries *m_certificatesAccepted;
    QLineSeries *m_certificatesRejected;
    QLineSeries *m_mailAccepted;
    QLineSeries *m_mailRejected;
    QLineSeries *m_errors;
};

} // namespace busmon
