// Faults a real redis-server cannot produce (silence, a frame cut in half, garbage, absurd
// sizes), played by FakeRedis: a QTcpServer in the test that speaks just enough RESP.
#include "bus/busfeed.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>

using namespace busmon;

namespace {
const QByteArray subscribed = "*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n";

QByteArray messageFrame(const QByteArray &payload)
{
    return "*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$" + QByteArray::number(payload.size()) + "\r\n" + payload +
           "\r\n";
}

// A fake Redis: for the n-th connection (0, 1, …) `script(n, socket)` runs once the client has
// sent its first commands. Everything the clients sent is kept in `received`.
class FakeRedis : public QObject
{
public:
    std::function<void(int, QTcpSocket *)> script;
    QByteArray received;
    int connections = 0;

    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, &FakeRedis::accept);
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    // healthCheckMs short only for the tests about silence (the fake never answers PING).
    ConnectionSettings settings(int healthCheckMs = 60000) const
    {
        ConnectionSettings settings;
        settings.port = m_server.serverPort();
        settings.healthCheckMs = healthCheckMs;
        return settings;
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            const int index = connections++;
            connect(socket, &QTcpSocket::readyRead, this, [this, socket, index, started = false]() mutable {
                received += socket->readAll();
                if (!started) {
                    started = true;
                    if (script)
                        script(index, socket);
                }
            });
        }
    }

    QTcpServer m_server;
};

Subscription channelC()
{
    Subscription subscription;
    subscription.channels = {"c"};
    return subscription;
}

FeedOptions quickOptions()
{
    FeedOptions options;
    options.firstRetryMs = 50;
    options.maxRetryMs = 200;
    return options;
}

struct Watch
{
    explicit Watch(BusFeed &feed)
    {
        QObject::connect(&feed, &BusFeed::eventsReceived, &feed,
                         [this](const BusEventBatch &b) { events += b; });
        QObject::connect(&feed, &BusFeed::statusChanged, &feed, [this](const ConnectionStatus &status) {
            if (status.state == ConnectionState::Reconnecting)
                reconnectReasons.append(status.detail);
        });
    }
    BusEventBatch events;
    QStringList reconnectReasons;
};
} // namespace

class TestFaultyServer : public QObject
{
    Q_OBJECT
private slots:
    void silentServerIsDropped();
    void deadConnectionIsNoticed();
    void frameCutInHalfThenClosed();
    void brokenStream_data();
    void brokenStream();
};

void TestFaultyServer::silentServerIsDropped()
{
    FakeRedis fake; // accepts, reads, never answers
    QVERIFY(fake.listen());
    BusFeed feed(fake.settings(200), channelC());
    feed.setOptions(quickOptions());
    Watch watch(feed);
    feed.start();
    QTRY_VERIFY(!watch.reconnectReasons.isEmpty());
    QVERIFY2(watch.reconnectReasons.first().startsWith(QLatin1String("no answer from the server for")),
             qPrintable(watch.reconnectReasons.first()));
    QTRY_VERIFY(fake.connections >= 2);
}

void TestFaultyServer::deadConnectionIsNoticed()
{
    FakeRedis fake; // confirms the subscription, then plays dead: no reply to PING, no FIN
    fake.script = [](int, QTcpSocket *socket) { socket->write(subscribed); };
    QVERIFY(fake.listen());
    BusFeed feed(fake.settings(500), channelC());
    feed.setOptions(quickOptions());
    QSignalSpy began(&feed, &BusFeed::outageBegan);
    qint64 subscribedMs = 0;
    qint64 lostSinceMs = 0;
    connect(&feed, &BusFeed::statusChanged, this, [&](const ConnectionStatus &status) {
        if (status.state == ConnectionState::Subscribed && subscribedMs == 0)
            subscribedMs = QDateTime::currentMSecsSinceEpoch();
        if (status.state == ConnectionState::Reconnecting && lostSinceMs == 0)
            lostSinceMs = status.lostSinceMs;
    });
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QTRY_COMPARE(began.size(), 1);
    const Outage outage = began.first().first().value<Outage>();
    QVERIFY2(outage.reason.startsWith(QLatin1String("no answer from the server for")),
             qPrintable(outage.reason));
    QVERIFY(fake.received.contains("*1\r\n$4\r\nPING\r\n")); // it asked before giving up
    // The server's last word was the subscription's confirmation: the outage began there, and was
    // noticed one health check interval later.
    QVERIFY2(
        outage.beganMs <= subscribedMs && outage.beganMs > subscribedMs - 1000,
        qPrintable(QStringLiteral("began %1 ms after the subscription").arg(outage.beganMs - subscribedMs)));
    QVERIFY2(outage.noticedMs - outage.beganMs >= 500 && outage.noticedMs - outage.beganMs < 2000,
             qPrintable(QString::number(outage.noticedMs - outage.beganMs)));
    QCOMPARE(lostSinceMs, outage.beganMs); // what the status bar shows
    QTRY_VERIFY(fake.connections >= 2);
}

