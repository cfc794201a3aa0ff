// `busmon-cli --profile NAME` with a profile saved as the window saves it: its password from a real
// desktop keychain (gnome-keyring on a private session bus), or asked for on a real pseudo-terminal
// without echo when there is no keychain, or refused with the reason when there is no terminal
// either; and a read-only profile makes every publishing command refuse.
#include "clirunner.h"
#include "profiles/connectionprofile.h"
#include "pseudoterminal.h"
#include "redisserver.h"
#include "secretservice.h"

#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::CliRunner;
using busmon::test::RedisServer;
using busmon::test::SecretService;

namespace {
const QStringList toast{QStringLiteral("--title"), QStringLiteral("t"), QStringLiteral("--message"),
                        QStringLiteral("m"), QStringLiteral("--yes")};

// A bus only an ACL user can use, as production ones are.
bool guard(RedisServer &server)
{
    if (!server.start())
        return false;
    server.command({"ACL", "SETUSER", "admin", "on", ">s3cret pw", "~*", "&*", "+@all"});
    server.command({"ACL", "SETUSER", "default", "off"});
    server.setClientAuth("admin", "s3cret pw");
    return server.command({"PING"}).text == "PONG";
}

ConnectionProfile profileFor(const RedisServer &server, const QString &name, bool readOnly)
{
    ConnectionProfile profile;
    profile.name = name;
    profile.url = server.url();
    profile.user = QStringLiteral("admin");
    profile.readOnly = readOnly;
    return profile;
}
} // namespace

class TestCliProfile : public QObject
{
    Q_OBJECT
private slots:
    void passwordFromTheKeychain();
    void noKeychainAsksOnTheTerminalWithoutEcho();
    void noKeychainNoTerminalSaysWhy();
    void passwordFromTheEnvironment();
    void readOnlyProfileRefusesToPublish_data();
    void readOnlyProfileRefusesToPublish();
    void unknownProfileNamesTheSavedOnes();
    void profileAndUrlDoNotMix();
};

void TestCliProfile::passwordFromTheKeychain()
{
    SecretService keychain;
    QVERIFY2(keychain.start(), qPrintable(keychain.errorString()));
    QVERIFY(keychain.store(QStringLiteral("busmon"), QStringLiteral("s3cret pw"),
                           {QStringLiteral("server"), QStringLiteral("busmon"), QStringLiteral("user"),
                            QStringLiteral("ops"), QStringLiteral("type"), QStringLiteral("plaintext")}));
    RedisServer server;
    QVERIFY2(guard(server), qPrintable(server.errorString()));
    CliRunner cli;
    cli.saveProfiles({profileFor(server, QStringLiteral("ops"), false)});
    cli.setEnvironment(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), keychain.busAddress());

    const CliRunner::Result run = cli.run(
        QStringList{QStringLiteral("announce"), QStringLiteral("--profile"), QStringLiteral("ops")} + toast);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.errors.contains(QLatin1String("__general__: published")), qPrintable(run.errors));
    QCOMPARE(server.publishCalls(), 1);
    const QJsonObject audit = cli.auditLines().value(0);
    QCOMPARE(audit.value("profile").toString(), "ops");
    QCOMPARE(audit.value("url").toString(), QStringLiteral("redis://admin@127.0.0.1:%1").arg(server.port()));
    QFile log(cli.auditPath());
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY2(!log.readAll().contains("s3cret"), "the password must stay out of the audit log");

    // tail reads the same profile.
    server.publish("sync.alice", "{}");
    const CliRunner::Result tail =
        cli.run({QStringLiteral("tail"), QStringLiteral("--profile"), QStringLiteral("ops"),
                 QStringLiteral("--duration"), QStringLiteral("1")});
    QCOMPARE(tail.exitCode, 0);
    QVERIFY2(!tail.errors.contains(QLatin1String("password")), qPrintable(tail.errors));
}

void TestCliProfile::noKeychainAsksOnTheTerminalWithoutEcho()
{
    RedisServer server;
    QVERIFY2(guard(server), qPrintable(server.errorString()));
    CliRunner cli; // no D-Bus session: as over ssh
    cli.saveProfiles({profileFor(server, QStringLiteral("ops"), false)});
    const auto terminal = cli.runOnTerminal(
        QStringList{QStringLiteral("announce"), QStringLiteral("--profile"), QStringLiteral("ops")} + toast);
    QVERIFY2(terminal->waitForShown(QStringLiteral("Password for admin on")), qPrintable(terminal->shown()));
    QVERIFY2(terminal->shown().contains(QLatin1String("no D-Bus session")), qPrintable(terminal->shown()));
    terminal->type("s3cret pw\n");
    QVERIFY(terminal->waitForFinished());
    QCOMPARE(terminal->exitCode(), 0);
    QVERIFY2(!terminal->shown().contains(QLatin1String("s3cret")), qPrintable(terminal->shown()));
    QCOMPARE(server.publishCalls(), 1);
}

