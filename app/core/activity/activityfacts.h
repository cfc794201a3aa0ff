#pragma once

#include "events/eventkind.h"

#include <QByteArrayView>

namespace busmon {

// What one message adds to the sync activity figures, read from its payload once (scanned, never
// parsed into a tree). Only syncs, local syncs, certificate checks, incoming mail and log messages
// count; every other kind adds nothing.
struct ActivityFacts
{
    // Why a sync's service_duration is left out of the duration figures.
    enum class DurationGap : quint8 {
        None,       // a number: counted
        Missing,    // no service_duration field
        NotANumber, // a string, null, true/false, an object…
        Unreadable, // the payload is not a JSON object
    };
    // A certificate check or an incoming mail: what was decided.
    enum class Verdict : quint8 { None, Accepted, Rejected };

    double duration = 0; // sync: service_duration in seconds, when durationGap is None
    quint32 records = 0; // sync: stored_count + merged_count
    DurationGap durationGap = DurationGap::None;
    Verdict verdict = Verdict::None;
    bool changed = false; // sync: it stored or merged records
    bool error = false;   // log message: an error line (see read())

    static bool counts(EventKind kind);
    static ActivityFacts read(EventKind kind, QByteArrayView payload);
};

} // namespace busmon
