#include "publish/toastdraft.h"

#include "events/channelname.h"

#include <QCoreApplication>
#include <QVariant>

#include <array>

namespace busmon {

namespace {
using L = QLatin1StringView;

QString tr(const char *text)
{
    return QCoreApplication::translate("busmon::ToastDraft", text);
}

constexpr std::array fieldNames{L("username"), L("title"), L("message"), L("type"), L("duration")};
constexpr std::array typeNames{L("info"), L("warning"), L("error"), L("success")};

bool isKnownType(const QString &type)
{
    return std::find(typeNames.begin(), typeNames.end(), type) != typeNames.end();
}

// A positive whole number of milliseconds, digits only: "8000", not "8e3", "+8000" or "8000.0".
std::optional<qint64> parsedDuration(const QString &text)
{
    if (text.isEmpty() ||
        !std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; }))
        return std::nullopt;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value <= 0)
        return std::nullopt;
    return value;
}

// The first character no username can hold: one that is invisible or a control character, or half
// of a character (a lone surrogate cannot become UTF-8, so the channel could not be named).
std::optional<char32_t> unusableCharacter(const QString &username)
{
    for (qsizetype i = 0; i < username.size(); ++i) {
        const QChar c = username.at(i);
        if (c.isHighSurrogate() && i + 1 < username.size() && username.at(i + 1).isLowSurrogate()) {
            const char32_t code = QChar::surrogateToUcs4(c, username.at(i + 1));
            if (QChar::category(code) == QChar::Other_Format)
                return code;
            ++i;
            continue;
        }
        if (c.isSurrogate() || c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return c.unicode();
    }
    return std::nullopt;
}

QString codePointName(char32_t code)
{
    return QStringLiteral("U+%1").arg(qulonglong(code), 4, 16, QLatin1Char('0')).toUpper();
}

void checkUsername(const QString &username, QList<ToastDraft::Issue> &issues)
{
    using Issue = ToastDraft::Issue;
    constexpr auto field = ToastDraft::Field::Username;
    if (username.isEmpty()) {
        issues.append(
            {field, ToastDraft::Severity::Error, tr("Required: the user whose browser shows the toast.")});
        return;
    }
    if (std::any_of(username.begin(), username.end(), [](QChar c) { return c.isSpace(); })) {
        issues.append(Issue{field, ToastDraft::Severity::Error,
                            tr("A username has no spaces: personal.%1 would reach nobody.").arg(username)});
        return;
    }
    if (const std::optional<char32_t> code = unusableCharacter(username)) {
        issues.append(Issue{field, ToastDraft::Severity::Error,
                            tr("Holds %1, an invisible or control character no username has: the channel "
                               "would reach nobody.")
                                .arg(codePointName(*code))});
        return;
    }
    if (username.startsWith(QLatin1String("personal."))) {
        issues.append(Issue{field, ToastDraft::Severity::Warning,
                            tr("This looks like a channel: the toast goes to personal.%1.").arg(username)});
    }
}
} // namespace

QLatin1StringView ToastDraft::fieldName(Field field)
{
    return fieldNames[static_cast<size_t>(field)];
}

QList<ToastDraft::Issue> ToastDraft::issues() const
{
    QList<Issue> found;
    if (target == Target::OneUser)
        checkUsername(username, found);
    if (title.trimmed().isEmpty())
        found.append({Field::Title, Severity::Error, tr("Required: the web UI shows it in bold.")});
    if (message.trimmed().isEmpty()) {
        found.append({Field::Message, Severity::Error, tr("Required: the text of the toast.")});
    } else if (const qsizetype length = message.toUcs4().size(); length > longMessageChars) {
        found.append({Field::Message, Severity::Warning,
                      tr("%1 characters: long for a toast, which is gone before that much is read "
                         "(keep it under %2).")
                          .arg(length)
                          .arg(longMessageChars)});
    }
    if (!type.isEmpty() && !isKnownType(type))
        found.append({Field::Type, Severity::Error,
                      tr("One of info, warning, error, success (the web UI shows anything else as info).")});
    if (!duration.isEmpty() && !parsedDuration(duration))
        found.append(
            {Field::Duration, Severity::Error, tr("A positive whole number of milliseconds, such as 8000.")});
    return found;
}

bool ToastDraft::canPublish() const
{
    const QList<Issue> found = issues();
    return std::none_of(found.begin(), found.end(),
                        [](const Issue &issue) { return issue.severity == Severity::Error; });
}

QList<ToastDraft::Issue> ToastDraft::issuesOf(Field field) const
{
    QList<Issue> found = issues();
    found.removeIf([field](const Issue &issue) { return issue.field != field; });
    return found;
}

QByteArray ToastDraft::channel() const
{
    return target == Target::Everyone ? ChannelName::forUser(EventKind::General, QString())
                                      : ChannelName::forUser(EventKind::Personal, username);
}

Announcement ToastDraft::announcement() const
{
    Announcement result;
    result.title = title;
    result.message = message;
    result.system = system;
    if (isKnownType(type))
        result.type = Announcement::typeFromName(type);
    result.duration = parsedDuration(duration);
    return result;
}

QByteArray ToastDraft::payload() const
{
    const Announcement toast = announcement();
    return target == Target::Everyone ? toast.generalPayload() : toast.personalPayload(username);
}

std::optional<ToastDraft> ToastDraft::fromMessage(const QByteArray &channel, const QByteArray &payload)
{
    const ChannelName name = ChannelName::parse(channel);
    ToastDraft draft;
    if (name.kind() == EventKind::Personal) {
        draft.target = Target::OneUser;
        draft.username = name.username();
    } else if (name.kind() != EventKind::General) {
        return std::nullopt;
    }
    const std::optional<Announcement> toast = Announcement::fromPayload(payload);
    if (!toast)
        return draft;
    draft.title = toast->title;
    draft.message = toast->message;
    draft.system = toast->system;
    if (toast->type)
        draft.type = QString(Announcement::typeName(*toast->type));
    if (toast->duration)
        draft.duration = QString::number(*toast->duration);
    return draft;
}

QVariantMap ToastDraft::toVariantMap() const
{
    return {{QStringLiteral("target"),
             target == Target::Everyone ? QStringLiteral("everyone") : QStringLiteral("user")},
            {QStringLiteral("username"), username},
            {QStringLiteral("title"), title},
            {QStringLiteral("message"), message},
            {QStringLiteral("system"), system},
            {QStringLiteral("type"), type},
            {QStringLiteral("duration"), duration}};
}

ToastDraft ToastDraft::fromVariantMap(const QVariantMap &map)
{
    ToastDraft draft;
    draft.target = map.value(QStringLiteral("target")).toString() == QLatin1String("user") ? Target::OneUser
                                                                                           : Target::Everyone;
    draft.username = map.value(QStringLiteral("username")).toString();
    draft.title = map.value(QStringLiteral("title")).toString();
    draft.message = map.value(QStringLiteral("message")).toString();
    draft.system = map.value(QStringLiteral("system"), true).toBool();
    draft.type = map.value(QStringLiteral("type")).toString();
    draft.duration = map.value(QStringLiteral("duration")).toString();
    return draft;
}

} // namespace busmon
