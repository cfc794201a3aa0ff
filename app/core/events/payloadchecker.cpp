#include "events/payloadchecker.h"

#include "events/isodatetime.h"
#include "events/onelinetext.h"

#include <QJsonArray>
#include <QJsonValue>

namespace busmon {

namespace {

// Past this many broken entries in `changes`, one line says how many more there are.
constexpr int maxChangeProblems = 5;

QLatin1StringView typeName(QJsonValue::Type type)
{
    switch (type) {
    case QJsonValue::Null:
        return QLatin1StringView("null");
    case QJsonValue::Bool:
        return QLatin1StringView("boolean");
    case QJsonValue::Double:
        return QLatin1StringView("number");
    case QJsonValue::String:
        return QLatin1StringView("string");
    case QJsonValue::Array:
        return QLatin1StringView("array");
    case QJsonValue::Object:
        return QLatin1StringView("object");
    case QJsonValue::Undefined:
        break;
    }
    return QLatin1StringView("undefined");
}

QJsonValue::Type expectedType(FieldType type)
{
    switch (type) {
    case FieldType::Number:
        return QJsonValue::Double;
    case FieldType::Boolean:
        return QJsonValue::Bool;
    case FieldType::Object:
    case FieldType::Changes:
        return QJsonValue::Object;
    case FieldType::String:
    case FieldType::Datetime:
        break;
    }
    return QJsonValue::String;
}

QLatin1StringView expectedText(FieldType type)
{
    switch (type) {
    case FieldType::Number:
        return QLatin1StringView("a number");
    case FieldType::Boolean:
        return QLatin1StringView("a boolean");
    case FieldType::Object:
    case FieldType::Changes:
        return QLatin1StringView("an object");
    case FieldType::Datetime:
        return QLatin1StringView("an ISO-8601 datetime string");
    case FieldType::String:
        break;
    }
    return QLatin1StringView("a string");
}

QString allowedList(std::span<const QLatin1StringView> allowed)
{
    QString text;
    for (const QLatin1StringView value : allowed) {
        if (!text.isEmpty())
            text += QLatin1StringView(", ");
        text += QLatin1Char('\'') + value + QLatin1Char('\'');
    }
    return text;
}

QString mebibytes(qsizetype bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) +
           QLatin1StringView(" MiB");
}

bool isStringOrNull(const QJsonValue &value)
{
    return value.isString() || value.isNull();
}

} // namespace

QStringList PayloadChecker::check(const ChannelName &channel, const PayloadDocument &document)
{
    const EventKind kind = channel.kind();
    if (kind == EventKind::Unknown)
        return {};

    QStringList problems;
    if (kind != EventKind::General && !channel.hasUsername()) {
        const QLatin1StringView prefix = eventKindPrefix(kind);
        problems << QLatin1StringView("channel: no username after '") + prefix + QLatin1StringView(".'");
    }
    switch (document.state()) {
    case PayloadDocument::State::Object:
        break;
    case PayloadDocument::State::TooLarge:
        problems << QLatin1StringView("payload: ") + mebibytes(document.payloadSize()) +
                        QLatin1StringView(", too large to check");
        return problems;
    case PayloadDocument::State::NotUtf8:
        problems << QStringLiteral("payload: not valid UTF-8");
        return problems;
    case PayloadDocument::State::NotJson:
        problems << QLatin1StringView("payload: not JSON (") + document.error() + QLatin1Char(')');
        return problems;
    case PayloadDocument::State::NotObject:
        problems << QLatin1StringView("payload: not a JSON object (") + document.error() + QLatin1Char(')');
        return problems;
    }

    checkFields(PayloadSchema::fields(kind), document.object(), QString(), problems);
    checkUsername(channel, document.object(), problems);
    return problems;
}

void PayloadChecker::checkFields(std::span<const FieldSpec> fields, const QJsonObject &object,
                                 const QString &path, QStringList &problems)
{
    for (const FieldSpec &field : fields) {
        const QString name = path.isEmpty() ? QString(field.name) : path + QLatin1Char('.') + field.name;
        const QJsonValue value = object.value(field.name);
        if (value.isUndefined() || (field.optional && value.isNull())) {
            if (!field.optional)
                problems << name + QLatin1StringView(": missing");
            continue;
        }
        checkValue(field, value, name, problems);
    }
}

void PayloadChecker::checkValue(const FieldSpec &field, const QJsonValue &value, const QString &name,
                                QStringList &problems)
{
    if (value.type() != expectedType(field.type)) {
        problems << name + QLatin1StringView(": expected ") + expectedText(field.type) +
                        QLatin1StringView(", got ") + typeName(value.type());
        return;
    }
    switch (field.type) {
    case FieldType::String:
        if (!field.allowed.empty()) {
            const QString text = value.toString();
            const bool known = std::any_of(field.allowed.begin(), field.allowed.end(),
                                           [&](QLatin1StringView allowed) { return text == allowed; });
            if (!known)
                problems << name + QLatin1StringView(": ") + OneLineText::quoted(text) +
                                QLatin1StringView(" is not one of ") + allowedList(field.allowed);
        }
        break;
    case FieldType::Datetime:
        if (const QString text = value.toString(); !IsoDateTime::isValid(text))
            problems << name + QLatin1StringView(": ") + OneLineText::quoted(text) +
                            QLatin1StringView(" is not an ISO-8601 datetime");
        break;
    case FieldType::Object:
        checkFields(field.fields, value.toObject(), name, problems);
        break;
    case FieldType::Changes:
        checkChanges(value, name, problems);
        break;
    case FieldType::Number:
    case FieldType::Boolean:
        break;
    }
}

void PayloadChecker::checkChanges(const QJsonValue &value, const QString &name, QStringList &problems)
{
    const QJsonObject changes = value.toObject();
    int broken = 0;
    for (auto it = changes.constBegin(); it != changes.constEnd(); ++it) {
        const QJsonValue change = it.value();
        QString problem;
        if (!change.isArray()) {
            problem = QLatin1StringView("expected [before, after], got ") + typeName(change.type());
        } else if (const QJsonArray sides = change.toArray(); sides.size() != 2) {
            problem = QLatin1StringView("expected [before, after], got ") + QString::number(sides.size()) +
                      QLatin1StringView(sides.size() == 1 ? " element" : " elements");
        } else if (!isStringOrNull(sides.at(0))) {
            problem = QLatin1StringView("before is ") + typeName(sides.at(0).type()) +
                      QLatin1StringView(", expected a string or null");
        } else if (!isStringOrNull(sides.at(1))) {
            problem = QLatin1StringView("after is ") + typeName(sides.at(1).type()) +
                      QLatin1StringView(", expected a string or null");
        }
        if (problem.isEmpty())
            continue;
        if (++broken <= maxChangeProblems)
            problems << name + QLatin1Char('.') + OneLineText::from(it.key(), 60) + QLatin1StringView(": ") +
                            problem;
    }
    if (broken > maxChangeProblems)
        problems << name + QLatin1StringView(": ") + QString::number(broken - maxChangeProblems) +
                        QLatin1StringView(" more entries are not [before, after] pairs of strings");
}

void PayloadChecker::checkUsername(const ChannelName &channel, const QJsonObject &object,
                                   QStringList &problems)
{
    if (!channel.hasUsername())
        return;
    const QJsonValue username = object.value(QLatin1StringView("username"));
    if (!username.isString() || username.toString() == channel.username())
        return;
    problems << QLatin1StringView("username: ") + OneLineText::quoted(username.toString()) +
                    QLatin1StringView(" differs from the channel's ") +
                    OneLineText::quoted(channel.username());
}

} // namespace busmon
