#include "bus/flowcounters.h"
#include "bus/raweventbatch.h"

#include <QTest>

using namespace busmon;

class TestRawEventBatch : public QObject
{
    Q_OBJECT
private slots:
    void becomesTheEventsAppended();
    void weighsWhatItsEventsWeigh();
    void copiesDoNotChangeEachOther();
    void keepsWhatFitsABound_data();
    void keepsWhatFitsABound();
};

void TestRawEventBatch::becomesTheEventsAppended()
{
    RawEventBatch batch;
    batch.reserve(4, 16);
    const QByteArray binary("\0\xff\x01 not text", 13);
    batch.append(1000, "sync.alice", "sync.*", R"({"a": 1})");
    batch.append(1001, "sync.alice", "*", binary); // the same channel through another pattern
    batch.append(1002, "__general__", QByteArray(), QByteArray());
    batch.append(1003, "sync.alice", "sync.*", QByteArray(100'000, 'x')); // beyond the reserve
    batch.setFirstSequence(41);
    QCOMPARE(batch.size(), 4);
    QCOMPARE(batch.payloadBytes(), 8 + 13 + 0 + 100'000);

    const BusEventBatch events = batch.toEvents();
    QCOMPARE(events.size(), 4);
    const QList<QByteArray> channels{"sync.alice", "sync.alice", "__general__", "sync.alice"};
    const QList<QByteArray> patterns{"sync.*", "*", "", "sync.*"};
    const QList<QByteArray> payloads{R"({"a": 1})", binary, "", QByteArray(100'000, 'x')};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(events[i].sequence, quint64(41 + i));
        QCOMPARE(events[i].receivedMs, qint64(1000 + i));
        QCOMPARE(events[i].channel, channels[i]);
        QCOMPARE(events[i].pattern, patterns[i]);
        QCOMPARE(events[i].payload, payloads[i]);
        QCOMPARE(events[i].kind, EventKind::Unknown); // not decoded yet
    }
}

void TestRawEventBatch::weighsWhatItsEventsWeigh()
{
    // The feed adds the raw batch's weight when it hands it on and takes the events' weight off
    // when it delivers them: the two must agree, or the in-flight bound drifts.
    RawEventBatch batch;
    for (int i = 0; i < 50; ++i)
        batch.append(i, "changed_task.u" + QByteArray::number(i % 7), "changed_task.*",
                     QByteArray(i * 13, 'p'));
    QCOMPARE(batch.weight(), FlowCounters::weight(batch.toEvents()));
    QCOMPARE(RawEventBatch().weight(), 0);
}

void TestRawEventBatch::copiesDoNotChangeEachOther()
{
    RawEventBatch handedOn;
    handedOn.append(1, "sync.a", QByteArray(), "first");
    RawEventBatch next = handedOn;
    next.append(2, "sync.b", QByteArray(), "second");
    QCOMPARE(handedOn.size(), 1);
    QCOMPARE(handedOn.toEvents().first().payload, QByteArray("first"));
    QCOMPARE(next.size(), 2);
    QCOMPARE(next.toEvents().last().channel, QByteArray("sync.b"));
}

void TestRawEventBatch::keepsWhatFitsABound_data()
{
    QTest::addColumn<qint64>("maxEvents");
    QTest::addColumn<qint64>("maxWeight");
    QTest::addColumn<qsizetype>("fits");
    // Payloads of 10, 20, 30, 40 bytes: the first two weigh 2 * perEventWeight + 30.
    constexpr qint64 w = FlowCounters::perEventWeight;
    QTest::newRow("all") << qint64(10) << qint64(1'000'000) << qsizetype(4);
    QTest::newRow("count bound") << qint64(3) << qint64(1'000'000) << qsizetype(3);
    QTest::newRow("no room") << qint64(0) << qint64(1'000'000) << qsizetype(0);
    QTest::newRow("over the bound already") << qint64(-5) << qint64(1'000'000) << qsizetype(0);
    QTest::newRow("weight bound, exactly") << qint64(10) << 2 * w + 30 << qsizetype(2);
    QTest::newRow("weight bound, a byte short") << qint64(10) << 2 * w + 29 << qsizetype(1);
    QTest::newRow("weight bound below the first") << qint64(10) << w << qsizetype(0);
}

void TestRawEventBatch::keepsWhatFitsABound()
{
    QFETCH(qint64, maxEvents);
    QFETCH(qint64, maxWeight);
    QFETCH(qsizetype, fits);
    RawEventBatch batch;
    for (int i = 1; i <= 4; ++i)
        batch.append(i, "sync.u" + QByteArray::number(i), "sync.*", QByteArray(i * 10, char('a' + i)));
    QCOMPARE(batch.countWithin(maxEvents, maxWeight), fits);

    batch.truncate(fits);
    QCOMPARE(batch.size(), fits);
    QCOMPARE(batch.payloadBytes(), qsizetype(10 * fits * (fits + 1) / 2));
    QVERIFY(batch.weight() <= maxWeight);
    const BusEventBatch events = batch.toEvents();
    QCOMPARE(events.size(), fits);
    for (qsizetype i = 0; i < fits; ++i) {
        QCOMPARE(events[i].channel, "sync.u" + QByteArray::number(i + 1));
        QCOMPARE(events[i].payload, QByteArray((i + 1) * 10, char('a' + i + 1)));
    }
    // It keeps growing from where it was cut.
    batch.append(9, "sync.z", "sync.*", "after");
    QCOMPARE(batch.toEvents().last().payload, QByteArray("after"));
    QCOMPARE(batch.size(), fits + 1);
}

QTEST_GUILESS_MAIN(TestRawEventBatch)
#include "tst_raweventbatch.moc"
