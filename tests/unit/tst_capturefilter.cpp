#include "capture/capturefilter.h"
#include "events/eventdecoder.h"
#include "store/eventfiltermodel.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"

#include <QTest>

using namespace busmon;

namespace {
BusEvent makeEvent(quint64 sequence, const QByteArray &channel, const QByteArray &payload)
{
    BusEvent event;
    event.sequence = sequence;
    event.receivedMs = 1795770000000 + qint64(sequence);
    event.channel = channel;
    event.payload = payload;
    EventDecoder::decode(event);
    return event;
}

// A mixed capture: several kinds, users, a payload that is not JSON and an outage.
QList<StoredEvent::Entry> sampleEntries(int count)
{
    QList<StoredEvent::Entry> entries;
    for (int i = 0; i < count; ++i) {
        if (i % 97 == 50) {
            entries.append(Outage{1795770000000 + i, 1795770000100 + i, QStringLiteral("server went away")});
            continue;
        }
        const QByteArray user = i % 3 ? "alice" : "jane.doe@example.com";
        switch (i % 4) {
        case 0:
            entries.append(makeEvent(i + 1, "sync." + user,
                                     R"({"action": "sync", "username": ")" + user + R"(", "record_count": )" +
                                         QByteArray::number(i % 50) + R"(, "service_duration": 0.1})"));
            break;
        case 1:
            entries.append(makeEvent(i + 1, "personal." + user,
                                     R"({"username": ")" + user + R"(", "title": "Hi", "message": "m)" +
                                         QByteArray::number(i) + R"("})"));
            break;
        case 2:
            entries.append(makeEvent(i + 1, "log_message." + user, "not json at all \xff"));
            break;
        default:
            entries.append(
                makeEvent(i + 1, "__general__", R"({"title": "T", "message": "all", "system": true})"));
        }
    }
    return entries;
}
} // namespace

class TestCaptureFilter : public QObject
{
    Q_OBJECT
private slots:
    void passesWhatTheWindowShows_data();
    void passesWhatTheWindowShows();
    void emptyFilterPassesEverything();
};

void TestCaptureFilter::passesWhatTheWindowShows_data()
{
    QTest::addColumn<QString>("filter");
    QTest::newRow("user") << QStringLiteral("user:alice");
    QTest::newRow("kind and field") << QStringLiteral("kind:sync record_count>20");
    QTest::newRow("text") << QStringLiteral("\"not json\"");
    QTest::newRow("regex or") << QStringLiteral("/m1[0-9]/ or kind:__general__");
    QTest::newRow("gaps") << QStringLiteral("has:gap");
    QTest::newRow("not gaps") << QStringLiteral("not has:gap user:/^ja/");
    QTest::newRow("problems") << QStringLiteral("has:problems");
}

void TestCaptureFilter::passesWhatTheWindowShows()
{
    QFETCH(QString, filter);
    const QList<StoredEvent::Entry> entries = sampleEntries(10'000);

    // The window: one store holding everything, a tab model with the filter.
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel view(&store);
    view.setSourceModel(&table);
    view.setSlicing(false);
    for (const StoredEvent::Entry &entry : entries) {
        if (const auto *event = std::get_if<BusEvent>(&entry))
            store.append({*event});
        else
            store.recordOutage(std::get<Outage>(entry));
    }
    const FilterExpression expression = FilterExpression::parse(filter);
    QVERIFY2(expression.isValid(), qPrintable(expression.errorMessage()));
    view.setFilter(expression);
    QList<quint64> shown; // sequences, 0 for a gap (with its start time after it)
    for (int row = 0; row < view.rowCount(); ++row) {
        const QModelIndex index = view.index(row, 0);
        shown << index.data(EventTableModel::SequenceRole).toULongLong();
    }

    // busmon-cli read: blocks through CaptureFilter.
    CaptureFilter captureFilter(expression);
    QList<quint64> passed;
    for (qsizetype start = 0; start < entries.size(); start += CaptureFilter::blockSize) {
        const QList<StoredEvent::Entry> block = entries.mid(start, CaptureFilter::blockSize);
        const std::vector<char> passing = captureFilter.matches(block);
        for (qsizetype i = 0; i < block.size(); ++i) {
            if (passing[size_t(i)]) {
                const auto *event = std::get_if<BusEvent>(&block.at(i));
                passed << (event ? event->sequence : 0);
            }
        }
    }
    QVERIFY(!shown.isEmpty());
    QCOMPARE(passed, shown);
}

void TestCaptureFilter::emptyFilterPassesEverything()
{
    CaptureFilter filter{FilterExpression()};
    const QList<StoredEvent::Entry> entries = sampleEntries(100);
    const std::vector<char> passing = filter.matches(entries);
    QCOMPARE(std::count(passing.begin(), passing.end(), 1), 100);
}

QTEST_GUILESS_MAIN(TestCaptureFilter)
#include "tst_capturefilter.moc"
