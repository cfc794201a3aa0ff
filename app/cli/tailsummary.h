#pragma once

#include "events/busevent.h"

#include <QElapsedTimer>
#include <QString>
#include <array>

namespace busmon::cli {

// What `tail` tells at exit: messages per kind, messages with problems, outages.
class TailSummary
{
public:
    TailSummary();
    void count(const BusEvent &event);
    void count(EventKind kind, bool hasProblems);
    void countOutage(const Outage &outage);
    // An outage still going on when tail stopped, counted up to then.
    void countOpenOutage(const Outage &outage, qint64 stoppedMs);
    quint64 messageCount() const { return m_messages; }
    QString text(quint64 dropped) const;

private:
    QElapsedTimer m_clock;
    quint64 m_messages = 0;
    quint64 m_withProblems = 0;
    std::array<quint64, eventKindCount> m_perKind{};
    int m_outages = 0;
    qint64 m_outageMs = 0;
    bool m_endedWithoutConnection = false;
};

} // namespace busmon::cli
