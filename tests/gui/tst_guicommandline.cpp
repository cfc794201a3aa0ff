// The busmon program itself, started as a user starts it, with a password on its command line.
#include "redisserver.h"
#include "waituntilfinished.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using busmon::test::RedisServer;

class TestGuiCommandLine : public QObject
{
    Q_OBJECT
private slots:
    void passwordIsHiddenFromTheProcessList();
};

void TestGuiCommandLine::passwordIsHiddenFromTheProcessList()
{
    const QByteArray password = "gui-s3cret";
    RedisServer server({QStringLiteral("--requirepass"), QString::fromUtf8(password)});
    server.setClientAuth({}, password);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTemporaryDir home; // its settings, not the user's
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    QProcess busmon;
    busmon.setProcessEnvironment(environment);
    busmon.start(
        QStringLiteral(BUSMON_GUI_PATH),
        {QStringLiteral("--url"),
         QStringLiteral("redis://:%1@127.0.0.1:%2").arg(QString::fromUtf8(password)).arg(server.port())});
    QVERIFY(busmon.waitForStarted());
    // Subscribed to the eight patterns: it got in with that very password.
    QTRY_COMPARE_WITH_TIMEOUT(server.command({"PUBSUB", "NUMPAT"}).integer, 8, 20000);

    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(busmon.processId()));
    QVERIFY(cmdline.open(QIODevice::ReadOnly));
    const QList<QByteArray> arguments = cmdline.readAll().split('\0');
    QVERIFY2(arguments.contains("redis://:" + QByteArray(password.size(), '*') +
                                "@127.0.0.1:" + QByteArray::number(server.port())),
             arguments.join(' ').constData());
    QVERIFY(!arguments.join(' ').contains(password));
    busmon.terminate();
    QVERIFY(busmon::test::waitUntilFinished(busmon, 10000));
    const QString errors = QString::fromLocal8Bit(busmon.readAllStandardError());
    QVERIFY2(errors.contains(QLatin1String("Warning: Using a password in --url on the command line")) &&
                 errors.contains(QLatin1String("REDISCLI_AUTH")),
             qPrintable(errors));
}

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "tst_guicommandline.moc"
