#pragma once

#include "events/eventkind.h"

#include <QByteArrayView>
#include <QString>

namespace busmon {

enum class RowType : quint8 {
    Message,
    Gap, // an outage: what was published then is gone
};

// What a row means to an operator; the UI layer turns it into colours and icons.
enum class Severity : quint8 {
    Normal,
    Notice, // the payload does not match its kind's interface
    Alert,  // an error log line, rejected mail, a rejected or unrecognized certificate, a failed sync
};

// One retained row as the models and the filter read it. The views point into the store and stay
// valid only until the store next changes (append, eviction, clear).
struct StoredRow
{
    quint64 rowId = 0;     // store serial: consecutive over retained rows, never reused
    quint64 sequence = 0;  // the event's sequence number; 0 for a gap
    qint64 receivedMs = 0; // for a gap: when it began
    RowType type = RowType::Message;
    EventKind kind = EventKind::Unknown;
    Severity severity = Severity::Normal;
    quint32 channelId = 0;
    QByteArrayView channel;
    const QString *username = nullptr;
    QByteArrayView payload;
    QByteArrayView summary;  // UTF-8
    QByteArrayView problems; // UTF-8, one problem per line

    bool isGap() const { return type == RowType::Gap; }
    bool hasProblems() const { return !problems.isEmpty(); }
};

} // namespace busmon
