#include "bus/busfeed.h"
#include "bus/flowcounters.h"
#include "bus/publisher.h"
#include "events/channelname.h"
#include "redisserver.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThread>

using namespace busmon;
using busmon::test::RedisServer;

namespace {
ConnectionSettings settingsFor(const RedisServer &server)
{
    return *ConnectionSettings::fromUrl(server.url());
}

FeedOptions quickOptions()
{
    FeedOptions options;
    options.firstRetryMs = 50;
    options.maxRetryMs = 400;
    return options;
}

// Collects what a feed delivers, as the GUI or the CLI would.
struct Received
{
    explicit Received(BusFeed &feed)
    {
        QObject::connect(&feed, &BusFeed::eventsReceived, &feed,
                         [this](const BusEventBatch &batch) { events += batch; });
        QObject::connect(&feed, &BusFeed::statusChanged, &feed,
                         [this](const ConnectionStatus &status) { statuses.append(status); });
    }
    bool hasState(ConnectionState state) const
    {
        return std::any_of(statuses.cbegin(), statuses.cend(),
                           [&](const ConnectionStatus &status) { return status.state == state; });
    }
    BusEventBatch events;
    QList<ConnectionStatus> statuses;
};
} // namespace

class TestBusFeed : public QObject
{
    Q_OBJECT
private slots:
    void receivesEachKind();
    void userPatternOnUnknownChannel();
    void aclUserWithPermission();
    void aclRefusesSomeSubscriptions();
    void aclRefusingEverySubscriptionFailsOnce();
    void wrongPasswordFailsQuickly();
    void missingPasswordFails();
    void serverKilledAndRestarted();
    void outageInOrderWithEvents();
    void clientKillReconnects();
    void unresolvableHostFails();
    void refusedConnectionBacksOff();
    void burstArrivesInFewBatches();
    void checkedDeliveryKeepsOrderAndCounts();
    void stalledConsumerIsBounded_data();
    void stalledConsumerIsBounded();
    void stopReportsDisconnected();
};

void TestBusFeed::receivesEachKind()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    BusFeed feed(settingsFor(server), Subscription::defaultSet());
    Received received(feed);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);

    struct Expected
    {
        QByteArray channel;
        QByteArray pattern;
        EventKind kind;
        QString username;
        QByteArray payload;
    };
    const QList<Expected> expected{
        {"__general__", "", EventKind::General, "", R"({"title":"Maintenance","message":"at 10"})"},
        {"personal.alice", "personal.*", EventKind::Personal, "alice", R"({"title":"Hi","message":"x"})"},
        {"local_sync.bob", "local_sync.*", EventKind::LocalSync, "bob", "{}"},
        {"changed_task.carol", "changed_task.*", EventKind::ChangedTask, "carol", "not json at all"},
        {"log_message.dave", "log_message.*", EventKind::LogMessage, "dave", QByteArray("\xff\xfe\0bin", 6)},
        {"incoming_mail.erin", "incoming_mail.*", EventKind::IncomingMail, "erin", "{\"a\":\r\n1}"},
        {"incoming_trello_change.frank", "incoming_trello_change.*", EventKind::IncomingTrelloChange, "frank",
         "[]"},
        {"sync.grace", "sync.*", EventKind::Sync, "grace", R"({"username":"grace"})"},
        {"taskd.certificate.jane.doe@example.com", "taskd.certificate.*", EventKind::TaskdCertificate,
         "jane.doe@example.com", ""},
    };
    for (const Expected &message : expected)
        QCOMPARE(server.publish(message.channel, message.payload), 1);

    QTRY_COMPARE(received.events.size(), expected.size());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const BusEvent &event = received.events.at(i);
        QCOMPARE(event.sequence, quint64(i + 1));
        QCOMPARE(event.channel, expected[i].channel);
        QCOMPARE(event.pattern, expected[i].pattern);
        QCOMPARE(event.kind, expected[i].kind);
        QCOMPARE(event.username, expected[i].username);
        QCOMPARE(event.payload, expected[i].payload);
        QVERIFY(event.receivedMs > now - 60000 && event.receivedMs <= now);
    }
    QCOMPARE(feed.receivedCount(), quint64(expected.size()));
    QCOMPARE(feed.droppedCount(), quint64(0));
}

