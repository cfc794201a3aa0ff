#pragma once

#include "activity/activitysnapshot.h"

#include <QByteArray>
#include <QString>

class QTimeZone;

namespace busmon {

// An ActivitySnapshot written out: as aligned text for a person, as JSON for scripts (busmon-cli stats),
// and each chart's data as CSV (the window's export).
class ActivityReport
{
public:
    enum class Chart { Syncs, Durations, Users, Outcomes };

    // JSON keys: window, from, to, minutes, total_syncs, syncs_changed, local_syncs, syncs_per_minute,
    // syncs_last_minute, duration_p50, duration_p95, durations_counted, durations_excluded (a number),
    // durations_excluded_by_reason, distinct_users, errors, certificates_accepted, certificates_rejected,
    // mail_accepted, mail_rejected, top_users [{user, syncs, records}] and per_minute [{minute, syncs,
    // syncs_changed, local_syncs, duration_p50, duration_p95, errors, certificates_accepted,
    // certificates_rejected, mail_accepted, mail_rejected}]. Times UTC (ISO-8601), durations in seconds,
    // null where there is no duration.
    static QByteArray toJson(const ActivitySnapshot &snapshot);
    // Times in `zone` (the local time zone by default).
    static QString toText(const ActivitySnapshot &snapshot);
    static QString toText(const ActivitySnapshot &snapshot, const QTimeZone &zone);
    // RFC 4180, a header line first; minutes as local ISO-8601 times with their UTC offset.
    static QString toCsv(const ActivitySnapshot &snapshot, Chart chart);
    static QString toCsv(const ActivitySnapshot &snapshot, Chart chart, const QTimeZone &zone);

    // "3 missing, 1 not a number, 1 payload not JSON": why syncs were left out of the durations.
    static QString exclusionReasons(const ActivityCounts &counts);
    // "0.142 s", "1.5 s", "—" (seconds, three significant digits at most below 10 s).
    static QString seconds(const std::optional<double> &value);
};

} // namespace busmon
