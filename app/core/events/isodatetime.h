#pragma once

#include <QByteArray>
#include <QStringView>
#include <optional>

namespace busmon {

// ISO-8601 date-times as they appear on the bus (written by Django's JSON encoder) and in captures.
// Hand-written rather than QDateTime because it runs for every message and every capture line.
class IsoDateTime
{
public:
    // "2026-11-27T09:00:00.123Z": UTC, always with milliseconds (the capture format).
    static QByteArray formatUtcMs(qint64 msSinceEpoch);
    static constexpr qsizetype utcMsLength = 24;
    // The same, written to `out`, which has room for utcMsLength bytes.
    static void writeUtcMs(char *out, qint64 msSinceEpoch);
    // As Django writes it: "2026-11-27T09:00:00.123456+00:00" shortened to milliseconds with "Z".
    static QByteArray formatDjango(qint64 msSinceEpoch);
    // Date, 'T' (or a space), hh:mm[:ss[.fraction]], and an optional "Z" or ±hh[:]mm offset.
    // A date alone ("2026-11-27") is accepted too: Django writes dates that way.
    static bool isValid(QStringView text);
    // Milliseconds since the epoch, or nullopt when text is not a valid date-time; a missing
    // offset means UTC.
    static std::optional<qint64> parseMs(QStringView text);
};

} // namespace busmon