void TestCliProfile::noKeychainNoTerminalSaysWhy()
{
    RedisServer server;
    QVERIFY2(guard(server), qPrintable(server.errorString()));
    CliRunner cli;
    cli.saveProfiles({profileFor(server, QStringLiteral("ops"), false)});
    const CliRunner::Result run = cli.run(
        QStringList{QStringLiteral("announce"), QStringLiteral("--profile"), QStringLiteral("ops")} + toast,
        "s3cret pw\n");
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errors.contains(QLatin1String("needs the password of admin")) &&
                 run.errors.contains(QLatin1String("no terminal")) &&
                 run.errors.contains(QLatin1String("REDISCLI_AUTH")),
             qPrintable(run.errors));
    QCOMPARE(server.publishCalls(), 0);
}

void TestCliProfile::passwordFromTheEnvironment()
{
    RedisServer server;
    QVERIFY2(guard(server), qPrintable(server.errorString()));
    CliRunner cli;
    cli.saveProfiles({profileFor(server, QStringLiteral("ops"), false)});
    cli.setEnvironment(QStringLiteral("REDISCLI_AUTH"), QStringLiteral("s3cret pw"));
    const CliRunner::Result run = cli.run(
        QStringList{QStringLiteral("announce"), QStringLiteral("--profile"), QStringLiteral("ops")} + toast);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(server.publishCalls(), 1);
}

void TestCliProfile::readOnlyProfileRefusesToPublish_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::newRow("announce") << QStringList{QStringLiteral("announce")} + toast;
    QTest::newRow("simulate") << QStringList{QStringLiteral("simulate"), QStringLiteral("--count"),
                                             QStringLiteral("5")};
    QTest::newRow("replay") << QStringList{QStringLiteral("replay"),
                                           QStringLiteral(BUSMON_TEST_DATA "/none.jsonl")};
}

void TestCliProfile::readOnlyProfileRefusesToPublish()
{
    QFETCH(QStringList, command);
    RedisServer server;
    QVERIFY2(guard(server), qPrintable(server.errorString()));
    CliRunner cli;
    cli.saveProfiles({profileFor(server, QStringLiteral("production"), true)});
    cli.setEnvironment(QStringLiteral("REDISCLI_AUTH"), QStringLiteral("s3cret pw"));
    const CliRunner::Result run =
        cli.run(command + QStringList{QStringLiteral("--profile"), QStringLiteral("production")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.errors.contains(QStringLiteral("“production” is read-only")), qPrintable(run.errors));
    QCOMPARE(server.publishCalls(), 0);
    QVERIFY(cli.auditLines().isEmpty());

    // The same profile still watches.
    const CliRunner::Result tail =
        cli.run({QStringLiteral("tail"), QStringLiteral("--profile"), QStringLiteral("production"),
                 QStringLiteral("--duration"), QStringLiteral("0.5")});
    QCOMPARE(tail.exitCode, 0);
}

void TestCliProfile::unknownProfileNamesTheSavedOnes()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    CliRunner cli;
    cli.saveProfiles({profileFor(server, QStringLiteral("staging"), false),
                      profileFor(server, QStringLiteral("production"), true)});
    const CliRunner::Result run = cli.run(
        QStringList{QStringLiteral("announce"), QStringLiteral("--profile"), QStringLiteral("prod")} + toast);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errors.contains(QLatin1String("no saved profile named \"prod\"")) &&
                 run.errors.contains(QLatin1String("staging, production")),
             qPrintable(run.errors));
    QCOMPARE(server.publishCalls(), 0);
}

void TestCliProfile::profileAndUrlDoNotMix()
{
    CliRunner cli;
    const CliRunner::Result run =
        cli.run({QStringLiteral("tail"), QStringLiteral("--profile"), QStringLiteral("ops"),
                 QStringLiteral("--url"), QStringLiteral("redis://127.0.0.1:1")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errors.contains(QLatin1String("--profile and --url")), qPrintable(run.errors));
}

QTEST_GUILESS_MAIN(TestCliProfile)
#include "tst_cliprofile.moc"
