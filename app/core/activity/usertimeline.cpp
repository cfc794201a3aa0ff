#include "activity/usertimeline.h"

#include "activity/activityfacts.h"
#include "store/eventstore.h"
#include "store/jsonfieldscanner.h"

#include <QSet>
#include <algorithm>
#include <vector>

namespace busmon {

namespace {

QByteArray stringField(QByteArrayView payload, const JsonFieldScanner::Path &path)
{
    const JsonValueRef value = JsonFieldScanner::find(payload, path);
    return value.type == JsonValueRef::Type::String ? JsonFieldScanner::decodeStringUtf8(value.raw)
                                                    : QByteArray();
}

SyncChainLinker::Event linkEvent(const StoredRow &row, bool changed)
{
    static const JsonFieldScanner::Path start{JsonFieldScanner::PathStep{QByteArrayLiteral("start"), -1}};
    static const JsonFieldScanner::Path head{JsonFieldScanner::PathStep{QByteArrayLiteral("head"), -1}};
    SyncChainLinker::Event event;
    event.receivedMs = row.receivedMs;
    event.kind = row.kind;
    event.changed = changed;
    if (row.kind == EventKind::LocalSync || row.kind == EventKind::ChangedTask) {
        event.start = stringField(row.payload, start);
        event.head = stringField(row.payload, head);
    }
    return event;
}

} // namespace

UserTimeline UserTimeline::collect(const EventStore &store, const QString &user, qint64 fromMs, qint64 toMs,
                                   int limit)
{
    UserTimeline timeline;
    timeline.user = user;
    std::vector<char> usersChannel(static_cast<size_t>(store.channelCount()), 0);
    for (int id = 0; id < store.channelCount(); ++id)
        usersChannel[static_cast<size_t>(id)] = store.channel(static_cast<quint32>(id)).username == user;

    std::vector<int> indexes;
    for (int index = 0; index < store.size(); ++index) {
        const StoredRow row = store.row(index);
        if (!row.isGap() && usersChannel[row.channelId] && row.receivedMs >= fromMs && row.receivedMs <= toMs)
            indexes.push_back(index);
    }
    timeline.inWindow = static_cast<int>(indexes.size());
    std::stable_sort(indexes.begin(), indexes.end(),
                     [&store](int a, int b) { return store.row(a).receivedMs < store.row(b).receivedMs; });
    const auto shown = std::min(indexes.size(), static_cast<size_t>(std::max(0, limit)));
    QList<SyncChainLinker::Event> linkEvents;
    for (auto it = indexes.end() - static_cast<qsizetype>(shown); it != indexes.end(); ++it) {
        const StoredRow row = store.row(*it);
        const bool changed =
            row.kind == EventKind::Sync && ActivityFacts::read(row.kind, row.payload).changed;
        timeline.events.append({row.rowId, row.receivedMs, row.kind, row.severity, changed});
        linkEvents.append(linkEvent(row, changed));
    }
    timeline.links = SyncChainLinker::link(linkEvents);
    return timeline;
}

QStringList UserTimeline::users(const EventStore &store)
{
    QSet<QString> names;
    for (int id = 0; id < store.channelCount(); ++id) {
        const QString &name = store.channel(static_cast<quint32>(id)).username;
        if (!name.isEmpty())
            names.insert(name);
    }
    QStringList sorted(names.begin(), names.end());
    std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
        const int order = a.compare(b, Qt::CaseInsensitive);
        return order != 0 ? order < 0 : a < b;
    });
    return sorted;
}

} // namespace busmon
