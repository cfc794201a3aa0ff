// PublishGuard against a real redis-server: what a subscriber receives, what the audit log says,
// and that nothing goes out to a read-only profile, a session without a bus, or without an audit
// log that can be written.
#include "bus/busfeed.h"
#include "jsonlines.h"
#include "publish/publishguard.h"
#include "redisserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::JsonLines;
using busmon::test::RedisServer;

namespace {
SessionOrigin targetOf(const RedisServer &server, const QString &profile = QStringLiteral("staging"),
                       bool readOnly = false)
{
    return SessionOrigin::bus(*ConnectionSettings::fromUrl(server.url()), profile, readOnly);
}

} // namespace

class TestPublishGuard : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void publishedAndAudited();
    void noSubscriberIsSaidAndAudited();
    void aclRefusalKeepsTheServersReason();
    void refusedTargetsPublishNothing_data();
    void refusedTargetsPublishNothing();
    void noAuditNoPublish();
    void unreachableBusIsAudited();
    void runIsOneLine();
    void unansweredMessagesAreAuditedOnClose();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_auditPath;
};

void TestPublishGuard::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_auditPath = m_dir->filePath(QStringLiteral("busmon/audit.jsonl"));
}

void TestPublishGuard::publishedAndAudited()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    BusFeed feed(*ConnectionSettings::fromUrl(server.url()), Subscription::defaultSet());
    BusEventBatch received;
    connect(&feed, &BusFeed::eventsReceived, this, [&](const BusEventBatch &batch) { received += batch; });
    feed.start();
    QTRY_COMPARE(server.command({"PUBSUB", "NUMPAT"}).integer, 8);

    PublishGuard guard(targetOf(server), QStringLiteral("busmon"), m_auditPath);
    QSignalSpy published(&guard, &PublishGuard::published);
    QSignalSpy refused(&guard, &PublishGuard::refused);
    const QByteArray payload =
        R"({"username": "jane.doe+t@example.com", "title": "\ud83c\udf89 <b>x</b>", "message": "M"})";
    QString error;
    QVERIFY2(guard.publish("personal.jane.doe+t@example.com", payload, &error), qPrintable(error));
    QTRY_COMPARE(published.size(), 1);
    QCOMPARE(published[0][1].toLongLong(), 1);
    QVERIFY(refused.isEmpty());
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received[0].channel, QByteArray("personal.jane.doe+t@example.com"));
    QCOMPARE(received[0].payload, payload);

    const QList<QJsonObject> lines = JsonLines::read(m_auditPath);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0].value("tool").toString(), "busmon");
    QCOMPARE(lines[0].value("profile").toString(), "staging");
    QCOMPARE(lines[0].value("host").toString(), "127.0.0.1");
    QCOMPARE(lines[0].value("port").toInt(), server.port());
    QCOMPARE(lines[0].value("channel").toString(), "personal.jane.doe+t@example.com");
    QCOMPARE(lines[0].value("payload").toString().toUtf8(), payload);
    QCOMPARE(lines[0].value("receivers").toInt(), 1);
    QVERIFY(!lines[0].value("os_user").toString().isEmpty());
}

void TestPublishGuard::noSubscriberIsSaidAndAudited()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    PublishGuard guard(targetOf(server), QStringLiteral("busmon"), m_auditPath);
    QSignalSpy published(&guard, &PublishGuard::published);
    QVERIFY(guard.publish("__general__", R"({"title": "T", "message": "M", "system": true})"));
    QTRY_COMPARE(published.size(), 1);
    QCOMPARE(published[0][1].toLongLong(), 0);
    QCOMPARE(JsonLines::read(m_auditPath).value(0).value("receivers").toInt(-1), 0);
}

