#include "events/payloadschema.h"

#include <array>

namespace busmon {

namespace {

using L = QLatin1StringView;
constexpr Presence optional = Presence::Optional;
constexpr Presence nullable = Presence::Nullable;

constexpr std::array syncActions{L("sync")};
constexpr std::array rejectionReasons{L("passlist"), L("subject")};

constexpr std::array generalFields{
    FieldSpec{L("title")},
    FieldSpec{L("message")},
    FieldSpec{L("system"), FieldType::Boolean},
};

constexpr std::array personalFields{
    FieldSpec{L("username")},
    FieldSpec{L("title")},
    FieldSpec{L("message")},
};

constexpr std::array localSyncFields{
    FieldSpec{L("username")},
    // Null when the user pressed "sync now": TaskViewSet.sync calls store.sync() without one.
    FieldSpec{L("debounce_id"), FieldType::String, nullable},
    FieldSpec{L("start")},
    FieldSpec{L("head")},
};

constexpr std::array changedTaskFields{
    FieldSpec{L("username")},
    FieldSpec{L("start")},
    FieldSpec{L("head")},
    FieldSpec{L("task_id")},
    FieldSpec{L("task_data"), FieldType::Object},
    FieldSpec{L("changes"), FieldType::Changes},
};

constexpr std::array logMessageFields{
    FieldSpec{L("username")},
    FieldSpec{L("md5hash")},
    // Null in the first of the two messages a new row makes (TaskStoreActivityLog.save publishes
    // before Django fills them in); PayloadChecker holds them to `count` 0 there.
    FieldSpec{L("last_seen"), FieldType::Datetime, nullable},
    FieldSpec{L("created"), FieldType::Datetime, nullable},
    FieldSpec{L("error"), FieldType::Boolean},
    FieldSpec{L("silent"), FieldType::Boolean},
    FieldSpec{L("message")},
    FieldSpec{L("count"), FieldType::Number},
};

constexpr std::array incomingMailFields{
    FieldSpec{L("username")},
    FieldSpec{L("message_id"), FieldType::Number},
    FieldSpec{L("subject")},
    FieldSpec{L("accepted"), FieldType::Boolean},
    FieldSpec{L("rejection_reason"), FieldType::String, optional, rejectionReasons},
    FieldSpec{L("task_id"), FieldType::String, optional},
};

// The web app publishes Trello's whole webhook body (process_trello_action); these are the parts
// the catalogue names, the rest (`webhook`, `action.data`, `action.display`…) is extra.
constexpr std::array trelloActionFields{FieldSpec{L("id")}, FieldSpec{L("type")}};
constexpr std::array trelloModelFields{FieldSpec{L("id")}};
constexpr std::array trelloFields{
    FieldSpec{L("action"), FieldType::Object, Presence::Required, {}, trelloActionFields},
    FieldSpec{L("model"), FieldType::Object, Presence::Required, {}, trelloModelFields},
};

// taskd writes this and the certificate check with jsoncpp (tab-indented, " : ", keys sorted):
// only the layout differs, the fields are the catalogue's.
constexpr std::array syncFields{
    FieldSpec{L("action"), FieldType::String, Presence::Required, syncActions},
    FieldSpec{L("username")},
    FieldSpec{L("org")},
    FieldSpec{L("client")},
    FieldSpec{L("ip")},
    FieldSpec{L("port"), FieldType::Number},
    FieldSpec{L("client_key")},
    FieldSpec{L("record_count"), FieldType::Number},
    FieldSpec{L("branch_point")},
    FieldSpec{L("branch_record_count"), FieldType::Number},
    FieldSpec{L("delta_count"), FieldType::Number},
    FieldSpec{L("stored_count"), FieldType::Number},
    FieldSpec{L("merged_count"), FieldType::Number},
    FieldSpec{L("service_duration"), FieldType::Number},
};

constexpr std::array certificateFields{
    FieldSpec{L("username")},
    FieldSpec{L("org")},
    FieldSpec{L("client")},
    FieldSpec{L("ip")},
    FieldSpec{L("port"), FieldType::Number},
    FieldSpec{L("fingerprint")},
    FieldSpec{L("certificate_recognized"), FieldType::Boolean},
    FieldSpec{L("certificate_accepted"), FieldType::Boolean},
};

} // namespace

std::span<const FieldSpec> PayloadSchema::fields(EventKind kind)
{
    switch (kind) {
    case EventKind::General:
        return generalFields;
    case EventKind::Personal:
        return personalFields;
    case EventKind::LocalSync:
        return localSyncFields;
    case EventKind::ChangedTask:
        return changedTaskFields;
    case EventKind::LogMessage:
        return logMessageFields;
    case EventKind::IncomingMail:
        return incomingMailFields;
    case EventKind::IncomingTrelloChange:
        return trelloFields;
    case EventKind::Sync:
        return syncFields;
    case EventKind::TaskdCertificate:
        return certificateFields;
    case EventKind::Unknown:
        break;
    }
    return {};
}

} // namespace busmon
