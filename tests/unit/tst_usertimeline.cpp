#include "activity/syncchainlinker.h"
#include "activity/usertimeline.h"
#include "store/eventstore.h"
#include "testevent.h"

#include <QTest>

using namespace busmon;
using busmon::test::makeEvent;

namespace {

constexpr qint64 baseMs = 1'795'770'000'000;

// "seconds kind [start head]" items separated by ';'. Kinds: sync+ (stored records), sync (changed
// nothing), local, task, toast.
QList<SyncChainLinker::Event> parseEvents(const QString &spec)
{
    QList<SyncChainLinker::Event> events;
    for (const QString &item : spec.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QStringList parts = item.trimmed().split(QLatin1Char(' '));
        SyncChainLinker::Event event;
        event.receivedMs = baseMs + qRound64(parts.at(0).toDouble() * 1000);
        const QString kind = parts.at(1);
        if (kind.startsWith(QLatin1String("sync"))) {
            event.kind = EventKind::Sync;
            event.changed = kind.endsWith(QLatin1Char('+'));
        } else if (kind == QLatin1String("local")) {
            event.kind = EventKind::LocalSync;
        } else if (kind == QLatin1String("task")) {
            event.kind = EventKind::ChangedTask;
        } else {
            event.kind = EventKind::Personal;
        }
        event.start = parts.value(2).toUtf8();
        event.head = parts.value(3).toUtf8();
        events << event;
    }
    return events;
}

// "S0,S3>L4>T5,T6" a chain: syncs, then its local sync, then its changed tasks; chains split by " | ".
QString describe(const SyncChainLinker::Result &result)
{
    QStringList chains;
    for (const SyncChainLinker::Chain &chain : result.chains) {
        QStringList syncs;
        for (const int sync : chain.syncs)
            syncs << QStringLiteral("S%1").arg(sync);
        QStringList tasks;
        for (const int task : chain.changedTasks)
            tasks << QStringLiteral("T%1").arg(task);
        chains << QStringLiteral("%1>%2>%3")
                      .arg(syncs.join(QLatin1Char(',')),
                           chain.localSync < 0 ? QStringLiteral("-")
                                               : QStringLiteral("L%1").arg(chain.localSync),
                           tasks.join(QLatin1Char(',')));
    }
    return chains.join(QLatin1String(" | "));
}

QString unlinked(const SyncChainLinker::Result &result)
{
    QStringList syncs;
    for (const int sync : result.unlinkedSyncs)
        syncs << QString::number(sync);
    return syncs.join(QLatin1Char(','));
}

} // namespace

class TestUserTimeline : public QObject
{
    Q_OBJECT
private slots:
    void linksChains_data();
    void linksChains();
    void collectsOneUsersMessages();
    void keepsTheNewestWhenThereAreMany();
    void listsUsers();
};

void TestUserTimeline::linksChains_data()
{
    QTest::addColumn<QString>("events");
    QTest::addColumn<QString>("chains");
    QTest::addColumn<QString>("unlinked");

    QTest::newRow("a sync, its local sync and two changed tasks")
        << "0 sync+; 1 local a b; 2 task a b; 3 task a b"
        << "S0>L1>T2,T3"
        << "";
    QTest::newRow("a sync that changed nothing is not linked") << "0 sync; 1 local a b"
                                                               << ">L1>"
                                                               << "";
    QTest::newRow("no local sync followed: the change did not arrive") << "0 sync+; 5 toast; 9 sync"
                                                                       << ""
                                                                       << "0";
    QTest::newRow("a local sync more than five minutes later is not this sync's")
        << "0 sync+; 301 local a b; 302 task a b"
        << ">L1>T2"
        << "0";
    QTest::newRow("five minutes exactly still links") << "0 sync+; 300 local a b"
                                                      << "S0>L1>"
                                                      << "";
    QTest::newRow("debounced: two syncs, one local sync") << "0 sync+; 10 sync+; 11 sync; 20 local a b"
                                                          << "S0,S1>L3>"
                                                          << "";
    QTest::newRow("tasks join the chain of their start and head")
        << "0 sync+; 1 local a b; 2 sync+; 3 local b c; 4 task a b; 5 task b c; 6 task b c"
        << "S0>L1>T4 | S2>L3>T5,T6"
        << "";
    QTest::newRow("a local sync takes only syncs before it") << "0 sync+; 1 local a b; 2 sync+"
                                                             << "S0>L1>"
                                                             << "2";
    QTest::newRow("changed tasks without a local sync (an edit in the web app)")
        << "0 task x y; 1 task x y; 2 task y z"
        << ">->T0,T1 | >->T2"
        << "";
    QTest::newRow("nothing") << ""
                             << ""
                             << "";
}

