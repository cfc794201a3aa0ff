#include "events/channelname.h"
#include "store/eventstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace busmon;

namespace {

BusEvent makeEvent(quint64 sequence, const QByteArray &channel, const QByteArray &payload,
                   const QString &summary = QString(), const QStringList &problems = {})
{
    BusEvent event;
    event.sequence = sequence;
    event.receivedMs = 1'764'234'000'000 + qint64(sequence) * 10;
    event.channel = channel;
    const ChannelName name = ChannelName::parse(channel);
    event.kind = name.kind();
    event.username = name.username();
    event.payload = payload;
    event.summary = summary.isNull() ? QStringLiteral("event %1").arg(sequence) : summary;
    event.problems = problems;
    return event;
}

BusEventBatch syncBatch(quint64 firstSequence, int count)
{
    BusEventBatch batch;
    for (int i = 0; i < count; ++i) {
        const quint64 sequence = firstSequence + quint64(i);
        batch.append(makeEvent(sequence, "sync.alice",
                               QByteArray(R"({"record_count": )") + QByteArray::number(sequence) + "}"));
    }
    return batch;
}

QList<int> intArguments(const QSignalSpy &spy, int argument = 0)
{
    QList<int> values;
    for (const QList<QVariant> &call : spy)
        values << call.at(argument).toInt();
    return values;
}

} // namespace

class TestEventStore : public QObject
{
    Q_OBJECT
private slots:
    void keepsEveryFieldOfARow();
    void oneSignalPerBatch();
    void countsPerKind();
    void evictsOldestInOneRemoval();
    void batchBiggerThanRetentionKeepsNewest();
    void loweringRetentionEvictsAtOnce();
    void rowIdLookupSurvivesEviction();
    void sequenceLookup();
    void rowsAcrossChunkBoundaries();
    void outageBecomesGapRow();
    void outageEndWithoutBeginAddsClosedGap();
    void clearEmptiesAndNeverReusesIds();
    void severity_data();
    void severity();
    void collectsFieldNames();
    void bigPayloadsAreSharedNotCopied();
};

void TestEventStore::keepsEveryFieldOfARow()
{
    EventStore store;
    const QByteArray notUtf8("\xff\xfe{not json\x00tail", 15);
    store.append({makeEvent(7, "taskd.certificate.jane.doe@example.com", notUtf8, QStringLiteral("Zürich ✓"),
                            {QStringLiteral("payload: not UTF-8"), QStringLiteral("payload: not JSON")})});
    QCOMPARE(store.size(), 1);
    const StoredRow row = store.row(0);
    QCOMPARE(row.sequence, 7u);
    QCOMPARE(row.receivedMs, 1'764'234'000'070);
    QCOMPARE(row.type, RowType::Message);
    QCOMPARE(row.kind, EventKind::TaskdCertificate);
    QCOMPARE(row.channel, QByteArrayView("taskd.certificate.jane.doe@example.com"));
    QCOMPARE(*row.username, QStringLiteral("jane.doe@example.com"));
    QCOMPARE(row.payload.toByteArray(), notUtf8);
    QCOMPARE(QString::fromUtf8(row.summary), QStringLiteral("Zürich ✓"));
    QCOMPARE(row.problems, QByteArrayView("payload: not UTF-8\npayload: not JSON"));
    QCOMPARE(row.severity, Severity::Notice);
}

void TestEventStore::oneSignalPerBatch()
{
    EventStore store;
    QSignalSpy appended(&store, &EventStore::rowsAppended);
    store.append(syncBatch(1, 500));
    store.append(syncBatch(501, 3));
    store.append({});
    QCOMPARE(appended.size(), 2);
    QCOMPARE(appended.at(0).at(0).toInt(), 0);
    QCOMPARE(appended.at(0).at(1).toInt(), 500);
    QCOMPARE(appended.at(1).at(0).toInt(), 500);
    QCOMPARE(appended.at(1).at(1).toInt(), 3);
    QCOMPARE(store.size(), 503);
}

void TestEventStore::countsPerKind()
{
    EventStore store;
    store.setRetentionLimit(4);
    QSignalSpy countsChanged(&store, &EventStore::countsChanged);
    store.append({makeEvent(1, "sync.a", "{}"), makeEvent(2, "personal.a", "{}"),
                  makeEvent(3, "sync.b", "{}"), makeEvent(4, "weird", "{}")});
    QCOMPARE(store.messageCount(EventKind::Sync), 2);
    QCOMPARE(store.messageCount(EventKind::Personal), 1);
    QCOMPARE(store.messageCount(EventKind::Unknown), 1);
    QCOMPARE(store.messageCount(), 4);
    store.append({makeEvent(5, "__general__", "{}"), makeEvent(6, "__general__", "{}")});
    // Evicted: the first sync and the personal message.
    QCOMPARE(store.messageCount(EventKind::Sync), 1);
    QCOMPARE(store.messageCount(EventKind::Personal), 0);
    QCOMPARE(store.messageCount(EventKind::General), 2);
    QCOMPARE(store.messageCount(), 4);
    QCOMPARE(countsChanged.size(), 2);
}

