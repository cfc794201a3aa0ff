// `busmon-cli announce` as an admin uses it, against a real redis-server: what subscribers receive,
// the question asked on a terminal (a real pseudo-terminal), the exit status with and without one
// and with --yes, the audit line of every publish, and refusals by the input or by the server.
#include "clirunner.h"
#include "events/announcement.h"
#include "pseudoterminal.h"
#include "redisserver.h"
#include "waituntilfinished.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::CliRunner;
using busmon::test::RedisServer;

namespace {
QStringList announceTo(const RedisServer &server, const QStringList &more)
{
    return QStringList{QStringLiteral("announce"), QStringLiteral("--url"), server.url()} + more;
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
    void warningsDoNotBlock();
    void asksOnATerminal_data();
    void asksOnATerminal();
    void withoutATerminalNeedsYes();
    void noAuditNoPublish();
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
                       QStringLiteral("--user"),    QStringLiteral("jane.doe+t@example.com"),
                       QStringLiteral("--user"),    QStringLiteral("bob")}
        << QStringList{QStringLiteral("personal.jane.doe+t@example.com"), QStringLiteral("personal.bob")}
        << QString();
}

void TestCliAnnounce::reachesSubscribers()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, channels);
    QFETCH(QString, type);

    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    CliRunner cli;
    QTemporaryDir dir;
    const QString capture = dir.filePath(QStringLiteral("toasts.jsonl"));
    QProcess tail;
    tail.setProcessEnvironment(cli.environment());
    tail.start(QStringLiteral(BUSMON_CLI_PATH),
               {QStringLiteral("tail"), QStringLiteral("--url"), server.url(), QStringLiteral("--count"),
                QString::number(channels.size()), QStringLiteral("--output"), capture});
    QTRY_COMPARE_WITH_TIMEOUT(server.command({"PUBSUB", "NUMPAT"}).integer, 8, 10000);

    const CliRunner::Result run =
        cli.run(announceTo(server, arguments + QStringList{QStringLiteral("--yes")}));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.errors.contains(QLatin1String("received by 1 subscriber\n")), qPrintable(run.errors));
    QVERIFY(busmon::test::waitUntilFinished(tail, 10000));

    QFile file(capture);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), channels.size());
    const QList<QJsonObject> audit = cli.auditLines();
    QCOMPARE(audit.size(), channels.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QJsonObject line = QJsonDocument::fromJson(lines.at(i)).object();
        QCOMPARE(line.value(QLatin1String("channel")).toString(), channels.at(i));
        QVERIFY2(line.value(QLatin1String("problems")).toArray().isEmpty(), lines.at(i).constData());
        const QString data = line.value(QLatin1String("data")).toString();
        const std::optional<Announcement> toast = Announcement::fromPayload(data.toUtf8());
        QVERIFY(toast);
        QCOMPARE(toast->title, arguments.at(1));
        QCOMPARE(toast->message, arguments.at(3));
        QCOMPARE(toast->type ? QString(Announcement::typeName(*toast->type)) : QString(), type);
        // The audit log holds what went out, byte for byte, and who received it.
        QCOMPARE(audit.at(i).value("tool").toString(), "busmon-cli");
        QCOMPARE(audit.at(i).value("channel").toString(), channels.at(i));
        QCOMPARE(audit.at(i).value("payload").toString(), data);
        QCOMPARE(audit.at(i).value("receivers").toInt(), 1);
        QCOMPARE(audit.at(i).value("url").toString(), server.url());
        QVERIFY(audit.at(i).value("profile").isNull());
    }
}

void TestCliAnnounce::refusesBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");

    QTest::newRow("no title") << QStringList{QStringLiteral("--message"), QStringLiteral("m")}
                              << QStringLiteral("--title: Required");
    QTest::newRow("blank message") << QStringList{QStringLiteral("--title"), QStringLiteral("t"),
                                                  QStringLiteral("--message"), QStringLiteral("   ")}
                                   << QStringLiteral("--message: Required");
    QTest::newRow("unknown type") << QStringList{QStringLiteral("--title"),   QStringLiteral("t"),
                                                 QStringLiteral("--message"), QStringLiteral("m"),
                                                 QStringLiteral("--type"),    QStringLiteral("fatal")}
                                  << QStringLiteral("--type: One of info, warning, error, success");
    QTest::newRow("empty type") << QStringList{QStringLiteral("--title"),   QStringLiteral("t"),
                                               QStringLiteral("--message"), QStringLiteral("m"),
                                               QStringLiteral("--type"),    QString()}
                                << QStringLiteral("--type: One of");
    QTest::newRow("bad duration") << QStringList{QStringLiteral("--title"),    QStringLiteral("t"),
                                                 QStringLiteral("--message"),  QStringLiteral("m"),
                                                 QStringLiteral("--duration"), QStringLiteral("soon")}
                                  << QStringLiteral("--duration: A positive whole number of milliseconds");
    QTest::newRow("zero duration") << QStringList{QStringLiteral("--title"),    QStringLiteral("t"),
                                                  QStringLiteral("--message"),  QStringLiteral("m"),
                                                  QStringLiteral("--duration"), QStringLiteral("0")}
                                   << QStringLiteral("--duration: A positive");
    QTest::newRow("username with a space")
        << QStringList{QStringLiteral("--title"), QStringLiteral("t"),      QStringLiteral("--message"),
                       QStringLiteral("m"),       QStringLiteral("--user"), QStringLiteral("jane doe")}
        << QStringLiteral("--user: A username has no spaces");
    QTest::newRow("empty username") << QStringList{QStringLiteral("--title"),   QStringLiteral("t"),
                                                   QStringLiteral("--message"), QStringLiteral("m"),
                                                   QStringLiteral("--user"),    QString()}
                                    << QStringLiteral("--user: Required");
}

