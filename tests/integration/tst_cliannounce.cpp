// `busmon-cli announce` as an admin uses it, against a real redis-server.
#include "events/announcement.h"
#include "redisserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::RedisServer;

namespace {
struct CliRun
{
    int exitCode = -1;
    QString output;
    QString errors;
};

CliRun runCli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(BUSMON_CLI_PATH), arguments);
    CliRun run;
    if (!process.waitForFinished(15000))
        return run;
    run.exitCode = process.exitCode();
    run.output = QString::fromUtf8(process.readAllStandardOutput());
    run.errors = QString::fromUtf8(process.readAllStandardError());
    return run;
}
} // namespace

class TestCliAnnounce : public QObject
{
    Q_OBJECT
private slots:
    void reachesSubscribers_data();
    void reachesSubscribers();
    void refusesBadInput_data();
    void refusesBadInput();
    void reportsAclRefusal();
};

void TestCliAnnounce::reachesSubscribers_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("channels");
    QTest::addColumn<QString>("type");

    QTest::newRow("general") << QStringList{QStringLiteral("--title"), QStringLiteral("Maintenance"),
                                            QStringLiteral("--message"),
                                            QStringLiteral("Back at <b>10:00</b> \"UTC\"")}
                             << QStringList{QStringLiteral("__general__")} << QString();
    QTest::newRow("general warning")
        << QStringList{QStringLiteral("--title"),    QStringLiteral("Heads up"),
                       QStringLiteral("--message"),  QStringLiteral("Sync is slow"),
                       QStringLiteral("--type"),     QStringLiteral("warning"),
                       QStringLiteral("--duration"), QStringLiteral("8000")}
        << QStringList{QStringLiteral("__general__")} << QStringLiteral("warning");
    QTest::newRow("two users")
        << QStringList{QStringLiteral("--title"),   QStringLiteral("Fixed"),
                       QStringLiteral("--message"), QStringLiteral("Your certificate works again"),
                       QStringLiteral("--user"),    QStringLiteral("jane.doe@example.com"),
                       QStringLiteral("--user"),    QStringLiteral("bob")}
        << QStringList{QStringLiteral("personal.jane.doe@example.com"), QStringLiteral("personal.bob")}
        << QString();
}

void TestCliAnnounce::reachesSubscribers()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, channels);
    QFETCH(QString, type);

    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTemporaryDir dir;
    const QString capture = dir.filePath(QStringLiteral("toasts.jsonl"));
    QProcess tail;
    tail.start(QStringLiteral(BUSMON_CLI_PATH),
               {QStringLiteral("tail"), QStringLiteral("--url"), server.url(), QStringLiteral("--count"),
                QString::number(channels.size()), QStringLiteral("--output"), capture});
    QTRY_COMPARE_WITH_TIMEOUT(server.command({"PUBSUB", "NUMPAT"}).integer, 8, 10000);

    const CliRun run =
        runCli(QStringList{QStringLiteral("announce"), QStringLiteral("--url"), server.url()} + arguments);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.errors.contains(QLatin1String("received by 1 subscriber")), qPrintable(run.errors));
    QVERIFY(tail.waitForFinished(10000));

    QFile file(capture);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), channels.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QJsonObject line = QJsonDocument::fromJson(lines.at(i)).object();
        QCOMPARE(line.value(QLatin1String("channel")).toString(), channels.at(i));
        QVERIFY2(line.value(QLatin1String("problems")).toArray().isEmpty(), lines.at(i).constData());
        const std::optional<Announcement> toast =
            Announcement::fromPayload(line.value(QLatin1String("data")).toString().toUtf8());
        QVERIFY(toast);
        QCOMPARE(toast->title, arguments.at(1));
        QCOMPARE(toast->message, arguments.at(3));
        QCOMPARE(toast->type ? QString(Announcement::typeName(*toast->type)) : QString(), type);
    }
}

void TestCliAnnounce::refusesBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");

    QTest::newRow("no title") << QStringList{QStringLiteral("--message"), QStringLiteral("m")}
                              << QStringLiteral("--title");
    QTest::newRow("blank message") << QStringList{QStringLiteral("--title"), QStringLiteral("t"),
                                                  QStringLiteral("--message"), QStringLiteral("   ")}
                                   << QStringLiteral("--message");
    QTest::newRow("unknown type") << QStringList{QStringLiteral("--title"),   QStringLiteral("t"),
                                                 QStringLiteral("--message"), QStringLiteral("m"),
                                                 QStringLiteral("--type"),    QStringLiteral("fatal")}
                                  << QStringLiteral("info, warning, error, success");
    QTest::newRow("bad duration") << QStringList{QStringLiteral("--title"),    QStringLiteral("t"),
                                                 QStringLiteral("--message"),  QStringLiteral("m"),
                                                 QStringLiteral("--duration"), QStringLiteral("soon")}
                                  << QStringLiteral("--duration");
}

void TestCliAnnounce::refusesBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    const CliRun run = runCli(QStringList{QStringLiteral("announce"), QStringLiteral("--url"),
                                          QStringLiteral("redis://127.0.0.1:1")} +
                              arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errors.contains(reason), qPrintable(run.errors));
}

void TestCliAnnounce::reportsAclRefusal()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(!server.command({"ACL", "SETUSER", "watcher", "on", ">pw", "resetchannels", "&sync.*", "+@all"})
                 .isError);
    const CliRun run = runCli({QStringLiteral("announce"), QStringLiteral("--url"),
                               QStringLiteral("redis://watcher:pw@127.0.0.1:%1").arg(server.port()),
                               QStringLiteral("--title"), QStringLiteral("t"), QStringLiteral("--message"),
                               QStringLiteral("m")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.errors.contains(QLatin1String("NOPERM")) || run.errors.contains(QLatin1String("permission")),
             qPrintable(run.errors));
    QVERIFY2(!run.errors.contains(QLatin1String("pw@")), "the password must not be printed");
}

QTEST_GUILESS_MAIN(TestCliAnnounce)
#include "tst_cliannounce.moc"
