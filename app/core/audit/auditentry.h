#pragma once

#include "session/sessionorigin.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace busmon {

// One line of the audit log: who published what, to which bus, and what the server answered.
// Either one message (channel and payload) or one run of many (replay, simulate: the channels, how
// many messages, at what speed). Never a password: the bus is named by its profile and by its URL
// as displayUrl() writes it.
struct AuditEntry
{
    qint64 timeMs = 0; // when it was sent (a run: when it started), UTC ms since the epoch
    QString tool;      // "busmon" or "busmon-cli"
    QString osUser;    // who ran the tool
    SessionOrigin target;

    // One message.
    QByteArray channel;
    QByteArray payload;

    // A run of many: `action` says which ("replay", "simulate"); empty for one message.
    QString action;
    QString source;             // what was replayed or simulated: a file, a seed
    QList<QByteArray> channels; // the first distinct channels, in the order they were used
    qint64 channelCount = 0;    // every distinct channel
    qint64 messageCount = 0;    // acknowledged by the server
    double speed = 0;           // replay: ×speed, 0 as fast as possible; simulate: messages per second
    qint64 durationMs = 0;
    qint64 refusedCount = 0;
    qint64 unansweredCount = 0; // sent, but the run ended before the server answered

    std::optional<qint64> receivers; // PUBLISH's reply (a run: the sum)
    QString refusal;                 // the server's refusal or why nothing arrived; empty when none

    static constexpr qsizetype listedChannels = 100;

    QByteArray toJsonLine() const; // ends with '\n'
    static QString currentOsUser();
};

} // namespace busmon
