#include "activity/syncchainlinker.h"

#include <QHash>

namespace busmon {

SyncChainLinker::Result SyncChainLinker::link(const QList<Event> &events)
{
    Result result;
    QList<int> waiting; // changed syncs no local_sync took yet
    QHash<QByteArray, int> chainOfHeads;
    const auto key = [](const Event &event) { return event.start + '\0' + event.head; };
    for (int i = 0; i < events.size(); ++i) {
        const Event &event = events.at(i);
        switch (event.kind) {
        case EventKind::Sync:
            if (event.changed)
                waiting.append(i);
            break;
        case EventKind::LocalSync: {
            Chain chain;
            chain.localSync = i;
            chain.start = event.start;
            chain.head = event.head;
            for (const int sync : std::as_const(waiting)) {
                if (event.receivedMs - events.at(sync).receivedMs <= linkWindowMs)
                    chain.syncs.append(sync);
                else
                    result.unlinkedSyncs.append(sync);
            }
            waiting.clear();
            chainOfHeads.insert(key(event), static_cast<int>(result.chains.size()));
            result.chains.append(chain);
            break;
        }
        case EventKind::ChangedTask: {
            const auto found = chainOfHeads.constFind(key(event));
            if (found != chainOfHeads.constEnd()) {
                result.chains[*found].changedTasks.append(i);
                break;
            }
            Chain chain;
            chain.changedTasks.append(i);
            chain.start = event.start;
            chain.head = event.head;
            chainOfHeads.insert(key(event), static_cast<int>(result.chains.size()));
            result.chains.append(chain);
            break;
        }
        default:
            break;
        }
    }
    result.unlinkedSyncs.append(waiting);
    std::sort(result.unlinkedSyncs.begin(), result.unlinkedSyncs.end());
    return result;
}

} // namespace busmon
