#pragma once

#include "capture/storedevent.h"
#include "store/filterexpression.h"
#include "store/filtermatcher.h"

#include <QList>

#include <memory>
#include <vector>

namespace busmon {

class EventStore;

// The window's filter language over capture entries, with no window: a block of entries goes into a
// small EventStore (it keeps at most blockSize rows; its channel table lasts, so per-channel results
// are worked out once) and the same FilterMatcher the tabs use picks the rows. So `busmon-cli read
// --filter` and `replay --filter` pass exactly what the filter bar would show.
class CaptureFilter
{
public:
    static constexpr int blockSize = 4096;

    explicit CaptureFilter(const FilterExpression &expression);
    ~CaptureFilter();

    // Which of these entries (at most blockSize) pass, in order: 1 for each that passes.
    std::vector<char> matches(const QList<StoredEvent::Entry> &entries);

private:
    std::unique_ptr<EventStore> m_store;
    FilterMatcher m_matcher;
};

} // namespace busmon
