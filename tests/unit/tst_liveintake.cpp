#include "store/eventstore.h"
#include "store/liveintake.h"

#include <QSignalSpy>
#include <QTest>

using namespace busmon;

namespace {

BusEventBatch batchOf(quint64 first, int count)
{
    BusEventBatch batch;
    for (int i = 0; i < count; ++i) {
        BusEvent event;
        event.sequence = first + quint64(i);
        event.receivedMs = qint64(event.sequence);
        event.channel = "sync.alice";
        event.kind = EventKind::Sync;
        event.username = QStringLiteral("alice");
        event.payload = "{}";
        batch << event;
    }
    return batch;
}

// What the store holds, in order: sequence numbers, 0 for a gap row.
QList<quint64> storedSequences(const EventStore &store)
{
    QList<quint64> result;
    for (int i = 0; i < store.size(); ++i)
        result << (store.row(i).isGap() ? 0 : store.row(i).sequence);
    return result;
}

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> result;
    for (quint64 n = first; n <= last; ++n)
        result << n;
    return result;
}

} // namespace

class TestLiveIntake : public QObject
{
    Q_OBJECT
private slots:
    void aBurstReachesTheStoreInSteps();
    void pausedMessagesWaitInOrderWithTheirOutages();
    void pausedWaitIsBoundedByTheRetention_data();
    void pausedWaitIsBoundedByTheRetention();
    void flushStoresEverythingUnlessPaused();
    void clearForgetsWhatWaits();
    void aBacklogNeverHoldsMoreThanTheStoreKeeps();
};

void TestLiveIntake::aBurstReachesTheStoreInSteps()
{
    EventStore store;
    LiveIntake intake(&store);
    QSignalSpy appended(&store, &EventStore::rowsAppended);
    const qsizetype step = LiveIntake::maxStepMessages;
    intake.receive(batchOf(1, int(step)));
    intake.receive(batchOf(quint64(step) + 1, int(step) + 100));
    QCOMPARE(store.size(), 0); // nothing until the step timer
    QCOMPARE(intake.receivedCount(), quint64(2 * step + 100));
    QTRY_COMPARE(store.size(), int(2 * step + 100));
    // step, step, 100 at the least: never one long insert. More when storing is slow (a loaded
    // machine, a sanitizer build): the step shrinks to what fits its time (LiveIntake::stepTargetMs).
    QVERIFY2(appended.size() >= 3, qPrintable(QString::number(appended.size())));
    for (const QList<QVariant> &insert : appended)
        QVERIFY(insert.at(1).toInt() <= step);
    QCOMPARE(storedSequences(store), range(1, quint64(2 * step + 100)));
    QCOMPARE(intake.waitingCount(), 0);
}

void TestLiveIntake::pausedMessagesWaitInOrderWithTheirOutages()
{
    EventStore store;
    LiveIntake intake(&store);
    intake.setPaused(true);
    intake.receive(batchOf(1, 3));
    intake.receiveOutage(Outage{10, 0, QStringLiteral("connection refused")});
    intake.receiveOutage(Outage{10, 20, QStringLiteral("connection refused")});
    intake.receive(batchOf(4, 2));
    QTest::qWait(LiveIntake::stepIntervalMs * 2);
    QCOMPARE(store.size(), 0);
    QCOMPARE(intake.waitingCount(), 5);
    intake.setPaused(false);
    // At once, not a step later: resuming shows what waited.
    QCOMPARE(storedSequences(store), (QList<quint64>{1, 2, 3, 0, 4, 5}));
    QCOMPARE(store.outageAt(3)->endedMs, 20);
    QCOMPARE(intake.waitingCount(), 0);
    QCOMPARE(intake.droppedCount(), 0u);
}