void TestBusFeed::userPatternOnUnknownChannel()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    Subscription subscription;
    subscription.patterns = {"weird.*"};
    subscription.channels = {"exact"};
    BusFeed feed(settingsFor(server), subscription);
    Received received(feed);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QCOMPARE(server.publish("sync.alice", "{}"), 0); // not subscribed: the default set was replaced
    QCOMPARE(server.publish("weird.thing", "payload"), 1);
    QCOMPARE(server.publish("exact", "x"), 1);
    QTRY_COMPARE(received.events.size(), 2);
    QCOMPARE(received.events[0].channel, QByteArray("weird.thing"));
    QCOMPARE(received.events[0].pattern, QByteArray("weird.*"));
    QCOMPARE(received.events[0].kind, EventKind::Unknown);
    QCOMPARE(received.events[0].payload, QByteArray("payload"));
    QCOMPARE(received.events[1].channel, QByteArray("exact"));
    QCOMPARE(received.events[1].pattern, QByteArray());
}

void TestBusFeed::aclUserWithPermission()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(!server
                 .command({"ACL", "SETUSER", "monitor", "on", ">pw", "resetchannels", "&sync.*", "+@pubsub",
                           "+ping"})
                 .isError);
    ConnectionSettings settings = settingsFor(server);
    settings.user = QStringLiteral("monitor");
    settings.password = QStringLiteral("pw");
    Subscription subscription;
    subscription.patterns = {"sync.*"};
    BusFeed feed(settings, subscription);
    Received received(feed);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QCOMPARE(server.publish("sync.alice", "{}"), 1);
    QTRY_COMPARE(received.events.size(), 1);
}

void TestBusFeed::aclRefusesSomeSubscriptions()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    // Allowed one pattern of the nine default subscriptions, and PING is not allowed either.
    QVERIFY(
        !server.command({"ACL", "SETUSER", "syncwatch", "on", ">pw", "resetchannels", "&sync.*", "+@pubsub"})
             .isError);
    ConnectionSettings settings = settingsFor(server);
    settings.user = QStringLiteral("syncwatch");
    settings.password = QStringLiteral("pw");
    settings.healthCheckMs = 500; // PINGs (refused ones) while it runs: still answers, so no outage
    BusFeed feed(settings, Subscription::defaultSet());
    feed.setOptions(quickOptions());
    Received received(feed);
    QList<SubscriptionRefusal> refusals;
    connect(&feed, &BusFeed::subscriptionRefused, this,
            [&](const SubscriptionRefusal &refusal) { refusals.append(refusal); });
    QSignalSpy outages(&feed, &BusFeed::outageBegan);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);

    const Subscription all = Subscription::defaultSet();
    QTRY_COMPARE(refusals.size(), all.channels.size() + all.patterns.size() - 1);
    QCOMPARE(feed.status().refused.size(), refusals.size());
    QCOMPARE(refusals.at(0).name, QByteArray("__general__"));
    QVERIFY(!refusals.at(0).isPattern);
    QStringList refusedPatterns;
    for (const SubscriptionRefusal &refusal : std::as_const(refusals)) {
        QVERIFY2(refusal.reason.startsWith(QLatin1String("NOPERM")), qPrintable(refusal.reason));
        QVERIFY(refusal.atMs > 0);
        if (refusal.isPattern)
            refusedPatterns.append(QString::fromUtf8(refusal.name));
    }
    QVERIFY(!refusedPatterns.contains(QLatin1String("sync.*")));
    QVERIFY(refusedPatterns.contains(QLatin1String("personal.*")));

    // What is allowed is monitored, and keeps being so through health checks.
    QCOMPARE(server.publish("sync.alice", "{}"), 1);
    QTRY_COMPARE(received.events.size(), 1);
    QCOMPARE(received.events[0].pattern, QByteArray("sync.*"));
    QTest::qWait(1500);
    QVERIFY(outages.isEmpty());
    QCOMPARE(feed.status().state, ConnectionState::Subscribed);

    // After a reconnection the same refusals are not reported again.
    QCOMPARE(server.command({"CLIENT", "KILL", "USER", "syncwatch"}).integer, 1);
    QTRY_COMPARE(outages.size(), 1);
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QCOMPARE(feed.status().refused.size(), refusals.size());
    QCOMPARE(server.publish("sync.alice", "again"), 1);
    QTRY_COMPARE(received.events.size(), 2);
    QCOMPARE(refusals.size(), all.channels.size() + all.patterns.size() - 1);
}