void TestUserTimeline::linksChains()
{
    QFETCH(QString, events);
    const SyncChainLinker::Result result = SyncChainLinker::link(parseEvents(events));
    QTEST(describe(result), "chains");
    QTEST(unlinked(result), "unlinked");
}

void TestUserTimeline::collectsOneUsersMessages()
{
    EventStore store;
    store.append({
        makeEvent(baseMs + 1000, "sync.alice", R"({"stored_count": 2, "service_duration": 0.3})", 1),
        makeEvent(baseMs + 1500, "sync.bob", R"({"stored_count": 1})", 2),
        makeEvent(baseMs + 2000, "local_sync.alice", R"({"start": "s1", "head": "h1"})", 3),
        makeEvent(baseMs + 3000, "changed_task.alice", R"({"start": "s1", "head": "h1", "task_id": "t"})", 4),
        makeEvent(baseMs + 4000, "personal.alice", R"({"title": "Sync", "message": "done"})", 5),
        makeEvent(baseMs + 5000, "sync.alice", R"({"stored_count": 1, "service_duration": 0.2})", 6),
        makeEvent(baseMs + 6000, "log_message.alicex", R"({"error": true})", 7),
    });
    // A capture read out of order: an older message of alice's last.
    store.append(
        {makeEvent(baseMs + 500, "taskd.certificate.alice", R"({"certificate_accepted": false})", 8)});

    const UserTimeline timeline =
        UserTimeline::collect(store, QStringLiteral("alice"), baseMs, baseMs + 60'000);
    QCOMPARE(timeline.inWindow, 6);
    QVERIFY(!timeline.truncated());
    QList<int> kinds;
    QList<quint64> sequences;
    for (const UserTimeline::Event &event : timeline.events) {
        kinds << int(event.kind);
        sequences << store.row(store.indexOfRowId(event.rowId)).sequence;
    }
    QCOMPARE(sequences, (QList<quint64>{8, 1, 3, 4, 5, 6}));
    QCOMPARE(kinds.first(), int(EventKind::TaskdCertificate));
    QCOMPARE(timeline.events.at(0).severity, Severity::Alert);
    QVERIFY(timeline.events.at(1).changed);
    QCOMPARE(describe(timeline.links), QStringLiteral("S1>L2>T3"));
    QCOMPARE(unlinked(timeline.links), QStringLiteral("5")); // the last sync: no local sync followed

    const UserTimeline window =
        UserTimeline::collect(store, QStringLiteral("alice"), baseMs + 2000, baseMs + 4000);
    QCOMPARE(window.events.size(), 3);
    QCOMPARE(UserTimeline::collect(store, QStringLiteral("Alice"), baseMs, baseMs + 60'000).events.size(), 0);
}

void TestUserTimeline::keepsTheNewestWhenThereAreMany()
{
    EventStore store;
    BusEventBatch batch;
    for (int i = 0; i < 50; ++i)
        batch << makeEvent(baseMs + i * 1000, "sync.alice", R"({"service_duration": 1})", quint64(i + 1));
    store.append(batch);
    const UserTimeline timeline =
        UserTimeline::collect(store, QStringLiteral("alice"), baseMs, baseMs + 3600'000, 10);
    QCOMPARE(timeline.inWindow, 50);
    QVERIFY(timeline.truncated());
    QCOMPARE(timeline.events.size(), 10);
    QCOMPARE(timeline.events.first().receivedMs, baseMs + 40'000);
    QCOMPARE(timeline.events.last().receivedMs, baseMs + 49'000);
}

void TestUserTimeline::listsUsers()
{
    EventStore store;
    store.append({makeEvent(baseMs, "sync.bob", "{}", 1), makeEvent(baseMs, "local_sync.Alice", "{}", 2),
                  makeEvent(baseMs, "sync.alice", "{}", 3), makeEvent(baseMs, "__general__", "{}", 4),
                  makeEvent(baseMs, "personal.bob", "{}", 5)});
    QCOMPARE(UserTimeline::users(store),
             (QStringList{QStringLiteral("Alice"), QStringLiteral("alice"), QStringLiteral("bob")}));
}

QTEST_GUILESS_MAIN(TestUserTimeline)
#include "tst_usertimeline.moc"
