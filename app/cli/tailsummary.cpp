#include "tailsummary.h"

#include <QStringList>

namespace busmon::cli {

TailSummary::TailSummary()
{
    m_clock.start();
}

void TailSummary::count(const BusEvent &event)
{
    count(event.kind, event.hasProblems());
}

void TailSummary::count(EventKind kind, bool hasProblems)
{
    ++m_messages;
    ++m_perKind[static_cast<size_t>(kind)];
    if (hasProblems)
        ++m_withProblems;
}

void TailSummary::countOutage(const Outage &outage)
{
    ++m_outages;
    m_outageMs += outage.durationMs();
}

void TailSummary::countOpenOutage(const Outage &outage, qint64 stoppedMs)
{
    ++m_outages;
    m_outageMs += qMax<qint64>(0, stoppedMs - outage.beganMs);
    m_endedWithoutConnection = true;
}

QString TailSummary::text(quint64 dropped) const
{
    const double seconds = static_cast<double>(m_clock.elapsed()) / 1000.0;
    QStringList lines;
    lines << QStringLiteral("%1 messages in %2 s").arg(m_messages).arg(seconds, 0, 'f', 1);
    for (EventKind kind : allEventKinds) {
        const quint64 count = m_perKind[static_cast<size_t>(kind)];
        if (count > 0)
            lines << QStringLiteral("  %1 %2").arg(QString(eventKindName(kind)), -24).arg(count, 10);
    }
    lines << QStringLiteral("%1 %2").arg(QStringLiteral("with problems"), -26).arg(m_withProblems, 10);
    lines << QStringLiteral("%1 %2").arg(QStringLiteral("outages"), -26).arg(m_outages, 10) +
                 (m_outages > 0
                      ? QStringLiteral(" (%1 s without connection%2)")
                            .arg(m_outageMs / 1000.0, 0, 'f', 1)
                            .arg(m_endedWithoutConnection ? QStringLiteral(", and still none when stopped")
                                                          : QString())
                      : QString());
    if (dropped > 0)
        lines << QStringLiteral("%1 %2")
                     .arg(QStringLiteral("dropped (consumer too slow)"), -26)
                     .arg(dropped, 10);
    return lines.join(QLatin1Char('\n'));
}

} // namespace busmon::cli
