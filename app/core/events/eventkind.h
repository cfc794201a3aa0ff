#pragma once

#include <QByteArrayView>
#include <QLatin1StringView>
#include <array>
#include <optional>

namespace busmon {

// The nine kinds of the Inthe.AM bus catalogue, plus Unknown for any other channel.
// The numeric order is the tab order of the GUI and the order of summaries in busmon-cli.
enum class EventKind : quint8 {
    General,
    Personal,
    LocalSync,
    ChangedTask,
    LogMessage,
    IncomingMail,
    IncomingTrelloChange,
    Sync,
    TaskdCertificate,
    Unknown,
};

inline constexpr int eventKindCount = 10;

inline constexpr std::array<EventKind, eventKindCount> allEventKinds{
    EventKind::General,
    EventKind::Personal,
    EventKind::LocalSync,
    EventKind::ChangedTask,
    EventKind::LogMessage,
    EventKind::IncomingMail,
    EventKind::IncomingTrelloChange,
    EventKind::Sync,
    EventKind::TaskdCertificate,
    EventKind::Unknown,
};

// Name as written in captures and in the filter language: "__general__", "personal", …, "unknown".
QLatin1StringView eventKindName(EventKind kind);
std::optional<EventKind> eventKindFromName(QByteArrayView name);

// Channel prefix without the trailing dot ("personal", "taskd.certificate"); empty for General
// (a single channel) and Unknown.
QLatin1StringView eventKindPrefix(EventKind kind);

} // namespace busmon
