#pragma once

#include "activity/activityfacts.h"
#include "activity/activitysnapshot.h"
#include "activity/activitywindow.h"

#include <QHash>
#include <QString>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace busmon {

// The sync activity of a set of messages, a bucket per minute of received time: counts, the
// service_duration of each sync (for exact nearest-rank percentiles) and each user's syncs. Messages
// come and go one at a time (add() as they arrive, remove() as the oldest are evicted), so the charts
// follow a live bus without recounting; memory follows the messages held, whatever the session's length.
// Minutes without messages take no room, so a capture spanning years costs what its messages cost.
//
// remove() takes back the oldest message added to that minute with those facts: messages leave in the
// order they came (evictions take the oldest rows). Not thread-safe; snapshot() is const.
class ActivityTally
{
public:
    // Per-minute lists longer than this (a week of minutes) list only the minutes holding messages.
    static constexpr qint64 maxDenseMinutes = 7 * 24 * 60;

    // Users are interned: add() and remove() take the id. Ids stay valid until clearUsers().
    quint32 userId(const QString &name);
    const QString &userName(quint32 id) const { return m_userNames[id]; }

    void add(qint64 receivedMs, EventKind kind, quint32 user, const ActivityFacts &facts);
    void remove(qint64 receivedMs, EventKind kind, quint32 user, const ActivityFacts &facts);
    void clear(); // the messages; user ids stay
    void clearUsers();

    bool isEmpty() const { return m_minutes.empty(); }
    qint64 messageCount() const { return m_messages; }
    // Changes with every add(), remove() and clear(): whether a snapshot can be reused.
    quint64 generation() const { return m_generation; }
    // Received time of the first minute holding messages, if any.
    std::optional<qint64> firstMinuteMs() const;

    // The window ending at endMs (the newest message, or now). It starts at the minute of firstMs
    // (the oldest message of the data, in scope or not) when that is later than the window's start.
    ActivitySnapshot snapshot(ActivityWindow window, qint64 firstMs, qint64 endMs) const;

private:
    struct UserCounts
    {
        qint64 syncs = 0;
        qint64 records = 0;
    };
    struct Minute
    {
        qint64 messages = 0;
        ActivityCounts counts;
        std::vector<double> durations; // in the order added; the first durationsFront are gone
        size_t durationsFront = 0;
        QHash<quint32, UserCounts> users;
        mutable bool percentilesKnown = false;
        mutable std::optional<double> p50;
        mutable std::optional<double> p95;
    };
    static constexpr qint64 secondsKept = 120; // for the syncs of the last minute

    static size_t slotOf(qint64 second);
    Minute &minuteAt(qint64 minute);
    void countSecond(qint64 second, int sign);
    qint64 syncsInSecondsUpTo(qint64 lastSecond, qint64 seconds) const;
    static void fillPercentiles(const Minute &minute);
    void addUserCounts(const Minute &minute, QHash<quint32, UserCounts> &into) const;
    QList<ActivitySnapshot::User> topUsers(const QHash<quint32, UserCounts> &users) const;

    std::map<qint64, Minute> m_minutes; // by minute since the epoch
    qint64 m_messages = 0;
    quint64 m_generation = 0;
    std::array<qint64, secondsKept> m_secondSyncs{};
    qint64 m_newestSecond = std::numeric_limits<qint64>::min();
    QHash<QString, quint32> m_userIds;
    std::vector<QString> m_userNames;
};

} // namespace busmon
