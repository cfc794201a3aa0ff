#pragma once

#include "events/announcement.h"

#include <QByteArray>
#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace busmon {

// A toast as an admin or a support person writes it, before it is published: the compose dialog's
// form and busmon-cli announce's options, as typed. issues() says what stops it from going out (an
// Error) and what merely deserves a second look (a Warning), each at its field; channel() and
// payload() are what PUBLISH sends, byte for byte.
struct ToastDraft
{
    enum class Target : quint8 { Everyone, OneUser }; // `__general__`, `personal.<username>`
    enum class Field : quint8 { Username, Title, Message, Type, Duration };
    enum class Severity : quint8 { Warning, Error };
    struct Issue
    {
        Field field;
        Severity severity;
        QString reason;
    };

    Target target = Target::Everyone;
    QString username; // OneUser
    QString title;
    QString message;
    bool system = true; // Everyone: the web app always sends `"system": true`
    QString type;       // empty: none (the web UI shows info); else info, warning, error or success
    QString duration;   // milliseconds as typed; empty: none (the web UI's default)

    // Beyond this many characters a message is long for a toast (a warning, not a block).
    static constexpr qsizetype longMessageChars = 280;

    QList<Issue> issues() const;
    bool canPublish() const; // no Error among issues()
    QList<Issue> issuesOf(Field field) const;

    QByteArray channel() const;
    // Built from what can be used: a type or duration that does not check out is left out.
    QByteArray payload() const;
    Announcement announcement() const;

    // "Send again": the draft a published toast was made from; nullopt for a channel that carries
    // no toasts. The user comes from the channel, which is where the toast went.
    static std::optional<ToastDraft> fromMessage(const QByteArray &channel, const QByteArray &payload);

    // For templates and history (QSettings).
    QVariantMap toVariantMap() const;
    static ToastDraft fromVariantMap(const QVariantMap &map);

    static QLatin1StringView fieldName(Field field); // "username", "title", …

    bool operator==(const ToastDraft &other) const = default;
};

} // namespace busmon