void TestPublishGuard::aclRefusalKeepsTheServersReason()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    // A monitoring user: it may subscribe to everything, and publish nothing.
    QVERIFY(!server.command({"ACL", "SETUSER", "watcher", "on", ">pw", "&*", "+@all", "-publish"}).isError);
    SessionOrigin target = targetOf(server);
    target.settings.user = QStringLiteral("watcher");
    target.settings.password = QStringLiteral("pw");
    PublishGuard guard(target, QStringLiteral("busmon"), m_auditPath);
    QSignalSpy published(&guard, &PublishGuard::published);
    QSignalSpy refused(&guard, &PublishGuard::refused);
    QVERIFY(guard.publish("__general__", R"({"title": "T", "message": "M", "system": true})"));
    QTRY_COMPARE(refused.size(), 1);
    QVERIFY(published.isEmpty());
    QCOMPARE(refused[0][0].toByteArray(), QByteArray("__general__"));
    const QString reason = refused[0][1].toString();
    QVERIFY2(reason.contains(QLatin1String("NOPERM")), qPrintable(reason));
    const QList<QJsonObject> lines = JsonLines::read(m_auditPath);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0].value("refused").toString(), reason);
    QVERIFY(!lines[0].contains("receivers"));
    QCOMPARE(lines[0].value("url").toString(),
             QStringLiteral("redis://watcher@127.0.0.1:%1").arg(server.port()));
    QFile file(m_auditPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(!file.readAll().contains("pw\""), "no password in the audit log");
}

void TestPublishGuard::refusedTargetsPublishNothing_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("readOnly");
    QTest::addColumn<QString>("reason");
    QTest::newRow("read-only profile")
        << int(SessionOrigin::Kind::Bus) << true << QStringLiteral("read-only");
    QTest::newRow("capture file") << int(SessionOrigin::Kind::Capture) << false
                                  << QStringLiteral("connect to a bus");
    QTest::newRow("no session") << int(SessionOrigin::Kind::None) << false
                                << QStringLiteral("connect to one");
}

