// A monitoring session against a real redis-server: what arrives is stored in order with its
// gaps, stopping keeps it, and the demo bus is a session like any other.

#include "bus/busfeed.h"
#include "redisserver.h"
#include "session/monitorsession.h"
#include "store/eventstore.h"
#include "store/liveintake.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace busmon;
using busmon::test::RedisServer;

class TestMonitorSession : public QObject
{
    Q_OBJECT
private slots:
    void storesWhatTheBusSends();
    void stoppingKeepsWhatArrived();
    void outageIsAGapAndReported();
    void recordersSeeEveryBatchEvenWhilePaused();
    void behindTheBusNoMoreThanTheStoreKeepsWaits();
    void demoBusIsASessionToo();
    void originNamesWhatIsWatched_data();
    void originNamesWhatIsWatched();
};

namespace {
SessionOrigin originFor(const RedisServer &server)
{
    return SessionOrigin::bus(*ConnectionSettings::fromUrl(server.url()));
}

// For a window whose thread is busy elsewhere: the feed's threads go on meanwhile.
template<typename Predicate> bool waitWithoutEventLoop(Predicate done)
{
    QDeadlineTimer deadline(5000);
    while (!done() && !deadline.hasExpired())
        QThread::msleep(10);
    return done();
}

bool waitSubscribed(const MonitorSession &session)
{
    return QTest::qWaitFor([&] { return session.status().state == ConnectionState::Subscribed; }, 10000);
}
} // namespace

void TestMonitorSession::storesWhatTheBusSends()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    MonitorSession session;
    QSignalSpy status(&session, &MonitorSession::statusChanged);
    session.watchBus(originFor(server));
    QVERIFY(session.isReceiving());
    QVERIFY(waitSubscribed(session));
    QVERIFY(!status.isEmpty());
    server.publish("sync.alice", R"({"username": "alice"})");
    server.publish("personal.bob", R"({"title": "t", "message": "m"})");
    QTRY_COMPARE(session.store()->messageCount(), 2);
    QCOMPARE(session.receivedCount(), quint64(2));
    QCOMPARE(session.droppedCount(), quint64(0));
    QCOMPARE(session.store()->row(0).channel, QByteArrayView("sync.alice"));
    QCOMPARE(session.store()->row(1).kind, EventKind::Personal);
}

void TestMonitorSession::stoppingKeepsWhatArrived()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    MonitorSession session;
    session.watchBus(originFor(server));
    QVERIFY(waitSubscribed(session));
    server.publish("sync.alice", "{}");
    QTRY_COMPARE(session.store()->messageCount(), 1);
    session.stop();
    QVERIFY(!session.isReceiving());
    QCOMPARE(session.status().state, ConnectionState::Disconnected);
    server.publish("sync.alice", "{}");
    QTest::qWait(300);
    QCOMPARE(session.store()->messageCount(), 1);
    QCOMPARE(session.origin().kind, SessionOrigin::Kind::Bus);
}

void TestMonitorSession::outageIsAGapAndReported()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    MonitorSession session;
    QSignalSpy outages(&session, &MonitorSession::outageArrived);
    session.watchBus(originFor(server));
    QVERIFY(waitSubscribed(session));
    server.publish("sync.alice", "{}");
    QTRY_COMPARE(session.store()->messageCount(), 1);
    server.kill();
    QTRY_VERIFY(session.status().state != ConnectionState::Subscribed);
    QVERIFY(server.restart());
    QVERIFY(waitSubscribed(session));
    server.publish("sync.alice", "{}");
    QTRY_COMPARE(session.store()->messageCount(), 2);
    QTRY_COMPARE(session.store()->gapCount(), 1);
    QVERIFY(outages.size() >= 1);
    QVERIFY(session.store()->row(1).isGap()); // between the two messages
}