void TestBusFeed::aclRefusingEverySubscriptionFailsOnce()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(!server.command({"ACL", "SETUSER", "other", "on", ">pw", "resetchannels", "&other.*", "+@pubsub"})
                 .isError);
    ConnectionSettings settings = settingsFor(server);
    settings.user = QStringLiteral("other");
    settings.password = QStringLiteral("pw");
    BusFeed feed(settings, Subscription::defaultSet()); // none of them is allowed
    feed.setOptions(quickOptions());
    Received received(feed);
    QSignalSpy refusals(&feed, &BusFeed::subscriptionRefused);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Failed);
    const QString detail = feed.status().detail;
    QVERIFY2(detail.startsWith(QLatin1String("refused by the server's ACL: channel '__general__', pattern "
                                             "'personal.*', ")),
             qPrintable(detail));
    QVERIFY2(detail.contains(QLatin1String("(server: NOPERM")), qPrintable(detail));
    QVERIFY(refusals.isEmpty()); // the failure says it all
    // Final: several first-retry intervals later it has not tried again.
    QTest::qWait(300);
    QVERIFY(!received.hasState(ConnectionState::Reconnecting));
    QCOMPARE(received.statuses.last().state, ConnectionState::Failed);
    QCOMPARE(std::count_if(received.statuses.cbegin(), received.statuses.cend(),
                           [](const ConnectionStatus &s) { return s.state == ConnectionState::Connecting; }),
             1);
}

void TestBusFeed::wrongPasswordFailsQuickly()
{
    RedisServer server({QStringLiteral("--requirepass"), QStringLiteral("right")});
    server.setClientAuth({}, "right");
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ConnectionSettings settings = settingsFor(server);
    settings.password = QStringLiteral("wrong");
    BusFeed feed(settings, Subscription::defaultSet());
    feed.setOptions(quickOptions());
    Received received(feed);
    QElapsedTimer clock;
    clock.start();
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(feed.status().state == ConnectionState::Failed, 2000);
    QVERIFY(clock.elapsed() < 2000);
    QVERIFY2(feed.status().detail.startsWith(QLatin1String("wrong password")),
             qPrintable(feed.status().detail));
    QVERIFY(!feed.status().detail.contains(QLatin1String("right")));
    QTest::qWait(200);
    QVERIFY(!received.hasState(ConnectionState::Reconnecting));
}

void TestBusFeed::missingPasswordFails()
{
    RedisServer server({QStringLiteral("--requirepass"), QStringLiteral("right")});
    server.setClientAuth({}, "right");
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    BusFeed feed(settingsFor(server), Subscription::defaultSet());
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Failed);
    QVERIFY2(feed.status().detail.contains(QLatin1String("requires a password")),
             qPrintable(feed.status().detail));
}

