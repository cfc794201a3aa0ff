#pragma once

#include "events/eventkind.h"

#include <QByteArray>
#include <QList>

namespace busmon {

// Follows a user's syncs to the web app: a taskd sync that stored or merged records makes the web
// app sync too, which publishes local_sync.<user> and then one changed_task.<user> per changed task,
// those two sharing the `start` and `head` git SHAs (DESIGN.md, "The bus, as it really is").
//
// A local_sync takes the changed syncs of the linkWindowMs before it that no earlier local_sync took
// (the web app debounces: one local sync may follow several); a changed_task joins the latest chain
// with its start and head. A changed sync that no local_sync followed within linkWindowMs is
// unlinked: "my change did not arrive".
class SyncChainLinker
{
public:
    static constexpr qint64 linkWindowMs = 5 * 60'000;

    struct Event
    {
        qint64 receivedMs = 0;
        EventKind kind = EventKind::Unknown;
        bool changed = false; // a sync that stored or merged records
        QByteArray start;     // local_sync and changed_task
        QByteArray head;
    };
    struct Chain
    {
        QList<int> syncs;   // indexes into the events given
        int localSync = -1; // -1: changed tasks whose local_sync is not among the events
        QList<int> changedTasks;
        QByteArray start;
        QByteArray head;
    };
    struct Result
    {
        QList<Chain> chains;
        QList<int> unlinkedSyncs; // changed syncs no local_sync followed
    };

    // Events of one user in time order.
    static Result link(const QList<Event> &events);
};

} // namespace busmon
