#include "activity/activityfacts.h"

#include "store/jsonfieldscanner.h"

#include <charconv>
#include <limits>
#include <optional>

namespace busmon {

namespace {

using Type = JsonValueRef::Type;

std::optional<double> numberOf(const JsonValueRef &value)
{
    if (value.type != Type::Number)
        return std::nullopt;
    double number = 0;
    const char *end = value.raw.data() + value.raw.size();
    const auto parsed = std::from_chars(value.raw.data(), end, number);
    if (parsed.ec != std::errc() || parsed.ptr != end)
        return std::nullopt;
    return number;
}

// A record count as a whole number of at least 0; anything else counts as none.
quint32 countOf(const JsonValueRef &value)
{
    const std::optional<double> number = numberOf(value);
    if (!number || !(*number > 0))
        return 0;
    return *number >= double(std::numeric_limits<quint32>::max()) ? std::numeric_limits<quint32>::max()
                                                                  : static_cast<quint32>(*number);
}

ActivityFacts::Verdict verdictOf(const JsonValueRef &value)
{
    if (value.type == Type::True)
        return ActivityFacts::Verdict::Accepted;
    if (value.type == Type::False)
        return ActivityFacts::Verdict::Rejected;
    return ActivityFacts::Verdict::None;
}

ActivityFacts readSync(QByteArrayView payload)
{
    ActivityFacts facts;
    JsonValueRef duration;
    quint32 stored = 0;
    quint32 merged = 0;
    const bool object =
        JsonFieldScanner::forEachMember(payload, [&](QByteArrayView key, const JsonValueRef &value) {
            if (key == "service_duration")
                duration = value;
            else if (key == "stored_count")
                stored = countOf(value);
            else if (key == "merged_count")
                merged = countOf(value);
            return true;
        });
    if (!object) {
        facts.durationGap = ActivityFacts::DurationGap::Unreadable;
        return facts;
    }
    facts.records = stored > std::numeric_limits<quint32>::max() - merged
                        ? std::numeric_limits<quint32>::max()
                        : stored + merged;
    facts.changed = facts.records > 0;
    if (const std::optional<double> seconds = numberOf(duration))
        facts.duration = *seconds;
    else
        facts.durationGap = duration.type == Type::Missing ? ActivityFacts::DurationGap::Missing
                                                           : ActivityFacts::DurationGap::NotANumber;
    return facts;
}

ActivityFacts readVerdict(QByteArrayView payload, QByteArrayView field)
{
    ActivityFacts facts;
    JsonFieldScanner::forEachMember(payload, [&](QByteArrayView key, const JsonValueRef &value) {
        if (key != field)
            return true;
        facts.verdict = verdictOf(value);
        return false;
    });
    return facts;
}

// The web app publishes a new log row twice: first with count 0 (and null times), then with count 1.
// The first copy is not an occurrence of its own.
ActivityFacts readLogMessage(QByteArrayView payload)
{
    ActivityFacts facts;
    bool isError = false;
    bool announcedOnly = false;
    JsonFieldScanner::forEachMember(payload, [&](QByteArrayView key, const JsonValueRef &value) {
        if (key == "error")
            isError = value.type == Type::True;
        else if (key == "count")
            announcedOnly = numberOf(value) == 0.0;
        return true;
    });
    facts.error = isError && !announcedOnly;
    return facts;
}

} // namespace

bool ActivityFacts::counts(EventKind kind)
{
    switch (kind) {
    case EventKind::Sync:
    case EventKind::LocalSync:
    case EventKind::TaskdCertificate:
    case EventKind::IncomingMail:
    case EventKind::LogMessage:
        return true;
    default:
        return false;
    }
}

ActivityFacts ActivityFacts::read(EventKind kind, QByteArrayView payload)
{
    switch (kind) {
    case EventKind::Sync:
        return readSync(payload);
    case EventKind::TaskdCertificate:
        return readVerdict(payload, "certificate_accepted");
    case EventKind::IncomingMail:
        return readVerdict(payload, "accepted");
    case EventKind::LogMessage:
        return readLogMessage(payload);
    default:
        return {};
    }
}

} // namespace busmon
