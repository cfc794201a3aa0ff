#include "activity/activitytally.h"

#include "activity/nearestrank.h"

#include <algorithm>

namespace busmon {

namespace {
constexpr qint64 msPerMinute = 60'000;

qint64 floorDiv(qint64 value, qint64 divisor)
{
    return value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
}
} // namespace

size_t ActivityTally::slotOf(qint64 second)
{
    return static_cast<size_t>(second - floorDiv(second, secondsKept) * secondsKept);
}

quint32 ActivityTally::userId(const QString &name)
{
    const auto found = m_userIds.constFind(name);
    if (found != m_userIds.constEnd())
        return *found;
    const auto id = static_cast<quint32>(m_userNames.size());
    m_userNames.push_back(name);
    m_userIds.insert(name, id);
    return id;
}

void ActivityTally::clearUsers()
{
    m_userIds.clear();
    m_userNames.clear();
}

ActivityTally::Minute &ActivityTally::minuteAt(qint64 minute)
{
    // Messages mostly arrive in time order: the newest minute first, without a search.
    if (!m_minutes.empty() && m_minutes.rbegin()->first == minute)
        return m_minutes.rbegin()->second;
    return m_minutes[minute];
}

void ActivityTally::add(qint64 receivedMs, EventKind kind, quint32 user, const ActivityFacts &facts)
{
    if (!ActivityFacts::counts(kind))
        return;
    ++m_generation;
    ++m_messages;
    Minute &minute = minuteAt(floorDiv(receivedMs, msPerMinute));
    ++minute.messages;
    minute.counts.count(kind, facts, +1);
    if (kind != EventKind::Sync)
        return;
    countSecond(floorDiv(receivedMs, 1000), +1);
    UserCounts &counts = minute.users[user];
    ++counts.syncs;
    counts.records += facts.records;
    if (facts.durationGap == ActivityFacts::DurationGap::None) {
        minute.durations.push_back(facts.duration);
        minute.percentilesKnown = false;
    }
}

void ActivityTally::remove(qint64 receivedMs, EventKind kind, quint32 user, const ActivityFacts &facts)
{
    if (!ActivityFacts::counts(kind))
        return;
    const auto found = m_minutes.find(floorDiv(receivedMs, msPerMinute));
    if (found == m_minutes.end())
        return;
    ++m_generation;
    --m_messages;
    Minute &minute = found->second;
    if (--minute.messages == 0) {
        m_minutes.erase(found);
        if (kind == EventKind::Sync)
            countSecond(floorDiv(receivedMs, 1000), -1);
        return;
    }
    minute.counts.count(kind, facts, -1);
    if (kind != EventKind::Sync)
        return;
    countSecond(floorDiv(receivedMs, 1000), -1);
    if (const auto counts = minute.users.find(user); counts != minute.users.end()) {
        counts->records -= facts.records;
        if (--counts->syncs == 0)
            minute.users.erase(counts);
    }
    if (facts.durationGap == ActivityFacts::DurationGap::None &&
        minute.durationsFront < minute.durations.size()) {
        ++minute.durationsFront;
        minute.percentilesKnown = false;
        if (minute.durationsFront * 2 > minute.durations.size()) {
            minute.durations.erase(minute.durations.begin(),
                                   minute.durations.begin() + static_cast<qsizetype>(minute.durationsFront));
            minute.durationsFront = 0;
        }
    }
}

void ActivityTally::clear()
{
    ++m_generation;
    m_minutes.clear();
    m_messages = 0;
    m_secondSyncs.fill(0);
    m_newestSecond = std::numeric_limits<qint64>::min();
}

std::optional<qint64> ActivityTally::firstMinuteMs() const
{
    if (m_minutes.empty())
        return std::nullopt;
    return m_minutes.begin()->first * msPerMinute;
}

void ActivityTally::countSecond(qint64 second, int sign)
{
    if (second > m_newestSecond) {
        if (sign < 0)
            return;
        // Seconds that fall out of the ring are zeroed before their slots are reused.
        const qint64 from = m_newestSecond == std::numeric_limits<qint64>::min()
                                ? second - secondsKept + 1
                                : std::max(m_newestSecond + 1, second - secondsKept + 1);
        for (qint64 s = from; s <= second; ++s)
            m_secondSyncs[slotOf(s)] = 0;
        m_newestSecond = second;
    }
    if (second <= m_newestSecond - secondsKept)
        return; // its slot belongs to a newer second now
    m_secondSyncs[slotOf(second)] += sign;
}

qint64 ActivityTally::syncsInSecondsUpTo(qint64 lastSecond, qint64 seconds) const
{
    if (m_newestSecond == std::numeric_limits<qint64>::min())
        return 0; // no sync counted yet (and the ring's lower end would overflow)
    qint64 total = 0;
    const qint64 from = std::max(lastSecond - seconds + 1, m_newestSecond - secondsKept + 1);
    const qint64 to = std::min(lastSecond, m_newestSecond);
    for (qint64 s = from; s <= to; ++s)
        total += m_secondSyncs[slotOf(s)];
    return total;
}

void ActivityTally::fillPercentiles(const Minute &minute)
{
    if (minute.percentilesKnown)
        return;
    std::vector<double> values(minute.durations.begin() + static_cast<qsizetype>(minute.durationsFront),
                               minute.durations.end());
    minute.p50 = nearestRankPercentile(values, 50);
    minute.p95 = nearestRankPercentile(values, 95);
    minute.percentilesKnown = true;
}

void ActivityTally::addUserCounts(const Minute &minute, QHash<quint32, UserCounts> &into) const
{
    for (auto it = minute.users.cbegin(); it != minute.users.cend(); ++it) {
        if (m_userNames[it.key()].isEmpty())
            continue; // a sync channel without a user name: counted, but nobody's
        UserCounts &counts = into[it.key()];
        counts.syncs += it->syncs;
        counts.records += it->records;
    }
}

QList<ActivitySnapshot::User> ActivityTally::topUsers(const QHash<quint32, UserCounts> &users) const
{
    std::vector<ActivitySnapshot::User> all;
    all.reserve(static_cast<size_t>(users.size()));
    for (auto it = users.cbegin(); it != users.cend(); ++it)
        all.push_back({m_userNames[it.key()], it->syncs, it->records});
    const auto busier = [](const ActivitySnapshot::User &a, const ActivitySnapshot::User &b) {
        return a.syncs != b.syncs ? a.syncs > b.syncs : a.name < b.name;
    };
    const auto shown = std::min<size_t>(all.size(), ActivitySnapshot::topUserCount);
    std::partial_sort(all.begin(), all.begin() + static_cast<qsizetype>(shown), all.end(), busier);
    return QList<ActivitySnapshot::User>(all.begin(), all.begin() + static_cast<qsizetype>(shown));
}

ActivitySnapshot ActivityTally::snapshot(ActivityWindow window, qint64 firstMs, qint64 endMs) const
{
    ActivitySnapshot result;
    result.window = window;
    result.toMs = endMs;
    const qint64 endMinute = floorDiv(endMs, msPerMinute);
    qint64 firstMinute = std::min(floorDiv(firstMs, msPerMinute), endMinute);
    if (!m_minutes.empty())
        firstMinute = std::min(firstMinute, m_minutes.begin()->first);
    if (const int minutes = activityWindowMinutes(window); minutes > 0)
        firstMinute = std::max(firstMinute, endMinute - minutes + 1);
    result.fromMs = firstMinute * msPerMinute;
    result.minutes = endMinute - firstMinute + 1;
    result.perMinuteSparse = result.minutes > maxDenseMinutes;

    std::vector<double> durations;
    QHash<quint32, UserCounts> users;
    qint64 listed = firstMinute;
    const auto inWindow = m_minutes.lower_bound(firstMinute);
    for (auto it = inWindow; it != m_minutes.end() && it->first <= endMinute; ++it) {
        const Minute &minute = it->second;
        for (; !result.perMinuteSparse && listed < it->first; ++listed)
            result.perMinute.append({listed * msPerMinute, {}, {}, {}});
        fillPercentiles(minute);
        result.perMinute.append({it->first * msPerMinute, minute.counts, minute.p50, minute.p95});
        listed = it->first + 1;
        result.total += minute.counts;
        durations.insert(durations.end(),
                         minute.durations.begin() + static_cast<qsizetype>(minute.durationsFront),
                         minute.durations.end());
        addUserCounts(minute, users);
    }
    for (; !result.perMinuteSparse && listed <= endMinute; ++listed)
        result.perMinute.append({listed * msPerMinute, {}, {}, {}});

    result.syncsPerMinute = double(result.total.syncs) / double(result.minutes);
    result.syncsLastMinute = syncsInSecondsUpTo(floorDiv(endMs, 1000), 60);
    result.durationCount = static_cast<qint64>(durations.size());
    result.durationP50 = nearestRankPercentile(durations, 50);
    result.durationP95 = nearestRankPercentile(durations, 95);
    result.distinctUsers = users.size();
    result.topUsers = topUsers(users);
    return result;
}

} // namespace busmon