void TestEventStore::evictsOldestInOneRemoval()
{
    EventStore store;
    store.setRetentionLimit(10);
    QSignalSpy aboutToEvict(&store, &EventStore::rowsAboutToBeEvicted);
    QSignalSpy evicted(&store, &EventStore::rowsEvicted);
    QSignalSpy appended(&store, &EventStore::rowsAppended);
    store.append(syncBatch(1, 7));
    // About to evict, the store still holds the rows a model may ask for.
    connect(&store, &EventStore::rowsAboutToBeEvicted, this,
            [&store] { QCOMPARE(store.row(0).sequence, 1u); });
    store.append(syncBatch(8, 7));
    QCOMPARE(intArguments(aboutToEvict), QList<int>{4});
    QCOMPARE(intArguments(evicted), QList<int>{4});
    QCOMPARE(store.size(), 10);
    QCOMPARE(store.row(0).sequence, 5u);
    QCOMPARE(store.row(9).sequence, 14u);
    // Eviction first, then the insert at the end of what is left.
    QCOMPARE(appended.last().at(0).toInt(), 3);
    QCOMPARE(appended.last().at(1).toInt(), 7);
    QCOMPARE(store.evictedCount(), 4u);
    QCOMPARE(store.appendedCount(), 14u);
}

void TestEventStore::batchBiggerThanRetentionKeepsNewest()
{
    EventStore store;
    store.setRetentionLimit(5);
    store.append(syncBatch(1, 3));
    QSignalSpy evicted(&store, &EventStore::rowsEvicted);
    QSignalSpy appended(&store, &EventStore::rowsAppended);
    store.append(syncBatch(4, 12));
    QCOMPARE(intArguments(evicted), QList<int>{3});
    QCOMPARE(appended.size(), 1);
    QCOMPARE(appended.at(0).at(1).toInt(), 5);
    QCOMPARE(store.size(), 5);
    QCOMPARE(store.row(0).sequence, 11u);
    QCOMPARE(store.row(4).sequence, 15u);
    // Row ids still count every row that arrived.
    QCOMPARE(store.row(0).rowId, 11u);
    QCOMPARE(store.evictedCount(), 10u);
}

void TestEventStore::loweringRetentionEvictsAtOnce()
{
    EventStore store;
    store.append(syncBatch(1, 100));
    QSignalSpy evicted(&store, &EventStore::rowsEvicted);
    store.setRetentionLimit(30);
    QCOMPARE(intArguments(evicted), QList<int>{70});
    QCOMPARE(store.size(), 30);
    QCOMPARE(store.row(0).sequence, 71u);
    store.setRetentionLimit(1000);
    QCOMPARE(evicted.size(), 1);
    QCOMPARE(store.size(), 30);
}

void TestEventStore::rowIdLookupSurvivesEviction()
{
    EventStore store;
    store.setRetentionLimit(100);
    store.append(syncBatch(1, 100));
    const quint64 selected = store.row(60).rowId;
    const quint64 doomed = store.row(10).rowId;
    store.append(syncBatch(101, 30));
    QCOMPARE(store.indexOfRowId(doomed), -1);
    const int index = store.indexOfRowId(selected);
    QCOMPARE(index, 30);
    QCOMPARE(store.row(index).sequence, 61u);
    QCOMPARE(store.indexOfRowId(store.firstRowId() + 100), -1);
    QCOMPARE(store.indexOfRowId(0), -1);
}

void TestEventStore::sequenceLookup()
{
    EventStore store;
    store.setRetentionLimit(50);
    store.append(syncBatch(1, 40));
    store.recordOutage(Outage{1000, 0, QStringLiteral("gone")});
    store.recordOutage(Outage{1000, 2000, QStringLiteral("gone")});
    store.append(syncBatch(41, 40));
    for (quint64 sequence : {32u, 40u, 41u, 55u, 80u}) {
        const int index = store.indexOfSequence(sequence);
        QVERIFY2(index >= 0, qPrintable(QString::number(sequence)));
        QCOMPARE(store.row(index).sequence, sequence);
    }
    QCOMPARE(store.indexOfSequence(31), -1); // evicted
    QCOMPARE(store.indexOfSequence(81), -1);
    QCOMPARE(store.indexOfSequence(0), -1);
}

