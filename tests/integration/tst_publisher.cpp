#include "bus/busfeed.h"
#include "bus/publisher.h"
#include "redisserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace busmon;
using busmon::test::RedisServer;

namespace {
ConnectionSettings settingsFor(const RedisServer &server)
{
    return *ConnectionSettings::fromUrl(server.url());
}
} // namespace

class TestPublisher : public QObject
{
    Q_OBJECT
private slots:
    void publishReachesSubscriber();
    void receiversCountedPerPublish();
    void manyPublishesArePipelined();
    void noPermissionIsReported();
    void wrongPasswordIsReported();
    void refusedConnectionIsReported();
    void idleDisconnectIsQuietAndRecovers();
};

void TestPublisher::publishReachesSubscriber()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    BusFeed feed(settingsFor(server), Subscription::defaultSet());
    BusEventBatch received;
    connect(&feed, &BusFeed::eventsReceived, this, [&](const BusEventBatch &batch) { received += batch; });
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);

    Publisher publisher(settingsFor(server));
    QSignalSpy published(&publisher, &Publisher::published);
    QSignalSpy drained(&publisher, &Publisher::drained);
    const QByteArray toast = R"({"title":"Maintenance","message":"Back at 10:00 UTC","system":true})";
    const QByteArray binary("\xff\0\r\n", 4);
    publisher.publish("__general__", toast);
    publisher.publish("personal.jane.doe@example.com", binary);
    QCOMPARE(publisher.pendingCount(), 2);
    QTRY_COMPARE(published.size(), 2);
    QCOMPARE(publisher.pendingCount(), 0);
    QCOMPARE(drained.size(), 1);
    QCOMPARE(published[0][0].toByteArray(), QByteArray("__general__"));
    QCOMPARE(published[0][1].toLongLong(), 1);
    QCOMPARE(published[1][0].toByteArray(), QByteArray("personal.jane.doe@example.com"));
    QCOMPARE(published[1][1].toLongLong(), 1);

    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received[0].payload, toast);
    QCOMPARE(received[1].payload, binary);
    QCOMPARE(received[1].kind, EventKind::Personal);
}

void TestPublisher::receiversCountedPerPublish()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    Publisher publisher(settingsFor(server));
    QSignalSpy published(&publisher, &Publisher::published);
    publisher.publish("sync.nobody", "{}");
    QTRY_COMPARE(published.size(), 1);
    QCOMPARE(published[0][1].toLongLong(), 0);
}

void TestPublisher::manyPublishesArePipelined()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    Publisher publisher(settingsFor(server));
    qint64 acknowledged = 0;
    connect(&publisher, &Publisher::published, this, [&](const QByteArray &, qint64) { ++acknowledged; });
    QSignalSpy drained(&publisher, &Publisher::drained);
    QSignalSpy failed(&publisher, &Publisher::failed);
    const int count = 50000;
    const QByteArray payload(335, 'p');
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < count; ++i)
        publisher.publish("sync.alice", payload);
    QCOMPARE(publisher.pendingCount(), count);
    QTRY_COMPARE_WITH_TIMEOUT(drained.size(), 1, 20000);
    qInfo() << count << "publishes acknowledged in" << clock.elapsed() << "ms";
    QCOMPARE(acknowledged, count);
    QCOMPARE(publisher.pendingCount(), 0);
    QVERIFY(failed.isEmpty());
    const auto stats = server.command({"INFO", "commandstats"}).text;
    QVERIFY2(stats.contains("cmdstat_publish:calls=50000,"), stats.constData());
}

void TestPublisher::noPermissionIsReported()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(!server
                 .command({"ACL", "SETUSER", "announcer", "on", ">pw", "resetchannels", "&__general__",
                           "+publish"})
                 .isError);
    ConnectionSettings settings = settingsFor(server);
    settings.user = QStringLiteral("announcer");
    settings.password = QStringLiteral("pw");
    Publisher publisher(settings);
    QSignalSpy published(&publisher, &Publisher::published);
    QSignalSpy failed(&publisher, &Publisher::failed);
    publisher.publish("personal.alice", "{}");
    publisher.publish("__general__", "{}");
    QTRY_COMPARE(published.size(), 1);
    QCOMPARE(published[0][0].toByteArray(), QByteArray("__general__"));
    QCOMPARE(failed.size(), 1);
    const QString reason = failed[0][0].toString();
    QVERIFY2(reason.contains(QLatin1String("'personal.alice'")) && reason.contains(QLatin1String("NOPERM")),
             qPrintable(reason));
}

void TestPublisher::wrongPasswordIsReported()
{
    RedisServer server({QStringLiteral("--requirepass"), QStringLiteral("right")});
    server.setClientAuth({}, "right");
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ConnectionSettings settings = settingsFor(server);
    settings.password = QStringLiteral("wrong");
    Publisher publisher(settings);
    QSignalSpy failed(&publisher, &Publisher::failed);
    QSignalSpy drained(&publisher, &Publisher::drained);
    publisher.publish("__general__", "{}");
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed[0][0].toString().startsWith(QLatin1String("wrong password")),
             qPrintable(failed[0][0].toString()));
    QCOMPARE(publisher.pendingCount(), 0);
    QCOMPARE(drained.size(), 1);
}

void TestPublisher::refusedConnectionIsReported()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ConnectionSettings settings;
    settings.port = port;
    Publisher publisher(settings);
    QSignalSpy failed(&publisher, &Publisher::failed);
    publisher.publish("__general__", "{}");
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed[0][0].toString().contains(QLatin1String("connection refused")),
             qPrintable(failed[0][0].toString()));
    QCOMPARE(publisher.pendingCount(), 0);
}

void TestPublisher::idleDisconnectIsQuietAndRecovers()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    Publisher publisher(settingsFor(server));
    QSignalSpy published(&publisher, &Publisher::published);
    QSignalSpy failed(&publisher, &Publisher::failed);
    publisher.publish("__general__", "1");
    QTRY_COMPARE(published.size(), 1);
    QCOMPARE(server.command({"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"}).integer, 1);
    QTRY_VERIFY(!publisher.isConnected());
    QVERIFY(failed.isEmpty()); // nothing was pending: nothing to report
    publisher.publish("__general__", "2");
    QTRY_COMPARE(published.size(), 2);
    QVERIFY(failed.isEmpty());
}

QTEST_GUILESS_MAIN(TestPublisher)
#include "tst_publisher.moc"
