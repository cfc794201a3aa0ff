// The About dialog's "Redis server" line: ServerVersionQuery asks a real redis-server for its version
// over a connection of its own, closes it, and says plainly why when it cannot.
#include "bus/serverversionquery.h"
#include "redisserver.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace busmon;
using busmon::test::RedisServer;

namespace {
ConnectionSettings settingsFor(const RedisServer &server)
{
    return *ConnectionSettings::fromUrl(server.url());
}

// What the installed redis-server says of itself: "Redis server v=7.0.15 sha=… bits=64 …".
QString installedServerVersion()
{
    QProcess process;
    process.start(QStringLiteral(BUSMON_REDIS_SERVER), {QStringLiteral("--version")});
    process.waitForFinished();
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("v=(\\S+)")).match(QString::fromLatin1(process.readAll()));
    return match.captured(1);
}

// The one-line reason the query gives up with (empty if it answered instead).
QString failureFor(const ConnectionSettings &settings, int timeoutMs = 5000)
{
    ServerVersionQuery query(settings);
    QSignalSpy answered(&query, &ServerVersionQuery::answered);
    QSignalSpy failed(&query, &ServerVersionQuery::failed);
    query.start(timeoutMs);
    if (!QTest::qWaitFor([&] { return answered.size() + failed.size() > 0; }, timeoutMs + 5000))
        return QStringLiteral("(neither answered nor failed)");
    QTest::qWait(50); // exactly one outcome, never both
    if (answered.size() + failed.size() != 1)
        return QStringLiteral("(answered %1 times and failed %2 times)")
            .arg(answered.size())
            .arg(failed.size());
    return failed.isEmpty() ? QString() : failed[0][0].toString();
}
} // namespace

class TestServerVersionQuery : public QObject
{
    Q_OBJECT
private slots:
    void answersWithTheServersVersionAndHangsUp();
    void answersAsAnAclUser();
    void wrongPasswordIsReported();
    void refusedInfoIsReported();
    void nothingListeningIsReported();
    void silentServerTimesOut();
    void versionFromInfo_data();
    void versionFromInfo();
};

void TestServerVersionQuery::answersWithTheServersVersionAndHangsUp()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString expected = installedServerVersion();
    QVERIFY2(!expected.isEmpty(), "redis-server --version names its version");

    ServerVersionQuery query(settingsFor(server));
    QSignalSpy answered(&query, &ServerVersionQuery::answered);
    QSignalSpy failed(&query, &ServerVersionQuery::failed);
    query.start();
    QTRY_COMPARE(answered.size(), 1);
    QCOMPARE(answered[0][0].toString(), expected);
    QCOMPARE(failed.size(), 0);
    // Short-lived: only the reference client that asks is left on the server.
    QTRY_VERIFY(server.command({"INFO", "clients"}).text.contains("connected_clients:1\r\n"));
}

void TestServerVersionQuery::answersAsAnAclUser()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(!server.command({"ACL", "SETUSER", "monitor", "on", ">pw", "+psubscribe", "+subscribe", "+info"})
                 .isError);
    ConnectionSettings settings = settingsFor(server);
    settings.user = QStringLiteral("monitor");
    settings.password = QStringLiteral("pw");
    QCOMPARE(failureFor(settings), QString());
}

void TestServerVersionQuery::wrongPasswordIsReported()
{
    RedisServer server({QStringLiteral("--requirepass"), QStringLiteral("right")});
    server.setClientAuth({}, "right");
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ConnectionSettings settings = settingsFor(server);
    settings.password = QStringLiteral("wrong");
    const QString reason = failureFor(settings);
    QVERIFY2(reason.startsWith(QLatin1String("wrong password")), qPrintable(reason));
}

void TestServerVersionQuery::refusedInfoIsReported()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(
        !server.command({"ACL", "SETUSER", "listener", "on", ">pw", "+psubscribe", "+subscribe"}).isError);
    ConnectionSettings settings = settingsFor(server);
    settings.user = QStringLiteral("listener");
    settings.password = QStringLiteral("pw");
    const QString reason = failureFor(settings);
    QVERIFY2(reason.startsWith(QLatin1String("the server refused INFO")) &&
                 reason.contains(QLatin1String("NOPERM")),
             qPrintable(reason));
}

void TestServerVersionQuery::nothingListeningIsReported()
{
    ConnectionSettings settings;
    settings.port = RedisServer::findFreePort();
    const QString reason = failureFor(settings);
    QVERIFY2(reason.contains(QLatin1String("connection refused")), qPrintable(reason));
}

void TestServerVersionQuery::silentServerTimesOut()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    // A real server that accepts connections but answers no command for 3 s.
    QVERIFY(!server.command({"CLIENT", "PAUSE", "3000", "ALL"}).isError);
    const QString reason = failureFor(settingsFor(server), 500);
    QVERIFY2(reason.contains(QLatin1String("did not answer within 0.5 s")), qPrintable(reason));
}

void TestServerVersionQuery::versionFromInfo_data()
{
    QTest::addColumn<QByteArray>("info");
    QTest::addColumn<QString>("version");
    QTest::newRow("redis 7") << QByteArray("# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\n")
                             << QStringLiteral("7.0.15");
    QTest::newRow("last line, no line end")
        << QByteArray("# Server\r\nredis_version:6.2.14") << QStringLiteral("6.2.14");
    QTest::newRow("no version field") << QByteArray("# Server\r\nredis_mode:standalone\r\n") << QString();
    QTest::newRow("a field that only ends like it")
        << QByteArray("# Server\r\nxredis_version:1\r\n") << QString();
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestServerVersionQuery::versionFromInfo()
{
    QFETCH(QByteArray, info);
    QFETCH(QString, version);
    QCOMPARE(ServerVersionQuery::versionFromInfo(info), version);
}

QTEST_MAIN(TestServerVersionQuery)
#include "tst_serverversionquery.moc"