void TestLiveIntake::pausedWaitIsBoundedByTheRetention_data()
{
    QTest::addColumn<int>("retention");
    QTest::addColumn<QList<int>>("batches");
    QTest::addColumn<quint64>("dropped");
    QTest::addColumn<quint64>("firstKept");
    QTest::newRow("within") << 10 << QList<int>{4, 4} << quint64(0) << quint64(1);
    QTest::newRow("part of the oldest batch") << 10 << QList<int>{4, 4, 4} << quint64(2) << quint64(3);
    QTest::newRow("whole batches") << 5 << QList<int>{4, 4, 4} << quint64(7) << quint64(8);
    QTest::newRow("one batch bigger than the retention") << 3 << QList<int>{10} << quint64(7) << quint64(8);
}

void TestLiveIntake::pausedWaitIsBoundedByTheRetention()
{
    QFETCH(int, retention);
    QFETCH(QList<int>, batches);
    QFETCH(quint64, dropped);
    QFETCH(quint64, firstKept);
    EventStore store;
    store.setRetentionLimit(retention);
    LiveIntake intake(&store);
    intake.setPaused(true);
    quint64 next = 1;
    for (int size : batches) {
        intake.receive(batchOf(next, size));
        next += quint64(size);
        if (next == 5)
            intake.receiveOutage(Outage{1, 2, QStringLiteral("timeout")});
    }
    QCOMPARE(intake.droppedCount(), dropped);
    QVERIFY(intake.waitingCount() <= retention);
    intake.setPaused(false);
    QTRY_COMPARE(intake.waitingCount(), 0);
    const QList<quint64> stored = storedSequences(store);
    QList<quint64> messages = stored;
    messages.removeAll(0);
    // The newest messages, none missing in between; the store itself keeps at most its retention
    // (a gap row counts), so it may let one more of the oldest go.
    QVERIFY(stored.size() <= retention);
    QCOMPARE(messages.last(), next - 1);
    QVERIFY(messages.first() >= firstKept);
    QCOMPARE(messages, range(messages.first(), next - 1));
    QCOMPARE(intake.droppedCount(), dropped); // resuming drops nothing more
}

void TestLiveIntake::flushStoresEverythingUnlessPaused()
{
    EventStore store;
    LiveIntake intake(&store);
    intake.receive(batchOf(1, int(LiveIntake::maxStepMessages) * 2));
    intake.flush();
    QCOMPARE(store.size(), int(LiveIntake::maxStepMessages) * 2);
    intake.setPaused(true);
    intake.receive(batchOf(20000, 3));
    intake.flush();
    QCOMPARE(store.size(), int(LiveIntake::maxStepMessages) * 2);
    QCOMPARE(intake.waitingCount(), 3);
}

void TestLiveIntake::clearForgetsWhatWaits()
{
    EventStore store;
    store.setRetentionLimit(2);
    LiveIntake intake(&store);
    intake.setPaused(true);
    intake.receive(batchOf(1, 5));
    QCOMPARE(intake.droppedCount(), 3u);
    QSignalSpy counts(&intake, &LiveIntake::countsChanged);
    intake.clear();
    QCOMPARE(counts.size(), 1);
    QCOMPARE(intake.waitingCount(), 0);
    QCOMPARE(intake.droppedCount(), 0u);
    intake.setPaused(false);
    QTest::qWait(LiveIntake::stepIntervalMs * 2);
    QCOMPARE(store.size(), 0);
}

void TestLiveIntake::aBacklogNeverHoldsMoreThanTheStoreKeeps()
{
    EventStore store;
    store.setRetentionLimit(100);
    LiveIntake intake(&store);
    for (int i = 0; i < 10; ++i)
        intake.receive(batchOf(quint64(i) * 50 + 1, 50)); // faster than the steps take them
    QCOMPARE(intake.waitingCount(), 100);
    QCOMPARE(intake.droppedCount(), 400u);
    QTRY_COMPARE(store.size(), 100);
    QCOMPARE(storedSequences(store), range(401, 500));
}

QTEST_GUILESS_MAIN(TestLiveIntake)
#include "tst_liveintake.moc"
