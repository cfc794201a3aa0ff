// The filter language: FilterExpression::parse on whatever is typed or pasted into the filter bar,
// and FilterMatcher on a small EventStore of realistic traffic plus the input's own payload.
// Input: the filter text, a newline, a payload (stored on three channels, one of them with control
// characters) beside 60 simulated messages and a gap. Besides crashes, leaks and sanitizer reports it checks:
// - a refused filter says where: its error position lies within the text;
// - `not (F)` selects exactly the messages F does not (gap rows aside, which follow their own rule),
//   so no term can be both true and false of a row.
#include "events/eventdecoder.h"
#include "fuzzinput.h"
#include "sim/trafficsimulator.h"
#include "store/eventstore.h"
#include "store/filtermatcher.h"

#include <QCoreApplication>
#include <set>

using namespace busmon;

namespace {

// Realistic traffic and a gap, stored once: only the input's own messages are stored per run.
EventStore &trafficStore()
{
    static EventStore *store = [] {
        auto *made = new EventStore;
        TrafficSimulator simulator({{}, 7});
        BusEventBatch batch;
        for (int i = 0; i < 60; ++i) {
            const SimulatedMessage message = simulator.next();
            BusEvent event;
            event.sequence = quint64(i + 1);
            event.receivedMs = 1'790'000'000'000 + i * 250;
            event.channel = message.channel;
            event.pattern = "*";
            event.payload = message.payload;
            EventDecoder::decode(event);
            batch.append(event);
        }
        made->append(batch);
        made->recordOutage(
            {1'790'000'050'000, 1'790'000'060'000, QStringLiteral("server closed the connection")});
        return made;
    }();
    return *store;
}

BusEventBatch inputEvents(const QByteArray &payload)
{
    BusEventBatch batch;
    const QByteArray channels[] = {"personal.alice", "sync.j\xc3\xbcrgen@example.de",
                                   "changed_task.ev\x1b[1mil\nx"};
    for (const QByteArray &channel : channels) {
        BusEvent event;
        event.sequence = quint64(batch.size() + 1);
        event.receivedMs = 1'790'000'100'000;
        event.channel = channel;
        event.payload = payload;
        EventDecoder::decode(event);
        batch.append(event);
    }
    return batch;
}

// The row ids (of both stores: the input's own get an offset) that the expression selects.
std::set<quint64> matching(const std::vector<const EventStore *> &stores, const FilterExpression &expression)
{
    std::set<quint64> ids;
    quint64 offset = 0;
    for (const EventStore *store : stores) {
        FilterMatcher matcher(std::nullopt, {expression});
        for (quint64 id : matcher.matchingRowIds(*store, 0, store->size()))
            ids.insert(offset + id);
        offset += 1'000'000;
    }
    return ids;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication application(*argc, *argv);
    trafficStore();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::FuzzInput input(data, size);
    const QString text = QString::fromUtf8(input.firstLine());
    const FilterExpression expression = FilterExpression::parse(text);
    if (!expression.isValid()) {
        BUSMON_FUZZ_CHECK(expression.errorPosition() >= 0 && expression.errorPosition() <= text.size(),
                          expression.errorMessage().toUtf8());
        return 0;
    }

    EventStore own;
    own.append(inputEvents(input.afterFirstLine()));
    const std::vector<const EventStore *> stores{&trafficStore(), &own};
    const std::set<quint64> selected = matching(stores, expression);
    if (expression.isEmpty())
        return 0;

    const FilterExpression negated =
        FilterExpression::parse(QLatin1String("not (") + text + QLatin1Char(')'));
    if (!negated.isValid()) {
        // Only the nesting limit may refuse what was accepted without the parentheses.
        BUSMON_FUZZ_CHECK(negated.errorMessage().contains(QLatin1String("nested")),
                          negated.errorMessage().toUtf8());
        return 0;
    }
    const std::set<quint64> rest = matching(stores, negated);
    quint64 offset = 0;
    for (const EventStore *store : stores) {
        for (int i = 0; i < store->size(); ++i) {
            const StoredRow row = store->row(i);
            if (row.isGap())
                continue;
            const bool inF = selected.count(offset + row.rowId) > 0;
            const bool inNotF = rest.count(offset + row.rowId) > 0;
            BUSMON_FUZZ_CHECK(inF != inNotF, text.toUtf8() + "\nrow " + QByteArray::number(i) + " channel " +
                                                 row.channel.toByteArray() +
                                                 (inF ? " in both" : " in neither"));
        }
        offset += 1'000'000;
    }
    return 0;
}