void TestBusFeed::serverKilledAndRestarted()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    BusFeed feed(settingsFor(server), Subscription::defaultSet());
    feed.setOptions(quickOptions());
    Received received(feed);
    QSignalSpy began(&feed, &BusFeed::outageBegan);
    QSignalSpy ended(&feed, &BusFeed::outageEnded);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QCOMPARE(server.publish("sync.alice", "before"), 1);
    QTRY_COMPARE(received.events.size(), 1);

    server.kill();
    QTRY_COMPARE(began.size(), 1);
    const Outage opened = began.at(0).at(0).value<Outage>();
    QVERIFY(opened.beganMs > 0);
    QCOMPARE(opened.endedMs, 0);
    QVERIFY(!opened.reason.isEmpty());
    QTRY_VERIFY(feed.status().state == ConnectionState::Reconnecting);
    QVERIFY(feed.status().retryInMs > 0);
    QTest::qWait(300); // a few failed attempts while the server is away
    QVERIFY(feed.status().state != ConnectionState::Failed);

    QVERIFY2(server.start(), qPrintable(server.errorString())); // same port
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 5000);
    const Outage closed = ended.at(0).at(0).value<Outage>();
    QCOMPARE(closed.beganMs, opened.beganMs);
    // Killed while it answered: the closed connection was its last word, noticed at once.
    QVERIFY(closed.noticedMs >= closed.beganMs && closed.noticedMs - closed.beganMs < 100);
    QVERIFY(closed.endedMs >= closed.beganMs + 300);
    QVERIFY(closed.durationMs() >= 300);
    QCOMPARE(began.size(), 1); // one outage, however many attempts it took

    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QCOMPARE(server.publish("sync.alice", "after"), 1);
    QTRY_COMPARE(received.events.size(), 2);
    QCOMPARE(received.events[1].payload, QByteArray("after"));
    QCOMPARE(received.events[1].sequence, quint64(2));
}

void TestBusFeed::outageInOrderWithEvents()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    Subscription subscription;
    subscription.patterns = {"sync.*"};
    BusFeed feed(settingsFor(server), subscription);
    feed.setOptions(quickOptions());
    // What the consumer sees, in its order: events by sequence number, outages as 0.
    QList<quint64> seen;
    QList<Outage> outages;
    connect(&feed, &BusFeed::eventsReceived, this, [&](const BusEventBatch &batch) {
        for (const BusEvent &event : batch)
            seen.append(event.sequence);
    });
    const auto onOutage = [&](const Outage &outage) {
        seen.append(0);
        outages.append(outage);
    };
    connect(&feed, &BusFeed::outageBegan, this, onOutage);
    connect(&feed, &BusFeed::outageEnded, this, onOutage);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);

    // Enough that the decoder is still busy with them when the server goes.
    Publisher publisher(settingsFor(server));
    const int count = 20000;
    for (int i = 0; i < count; ++i)
        publisher.publish("sync.alice",
                          R"({"action": "sync", "record_count": )" + QByteArray::number(i) + "}");
    QSignalSpy drained(&publisher, &Publisher::drained);
    QTRY_VERIFY_WITH_TIMEOUT(!drained.isEmpty(), 20000); // all sent to the server
    QDeadlineTimer deadline(20000);
    while (feed.receivedCount() < quint64(count) && !deadline.hasExpired())
        QThread::msleep(1); // read from the socket; this thread takes none of it meanwhile
    QCOMPARE(feed.receivedCount(), quint64(count));
    server.kill();
    // The outage comes behind the 20,000 events still being decoded and delivered: on a busy
    // machine that takes seconds (7.7 s once under load), so wait as long as for their arrival.
    QTRY_COMPARE_WITH_TIMEOUT(outages.size(), 1, 20000);
    QVERIFY2(seen.size() == count + 1 && seen.last() == 0,
             qPrintable(QStringLiteral("the outage came after %1 of the %2 events received before it")
                            .arg(seen.indexOf(0))
                            .arg(count)));

    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(outages.size(), 2, 5000);
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QCOMPARE(server.publish("sync.alice", "after"), 1);
    QTRY_COMPARE(seen.size(), count + 3);
    // The gap is closed before the first message after it.
    QCOMPARE(seen.mid(count), (QList<quint64>{0, 0, quint64(count + 1)}));
    for (int i = 0; i < count; ++i)
        QCOMPARE(seen.at(i), quint64(i + 1));
}

