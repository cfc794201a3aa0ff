#include "activity/activitytracker.h"
#include "store/eventfiltermodel.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"

#include "testevent.h"

#include <QSignalSpy>
#include <QTest>

using namespace busmon;
using busmon::test::makeEvent;

namespace {

constexpr qint64 baseMs = 1'795'770'000'000; // 2026-11-27T09:00:00Z

// Message n, 250 ms after message n-1: users take turns (alice, bob, carol, dave); kinds too, mostly syncs
// with durations of n % 11 tenths of a second (every 13th without one), some storing records.
BusEvent mixedEvent(quint64 n)
{
    static const QList<QByteArray> users{"alice", "bob", "carol", "dave"};
    const QByteArray user = users.at(int(n % 4));
    const qint64 received = baseMs + qint64(n) * 250;
    switch (n % 6) {
    case 0:
    case 1:
    case 2: {
        QByteArray payload =
            R"({"stored_count": )" + QByteArray::number(n % 3 == 0 ? 2 : 0) + R"(, "merged_count": 0)";
        if (n % 13 != 0)
            payload += R"(, "service_duration": )" + QByteArray::number(double(n % 11) / 10);
        return makeEvent(received, "sync." + user, payload + "}", n);
    }
    case 3:
        return makeEvent(received, "log_message." + user,
                         R"({"error": )" + QByteArray(n % 4 ? "true" : "false") + R"(, "count": 1})", n);
    case 4:
        return makeEvent(received, "taskd.certificate." + user,
                         R"({"certificate_accepted": )" + QByteArray(n % 5 ? "true" : "false") + "}", n);
    default:
        return makeEvent(received, "local_sync." + user, R"({"start": "a", "head": "b"})", n);
    }
}

BusEventBatch mixedBatch(quint64 first, int count)
{
    BusEventBatch batch;
    for (int i = 0; i < count; ++i)
        batch << mixedEvent(first + quint64(i));
    return batch;
}

// The figures counted afresh, payload by payload, from what the store and the scope hold now.
ActivitySnapshot recounted(const EventStore &store, const EventFilterModel *scope, ActivityWindow window,
                           qint64 endMs)
{
    ActivityTally tally;
    const int rows = scope ? scope->rowCount() : store.size();
    for (int position = 0; position < rows; ++position) {
        const int index = scope ? store.indexOfRowId(scope->rowIdAt(position)) : position;
        const StoredRow row = store.row(index);
        if (!row.isGap())
            tally.add(row.receivedMs, row.kind, tally.userId(*row.username),
                      ActivityFacts::read(row.kind, row.payload));
    }
    return tally.snapshot(window, store.isEmpty() ? endMs : store.row(0).receivedMs, endMs);
}

QString describe(const ActivitySnapshot &snapshot)
{
    QStringList parts;
    parts << QStringLiteral("syncs %1 changed %2 local %3 certs %4/%5 errors %6 excluded %7")
                 .arg(snapshot.total.syncs)
                 .arg(snapshot.total.syncsChanged)
                 .arg(snapshot.total.localSyncs)
                 .arg(snapshot.total.certificatesAccepted)
                 .arg(snapshot.total.certificatesRejected)
                 .arg(snapshot.total.errors)
                 .arg(snapshot.total.durationsExcluded());
    parts << QStringLiteral("p50 %1 p95 %2 over %3")
                 .arg(snapshot.durationP50.value_or(-1))
                 .arg(snapshot.durationP95.value_or(-1))
                 .arg(snapshot.durationCount);
    QStringList minutes;
    for (const ActivitySnapshot::Minute &minute : snapshot.perMinute)
        minutes << QStringLiteral("%1:%2/%3")
                       .arg(minute.counts.syncs)
                       .arg(minute.durationP50.value_or(-1))
                       .arg(minute.durationP95.value_or(-1));
    parts << minutes.join(QLatin1Char(' '));
    QStringList users;
    for (const ActivitySnapshot::User &user : snapshot.topUsers)
        users << QStringLiteral("%1=%2/%3").arg(user.name).arg(user.syncs).arg(user.records);
    parts << users.join(QLatin1Char(' ')) << QString::number(snapshot.fromMs)
          << QString::number(snapshot.toMs);
    return parts.join(QLatin1String(" | "));
}

struct Window
{
    Window()
    {
        store.setRetentionLimit(100'000);
        all.setSourceModel(&table);
    }
    EventStore store;
    EventTableModel table{&store};
    EventFilterModel all{&store};
};

} // namespace

class TestActivityTracker : public QObject
{
    Q_OBJECT
private slots:
    void countsWhatTheStoreHolds();
    void followsArrivalsAndEvictions_data();
    void followsArrivalsAndEvictions();
    void recountsWhenTheFilterChanges();
    void slicedRecountKeepsUpWithArrivals();
    void clearStartsOver();
    void scopeModelGoing();
    void liveClockMovesTheWindow();
};

void TestActivityTracker::countsWhatTheStoreHolds()
{
    Window window;
    window.store.append({
        makeEvent(baseMs + 1000, "sync.alice", R"({"stored_count": 1, "service_duration": 0.5})", 1),
        makeEvent(baseMs + 2000, "local_sync.alice", R"({"start": "a", "head": "b"})", 2),
        makeEvent(baseMs + 61'000, "sync.bob", R"({"service_duration": "slow"})", 3),
        makeEvent(baseMs + 62'000, "log_message.bob", R"({"error": true, "count": 2})", 4),
        makeEvent(baseMs + 63'000, "personal.bob", R"({"title": "t", "message": "m"})", 5),
    });
    window.store.recordOutage(Outage{baseMs + 64'000, baseMs + 65'000, QStringLiteral("down")});
    ActivityTracker tracker;
    QSignalSpy counted(&tracker, &ActivityTracker::counted);
    tracker.setSource(&window.store);
    QVERIFY(!tracker.isCounting()); // a small store is counted at once
    QCOMPARE(counted.size(), 1);
    QCOMPARE(tracker.newestMs().value(), baseMs + 64'000); // the outage began then
    QCOMPARE(tracker.oldestMs().value(), baseMs + 1000);

    const ActivitySnapshot snapshot = tracker.snapshot(ActivityWindow::All);
    QCOMPARE(snapshot.total.syncs, 2);
    QCOMPARE(snapshot.total.syncsChanged, 1);
    QCOMPARE(snapshot.total.localSyncs, 1);
    QCOMPARE(snapshot.total.errors, 1);
    QCOMPARE(snapshot.total.durationsNotANumber, 1);
    QCOMPARE(snapshot.durationP50, 0.5);
    QCOMPARE(snapshot.distinctUsers, 2);
    QCOMPARE(snapshot.perMinute.size(), 2);
    QCOMPARE(snapshot.perMinute.at(1).counts.syncs, 1);
    QCOMPARE(snapshot.topUsers.at(0).name, QStringLiteral("alice"));
    QCOMPARE(snapshot.topUsers.at(0).records, 1);
}

void TestActivityTracker::followsArrivalsAndEvictions_data()
{
    QTest::addColumn<QString>("scope"); // empty: every retained message; "-": the "All" tab unfiltered
    QTest::addColumn<int>("retention");

    QTest::newRow("all retained, nothing evicted") << QString() << 100'000;
    QTest::newRow("all retained, evicting") << QString() << 700;
    QTest::newRow("a tab, unfiltered, evicting") << QStringLiteral("-") << 700;
    QTest::newRow("user:alice, evicting") << QStringLiteral("user:alice") << 700;
    QTest::newRow("a regex on the payload, evicting") << QStringLiteral("/duration\": 0\\.[1-3]/") << 450;
    QTest::newRow("errors only") << QStringLiteral("kind:log_message error:true") << 100'000;
}

void TestActivityTracker::followsArrivalsAndEvictions()
{
    QFETCH(QString, scope);
    QFETCH(int, retention);
    Window window;
    window.store.setRetentionLimit(retention);
    if (!scope.isEmpty() && scope != QLatin1String("-"))
        QVERIFY(window.all.setFilterText(scope).isValid());
    EventFilterModel *model = scope.isEmpty() ? nullptr : &window.all;
    ActivityTracker tracker;
    tracker.setSource(&window.store, model);
    quint64 next = 1;
    for (int batch = 0; batch < 40; ++batch) {
        const int size = 17 + batch * 3;
        window.store.append(mixedBatch(next, size));
        next += quint64(size);
        if (batch == 20)
            window.store.recordOutage(Outage{baseMs + qint64(next) * 250, 0, QStringLiteral("down")});
    }
    QVERIFY(!tracker.isCounting());
    const qint64 end = tracker.newestMs().value();
    for (const ActivityWindow span : allActivityWindows) {
        const QString followed = describe(tracker.snapshot(span));
        QCOMPARE(followed, describe(recounted(window.store, model, span, end)));
        ActivityTracker fresh;
        fresh.setSlicing(false); // counted at once, however loaded the machine
        fresh.setSource(&window.store, model);
        QCOMPARE(followed, describe(fresh.snapshot(span)));
    }
    const ActivityCounts total = tracker.snapshot(ActivityWindow::All).total;
    QVERIFY(total.syncs + total.errors > 0);
}

void TestActivityTracker::recountsWhenTheFilterChanges()
{
    Window window;
    window.store.append(mixedBatch(1, 400));
    ActivityTracker tracker;
    tracker.setSlicing(false); // counted at once, however loaded the machine
    tracker.setSource(&window.store, &window.all);
    const qint64 everyone = tracker.snapshot(ActivityWindow::All).total.syncs;
    QCOMPARE(everyone, 200);
    QSignalSpy counted(&tracker, &ActivityTracker::counted);
    window.all.setFilterText(QStringLiteral("user:bob"));
    QCOMPARE(counted.size(), 1);
    const ActivitySnapshot bob = tracker.snapshot(ActivityWindow::All);
    qint64 bobSyncs = 0;
    for (quint64 n = 1; n <= 400; ++n)
        bobSyncs += n % 4 == 1 && n % 6 < 3 ? 1 : 0;
    QCOMPARE(bob.total.syncs, bobSyncs);
    QCOMPARE(bob.distinctUsers, 1);
    QCOMPARE(bob.topUsers.at(0).name, QStringLiteral("bob"));
    QCOMPARE(describe(bob),
             describe(recounted(window.store, &window.all, ActivityWindow::All, *tracker.newestMs())));
    // Back to every retained message, without the tab.
    tracker.setSource(&window.store);
    QCOMPARE(tracker.snapshot(ActivityWindow::All).total.syncs, everyone);
}

void TestActivityTracker::slicedRecountKeepsUpWithArrivals()
{
    Window window;
    window.store.setRetentionLimit(50'000);
    for (quint64 first = 1; first <= 40'000; first += 5000)
        window.store.append(mixedBatch(first, 5000));
    QVERIFY(window.all.setFilterText(QStringLiteral("user:carol or kind:log_message")).isValid());
    ActivityTracker tracker;
    // Slices of at most 1,000 rows, however fast the machine: reading 40,000 payloads takes 40 at least.
    constexpr int sliceRows = 1000;
    tracker.setSliceRows(sliceRows);
    QSignalSpy progress(&tracker, &ActivityTracker::countingProgress);
    tracker.setSource(&window.store, &window.all);
    QVERIFY(tracker.isCounting());
    // Messages keep arriving and the oldest go while the count runs: a batch per turn of the event
    // loop, and so at most one slice between two batches.
    window.store.setRetentionLimit(35'000);
    quint64 next = 40'001;
    int batchesWhileCounting = 0;
    while (tracker.isCounting()) {
        window.store.append(mixedBatch(next, 300));
        next += 300;
        ++batchesWhileCounting;
        QCoreApplication::processEvents();
    }
    // Each slice but the last reports progress; the 35,000 payloads retained were all read in slices.
    QVERIFY2(progress.size() >= 35'000 / sliceRows - 1, qPrintable(QString::number(progress.size())));
    QVERIFY2(batchesWhileCounting >= 35'000 / sliceRows - 1,
             qPrintable(QString::number(batchesWhileCounting)));
    const qint64 end = tracker.newestMs().value();
    for (const ActivityWindow span : allActivityWindows)
        QCOMPARE(describe(tracker.snapshot(span)), describe(recounted(window.store, &window.all, span, end)));

    // Scope back to everything: counted from the facts, no payload read again.
    tracker.setSource(&window.store);
    QTRY_VERIFY(!tracker.isCounting());
    QCOMPARE(describe(tracker.snapshot(ActivityWindow::Hour)),
             describe(recounted(window.store, nullptr, ActivityWindow::Hour, end)));
}

void TestActivityTracker::clearStartsOver()
{
    Window window;
    window.store.append(mixedBatch(1, 100));
    ActivityTracker tracker;
    tracker.setSlicing(false); // counted at once, however loaded the machine
    tracker.setSource(&window.store, &window.all);
    QVERIFY(tracker.snapshot(ActivityWindow::All).total.syncs > 0);
    window.store.clear();
    QCOMPARE(tracker.snapshot(ActivityWindow::All).total.syncs, 0);
    QVERIFY(!tracker.newestMs());
    window.store.append({makeEvent(baseMs, "sync.erin", R"({"service_duration": 2})", 1)});
    const ActivitySnapshot after = tracker.snapshot(ActivityWindow::All);
    QCOMPARE(after.total.syncs, 1);
    QCOMPARE(after.topUsers.at(0).name, QStringLiteral("erin")); // channel ids started again
}

void TestActivityTracker::scopeModelGoing()
{
    Window window;
    window.store.append(mixedBatch(1, 100));
    auto *tab = new EventFilterModel(&window.store);
    tab->setSourceModel(&window.table);
    ActivityTracker tracker;
    tracker.setSlicing(false); // counted at once, however loaded the machine
    tracker.setSource(&window.store, tab);
    QVERIFY(tracker.snapshot(ActivityWindow::All).total.syncs > 0);
    delete tab;
    QCOMPARE(tracker.scope(), nullptr);
    window.store.append(mixedBatch(101, 100));
    QCOMPARE(tracker.snapshot(ActivityWindow::All).total.syncs, 0); // nothing until told what to count
    tracker.setSource(&window.store, &window.all);
    QCOMPARE(tracker.snapshot(ActivityWindow::All).total.syncs, 101); // n in 1..200 with n % 6 < 3
}

void TestActivityTracker::liveClockMovesTheWindow()
{
    Window window;
    window.store.append(mixedBatch(1, 40)); // 10 s of traffic
    ActivityTracker tracker;
    tracker.setSlicing(false); // counted at once, however loaded the machine
    tracker.setSource(&window.store);
    const qint64 newest = tracker.newestMs().value();
    QVERIFY(tracker.snapshot(ActivityWindow::FiveMinutes).syncsLastMinute > 0);
    // Ten minutes later on a live bus nothing came: the last five minutes hold no sync.
    const ActivitySnapshot later = tracker.snapshot(ActivityWindow::FiveMinutes, newest + 600'000);
    QCOMPARE(later.total.syncs, 0);
    QCOMPARE(later.syncsLastMinute, 0);
    QCOMPARE(later.perMinute.size(), 5);
    // A clock behind the newest message (another machine's) does not pull the window back.
    QCOMPARE(tracker.snapshot(ActivityWindow::FiveMinutes, newest - 600'000).toMs, newest);
}

QTEST_GUILESS_MAIN(TestActivityTracker)
#include "tst_activitytracker.moc"