void TestPublishGuard::refusedTargetsPublishNothing()
{
    QFETCH(int, kind);
    QFETCH(bool, readOnly);
    QFETCH(QString, reason);
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    SessionOrigin target = targetOf(server, QStringLiteral("production"), readOnly);
    target.kind = SessionOrigin::Kind(kind);
    QVERIFY2(PublishGuard::refusalFor(target).contains(reason), qPrintable(PublishGuard::refusalFor(target)));

    PublishGuard guard(target, QStringLiteral("busmon"), m_auditPath);
    QSignalSpy refused(&guard, &PublishGuard::refused);
    QString error;
    QVERIFY(!guard.publish("__general__", "{}", &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY(!guard.startRun({QStringLiteral("replay"), 1, QString()}, &error));
    QTest::qWait(100);
    QCOMPARE(server.publishCalls(), 0);
    QVERIFY(refused.isEmpty());
    QVERIFY(!QFile::exists(m_auditPath)); // nothing was attempted
}

void TestPublishGuard::noAuditNoPublish()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QFile blocker(m_dir->filePath(QStringLiteral("busmon")));
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // the log's folder is a file
    blocker.close();
    PublishGuard guard(targetOf(server), QStringLiteral("busmon"), m_auditPath);
    QSignalSpy published(&guard, &PublishGuard::published);
    QString error;
    QVERIFY(!guard.publish("__general__", "{}", &error));
    QVERIFY2(error.startsWith(QLatin1String("Nothing was published: the audit log")) &&
                 error.contains(m_auditPath),
             qPrintable(error));
    QVERIFY(!guard.startRun({QStringLiteral("simulate"), 20, QString()}, &error));
    QTest::qWait(100);
    QCOMPARE(server.publishCalls(), 0);
    QVERIFY(published.isEmpty());
}

void TestPublishGuard::unreachableBusIsAudited()
{
    ConnectionSettings settings;
    settings.port = RedisServer::findFreePort(); // nobody listens there
    PublishGuard guard(SessionOrigin::bus(settings), QStringLiteral("busmon-cli"), m_auditPath);
    QSignalSpy refused(&guard, &PublishGuard::refused);
    QVERIFY(guard.publish("__general__", "{}"));
    QTRY_COMPARE(refused.size(), 1);
    QVERIFY2(refused[0][1].toString().contains(QLatin1String("connection refused")),
             qPrintable(refused[0][1].toString()));
    const QList<QJsonObject> lines = JsonLines::read(m_auditPath);
    QCOMPARE(lines.size(), 1);
    QVERIFY(lines[0].value("refused").toString().contains(QLatin1String("connection refused")));
    QVERIFY(lines[0].value("profile").isNull());
}

void TestPublishGuard::runIsOneLine()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    BusFeed feed(*ConnectionSettings::fromUrl(server.url()), Subscription::defaultSet());
    qsizetype received = 0;
    connect(&feed, &BusFeed::eventsReceived, this,
            [&](const BusEventBatch &batch) { received += batch.size(); });
    feed.start();
    QTRY_COMPARE(server.command({"PUBSUB", "NUMPAT"}).integer, 8);

    PublishGuard guard(targetOf(server), QStringLiteral("busmon-cli"), m_auditPath);
    QSignalSpy drained(&guard, &PublishGuard::drained);
    QString error;
    QVERIFY2(guard.startRun({QStringLiteral("replay"), 10, QStringLiteral("night.jsonl")}, &error),
             qPrintable(error));
    QVERIFY(!guard.publish("__general__", "{}", &error)); // one thing at a time
    const QList<QByteArray> channels{"sync.alice", "personal.bob", "__general__"};
    for (int i = 0; i < 300; ++i)
        guard.publishInRun(channels.at(i % 3), QByteArray::number(i));
    QTRY_VERIFY(!drained.isEmpty() && guard.pendingCount() == 0);
    QCOMPARE(guard.acknowledgedInRun(), 300);
    QVERIFY(!QFile::exists(m_auditPath) || JsonLines::read(m_auditPath).isEmpty()); // written at the end
    QVERIFY2(guard.finishRun(&error), qPrintable(error));
    QTRY_COMPARE(received, 300);

    const QList<QJsonObject> lines = JsonLines::read(m_auditPath);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0].value("action").toString(), "replay");
    QCOMPARE(lines[0].value("source").toString(), "night.jsonl");
    QCOMPARE(lines[0].value("messages").toInt(), 300);
    QCOMPARE(lines[0].value("channel_count").toInt(), 3);
    QCOMPARE(lines[0].value("channels").toArray(), QJsonArray({"sync.alice", "personal.bob", "__general__"}));
    QCOMPARE(lines[0].value("speed").toDouble(), 10.0);
    QCOMPARE(lines[0].value("receivers").toInt(), 300);
    QVERIFY(!lines[0].contains("payload"));
    QVERIFY(guard.publish("__general__", "{}")); // the run is over
}

void TestPublishGuard::unansweredMessagesAreAuditedOnClose()
{
    // A hand-made server that accepts and never answers: a real Redis cannot be made that slow on demand.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> accepted;
    connect(&silent, &QTcpServer::newConnection, this,
            [&] { accepted.append(silent.nextPendingConnection()); });
    ConnectionSettings settings;
    settings.port = silent.serverPort();
    {
        PublishGuard guard(SessionOrigin::bus(settings), QStringLiteral("busmon"), m_auditPath);
        QVERIFY(guard.publish("__general__", R"({"title": "T"})"));
        QTRY_COMPARE(accepted.size(), 1);
        QTRY_VERIFY(accepted.first()->bytesAvailable() > 0); // the PUBLISH arrived
        QCOMPARE(guard.pendingCount(), 1);
        QVERIFY(JsonLines::read(m_auditPath).isEmpty());
    }
    const QList<QJsonObject> lines = JsonLines::read(m_auditPath);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines[0].value("refused").toString().contains(QLatin1String("no answer")),
             qPrintable(lines[0].value("refused").toString()));
    QCOMPARE(lines[0].value("payload").toString(), R"({"title": "T"})");
}

QTEST_GUILESS_MAIN(TestPublishGuard)
#include "tst_publishguard.moc"