void TestBusFeed::clientKillReconnects()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    BusFeed feed(settingsFor(server), Subscription::defaultSet());
    feed.setOptions(quickOptions());
    Received received(feed);
    QSignalSpy began(&feed, &BusFeed::outageBegan);
    QSignalSpy ended(&feed, &BusFeed::outageEnded);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);

    QCOMPARE(server.command({"CLIENT", "KILL", "TYPE", "pubsub"}).integer, 1);
    QTRY_COMPARE(ended.size(), 1);
    QCOMPARE(began.size(), 1);
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QCOMPARE(server.publish("__general__", "again"), 1);
    QTRY_COMPARE(received.events.size(), 1);
    QCOMPARE(received.events[0].payload, QByteArray("again"));
}

void TestBusFeed::unresolvableHostFails()
{
    ConnectionSettings settings;
    settings.host = QStringLiteral("no-such-host.invalid");
    BusFeed feed(settings, Subscription::defaultSet());
    feed.setOptions(quickOptions());
    Received received(feed);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(feed.status().state == ConnectionState::Failed, 10000);
    QCOMPARE(feed.status().detail, QStringLiteral("host not found: no-such-host.invalid"));
    QVERIFY(!received.hasState(ConnectionState::Reconnecting));
}

void TestBusFeed::refusedConnectionBacksOff()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port where nothing listens
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ConnectionSettings settings;
    settings.port = port;
    FeedOptions options;
    options.firstRetryMs = 20;
    options.maxRetryMs = 80;
    BusFeed feed(settings, Subscription::defaultSet());
    feed.setOptions(options);
    Received received(feed);
    feed.start();
    const auto retries = [&] {
        QList<int> delays;
        for (const ConnectionStatus &status : received.statuses) {
            if (status.state == ConnectionState::Reconnecting)
                delays.append(status.retryInMs);
        }
        return delays;
    };
    QTRY_VERIFY(retries().size() >= 5);
    QCOMPARE(retries().mid(0, 5), (QList<int>{20, 40, 80, 80, 80}));
    QVERIFY2(received.statuses.last().detail.contains(QLatin1String("refused")) ||
                 received.statuses.last().state == ConnectionState::Connecting,
             qPrintable(received.statuses.last().detail));
}

void TestBusFeed::burstArrivesInFewBatches()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    Subscription subscription;
    subscription.patterns = {"sync.*"};
    BusFeed feed(settingsFor(server), subscription);
    Received received(feed);
    int batches = 0;
    connect(&feed, &BusFeed::eventsReceived, this, [&] { ++batches; });
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);

    Publisher publisher(settingsFor(server));
    const int count = 20000;
    for (int i = 0; i < count; ++i)
        publisher.publish("sync.u" + QByteArray::number(i % 7), QByteArray::number(i));
    QTRY_COMPARE_WITH_TIMEOUT(received.events.size(), count, 20000);
    // One signal per batch, not per message: a consumer can afford one model insert each.
    QVERIFY2(batches <= count / 50, qPrintable(QString::number(batches)));
    for (int i = 0; i < count; ++i) {
        QCOMPARE(received.events[i].sequence, quint64(i + 1));
        QCOMPARE(received.events[i].payload, QByteArray::number(i));
    }
    QCOMPARE(received.events.last().channel, QByteArray("sync.u") + QByteArray::number((count - 1) % 7));
}

