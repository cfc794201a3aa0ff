// busmon-cli replay with nothing to publish, against a real redis-server: it must end at once and
// say why; exit 0 when the file was read and nothing matched, 1 when no line was a capture line.
#include "redisserver.h"
#include "waituntilfinished.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using busmon::test::RedisServer;

namespace {
const QByteArray messageLine = "{\"channel\":\"sync.alice\",\"pattern\":\"sync.*\","
                               "\"received\":\"2026-11-27T09:00:00.123Z\",\"kind\":\"sync\","
                               "\"username\":\"alice\",\"problems\":[],\"data\":\"{}\"}\n";
const QByteArray outageLine =
    R"({"outage": {"began": "2026-11-27T09:00:00.000Z", "ended": )"
    R"("2026-11-27T09:00:02.500Z", "duration_ms": 2500, "reason": "server closed"}})"
    "\n";

// How many PUBLISH commands the server has run.
qlonglong publishCount(const RedisServer &server)
{
    const QByteArray stats = server.command({"INFO", "commandstats"}).text;
    const qsizetype at = stats.indexOf("cmdstat_publish:calls=");
    if (at < 0)
        return 0;
    const qsizetype start = at + qstrlen("cmdstat_publish:calls=");
    return stats.mid(start, stats.indexOf(',', start) - start).toLongLong();
}
} // namespace

class TestCliReplay : public QObject
{
    Q_OBJECT
private slots:
    void endsAtOnceWhenNothingIsPublished_data();
    void endsAtOnceWhenNothingIsPublished();
    void namesOnlyTheFirstBadLines();

private:
    QTemporaryDir m_dir;
};

void TestCliReplay::endsAtOnceWhenNothingIsPublished_data()
{
    QTest::addColumn<QByteArray>("capture");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("published");

    QTest::newRow("0-byte file") << QByteArray() << QStringList() << 1 << "nothing to replay: %1 is empty"
                                 << 0;
    QTest::newRow("blank lines only") << QByteArray("\n\n  \n") << QStringList() << 1
                                      << "nothing to replay: %1 holds only blank lines" << 0;
    QTest::newRow("garbage lines")
        << QByteArray("garbage\n{\"no\": \"channel\"}\n\xff\xfe binary\n") << QStringList() << 1
        << "nothing to replay: no line of %1 (3 read) is a capture line (line 1: not JSON" << 0;
    QTest::newRow("outage lines only")
        << outageLine + outageLine << QStringList() << 0
        << "nothing to replay: %1 holds only outage marks (2), no messages" << 0;
    QTest::newRow("--user nobody-here")
        << messageLine + outageLine + messageLine
        << QStringList{QStringLiteral("--user"), QStringLiteral("nobody-here")} << 0
        << "nothing to replay: no message in %1 (2 read) matches --user nobody-here" << 0;
    QTest::newRow("--kind personal, garbage around")
        << QByteArray("junk\n") + messageLine
        << QStringList{QStringLiteral("--kind"), QStringLiteral("personal")} << 0
        << "nothing to replay: no message in %1 (1 read) matches --kind personal" << 0;
    // The contrast: one line that matches is published and reported as before.
    QTest::newRow("one matching message")
        << outageLine + messageLine << QStringList{QStringLiteral("--user"), QStringLiteral("alice")} << 0
        << "replayed 1 messages" << 1;
}

void TestCliReplay::endsAtOnceWhenNothingIsPublished()
{
    QFETCH(QByteArray, capture);
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QString, reason);
    QFETCH(int, published);

    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString path = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_'));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(capture);
    file.close();

    QProcess replay;
    replay.start(QStringLiteral(BUSMON_CLI_PATH),
                 QStringList{QStringLiteral("replay"), QStringLiteral("--url"), server.url(),
                             QStringLiteral("--speed"), QStringLiteral("0")} +
                     options + QStringList{path});
    // It used to wait forever; "at once" is well within this.
    QVERIFY2(busmon::test::waitUntilFinished(replay, 10000), "replay did not end");
    QCOMPARE(replay.exitStatus(), QProcess::NormalExit);
    const QString errors = QString::fromLocal8Bit(replay.readAllStandardError());
    QVERIFY2(errors.contains(reason.contains(QLatin1String("%1")) ? reason.arg(path) : reason),
             qPrintable(errors));
    QCOMPARE(replay.exitCode(), exitCode);
    QCOMPARE(publishCount(server), published);
    QVERIFY(replay.readAllStandardOutput().isEmpty());
}

void TestCliReplay::namesOnlyTheFirstBadLines()
{
    // A binary file read as a capture: a few lines named, the rest counted, not thousands of lines.
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString path = m_dir.filePath(QStringLiteral("binary.jsonl"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < 5000; ++i)
        file.write("\x7f"
                   "ELF\x02\x01 garbage\n");
    file.close();

    QProcess replay;
    replay.start(QStringLiteral(BUSMON_CLI_PATH),
                 {QStringLiteral("replay"), QStringLiteral("--url"), server.url(), path});
    QVERIFY2(busmon::test::waitUntilFinished(replay, 10000), "replay did not end");
    QCOMPARE(replay.exitCode(), 1);
    const QStringList lines =
        QString::fromLocal8Bit(replay.readAllStandardError()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 7);
    QVERIFY2(lines.at(0).startsWith(QLatin1String("busmon-cli: skipped line 1: ")), qPrintable(lines.at(0)));
    QCOMPARE(lines.at(5), QStringLiteral("busmon-cli: skipped 4995 more bad lines"));
    QVERIFY2(lines.at(6).contains(QLatin1String("(5000 read) is a capture line")), qPrintable(lines.at(6)));
}

QTEST_GUILESS_MAIN(TestCliReplay)
#include "tst_clireplay.moc"