void TestMonitorSession::recordersSeeEveryBatchEvenWhilePaused()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    MonitorSession session;
    qsizetype seen = 0;
    connect(&session, &MonitorSession::eventsArrived, this,
            [&](const BusEventBatch &batch) { seen += batch.size(); });
    session.watchBus(originFor(server));
    QVERIFY(waitSubscribed(session));
    session.intake()->setPaused(true);
    for (int i = 0; i < 50; ++i)
        server.publish("log_message.alice", R"({"message": "x"})");
    QTRY_COMPARE(seen, 50);
    QCOMPARE(session.store()->messageCount(), 0); // the view is paused, the recorders are not
    session.intake()->setPaused(false);
    QTRY_COMPARE(session.store()->messageCount(), 50);
}

void TestMonitorSession::behindTheBusNoMoreThanTheStoreKeepsWaits()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    MonitorSession session;
    session.store()->setRetentionLimit(1000);
    session.watchBus(originFor(server));
    QVERIFY(waitSubscribed(session));
    // Lowered while running, as with the window's "keep" box: the feed's bound follows.
    session.store()->setRetentionLimit(50);

    // The window's thread does not come back to its event loop while 400 messages arrive.
    for (int i = 0; i < 400; ++i)
        server.publish("sync.alice", QByteArray::number(i));
    QVERIFY(waitWithoutEventLoop([&] { return session.arrivedCount() == 400; }));
    QVERIFY(waitWithoutEventLoop([&] { return session.backlogCount() == 50; }));
    // Behind by exactly what the store keeps; the bus's count runs on; nothing was stored yet.
    QCOMPARE(session.backlogCount(), 50);
    QCOMPARE(session.receivedCount(), quint64(0));

    QTRY_COMPARE(session.store()->messageCount(), 50);
    QCOMPARE(session.droppedCount(), quint64(350));
    QCOMPARE(session.backlogCount(), 0);
    // The first 50 were kept: the rest came while they waited.
    QCOMPARE(session.store()->row(0).payload, QByteArrayView("0"));
    QCOMPARE(session.store()->row(49).payload, QByteArrayView("49"));
    // The bus is still read: what comes next is stored.
    server.publish("sync.alice", "next");
    QTRY_COMPARE(session.store()->row(session.store()->size() - 1).payload, QByteArrayView("next"));
    QCOMPARE(session.arrivedCount(), quint64(401));
}

void TestMonitorSession::demoBusIsASessionToo()
{
    MonitorSession session;
    QString error;
    QVERIFY2(session.watchDemo(&error), qPrintable(error));
    QCOMPARE(session.origin().kind, SessionOrigin::Kind::Demo);
    QVERIFY(session.origin().hasBus());
    QTRY_VERIFY_WITH_TIMEOUT(session.store()->messageCount() > 20, 15000);
    session.stop();
    // What was on its way when it stopped still comes in; then nothing more.
    QTest::qWait(500);
    const qint64 kept = session.store()->messageCount();
    QTest::qWait(500);
    QCOMPARE(session.store()->messageCount(), kept);
}

void TestMonitorSession::originNamesWhatIsWatched_data()
{
    QTest::addColumn<SessionOrigin>("origin");
    QTest::addColumn<QString>("title");
    const ConnectionSettings settings =
        *ConnectionSettings::fromUrl(QStringLiteral("redis://ops:secret@bus.example:6380"));
    QTest::newRow("url") << SessionOrigin::bus(settings)
                         << QStringLiteral("redis://ops:***@bus.example:6380");
    QTest::newRow("profile") << SessionOrigin::bus(settings, QStringLiteral("production"), true)
                             << QStringLiteral("production (redis://ops:***@bus.example:6380)");
    QTest::newRow("capture") << SessionOrigin::capture(QStringLiteral("/var/tmp/night.jsonl.gz"))
                             << QStringLiteral("night.jsonl.gz");
    QTest::newRow("nothing") << SessionOrigin() << QString();
}

void TestMonitorSession::originNamesWhatIsWatched()
{
    QFETCH(SessionOrigin, origin);
    QFETCH(QString, title);
    QCOMPARE(origin.title(), title);
    QVERIFY(!origin.title().contains(QStringLiteral("secret")));
}

QTEST_GUILESS_MAIN(TestMonitorSession)
#include "tst_monitorsession.moc"