// What `tail` asks for: batches read in place instead of BusEvents, the same messages in order,
// checked, and nothing left counted in flight once delivered.
void TestBusFeed::checkedDeliveryKeepsOrderAndCounts()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    Subscription subscription;
    subscription.patterns = {"sync.*"};
    BusFeed feed(settingsFor(server), subscription);
    FeedOptions options = quickOptions();
    options.summarize = false;
    options.deliverChecked = true;
    feed.setOptions(options);
    Received received(feed);
    QList<CheckedBatch> batches;
    qsizetype messages = 0;
    connect(&feed, &BusFeed::checkedReceived, this, [&](const CheckedBatch &batch) {
        batches.append(batch);
        messages += batch.size();
    });
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);

    Publisher publisher(settingsFor(server));
    const int count = 5000;
    for (int i = 0; i < count; ++i) {
        const QByteArray user = "u" + QByteArray::number(i % 3);
        // Every tenth names another user than its channel: a problem to be found beside the
        // missing fields of a sync.
        const QByteArray named = i % 10 == 0 ? QByteArray("someone") : user;
        publisher.publish("sync." + user,
                          R"({"username": ")" + named + R"(", "n": )" + QByteArray::number(i) + "}");
    }
    QTRY_COMPARE_WITH_TIMEOUT(messages, count, 20000);
    QVERIFY(received.events.isEmpty());
    QCOMPARE(feed.deliveredCount(), quint64(count));
    QCOMPARE(feed.inFlightCount(), 0);
    QCOMPARE(feed.inFlightBytes(), 0);
    int i = 0;
    for (const CheckedBatch &batch : std::as_const(batches)) {
        for (qsizetype j = 0; j < batch.size(); ++j, ++i) {
            QCOMPARE(batch.sequence(j), quint64(i + 1));
            QCOMPARE(batch.channel(j), "sync.u" + QByteArray::number(i % 3));
            QCOMPARE(batch.kind(j), EventKind::Sync);
            QCOMPARE(batch.usernameUtf8(j), "u" + QByteArray::number(i % 3));
            QVERIFY(batch.payload(j).endsWith(QByteArray(R"("n": )" + QByteArray::number(i) + "}")));
            QCOMPARE(batch.problems(j).join('\n').contains(QLatin1String("differs from the channel's")),
                     i % 10 == 0);
        }
    }
}

void TestBusFeed::stalledConsumerIsBounded_data()
{
    QTest::addColumn<int>("payloadSize");
    QTest::addColumn<bool>("boundInBytes");
    QTest::addColumn<qsizetype>("kept");
    QTest::addColumn<QList<int>>("pausesAfter"); // the publisher stops for a moment after these messages
    QTest::addColumn<bool>("limitWhileRunning"); // setBacklogLimit() once subscribed, not the options
    // 100 messages may wait: 900 of 1000 are dropped.
    QTest::newRow("in messages") << 4 << false << qsizetype(100) << QList<int>{} << false;
    // A window lowers the bound to its retention limit, which the user may change at any time.
    QTest::newRow("in messages, limit set while running")
        << 4 << false << qsizetype(100) << QList<int>{} << true;
    // Far fewer than the count bound, but twenty times the bytes: 50 messages' worth may wait.
    QTest::newRow("in bytes") << 1000 << true << qsizetype(50) << QList<int>{} << false;
    // A publisher that stalls (on a busy machine, it is not scheduled for a while) lets the flush
    // timer end a batch early, so batches of 10 become 5, 2, 5…: the bound must still hold to the
    // message. (With whole batches dropped or kept, these stalls left 47 in flight.)
    QTest::newRow("in messages, publisher stalled")
        << 4 << false << qsizetype(100) << QList<int>{95, 107, 112} << false;
    QTest::newRow("in bytes, publisher stalled")
        << 1000 << true << qsizetype(50) << QList<int>{45, 57, 62} << false;
}

