#pragma once

#include "events/eventkind.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace busmon {

// One message as received from the bus, decoded and checked once at ingest. A value type:
// it crosses threads by queued signal and is stored by the million, so no QObject, no parsed tree.
struct BusEvent
{
    quint64 sequence = 0;  // 1, 2, 3… in order of arrival; never reused within a session
    qint64 receivedMs = 0; // UTC, milliseconds since the epoch
    QByteArray channel;
    QByteArray pattern; // the PSUBSCRIBE pattern that matched; empty for a plain SUBSCRIBE
    EventKind kind = EventKind::Unknown;
    QString username;     // from the channel; empty where the channel has none
    QByteArray payload;   // byte-exact as published
    QString summary;      // one line for an operator
    QStringList problems; // each names its field: "title: missing", "payload: not JSON"

    bool hasProblems() const { return !problems.isEmpty(); }
};

using BusEventBatch = QList<BusEvent>;

// A time when the subscriber was not connected: what was published then is gone.
struct Outage
{
    qint64 beganMs = 0;   // the last sign of life from the server (its last message or PONG)
    qint64 endedMs = 0;   // 0 while it lasts
    QString reason;       // "connection refused", "server closed the connection", …
    qint64 noticedMs = 0; // when the subscriber found out (>= beganMs); 0 where not recorded

    qint64 durationMs() const { return endedMs > 0 ? endedMs - beganMs : 0; }
};

} // namespace busmon

// Its members all are: a list of events grows by moving bytes, not by moving each event.
Q_DECLARE_TYPEINFO(busmon::BusEvent, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(busmon::Outage, Q_RELOCATABLE_TYPE);

Q_DECLARE_METATYPE(busmon::BusEvent)
Q_DECLARE_METATYPE(busmon::BusEventBatch)
Q_DECLARE_METATYPE(busmon::Outage)