void TestEventStore::rowsAcrossChunkBoundaries()
{
    EventStore store;
    store.setRetentionLimit(9000);
    for (int batch = 0; batch < 5; ++batch)
        store.append(syncBatch(quint64(batch) * 4000 + 1, 4000));
    QCOMPARE(store.size(), 9000);
    for (int index : {0, 1, 4095, 4096, 4097, 8191, 8192, 8999}) {
        const StoredRow row = store.row(index);
        const quint64 sequence = 11001 + quint64(index);
        QCOMPARE(row.sequence, sequence);
        QCOMPARE(row.payload.toByteArray(),
                 QByteArray(R"({"record_count": )") + QByteArray::number(sequence) + "}");
        QCOMPARE(QString::fromUtf8(row.summary), QStringLiteral("event %1").arg(sequence));
    }
    QCOMPARE(store.messageCount(EventKind::Sync), 9000);
}

void TestEventStore::outageBecomesGapRow()
{
    EventStore store;
    store.append(syncBatch(1, 2));
    QSignalSpy appended(&store, &EventStore::rowsAppended);
    QSignalSpy changed(&store, &EventStore::rowChanged);
    store.recordOutage(Outage{5000, 0, QStringLiteral("server closed the connection")});
    QCOMPARE(store.size(), 3);
    QCOMPARE(appended.size(), 1);
    const StoredRow gap = store.row(2);
    QVERIFY(gap.isGap());
    QCOMPARE(gap.receivedMs, 5000);
    QCOMPARE(gap.sequence, 0u);
    QCOMPARE(gap.severity, Severity::Alert);
    QCOMPARE(store.outageAt(2)->endedMs, 0);
    QCOMPARE(store.gapCount(), 1);
    QCOMPARE(store.messageCount(), 2);

    store.append(syncBatch(3, 1));
    store.recordOutage(Outage{5000, 8000, QStringLiteral("server closed the connection")});
    QCOMPARE(store.size(), 4);
    QCOMPARE(intArguments(changed), QList<int>{2});
    QCOMPARE(store.outageAt(2)->durationMs(), 3000);
    QCOMPARE(store.outageAt(2)->reason, QStringLiteral("server closed the connection"));
    QVERIFY(!store.outageAt(3));
    QCOMPARE(store.gapCount(), 1);
}

void TestEventStore::outageEndWithoutBeginAddsClosedGap()
{
    EventStore store;
    store.setRetentionLimit(3);
    store.recordOutage(Outage{100, 0, QStringLiteral("refused")});
    store.append(syncBatch(1, 3)); // evicts the open gap row
    QCOMPARE(store.gapCount(), 0);
    store.recordOutage(Outage{100, 900, QStringLiteral("refused")});
    QCOMPARE(store.size(), 3);
    QVERIFY(store.row(2).isGap());
    QCOMPARE(store.outageAt(2)->endedMs, 900);
    QCOMPARE(store.gapCount(), 1);
}

void TestEventStore::clearEmptiesAndNeverReusesIds()
{
    EventStore store;
    store.append(syncBatch(1, 10));
    store.recordOutage(Outage{1, 0, QString()});
    const quint64 lastId = store.row(10).rowId;
    QSignalSpy aboutToClear(&store, &EventStore::aboutToBeCleared);
    QSignalSpy cleared(&store, &EventStore::cleared);
    store.clear();
    QCOMPARE(aboutToClear.size(), 1);
    QCOMPARE(cleared.size(), 1);
    QCOMPARE(store.size(), 0);
    QCOMPARE(store.messageCount(), 0);
    QCOMPARE(store.messageCount(EventKind::Sync), 0);
    QCOMPARE(store.gapCount(), 0);
    QCOMPARE(store.indexOfRowId(lastId), -1);
    store.append(syncBatch(11, 1));
    QVERIFY(store.row(0).rowId > lastId);
    QCOMPARE(store.row(0).sequence, 11u);
    QCOMPARE(store.channelCount(), 2); // "no channel" and sync.alice again
}