void TestBusFeed::stalledConsumerIsBounded()
{
    QFETCH(int, payloadSize);
    QFETCH(bool, boundInBytes);
    QFETCH(qsizetype, kept);
    QFETCH(QList<int>, pausesAfter);
    QFETCH(bool, limitWhileRunning);
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    Subscription subscription;
    subscription.channels = {"flood"};
    FeedOptions options;
    options.maxBatchSize = 10;
    if (boundInBytes) {
        BusEvent event;
        event.payload = QByteArray(payloadSize, 'x');
        options.maxInFlightBytes = (kept / 10) * FlowCounters::weight(BusEventBatch(10, event));
    } else if (!limitWhileRunning) {
        options.maxInFlight = kept;
    }
    BusFeed feed(settingsFor(server), subscription);
    feed.setOptions(options);
    Received received(feed);
    QSignalSpy dropped(&feed, &BusFeed::dropped);
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    if (limitWhileRunning)
        feed.setBacklogLimit(kept);

    // The consumer (this thread) does not return to its event loop while 1000 messages arrive.
    for (int i = 0; i < 1000; ++i) {
        server.publish("flood", QByteArray::number(i).leftJustified(payloadSize, 'x'));
        if (pausesAfter.contains(i + 1))
            QThread::msleep(10 * ulong(options.flushIntervalMs));
    }
    QDeadlineTimer deadline(5000);
    const auto settled = [&] {
        return feed.receivedCount() == 1000 && feed.droppedCount() + quint64(feed.inFlightCount()) == 1000;
    };
    while (!settled() && !deadline.hasExpired())
        QThread::msleep(10);
    QVERIFY(settled());
    QCOMPARE(feed.inFlightCount(), kept);
    if (boundInBytes)
        QCOMPARE(feed.inFlightBytes(), options.maxInFlightBytes);

    QTRY_COMPARE(received.events.size() + qsizetype(feed.droppedCount()), 1000);
    QCOMPARE(received.events.size(), kept);
    QCOMPARE(feed.droppedCount(), quint64(1000 - kept));
    QCOMPARE(feed.inFlightCount(), 0);
    QCOMPARE(feed.inFlightBytes(), 0);
    // The count is reported at the next flush after the last drop.
    QTRY_VERIFY(!dropped.isEmpty() && dropped.last().at(0).value<quint64>() == feed.droppedCount());
    // What is delivered is still in order and numbered without gaps.
    for (qsizetype i = 0; i < received.events.size(); ++i)
        QCOMPARE(received.events[i].sequence, quint64(i + 1));
    QCOMPARE(feed.deliveredCount(), quint64(received.events.size()));
    // The bound dropped them, not Redis: the connection stayed up and the next message arrives.
    QVERIFY(!server.logText().contains("overcoming of output buffer limits"));
    QCOMPARE(feed.status().state, ConnectionState::Subscribed);
    QCOMPARE(server.publish("flood", "next"), 1);
    QTRY_COMPARE(received.events.size(), kept + 1);
    QCOMPARE(received.events.last().payload, QByteArray("next"));
    QCOMPARE(received.events.last().sequence, quint64(kept + 1));
}

void TestBusFeed::stopReportsDisconnected()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    auto feed = std::make_unique<BusFeed>(settingsFor(server), Subscription::defaultSet());
    Received received(*feed);
    feed->start();
    QTRY_VERIFY(feed->status().state == ConnectionState::Subscribed);
    QCOMPARE(server.publish("sync.a", "1"), 1);
    QTRY_COMPARE(feed->receivedCount(), quint64(1)); // read from the socket, perhaps not yet delivered
    feed->stop();
    QVERIFY(!feed->isRunning());
    QTRY_COMPARE(received.events.size(), 1); // received before stop() is still delivered
    QTRY_COMPARE(feed->status().state, ConnectionState::Disconnected);
    QTRY_COMPARE(server.command({"PUBSUB", "NUMPAT"}).integer, 0);
    feed->start(); // and it can start again
    QTRY_VERIFY(feed->status().state == ConnectionState::Subscribed);
    feed.reset(); // the destructor stops the threads
    QTRY_COMPARE(server.command({"PUBSUB", "NUMPAT"}).integer, 0);
}

QTEST_GUILESS_MAIN(TestBusFeed)
#include "tst_busfeed.moc"
