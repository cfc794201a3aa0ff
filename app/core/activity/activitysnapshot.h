#pragma once

#include "activity/activitywindow.h"
#include "events/eventkind.h"

#include <QList>
#include <QString>
#include <optional>

namespace busmon {

struct ActivityFacts;

// Counts of one minute, or of a whole window.
struct ActivityCounts
{
    qint64 syncs = 0;
    qint64 syncsChanged = 0; // stored or merged records
    qint64 localSyncs = 0;
    qint64 certificatesAccepted = 0;
    qint64 certificatesRejected = 0;
    qint64 mailAccepted = 0;
    qint64 mailRejected = 0;
    qint64 errors = 0; // log messages with error: true
    // Syncs left out of the durations, by why.
    qint64 durationsMissing = 0;
    qint64 durationsNotANumber = 0;
    qint64 durationsUnreadable = 0;

    qint64 durationsExcluded() const { return durationsMissing + durationsNotANumber + durationsUnreadable; }
    // Adds (+1) or takes away (-1) one message.
    void count(EventKind kind, const ActivityFacts &facts, int sign);
    ActivityCounts &operator+=(const ActivityCounts &other);
    bool operator==(const ActivityCounts &other) const = default;
};

// The sync activity figures of one window, as the charts draw them and `busmon-cli stats` prints them.
// Plain data: made by ActivityTally::snapshot(), read anywhere.
struct ActivitySnapshot
{
    struct Minute
    {
        qint64 startMs = 0; // UTC ms since the epoch, a whole minute
        ActivityCounts counts;
        std::optional<double> durationP50; // nearest rank, seconds; none without a numeric duration
        std::optional<double> durationP95;
    };
    struct User
    {
        QString name;
        qint64 syncs = 0;
        qint64 records = 0; // stored_count + merged_count of those syncs
    };

    static constexpr int topUserCount = 10;

    ActivityWindow window = ActivityWindow::All;
    qint64 fromMs = 0;  // start of the window's first minute
    qint64 toMs = 0;    // its end: the newest message, or now on a live bus
    qint64 minutes = 0; // whole minutes from fromMs through the minute of toMs
    ActivityCounts total;
    double syncsPerMinute = 0;  // total.syncs / minutes
    qint64 syncsLastMinute = 0; // in the 60 s up to toMs
    std::optional<double> durationP50;
    std::optional<double> durationP95;
    qint64 durationCount = 0; // syncs whose service_duration is a number
    qint64 distinctUsers = 0; // who synced
    QList<User> topUsers;     // by syncs, then name; at most topUserCount
    // One entry a minute from fromMs on; over very long spans only the minutes holding messages.
    QList<Minute> perMinute;
    bool perMinuteSparse = false;
};

} // namespace busmon
