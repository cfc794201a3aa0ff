#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QString>
#include <optional>

class QJsonObject;

namespace busmon {

// A toast as the Inthe.AM web UI shows it: `title` in bold, a colon, then `message`, as plain text,
// with an optional `type` (info, warning, error, success; anything else means info) and `duration`.
// Builds the payloads that busmon-cli announce and the compose dialog publish, in json.dumps
// style, and reads one back for previews.
class Announcement
{
public:
    enum class Type : quint8 { Info, Warning, Error, Success };

    QString title;
    QString message;
    std::optional<Type> type;       // absent: the web UI's default (info)
    std::optional<qint64> duration; // passed to the web UI as given (its toast timeout)
    bool system = true;             // `__general__` only; the web app always sends true

    // `__general__`: {"title": …, "message": …, "system": …[, "type": …][, "duration": …]}
    QByteArray generalPayload() const;
    // `personal.<username>`: {"username": …, "title": …, "message": …[, "type": …][, "duration": …]}
    QByteArray personalPayload(const QString &username) const;

    // What the web UI would show for a payload; nullopt when it is not a JSON object. Fields that are
    // missing or not strings read as empty text; an unknown or non-string `type` reads as Info (and
    // `type` stays set, so a preview can say it was there); a non-number `duration` is ignored; `system`
    // reads as true unless it is false.
    static std::optional<Announcement> fromPayload(const QByteArray &payload);
    static Announcement fromObject(const QJsonObject &object);

    Type effectiveType() const { return type.value_or(Type::Info); }
    // "Title: message", one line, as the web UI runs them together.
    QString previewText() const;

    static QLatin1StringView typeName(Type type);
    // The web UI's rule: anything but the four names is info.
    static Type typeFromName(QStringView name);

    bool operator==(const Announcement &other) const = default;
};

} // namespace busmon
