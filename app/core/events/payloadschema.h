#pragma once

#include "events/eventkind.h"

#include <QLatin1StringView>
#include <span>

namespace busmon {

enum class FieldType : quint8 {
    String,
    Number,
    Boolean,
    Object,   // any object, or one with the given nested fields
    Datetime, // an ISO-8601 string, as Django writes datetimes
    Changes,  // changed_task's `changes`: field -> [before, after], each side a string, a list of
              // strings (tags) or null
};

enum class Presence : quint8 {
    Required, // present, of its type
    Nullable, // present, of its type or null: where the real app sends None
    Optional, // may also be absent (`rejection_reason?`)
};

struct FieldSpec
{
    QLatin1StringView name;
    FieldType type = FieldType::String;
    Presence presence = Presence::Required;
    std::span<const QLatin1StringView> allowed = {}; // String: the only values it may take
    std::span<const FieldSpec> fields = {};          // Object: fields it must hold itself
};

// The interface of each kind, as the catalogue (spec/event-bus-messages.txt) gives it, widened
// where the real publishers (Inthe.AM's web app, taskd) send more than it says: a null
// `debounce_id`, null dates on a new log row, lists in `changes`. Only what the catalogue names:
// extra fields are allowed everywhere.
class PayloadSchema
{
public:
    // Empty for Unknown: a channel we know nothing about has no interface to break.
    static std::span<const FieldSpec> fields(EventKind kind);
};

} // namespace busmon
