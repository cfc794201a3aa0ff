#pragma once

#include "session/sessionorigin.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace busmon {

// What a user is asked before anything is published: where it goes (the profile, the host, the
// channel) and who will see it. Built here so the window's dialog and busmon-cli's question say the
// same; the dialog itself lives in ui/ (PublishConfirmDialog).
struct PublishConfirmation
{
    QString title;      // "Publish an announcement"
    QString question;   // "Publish to __general__ on profile “production” (bus.example:6380)?"
    QString audience;   // "Every signed-in user will see it."
    QByteArray payload; // one message: what goes out, byte for byte; empty for a run

    // One message.
    static PublishConfirmation forMessage(const SessionOrigin &target, const QByteArray &channel,
                                          const QByteArray &payload);
    // A run of many (replay): `channels` distinct, `speed` 0 for as fast as possible.
    static PublishConfirmation forRun(const SessionOrigin &target, const QString &action, qint64 messages,
                                      const QList<QByteArray> &channels, double speed);

    // "profile “production” (bus.example:6380)", "redis://monitor@bus.example:6380", "the demo bus (…)"
    static QString describeTarget(const SessionOrigin &target);
    // Question, audience and payload as plain text, for a terminal.
    QString text() const;
};

} // namespace busmon
