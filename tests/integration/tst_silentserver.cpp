// A real redis-server that goes silent without closing anything (DEBUG SLEEP, SIGSTOP), and one
// that is only quiet. An outage begins at the server's last sign of life (its last message or
// PONG), is noticed within the health check interval (5 s by default) and ends when the server
// answers again; a quiet but healthy server gives none.
#include "bus/busfeed.h"
#include "redisserver.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace busmon;
using busmon::test::RedisServer;

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

Subscription syncPattern()
{
    Subscription subscription;
    subscription.patterns = {"sync.*"};
    return subscription;
}

// What the feed delivers, as the GUI or the CLI sees it.
struct Watch
{
    explicit Watch(BusFeed &feed)
    {
        QObject::connect(&feed, &BusFeed::eventsReceived, &feed,
                         [this](const BusEventBatch &batch) { events += batch; });
        QObject::connect(&feed, &BusFeed::outageBegan, &feed, [this](const Outage &o) { began.append(o); });
        QObject::connect(&feed, &BusFeed::outageEnded, &feed, [this](const Outage &o) { ended.append(o); });
        QObject::connect(&feed, &BusFeed::statusChanged, &feed,
                         [this](const ConnectionStatus &status) { states.append(status.state); });
    }
    BusEventBatch events;
    QList<Outage> began;
    QList<Outage> ended;
    QList<ConnectionState> states;
};

qlonglong pingsServed(const RedisServer &server)
{
    const QByteArray info = server.command({"INFO", "commandstats"}).text;
    const qsizetype at = info.indexOf("cmdstat_ping:calls=");
    if (at < 0)
        return 0;
    const qsizetype from = at + qsizetype(qstrlen("cmdstat_ping:calls="));
    return info.mid(from, info.indexOf(',', from) - from).toLongLong();
}
} // namespace

class TestSilentServer : public QObject
{
    Q_OBJECT
private slots:
    void stallIsOneOutageFromItsStart_data();
    void stallIsOneOutageFromItsStart();
    void quietHealthyServerHasNoOutage();
};

void TestSilentServer::stallIsOneOutageFromItsStart_data()
{
    QTest::addColumn<bool>("debugSleep"); // else SIGSTOP, then SIGCONT
    QTest::addColumn<int>("stallMs");
    QTest::addColumn<bool>("messageJustBefore"); // else the last sign of life is a PONG
    QTest::newRow("DEBUG SLEEP 8 on a quiet bus") << true << 8000 << false;
    QTest::newRow("SIGSTOP for 12 s right after a message") << false << 12000 << true;
}

void TestSilentServer::stallIsOneOutageFromItsStart()
{
    QFETCH(bool, debugSleep);
    QFETCH(int, stallMs);
    QFETCH(bool, messageJustBefore);
    RedisServer server({QStringLiteral("--enable-debug-command"), QStringLiteral("local")});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    // The defaults a user gets: a 5 s health check, the usual reconnection backoff.
    BusFeed feed(*ConnectionSettings::fromUrl(server.url()), syncPattern());
    Watch watch(feed);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QTest::qWait(1500); // long enough for the health check's PINGs to be what the server last said

    QTcpSocket staller; // a client of its own sends DEBUG SLEEP, as an operator would
    staller.connectToHost(server.host(), server.port());
    QVERIFY(staller.waitForConnected(5000));
    if (messageJustBefore) {
        QCOMPARE(server.publish("sync.alice", "last words"), 1);
        QTRY_COMPARE(watch.events.size(), 1);
    }
    const qint64 stalledMs = nowMs();
    if (debugSleep) {
        staller.write("DEBUG SLEEP " + QByteArray::number(stallMs / 1000) + "\r\n");
        QVERIFY(staller.waitForBytesWritten(1000));
    } else {
        QVERIFY(server.suspend());
        QTest::qWait(stallMs);
        QVERIFY(server.resume());
    }
    QTRY_COMPARE_WITH_TIMEOUT(watch.ended.size(), 1, stallMs + 10000);
    QCOMPARE(watch.began.size(), 1); // one outage, however many attempts it took
    const Outage outage = watch.ended.first();
    QCOMPARE(outage.beganMs, watch.began.first().beganMs);
    QCOMPARE(outage.noticedMs, watch.began.first().noticedMs);
    const auto relative = [&](qint64 ms) { return QString::number(ms - stalledMs); };
    const QString times =
        QStringLiteral("ms after the stall: began %1, noticed %2, ended %3")
            .arg(relative(outage.beganMs), relative(outage.noticedMs), relative(outage.endedMs));
    qInfo().noquote() << times;

    // Began at the last sign of life: the message, or a PONG (sent every half second of quiet).
    QVERIFY2(outage.beganMs <= stalledMs + 50, qPrintable(times));
    if (messageJustBefore)
        QVERIFY2(outage.beganMs >= watch.events.last().receivedMs, qPrintable(times));
    else
        QVERIFY2(outage.beganMs >= stalledMs - 1000, qPrintable(times));
    // Noticed after one health check interval of silence, within 5 s of the stall.
    QVERIFY2(outage.noticedMs - outage.beganMs >= 4990, qPrintable(times));
    QVERIFY2(outage.noticedMs - stalledMs <= 5600, qPrintable(times));
    QVERIFY2(outage.reason.startsWith(QLatin1String("no answer from the server for 5.")),
             qPrintable(outage.reason));
    // Ended when the server answered again: the outage is as long as the stall.
    QVERIFY2(outage.endedMs >= stalledMs + stallMs - 50 && outage.endedMs <= stalledMs + stallMs + 1500,
             qPrintable(times));
    QVERIFY2(outage.durationMs() >= stallMs - 50 && outage.durationMs() <= stallMs + 2500, qPrintable(times));

    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QCOMPARE(server.publish("sync.alice", "after"), 1);
    QTRY_VERIFY(!watch.events.isEmpty() && watch.events.last().payload == "after");
}

void TestSilentServer::quietHealthyServerHasNoOutage()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    BusFeed feed(*ConnectionSettings::fromUrl(server.url()), syncPattern());
    Watch watch(feed);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    const qlonglong pingsBefore = pingsServed(server);
    QTest::qWait(15000); // nothing published
    QVERIFY(watch.began.isEmpty());
    QCOMPARE(watch.states.last(), ConnectionState::Subscribed);
    QVERIFY(!watch.states.contains(ConnectionState::Reconnecting));
    // It was watched all along, by PINGs the server answered.
    const qlonglong pings = pingsServed(server) - pingsBefore;
    QVERIFY2(pings >= 15, qPrintable(QString::number(pings)));
    QCOMPARE(server.publish("sync.alice", "still here"), 1);
    QTRY_COMPARE(watch.events.size(), 1);
}

QTEST_GUILESS_MAIN(TestSilentServer)
#include "tst_silentserver.moc"
