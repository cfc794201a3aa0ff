#include "events/eventkind.h"

namespace busmon {

namespace {
struct KindText
{
    EventKind kind;
    QLatin1StringView name;
    QLatin1StringView prefix;
};

constexpr std::array<KindText, eventKindCount> kindTexts{{
    {EventKind::General, QLatin1StringView("__general__"), QLatin1StringView()},
    {EventKind::Personal, QLatin1StringView("personal"), QLatin1StringView("personal")},
    {EventKind::LocalSync, QLatin1StringView("local_sync"), QLatin1StringView("local_sync")},
    {EventKind::ChangedTask, QLatin1StringView("changed_task"), QLatin1StringView("changed_task")},
    {EventKind::LogMessage, QLatin1StringView("log_message"), QLatin1StringView("log_message")},
    {EventKind::IncomingMail, QLatin1StringView("incoming_mail"), QLatin1StringView("incoming_mail")},
    {EventKind::IncomingTrelloChange, QLatin1StringView("incoming_trello_change"),
     QLatin1StringView("incoming_trello_change")},
    {EventKind::Sync, QLatin1StringView("sync"), QLatin1StringView("sync")},
    {EventKind::TaskdCertificate, QLatin1StringView("taskd.certificate"),
     QLatin1StringView("taskd.certificate")},
    {EventKind::Unknown, QLatin1StringView("unknown"), QLatin1StringView()},
}};
} // namespace

QLatin1StringView eventKindName(EventKind kind)
{
    return kindTexts[static_cast<size_t>(kind)].name;
}

QLatin1StringView eventKindPrefix(EventKind kind)
{
    return kindTexts[static_cast<size_t>(kind)].prefix;
}

std::optional<EventKind> eventKindFromName(QByteArrayView name)
{
    for (const KindText &text : kindTexts) {
        if (name == QByteArrayView(text.name.data(), text.name.size()))
            return text.kind;
    }
    return std::nullopt;
}

} // namespace busmon
