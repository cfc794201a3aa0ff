#include "events/payloadchecker.h"

#include "events/isodatetime.h"
#include "events/onelinetext.h"

namespace busmon {

namespace {

// Past this many broken entries in `changes`, one line says how many more there are.
constexpr int maxChangeProblems = 5;

// The value is one of the field's allowed texts, found without decoding it (they are ASCII).
bool isAllowedText(const FieldSpec &field, const JsonValueView &value)
{
    return std::any_of(field.allowed.begin(), field.allowed.end(), [&](QLatin1StringView allowed) {
        return value.textIs(QByteArrayView(allowed.data(), allowed.size()));
    });
}

using Type = JsonValueView::Type;

QLatin1StringView typeName(Type type)
{
    return JsonValueView::typeName(type);
}

Type expectedType(FieldType type)
{
    switch (type) {
    case FieldType::Number:
        return Type::Number;
    case FieldType::Boolean:
        return Type::Bool;
    case FieldType::Object:
    case FieldType::Changes:
        return Type::Object;
    case FieldType::String:
    case FieldType::Datetime:
        break;
    }
    return Type::String;
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

// A side of a `changes` pair as TaskStore.get_changed_tasks makes it with taskw's decode_task: a
// field's text, the list of its tags, or null where the task had no such field.
bool isChangeSide(const JsonValueView &value)
{
    if (value.isString() || value.isNull())
        return true;
    if (!value.isArray())
        return false;
    const QList<JsonValueView> items = value.toArray();
    return std::all_of(items.begin(), items.end(), [](const JsonValueView &item) { return item.isString(); });
}

QString changeSideProblem(const char *side, const JsonValueView &value)
{
    const QLatin1StringView what =
        value.isArray() ? QLatin1StringView("a list holding more than strings") : typeName(value.type());
    return QLatin1StringView(side) + QLatin1StringView(" is ") + what +
           QLatin1StringView(", expected a string, a list of strings or null");
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

    checkFields(PayloadSchema::fields(kind), document.object(), QLatin1StringView(), problems);
    if (kind == EventKind::LogMessage)
        checkUndatedLogRow(document.object(), problems);
    checkUsername(channel, document.object(), problems);
    return problems;
}

void PayloadChecker::checkFields(std::span<const FieldSpec> fields, const JsonObjectView &object,
                                 QLatin1StringView path, QStringList &problems)
{
    QVarLengthArray<QLatin1StringView, 16> names;
    for (const FieldSpec &field : fields)
        names.append(field.name);
    QVarLengthArray<JsonValueView, 16> values(names.size());
    object.values(names, values);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const FieldSpec &field = fields[i];
        const JsonValueView value = values[qsizetype(i)];
        if (value.isNull() && field.presence != Presence::Required)
            continue;
        if (value.isMissing() && field.presence == Presence::Optional)
            continue;
        // The common case, a field of the right plain type or one of its allowed texts, costs no
        // string at all.
        if (value.type() == expectedType(field.type) && field.type != FieldType::Datetime &&
            field.type != FieldType::Changes && field.fields.empty() &&
            (field.allowed.empty() || isAllowedText(field, value)))
            continue;
        const QString name = path.isEmpty() ? QString(field.name) : path + QLatin1Char('.') + field.name;
        if (value.isMissing())
            problems << name + QLatin1StringView(": missing");
        else
            checkValue(field, value, name, problems);
    }
}

void PayloadChecker::checkValue(const FieldSpec &field, const JsonValueView &value, const QString &name,
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
        checkFields(field.fields, value.toObject(), field.name, problems);
        break;
    case FieldType::Changes:
        checkChanges(value, name, problems);
        break;
    case FieldType::Number:
    case FieldType::Boolean:
        break;
    }
}

void PayloadChecker::checkChanges(const JsonValueView &value, const QString &name, QStringList &problems)
{
    const JsonObjectView changes = value.toObject();
    int broken = 0;
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const JsonValueView change = changes.at(i).value;
        QString problem;
        if (!change.isArray()) {
            problem = QLatin1StringView("expected [before, after], got ") + typeName(change.type());
        } else if (const qsizetype size = change.arraySize(); size != 2) {
            problem = QLatin1StringView("expected [before, after], got ") + QString::number(size) +
                      QLatin1StringView(size == 1 ? " element" : " elements");
        } else if (const JsonValueView before = change.arrayAt(0); !isChangeSide(before)) {
            problem = changeSideProblem("before", before);
        } else if (const JsonValueView after = change.arrayAt(1); !isChangeSide(after)) {
            problem = changeSideProblem("after", after);
        }
        if (problem.isEmpty())
            continue;
        if (++broken <= maxChangeProblems)
            problems << name + QLatin1Char('.') + OneLineText::from(changes.at(i).keyText(), 60) +
                            QLatin1StringView(": ") + problem;
    }
    if (broken > maxChangeProblems)
        problems << name + QLatin1StringView(": ") + QString::number(broken - maxChangeProblems) +
                        QLatin1StringView(" more entries are not [before, after] pairs");
}

void PayloadChecker::checkUndatedLogRow(const JsonObjectView &object, QStringList &problems)
{
    const JsonValueView count = object.value(QLatin1StringView("count"));
    if (!count.isNumber() || count.toDouble() == 0)
        return;
    for (const QLatin1StringView field : {QLatin1StringView("last_seen"), QLatin1StringView("created")}) {
        if (object.value(field).isNull())
            problems << field + QLatin1StringView(": null, yet count is ") + QString::fromUtf8(count.raw()) +
                            QLatin1StringView(" (only a new row, with count 0, has no date yet)");
    }
}

void PayloadChecker::checkUsername(const ChannelName &channel, const JsonObjectView &object,
                                   QStringList &problems)
{
    if (!channel.hasUsername())
        return;
    const JsonValueView username = object.value(QLatin1StringView("username"));
    if (!username.isString() || username.textIs(channel.usernameUtf8()))
        return;
    const QString text = username.toString();
    if (text == channel.username())
        return;
    problems << QLatin1StringView("username: ") + OneLineText::quoted(text) +
                    QLatin1StringView(" differs from the channel's ") +
                    OneLineText::quoted(channel.username());
}

} // namespace busmon
