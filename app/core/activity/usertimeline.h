#pragma once

#include "activity/syncchainlinker.h"
#include "events/eventkind.h"
#include "store/storedrow.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace busmon {

class EventStore;

// One user's retained messages in a time window, every kind, with their syncs linked to the
// local_sync and changed_task messages that followed them (SyncChainLinker): the support view of
// "my change did not arrive". The newest `limit` messages at most.
struct UserTimeline
{
    static constexpr int defaultLimit = 5000;

    struct Event
    {
        quint64 rowId = 0; // EventStore row id: selects the message in the table
        qint64 receivedMs = 0;
        EventKind kind = EventKind::Unknown;
        Severity severity = Severity::Normal;
        bool changed = false; // a sync that stored or merged records
    };

    QString user;
    QList<Event> events; // by received time
    SyncChainLinker::Result links;
    int inWindow = 0; // the user's messages in the window, shown or not
    bool truncated() const { return inWindow > events.size(); }

    static UserTimeline collect(const EventStore &store, const QString &user, qint64 fromMs, qint64 toMs,
                                int limit = defaultLimit);
    // Every user on a retained channel, sorted (case-insensitively), for completion.
    static QStringList users(const EventStore &store);
};

} // namespace busmon