void TestCliAnnounce::refusesBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    CliRunner cli;
    const CliRunner::Result run =
        cli.run(announceTo(server, arguments + QStringList{QStringLiteral("--yes")}));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errors.contains(reason), qPrintable(run.errors));
    QCOMPARE(server.publishCalls(), 0);
    QVERIFY(cli.auditLines().isEmpty());
}

void TestCliAnnounce::warningsDoNotBlock()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    CliRunner cli;
    const CliRunner::Result run = cli.run(
        announceTo(server, {QStringLiteral("--title"), QStringLiteral("t"), QStringLiteral("--message"),
                            QString(400, u'x'), QStringLiteral("--yes")}));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.errors.contains(QLatin1String("warning: --message: 400 characters")),
             qPrintable(run.errors));
    QVERIFY2(run.errors.contains(QLatin1String("no subscriber received it")), qPrintable(run.errors));
    QCOMPARE(server.publishCalls(), 1);
}

void TestCliAnnounce::asksOnATerminal_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<int>("published");
    QTest::newRow("yes") << QByteArray("y\n") << 0 << 1;
    QTest::newRow("YES") << QByteArray("YES\n") << 0 << 1;
    QTest::newRow("no") << QByteArray("n\n") << 1 << 0;
    QTest::newRow("just Enter") << QByteArray("\n") << 1 << 0;
    QTest::newRow("end of input") << QByteArray("\x04") << 1 << 0;
}

void TestCliAnnounce::asksOnATerminal()
{
    QFETCH(QByteArray, answer);
    QFETCH(int, exitCode);
    QFETCH(int, published);
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    CliRunner cli;
    const auto terminal = cli.runOnTerminal(
        announceTo(server, {QStringLiteral("--title"), QStringLiteral("Fixed"), QStringLiteral("--message"),
                            QStringLiteral("It works"), QStringLiteral("--user"),
                            QStringLiteral("jane.doe@example.com")}));
    QVERIFY2(terminal->waitForShown(QStringLiteral("[y/N]")), qPrintable(terminal->shown()));
    // Before anything goes out: where, to whom, and the exact JSON.
    const QString question = terminal->shown();
    QVERIFY2(
        question.contains(QStringLiteral("Publish to personal.jane.doe@example.com on %1").arg(server.url())),
        qPrintable(question));
    QVERIFY(question.contains(QLatin1String("Only jane.doe@example.com will see it")));
    QVERIFY(question.contains(
        QLatin1String(R"({"username": "jane.doe@example.com", "title": "Fixed", "message": "It works"})")));
    QCOMPARE(server.publishCalls(), 0);
    terminal->type(answer);
    QVERIFY(terminal->waitForFinished());
    QCOMPARE(terminal->exitCode(), exitCode);
    QCOMPARE(server.publishCalls(), published);
    QCOMPARE(cli.auditLines().size(), published);
    if (published == 0)
        QVERIFY2(terminal->shown().contains(QLatin1String("nothing published")),
                 qPrintable(terminal->shown()));
}

void TestCliAnnounce::withoutATerminalNeedsYes()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    CliRunner cli;
    const QStringList toast{QStringLiteral("--title"), QStringLiteral("t"), QStringLiteral("--message"),
                            QStringLiteral("m")};
    // A "y" piped in is no person at a terminal.
    const CliRunner::Result refused = cli.run(announceTo(server, toast), "y\n");
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.errors.contains(QLatin1String("pass --yes")), qPrintable(refused.errors));
    QCOMPARE(server.publishCalls(), 0);
    QVERIFY(cli.auditLines().isEmpty());

    const CliRunner::Result confirmed =
        cli.run(announceTo(server, toast + QStringList{QStringLiteral("--yes")}));
    QCOMPARE(confirmed.exitCode, 0);
    QCOMPARE(server.publishCalls(), 1);
    QCOMPARE(cli.auditLines().size(), 1);
}

void TestCliAnnounce::noAuditNoPublish()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    CliRunner cli;
    cli.breakAuditLog();
    const CliRunner::Result run = cli.run(
        announceTo(server, {QStringLiteral("--title"), QStringLiteral("t"), QStringLiteral("--message"),
                            QStringLiteral("m"), QStringLiteral("--yes")}));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.errors.contains(QLatin1String("Nothing was published: the audit log")) &&
                 run.errors.contains(cli.auditPath()),
             qPrintable(run.errors));
    QCOMPARE(server.publishCalls(), 0);
}

void TestCliAnnounce::reportsAclRefusal()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(!server.command({"ACL", "SETUSER", "watcher", "on", ">pw", "resetchannels", "&sync.*", "+@all"})
                 .isError);
    CliRunner cli;
    const CliRunner::Result run = cli.run(
        {QStringLiteral("announce"), QStringLiteral("--url"),
         QStringLiteral("redis://watcher:pw@127.0.0.1:%1").arg(server.port()), QStringLiteral("--title"),
         QStringLiteral("t"), QStringLiteral("--message"), QStringLiteral("m"), QStringLiteral("--yes")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.errors.contains(QLatin1String("NOPERM")), qPrintable(run.errors));
    QVERIFY2(!run.errors.contains(QLatin1String("pw@")), "the password must not be printed");
    const QList<QJsonObject> audit = cli.auditLines();
    QCOMPARE(audit.size(), 1);
    QVERIFY(audit.first().value("refused").toString().contains(QLatin1String("NOPERM")));
    QCOMPARE(audit.first().value("url").toString(),
             QStringLiteral("redis://watcher@127.0.0.1:%1").arg(server.port()));
}

QTEST_GUILESS_MAIN(TestCliAnnounce)
#include "tst_cliannounce.moc"
