// `busmon-cli replay` and `simulate` publish many messages in one run: each run leaves one line in
// the audit log (channels, message count, speed), and nothing goes out without it.
#include "clirunner.h"
#include "redisserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::CliRunner;
using busmon::test::RedisServer;

class TestCliRuns : public QObject
{
    Q_OBJECT
private slots:
    void simulateIsOneAuditLine();
    void replayIsOneAuditLine();
    void noAuditNoRun_data();
    void noAuditNoRun();
    void simulateRefusesBadNumbers_data();
    void simulateRefusesBadNumbers();

private:
    QString writeCapture(const QTemporaryDir &dir) const;
};

QString TestCliRuns::writeCapture(const QTemporaryDir &dir) const
{
    const QString path = dir.filePath(QStringLiteral("night.jsonl"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QString();
    for (int i = 0; i < 6; ++i) {
        const char *channel = i % 2 ? "personal.bob" : "sync.alice";
        file.write(QStringLiteral(R"({"channel":"%1","pattern":null,"received":"2026-11-27T09:00:00.%2Z",)"
                                  R"("kind":"unknown","username":null,"problems":[],"data":"{\"n\": %3}"})")
                       .arg(QLatin1String(channel))
                       .arg(100 + i)
                       .arg(i)
                       .toUtf8() +
                   '\n');
    }
    return path;
}

void TestCliRuns::simulateIsOneAuditLine()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    CliRunner cli;
    const CliRunner::Result run =
        cli.run({QStringLiteral("simulate"), QStringLiteral("--url"), server.url(), QStringLiteral("--count"),
                 QStringLiteral("40"), QStringLiteral("--rate"), QStringLiteral("0"),
                 QStringLiteral("--seed"), QStringLiteral("7")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(server.publishCalls(), 40);
    const QList<QJsonObject> audit = cli.auditLines();
    QCOMPARE(audit.size(), 1);
    const QJsonObject line = audit.first();
    QCOMPARE(line.value("tool").toString(), "busmon-cli");
    QCOMPARE(line.value("action").toString(), "simulate");
    QCOMPARE(line.value("source").toString(), "seed 7");
    QCOMPARE(line.value("messages").toInt(), 40);
    QCOMPARE(line.value("speed").toDouble(), 0.0);
    QCOMPARE(line.value("receivers").toInt(), 0);
    QVERIFY(line.value("channel_count").toInt() > 1);
    QCOMPARE(line.value("channels").toArray().size(), line.value("channel_count").toInt());
    QCOMPARE(line.value("url").toString(), server.url());
}

void TestCliRuns::replayIsOneAuditLine()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTemporaryDir dir;
    const QString capture = writeCapture(dir);
    CliRunner cli;
    const CliRunner::Result run = cli.run({QStringLiteral("replay"), QStringLiteral("--url"), server.url(),
                                           QStringLiteral("--speed"), QStringLiteral("100"), capture});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(server.publishCalls(), 6);
    const QList<QJsonObject> audit = cli.auditLines();
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first().value("action").toString(), "replay");
    QCOMPARE(audit.first().value("source").toString(), capture);
    QCOMPARE(audit.first().value("messages").toInt(), 6);
    QCOMPARE(audit.first().value("speed").toDouble(), 100.0);
    QCOMPARE(audit.first().value("channels").toArray(), QJsonArray({"sync.alice", "personal.bob"}));
}

void TestCliRuns::noAuditNoRun_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("simulate") << QStringLiteral("simulate");
    QTest::newRow("replay") << QStringLiteral("replay");
}

void TestCliRuns::noAuditNoRun()
{
    QFETCH(QString, command);
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTemporaryDir dir;
    CliRunner cli;
    cli.breakAuditLog();
    QStringList arguments{command, QStringLiteral("--url"), server.url()};
    arguments << (command == QLatin1String("replay")
                      ? QStringList{writeCapture(dir)}
                      : QStringList{QStringLiteral("--count"), QStringLiteral("5")});
    const CliRunner::Result run = cli.run(arguments);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.errors.contains(QLatin1String("Nothing was published: the audit log")),
             qPrintable(run.errors));
    QCOMPARE(server.publishCalls(), 0);
}

void TestCliRuns::simulateRefusesBadNumbers_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    QTest::newRow("duration past any run") << QStringLiteral("--duration") << QStringLiteral("1e30");
    QTest::newRow("negative duration") << QStringLiteral("--duration") << QStringLiteral("-1");
    QTest::newRow("duration not a number") << QStringLiteral("--duration") << QStringLiteral("soon");
    QTest::newRow("rate not a number") << QStringLiteral("--rate") << QStringLiteral("fast");
}

void TestCliRuns::simulateRefusesBadNumbers()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    CliRunner cli;
    const CliRunner::Result run = cli.run({QStringLiteral("simulate"), QStringLiteral("--url"), server.url(),
                                           QStringLiteral("--count"), QStringLiteral("5"), option, value});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errors.contains(QLatin1String("take non-negative numbers")), qPrintable(run.errors));
    QCOMPARE(server.publishCalls(), 0);
}

QTEST_GUILESS_MAIN(TestCliRuns)
#include "tst_cliruns.moc"
