// Help → About busmon: the versions a bug report needs (busmon, Qt, hiredis, the bus's Redis server,
// asked of a real redis-server) and the license, opened from the window's menu as a user would.
#include "aboutdialog.h"
#include "mainwindow.h"

#include "redisserver.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::RedisServer;

namespace {
QString installedServerVersion()
{
    QProcess process;
    process.start(QStringLiteral(BUSMON_REDIS_SERVER), {QStringLiteral("--version")});
    process.waitForFinished();
    return QRegularExpression(QStringLiteral("v=(\\S+)"))
        .match(QString::fromLatin1(process.readAll()))
        .captured(1);
}

QAction *aboutAction(MainWindow &window)
{
    for (QAction *menu : window.menuBar()->actions()) {
        if (!menu->menu())
            continue;
        for (QAction *action : menu->menu()->actions()) {
            if (action->text() == QLatin1String("&About busmon"))
                return action;
        }
    }
    return nullptr;
}

// Opens the dialog from the Help menu; nullptr when the menu has no such entry or nothing opened.
AboutDialog *openAbout(MainWindow &window)
{
    QAction *action = aboutAction(window);
    if (!action)
        return nullptr;
    action->trigger();
    return window.findChild<AboutDialog *>();
}

QString labelText(const AboutDialog *dialog, const char *name)
{
    const auto *label = dialog->findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("(no label %1)").arg(QLatin1String(name));
}
} // namespace

class TestAboutDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void withoutBusSaysNotConnected();
    void asksTheConnectedServer();
    void saysWhyTheServerWouldNotTell();
    void copiesTheVersions();

private:
    QTemporaryDir m_settingsDir;
};

void TestAboutDialog::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("busmon-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_aboutdialog"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BUSMON_VERSION));
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/busmon-test-bus");
}

void TestAboutDialog::withoutBusSaysNotConnected()
{
    MainWindow window;
    window.show();
    AboutDialog *dialog = openAbout(window);
    QVERIFY2(dialog, "Help → About busmon opens the About dialog");
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->windowTitle(), QStringLiteral("About busmon"));
    QVERIFY2(labelText(dialog, "titleLabel").contains(QStringLiteral("busmon " BUSMON_VERSION)),
             qPrintable(labelText(dialog, "titleLabel")));
    QCOMPARE(labelText(dialog, "qtVersionLabel"), QString::fromLatin1(qVersion()));
    QVERIFY2(QRegularExpression(QStringLiteral("^0\\.14\\.\\d+$"))
                 .match(labelText(dialog, "hiredisVersionLabel"))
                 .hasMatch(),
             qPrintable(labelText(dialog, "hiredisVersionLabel")));
    QCOMPARE(labelText(dialog, "redisVersionLabel"), QStringLiteral("not connected"));
    const QString license = dialog->findChild<QPlainTextEdit *>(QStringLiteral("licenseText"))->toPlainText();
    QVERIFY2(license.startsWith(QLatin1String("MIT License\n\nCopyright (c) 2026 the busmon developers\n")),
             qPrintable(license.left(80)));
    QVERIFY(license.contains(QLatin1String("Permission is hereby granted, free of charge")));
    dialog->close();
    QTRY_VERIFY(!window.findChild<AboutDialog *>()); // deleted when closed
}

void TestAboutDialog::asksTheConnectedServer()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    MainWindow window;
    window.show();
    window.connectTo(*ConnectionSettings::fromUrl(server.url()));
    AboutDialog *dialog = openAbout(window);
    QVERIFY(dialog);
    const QString expected = installedServerVersion();
    QVERIFY(!expected.isEmpty());
    QTRY_COMPARE(labelText(dialog, "redisVersionLabel"),
                 QStringLiteral("%1 (redis://127.0.0.1:%2)").arg(expected).arg(server.port()));
}

void TestAboutDialog::saysWhyTheServerWouldNotTell()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    // A monitoring account that may listen to the bus and nothing else.
    QVERIFY(!server
                 .command({"ACL", "SETUSER", "listener", "on", ">pw", "allchannels", "+psubscribe",
                           "+subscribe", "+ping"})
                 .isError);
    ConnectionSettings settings = *ConnectionSettings::fromUrl(server.url());
    settings.user = QStringLiteral("listener");
    settings.password = QStringLiteral("pw");
    MainWindow window;
    window.show();
    window.connectTo(settings);
    AboutDialog *dialog = openAbout(window);
    QVERIFY(dialog);
    QTRY_VERIFY2(
        labelText(dialog, "redisVersionLabel").startsWith(QLatin1String("unknown: the server refused INFO")),
        qPrintable(labelText(dialog, "redisVersionLabel")));
}

void TestAboutDialog::copiesTheVersions()
{
    AboutDialog dialog(nullptr);
    dialog.show();
    QPushButton *copy = nullptr;
    for (QAbstractButton *button : dialog.findChild<QDialogButtonBox *>()->buttons()) {
        if (button->text() == QLatin1String("&Copy versions"))
            copy = qobject_cast<QPushButton *>(button);
    }
    QVERIFY(copy);
    QApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);
    const QString copied = QApplication::clipboard()->text();
    QVERIFY2(copied.contains(QStringLiteral("busmon " BUSMON_VERSION "\n")), qPrintable(copied));
    QVERIFY2(copied.contains(QStringLiteral("Qt %1\n").arg(QString::fromLatin1(qVersion()))),
             qPrintable(copied));
    QVERIFY2(copied.contains(QLatin1String("hiredis 0.14.")), qPrintable(copied));
    QVERIFY2(copied.contains(QLatin1String("Redis server: not connected")), qPrintable(copied));
}

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