void TestFaultyServer::frameCutInHalfThenClosed()
{
    const QByteArray payload = R"({"title":"whole","message":"only the second time"})";
    FakeRedis fake;
    fake.script = [&](int connection, QTcpSocket *socket) {
        const QByteArray frame = messageFrame(payload);
        if (connection == 0) {
            socket->write(subscribed + frame.first(frame.size() / 2));
            socket->disconnectFromHost();
        } else {
            socket->write(subscribed + frame);
        }
    };
    QVERIFY(fake.listen());
    BusFeed feed(fake.settings(), channelC());
    feed.setOptions(quickOptions());
    Watch watch(feed);
    feed.start();
    QTRY_COMPARE(watch.events.size(), 1);
    QCOMPARE(watch.events.first().payload, payload);
    QCOMPARE(watch.events.first().sequence, quint64(1));
    QCOMPARE(watch.reconnectReasons.value(0), QStringLiteral("the server closed the connection"));
}

void TestFaultyServer::brokenStream_data()
{
    QTest::addColumn<QByteArray>("broken");
    QTest::addColumn<QString>("reason");

    QTest::newRow("garbage") << QByteArray("HELLO WORLD\r\n")
                             << "protocol error: a reply cannot start with 'H'";
    QTest::newRow("binary garbage") << QByteArray("\x00\x01\x02\xff", 4)
                                    << "protocol error: a reply cannot start with '\\x00'";
    QTest::newRow("bulk announcing 10 GB")
        << QByteArray("*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$10000000000\r\n") + QByteArray(64 * 1024, 'x')
        << "the server announced a string of 10000000000 bytes, above the limit of 536870912 bytes";
    QTest::newRow("array of a billion")
        << QByteArray("*1000000000\r\n") << "the server announced an array of 1000000000 elements";
    QTest::newRow("length that is not a number")
        << QByteArray("*3\r\n$7\r\nmessage\r\n$x1\r\n") << "protocol error: 'x1' is not a number";
    QTest::newRow("nesting beyond hiredis") << QByteArray("*1\r\n").repeated(10) << "protocol error";
}

void TestFaultyServer::brokenStream()
{
    QFETCH(QByteArray, broken);
    QFETCH(QString, reason);
    FakeRedis fake; // broken on the first connection, sane on the second
    fake.script = [&](int connection, QTcpSocket *socket) {
        socket->write(subscribed + messageFrame("before") +
                      (connection == 0 ? broken : messageFrame("after")));
    };
    QVERIFY(fake.listen());
    BusFeed feed(fake.settings(), channelC());
    feed.setOptions(quickOptions());
    Watch watch(feed);
    feed.start();
    QTRY_COMPARE(watch.events.size(), 3);
    QVERIFY2(watch.reconnectReasons.value(0).startsWith(reason), qPrintable(watch.reconnectReasons.value(0)));
    QCOMPARE(watch.events[0].payload, QByteArray("before"));
    QCOMPARE(watch.events[1].payload, QByteArray("before"));
    QCOMPARE(watch.events[2].payload, QByteArray("after"));
    QCOMPARE(watch.events[2].sequence, quint64(3));
    QCOMPARE(fake.connections, 2);
}

QTEST_GUILESS_MAIN(TestFaultyServer)
#include "tst_faultyserver.moc"
