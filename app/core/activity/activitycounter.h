#pragma once

#include "activity/activitysnapshot.h"
#include "activity/activitytally.h"
#include "events/busevent.h"
#include "store/filterexpression.h"

#include <memory>
#include <optional>

namespace busmon {

class EventStore;
class FilterMatcher;

// Counts events as they are read (a capture, a live feed) into an ActivityTally, keeping only those
// that pass a filter of the filter language, as the window's "current tab and filter" scope does.
// Nothing is retained: with a filter, each batch passes through a small store of its own (the filter
// matches stored rows) and goes. The time axis comes from every event read, filtered out or not.
class ActivityCounter
{
public:
    explicit ActivityCounter(const FilterExpression &filter = FilterExpression());
    ~ActivityCounter();

    void count(const BusEventBatch &batch);
    // A filter may test summaries and problems; without one, events need only kind, user and payload.
    bool needsSummaries() const { return m_store != nullptr; }
    qint64 eventCount() const { return m_events; }    // read
    qint64 matchedCount() const { return m_matched; } // of them, passed the filter
    std::optional<qint64> oldestMs() const { return m_oldestMs; }
    std::optional<qint64> newestMs() const { return m_newestMs; }

    const ActivityTally &tally() const { return m_tally; }
    // The window ending at the newest event read (or at nowMs, when given and later).
    ActivitySnapshot snapshot(ActivityWindow window, std::optional<qint64> nowMs = std::nullopt) const;

private:
    void countEvent(qint64 receivedMs, EventKind kind, const QString &user, QByteArrayView payload);

    std::unique_ptr<EventStore> m_store; // with a filter only
    std::unique_ptr<FilterMatcher> m_matcher;
    ActivityTally m_tally;
    qint64 m_events = 0;
    qint64 m_matched = 0;
    std::optional<qint64> m_oldestMs;
    std::optional<qint64> m_newestMs;
};

} // namespace busmon
