#pragma once

#include "activity/activityfacts.h"
#include "activity/activitysnapshot.h"
#include "activity/activitytally.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <algorithm>
#include <deque>
#include <limits>
#include <optional>
#include <vector>

class QTimer;

namespace busmon {

class EventFilterModel;
class EventStore;

// Keeps an ActivityTally of what the window holds: every retained message of a store, or only the
// rows a tab shows (its EventFilterModel: kind, saved filter and filter bar). It follows the rows as
// they come and go (appends, evictions, a new filter, a clear), so the charts cost nothing per tick
// but a snapshot.
//
// Each message's payload is read once (ActivityFacts, 16 bytes a retained row, kept beside the store),
// so a new scope or filter recounts a million rows from those facts without scanning a payload again.
// A recount runs in slices of about sliceTargetMs, one per turn of the event loop, like a filter pass;
// meanwhile isCounting() is true and the tally is partial (keep showing the previous snapshot).
class ActivityTracker : public QObject
{
    Q_OBJECT
public:
    static constexpr int sliceTargetMs = 20;

    explicit ActivityTracker(QObject *parent = nullptr);
    ~ActivityTracker() override;

    // What is counted: every retained message of `store`, or with `scope` (a filter model over that
    // store) only its rows. Either change recounts. nullptr store: nothing.
    void setSource(EventStore *store, EventFilterModel *scope = nullptr);
    EventStore *store() const { return m_store; }
    EventFilterModel *scope() const { return m_scope; }

    // Off: a recount completes at once (tests and benchmarks of the pass itself).
    void setSlicing(bool enabled) { m_slicing = enabled; }
    // At most this many rows (payloads read and rows counted) in one slice, however fast they go:
    // a recount then takes a known number of slices at least. Unlimited by default.
    void setSliceRows(int rows) { m_sliceRows = std::max(1, rows); }
    bool isCounting() const { return m_counting; }
    int countingPercent() const;
    qint64 lastCountMs() const { return m_lastCountMs; }       // the last complete recount
    qint64 longestSliceMs() const { return m_longestSliceMs; } // of the last recount

    const ActivityTally &tally() const { return m_tally; }
    // Received times of the oldest retained message and of the newest seen, in scope or not.
    std::optional<qint64> oldestMs() const;
    std::optional<qint64> newestMs() const { return m_newestMs; }
    // The figures of a window ending at the newest message, or at nowMs when later (a live bus keeps
    // its clock running while nothing arrives).
    ActivitySnapshot snapshot(ActivityWindow window, std::optional<qint64> nowMs = std::nullopt) const;

signals:
    void countingProgress(int percent);
    void counted(qint64 ms); // a recount completed

private:
    void disconnectSource();
    void restart();
    void runSlices();
    bool runSlice(); // true when the recount is complete
    // Reads payloads up to store index `upTo`; false when the time or `rowsLeft` ran out first.
    bool extendFacts(int upTo, const QElapsedTimer &clock, qint64 budgetNs, int &rowsLeft);
    void extendFactsFully(int upTo);
    void finishCount();

    int scopeRowCount() const;
    int storeIndexAt(int position) const;
    void countRow(int storeIndex, int sign);
    quint32 userOfChannel(quint32 channelId);
    void noteNewest(int first, int count);

    void onRowsAppended(int first, int count);
    void onRowsAboutToBeEvicted(int count);
    void onRowsEvicted(int count);
    void onStoreCleared();
    void onScopeDestroyed();
    void onScopeRowsInserted(int first, int last);
    void onScopeRowsAboutToBeRemoved(int first, int last);
    // Positions [first, last] leave the rows counted: those already counted are taken back.
    void takeBack(int first, int last);

    QPointer<EventStore> m_store;
    QPointer<EventFilterModel> m_scope;
    QList<QMetaObject::Connection> m_connections;
    ActivityTally m_tally;
    std::deque<ActivityFacts> m_facts; // by store index
    std::vector<quint32> m_userOfChannel;
    std::optional<qint64> m_newestMs;

    QTimer *m_sliceTimer;
    bool m_scopeLost = false; // the scope model went: nothing is counted until setSource()
    bool m_slicing = true;
    int m_sliceRows = std::numeric_limits<int>::max();
    bool m_counting = false;
    int m_position = 0; // next position of the scope to count
    QElapsedTimer m_countClock;
    qint64 m_lastCountMs = 0;
    qint64 m_longestSliceMs = 0;
};

} // namespace busmon