void TestEventStore::severity_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("withProblems");
    QTest::addColumn<Severity>("expected");

    QTest::newRow("error log line") << QByteArray("log_message.a")
                                    << QByteArray(R"({"error": true, "message": "x"})") << false
                                    << Severity::Alert;
    QTest::newRow("plain log line") << QByteArray("log_message.a") << QByteArray(R"({"error": false})")
                                    << false << Severity::Normal;
    QTest::newRow("rejected mail") << QByteArray("incoming_mail.a")
                                   << QByteArray(R"({"subject": "s", "accepted": false})") << false
                                   << Severity::Alert;
    QTest::newRow("accepted mail") << QByteArray("incoming_mail.a") << QByteArray(R"({"accepted": true})")
                                   << false << Severity::Normal;
    QTest::newRow("rejected certificate")
        << QByteArray("taskd.certificate.a")
        << QByteArray(R"({"certificate_recognized": true, "certificate_accepted": false})") << false
        << Severity::Alert;
    QTest::newRow("unrecognized certificate")
        << QByteArray("taskd.certificate.a")
        << QByteArray(R"({"certificate_recognized": false, "certificate_accepted": true})") << false
        << Severity::Alert;
    QTest::newRow("accepted certificate")
        << QByteArray("taskd.certificate.a")
        << QByteArray(R"({"certificate_recognized": true, "certificate_accepted": true})") << false
        << Severity::Normal;
    QTest::newRow("sync with error") << QByteArray("sync.a")
                                     << QByteArray(R"({"record_count": 1, "error": true})") << false
                                     << Severity::Alert;
    QTest::newRow("sync with errors list")
        << QByteArray("sync.a") << QByteArray(R"({"errors": ["disk full"]})") << false << Severity::Alert;
    QTest::newRow("sync, no errors") << QByteArray("sync.a")
                                     << QByteArray(R"({"errors": [], "error": false})") << false
                                     << Severity::Normal;
    QTest::newRow("error key in a nested object is not an error")
        << QByteArray("log_message.a") << QByteArray(R"({"detail": {"error": true}, "error": false})")
        << false << Severity::Normal;
    QTest::newRow("problems") << QByteArray("personal.a") << QByteArray(R"({"title": 1})") << true
                              << Severity::Notice;
    QTest::newRow("alert wins over problems")
        << QByteArray("incoming_mail.a") << QByteArray(R"({"accepted": false})") << true << Severity::Alert;
    QTest::newRow("not JSON") << QByteArray("log_message.a") << QByteArray("error: true") << true
                              << Severity::Notice;
}

void TestEventStore::severity()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    QFETCH(bool, withProblems);
    QFETCH(Severity, expected);
    EventStore store;
    store.append(
        {makeEvent(1, channel, payload, QString(),
                   withProblems ? QStringList{QStringLiteral("title: wrong type")} : QStringList{})});
    QCOMPARE(store.row(0).severity, expected);
}

void TestEventStore::collectsFieldNames()
{
    EventStore store;
    store.append({makeEvent(1, "changed_task.a",
                            R"({"task_id": "x", "task_data": {"status": "pending", "tags": []}})"),
                  makeEvent(2, "sync.a", R"({"record_count": 3})"), makeEvent(3, "sync.a", "not json")});
    QCOMPARE(store.fieldNames(EventKind::ChangedTask),
             (QStringList{"task_data", "task_data.status", "task_data.tags", "task_id"}));
    QCOMPARE(store.fieldNames(),
             (QStringList{"record_count", "task_data", "task_data.status", "task_data.tags", "task_id"}));
}

void TestEventStore::bigPayloadsAreSharedNotCopied()
{
    EventStore store;
    store.setRetentionLimit(3);
    const QByteArray big(EventStore::sharedPayloadBytes + 10, 'b');
    const QByteArray small = R"({"small": true})";
    store.append({makeEvent(1, "personal.a", small, QStringLiteral("first"), {QStringLiteral("a: problem")}),
                  makeEvent(2, "personal.a", big, QStringLiteral("second"), {QStringLiteral("b: problem")}),
                  makeEvent(3, "sync.a", small, QStringLiteral("third"))});
    // Every field of the row reads as before, the payload without a copy.
    const StoredRow row = store.row(1);
    QCOMPARE(row.payload.size(), big.size());
    QVERIFY(row.payload == QByteArrayView(big));
    QCOMPARE(QString::fromUtf8(row.summary), QStringLiteral("second"));
    QCOMPARE(QString::fromUtf8(row.problems), QStringLiteral("b: problem"));
    QCOMPARE(store.payloadOf(1).constData(), big.constData());
    QCOMPARE(store.payloadOf(0), small);
    QCOMPARE(QString::fromUtf8(store.row(2).summary), QStringLiteral("third"));
    QVERIFY(store.memoryBytes() >= big.size());
    // Evicted, it is let go.
    store.append({makeEvent(4, "sync.a", small), makeEvent(5, "sync.a", small)});
    QCOMPARE(store.size(), 3);
    QVERIFY(store.memoryBytes() < big.size());
    QCOMPARE(store.payloadOf(0), small);
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
