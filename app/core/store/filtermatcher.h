#pragma once

#include "events/eventkind.h"
#include "store/filterexpression.h"
#include "store/storedrow.h"
#include "store/textsearcher.h"

#include <QList>
#include <functional>
#include <optional>
#include <vector>

namespace busmon {

class EventStore;

// Evaluates filter expressions against stored rows, fast enough to re-filter a million rows on each
// keystroke: user, channel and plain-text tests on the channel are worked out once per distinct
// channel; payload fields are found by scanning the raw bytes (JsonFieldScanner) after a cheap check
// that the key occurs at all; words are searched case-insensitively in the bytes (TextSearcher);
// regexes run on the bytes too (ByteRegex), only on rows holding a literal run the regex needs;
// cheap tests run before expensive ones; big passes are split over the thread pool.
//
// A tab's matcher is its kind (if any) and its expressions (its saved filter and the filter bar's
// text), all of which must hold. Gap rows pass whatever the kind and the expressions, unless an
// expression mentions has:gap; then they follow it.
class FilterMatcher
{
public:
    FilterMatcher(); // accepts everything
    FilterMatcher(std::optional<EventKind> kind, const QList<FilterExpression> &expressions);
    ~FilterMatcher();
    FilterMatcher(const FilterMatcher &other);
    FilterMatcher &operator=(const FilterMatcher &other);

    bool acceptsEverything() const;

    // Brings the per-channel results up to date with the store's channels. matches() needs it
    // whenever channels may have been added since; matchingRowIds() does it itself.
    void prepare(const EventStore &store);
    // Thread-safe (const) once prepared.
    bool matches(const StoredRow &row) const;
    // The ids of matching rows among [first, first + count), in order.
    std::vector<quint64> matchingRowIds(const EventStore &store, int first, int count);
    // The matching ones among these ids (ascending, retained), in order.
    std::vector<quint64> matchingAmong(const EventStore &store, const quint64 *rowIds, size_t count);

private:
    struct Compiled;
    static Compiled compile(const FilterExpression::Node &node, int &channelResults);
    bool evaluate(const Compiled &node, const StoredRow &row) const;
    bool channelMatches(const Compiled &node, const EventStore &store, quint32 channelId) const;
    void prepareNode(const Compiled &node, const EventStore &store);
    void matchRange(const EventStore &store, int first, int count, std::vector<quint64> &out) const;
    // Positions [0, count) in blocks over the thread pool; matchBlock(begin, end, out) appends in order.
    using BlockMatcher = std::function<void(size_t begin, size_t end, std::vector<quint64> &out)>;
    std::vector<quint64> inParallel(size_t count, const BlockMatcher &matchBlock) const;

    std::optional<EventKind> m_kind;
    QList<FilterExpression> m_expressions; // owns the nodes the compiled tree points to
    std::vector<Compiled> m_roots;
    bool m_gapsFollowFilter = false;
    std::vector<std::vector<char>> m_channelResults; // one per channel-level leaf, by channel id
};

} // namespace busmon
