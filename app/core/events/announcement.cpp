#include "events/announcement.h"

#include "events/onelinetext.h"
#include "events/pythonjsonobject.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <array>
#include <cmath>

namespace busmon {

namespace {
using L = QLatin1StringView;

constexpr std::array typeNames{L("info"), L("warning"), L("error"), L("success")};
constexpr double longestDurationMs = 365.0 * 24 * 3600 * 1000;
} // namespace

QLatin1StringView Announcement::typeName(Type type)
{
    return typeNames[static_cast<size_t>(type)];
}

Announcement::Type Announcement::typeFromName(QStringView name)
{
    for (size_t i = 0; i < typeNames.size(); ++i) {
        if (name == typeNames[i])
            return static_cast<Type>(i);
    }
    return Type::Info;
}

QByteArray Announcement::generalPayload() const
{
    PythonJsonObject object;
    object.addString(L("title"), title).addString(L("message"), message).addBool(L("system"), system);
    if (type)
        object.addString(L("type"), QString(typeName(*type)));
    if (duration)
        object.addInteger(L("duration"), *duration);
    return object.toJson();
}

QByteArray Announcement::personalPayload(const QString &username) const
{
    PythonJsonObject object;
    object.addString(L("username"), username).addString(L("title"), title).addString(L("message"), message);
    if (type)
        object.addString(L("type"), QString(typeName(*type)));
    if (duration)
        object.addInteger(L("duration"), *duration);
    return object.toJson();
}

std::optional<Announcement> Announcement::fromPayload(const QByteArray &payload)
{
    const QJsonDocument document = QJsonDocument::fromJson(payload);
    if (!document.isObject())
        return std::nullopt;
    return fromObject(document.object());
}

Announcement Announcement::fromObject(const QJsonObject &object)
{
    Announcement result;
    result.title = object.value(L("title")).toString();
    result.message = object.value(L("message")).toString();
    if (const QJsonValue type = object.value(L("type")); !type.isUndefined() && !type.isNull())
        result.type = type.isString() ? typeFromName(type.toString()) : Type::Info;
    result.system = object.value(L("system")).toBool(true);
    if (const QJsonValue duration = object.value(L("duration")); duration.isDouble()) {
        // Past a year a "duration" is nonsense, and past 2^63 it would not even convert.
        if (const double value = duration.toDouble(); value >= 0 && value <= longestDurationMs)
            result.duration = static_cast<qint64>(value);
    }
    return result;
}

QString Announcement::previewText() const
{
    return OneLineText::from(title + L(": ") + message);
}

} // namespace busmon
