// PasswordVault against a real Secret Service: gnome-keyring-daemon on a private session bus, with
// its keyring in a temporary folder. What the vault saved is checked from outside with secret-tool,
// and a keychain that is locked or gone must give the user a sentence, never a crash or silence.
#include "connectiondialog.h"
#include "passwordvault.h"
#include "profiles/connectionprofile.h"
#include "secretservice.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;

namespace {
struct ReadResult
{
    bool answered = false;
    QString password;
    QString error;
};

// Waits for the vault's answer; the answer arrives through the event loop, as in the window.
ReadResult readNow(PasswordVault &vault, const QString &profileName)
{
    auto result = std::make_shared<ReadResult>();
    vault.read(profileName, [result](const QString &password, const QString &error) {
        result->answered = true;
        result->password = password;
        result->error = error;
    });
    (void)QTest::qWaitFor([&] { return result->answered; }, 10000); // answered tells
    return *result;
}

// Where qtkeychain puts a text password: its schema's attributes, the service being "busmon".
QStringList attributesOf(const QString &profileName)
{
    return {QStringLiteral("server"), QStringLiteral("busmon"),   QStringLiteral("user"), profileName,
            QStringLiteral("type"),   QStringLiteral("plaintext")};
}

// A user reads the reason: it names no D-Bus service or error class.
bool soundsLikeJargon(const QString &reason)
{
    for (const char *word : {"org.freedesktop", "D-Bus", "DBus", "GDBus", ".service", "Error."})
        if (reason.contains(QLatin1String(word)))
            return true;
    return false;
}
} // namespace

class TestPasswordVault : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void writeThenRead_data();
    void writeThenRead();
    void profilesDoNotMix();
    void removeThenReadGivesReason();
    void readsWhatAnotherProgramSaved();
    void vaultGoneBeforeTheAnswer();
    void lockedKeychain();
    void absentKeychain();
    void dialogRemembersPassword();
    void dialogForgetsWhatIsNoLongerRemembered();
    void dialogSaysWhenKeychainFails();

private:
    void bringKeychainBack();

    busmon::test::SecretService m_service;
    bool m_keychainDisturbed = false;
    QTemporaryDir m_settingsDir;
};

void TestPasswordVault::initTestCase()
{
    // CI always builds with qtkeychain; without it this suite would prove nothing, so it fails.
    QVERIFY2(PasswordVault::isCompiledIn(),
             "busmon_ui was built without qtkeychain: install qtkeychain-qt6-dev (packaging/install-deps)");
    // qtkeychain picks KWallet on a KDE desktop; the test's keychain is a Secret Service.
    for (const char *name : {"XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION",
                             "KDE_SESSION_VERSION", "GNOME_DESKTOP_SESSION_ID"})
        qunsetenv(name);
    QVERIFY2(m_service.start(), qPrintable(m_service.errorString()));
    // Before the first D-Bus call of this process: its session bus is the private one from now on.
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_service.busAddress().toUtf8());

    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("busmon-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_passwordvault"));
}

void TestPasswordVault::cleanup()
{
    // A test that locked or stopped the keychain leaves the next one a working, unlocked one.
    if (m_keychainDisturbed)
        bringKeychainBack();
}

void TestPasswordVault::bringKeychainBack()
{
    QVERIFY2(m_service.restartKeyring(), qPrintable(m_service.errorString()));
    m_keychainDisturbed = false;
}

void TestPasswordVault::writeThenRead_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("password");
    QTest::newRow("plain") << QStringLiteral("staging") << QStringLiteral("hunter2");
    QTest::newRow("non-ASCII and quotes")
        << QStringLiteral("prod \"eu\"") << QStringLiteral("pä$$wört \"double\" 'single' `back` 秘密 🔑");
    QTest::newRow("spaces, backslash, newline")
        << QStringLiteral("ops") << QStringLiteral("  lead\\ing\ttab\nline  ");
    QTest::newRow("long") << QStringLiteral("long") << QString(2000, QLatin1Char('x'));
}

void TestPasswordVault::writeThenRead()
{
    QFETCH(QString, profile);
    QFETCH(QString, password);
    PasswordVault vault;
    QSignalSpy writeFailed(&vault, &PasswordVault::writeFailed);
    vault.write(profile, password);
    const ReadResult read = readNow(vault, profile);
    QVERIFY(read.answered);
    QCOMPARE(read.error, QString());
    QCOMPARE(read.password, password);
    QCOMPARE(writeFailed.count(), 0);

    // Really in the Secret Service, as any other program sees it.
    QCOMPARE(m_service.lookup(attributesOf(profile)), std::optional<QString>(password));
    // And a busmon started later finds it.
    PasswordVault later;
    QCOMPARE(readNow(later, profile).password, password);
}

void TestPasswordVault::profilesDoNotMix()
{
    PasswordVault vault;
    vault.write(QStringLiteral("alpha"), QStringLiteral("first"));
    vault.write(QStringLiteral("beta"), QStringLiteral("second"));
    QCOMPARE(readNow(vault, QStringLiteral("alpha")).password, QStringLiteral("first"));
    QCOMPARE(readNow(vault, QStringLiteral("beta")).password, QStringLiteral("second"));

    vault.write(QStringLiteral("alpha"), QStringLiteral("changed"));
    QCOMPARE(readNow(vault, QStringLiteral("alpha")).password, QStringLiteral("changed"));
    QCOMPARE(readNow(vault, QStringLiteral("beta")).password, QStringLiteral("second"));
    // A profile whose name starts like another's has nothing.
    QCOMPARE(readNow(vault, QStringLiteral("alph")).password, QString());
}

void TestPasswordVault::removeThenReadGivesReason()
{
    PasswordVault vault;
    QSignalSpy readFailed(&vault, &PasswordVault::readFailed);
    QSignalSpy removeFailed(&vault, &PasswordVault::removeFailed);
    vault.write(QStringLiteral("gone"), QStringLiteral("soon forgotten"));
    vault.write(QStringLiteral("kept"), QStringLiteral("still here"));
    vault.remove(QStringLiteral("gone"));
    const ReadResult read = readNow(vault, QStringLiteral("gone"));
    QVERIFY(read.answered);
    QCOMPARE(read.password, QString());
    QVERIFY2(read.error.contains(QStringLiteral("No password for \"gone\"")), qPrintable(read.error));
    QCOMPARE(m_service.lookup(attributesOf(QStringLiteral("gone"))), std::nullopt);
    QCOMPARE(readNow(vault, QStringLiteral("kept")).password, QStringLiteral("still here"));

    // Removing what was never saved is no failure, and nothing saved is not a broken keychain.
    vault.remove(QStringLiteral("never saved"));
    QVERIFY(readNow(vault, QStringLiteral("never saved")).answered);
    QCOMPARE(removeFailed.count(), 0);
    QCOMPARE(readFailed.count(), 0);
}

void TestPasswordVault::readsWhatAnotherProgramSaved()
{
    QVERIFY(m_service.store(QStringLiteral("busmon"), QStringLiteral("from seahorse ü"),
                            attributesOf(QStringLiteral("outside"))));
    PasswordVault vault;
    const ReadResult read = readNow(vault, QStringLiteral("outside"));
    QCOMPARE(read.error, QString());
    QCOMPARE(read.password, QStringLiteral("from seahorse ü"));
}

void TestPasswordVault::vaultGoneBeforeTheAnswer()
{
    // The window closes while the keychain still works on its request: no crash when the answer
    // comes, and what was asked for is done.
    auto *closing = new PasswordVault;
    closing->write(QStringLiteral("closing"), QStringLiteral("saved on the way out"));
    closing->remove(QStringLiteral("alpha"));
    delete closing;
    PasswordVault next;
    QCOMPARE(readNow(next, QStringLiteral("closing")).password, QStringLiteral("saved on the way out"));
    QCOMPARE(m_service.lookup(attributesOf(QStringLiteral("closing"))),
             std::optional<QString>(QStringLiteral("saved on the way out")));
}

void TestPasswordVault::lockedKeychain()
{
    PasswordVault vault;
    vault.write(QStringLiteral("locked away"), QStringLiteral("behind the lock"));
    QCOMPARE(readNow(vault, QStringLiteral("locked away")).password, QStringLiteral("behind the lock"));
    m_keychainDisturbed = true;
    QVERIFY2(m_service.lockDefaultCollection(), qPrintable(m_service.errorString()));

    // No one can answer the unlock prompt here: the vault answers without the password.
    const ReadResult read = readNow(vault, QStringLiteral("locked away"));
    QVERIFY(read.answered);
    QCOMPARE(read.password, QString());
    QVERIFY(!read.error.isEmpty());
    QVERIFY2(!soundsLikeJargon(read.error), qPrintable(read.error));

    QSignalSpy writeFailed(&vault, &PasswordVault::writeFailed);
    vault.write(QStringLiteral("locked away"), QStringLiteral("new"));
    QTRY_COMPARE_WITH_TIMEOUT(writeFailed.count(), 1, 10000);
    const QString reason = writeFailed.first().first().toString();
    QVERIFY2(reason.contains(QStringLiteral("\"locked away\" was not saved")), qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("locked")), qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("unlock it")), qPrintable(reason));
    QVERIFY2(!soundsLikeJargon(reason), qPrintable(reason));

    // Unlocked again (the daemon restarted with its password), the old password is still there.
    bringKeychainBack();
    QCOMPARE(readNow(vault, QStringLiteral("locked away")).password, QStringLiteral("behind the lock"));
}

void TestPasswordVault::absentKeychain()
{
    PasswordVault vault;
    vault.write(QStringLiteral("before"), QStringLiteral("saved before"));
    QCOMPARE(readNow(vault, QStringLiteral("before")).password, QStringLiteral("saved before"));
    m_keychainDisturbed = true;
    m_service.stopKeyring();

    QSignalSpy readFailed(&vault, &PasswordVault::readFailed);
    QSignalSpy writeFailed(&vault, &PasswordVault::writeFailed);
    QSignalSpy removeFailed(&vault, &PasswordVault::removeFailed);
    const ReadResult read = readNow(vault, QStringLiteral("before"));
    QVERIFY(read.answered);
    QCOMPARE(read.password, QString());
    QVERIFY2(read.error.contains(QStringLiteral("could not reach the desktop keychain")),
             qPrintable(read.error));
    QVERIFY2(!soundsLikeJargon(read.error), qPrintable(read.error));
    QCOMPARE(readFailed.count(), 1);
    QCOMPARE(readFailed.first().first().toString(), read.error);

    vault.write(QStringLiteral("during"), QStringLiteral("nowhere to go"));
    QTRY_COMPARE_WITH_TIMEOUT(writeFailed.count(), 1, 10000);
    const QString reason = writeFailed.first().first().toString();
    QVERIFY2(reason.startsWith(QStringLiteral("The password for \"during\" was not saved")),
             qPrintable(reason));
    QVERIFY2(!soundsLikeJargon(reason), qPrintable(reason));

    vault.remove(QStringLiteral("before"));
    QTRY_COMPARE_WITH_TIMEOUT(removeFailed.count(), 1, 10000);
    QVERIFY2(!soundsLikeJargon(removeFailed.first().first().toString()),
             qPrintable(removeFailed.first().first().toString()));

    // Back again, nothing was lost and nothing was written anywhere else meanwhile.
    bringKeychainBack();
    QCOMPARE(readNow(vault, QStringLiteral("before")).password, QStringLiteral("saved before"));
    QCOMPARE(m_service.lookup(attributesOf(QStringLiteral("during"))), std::nullopt);
}

void TestPasswordVault::dialogRemembersPassword()
{
    {
        QSettings settings;
        settings.clear();
    }
    PasswordVault vault;
    {
        ConnectionDialog dialog(&vault);
        dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("remembered"));
        dialog.findChild<QLineEdit *>(QStringLiteral("urlEdit"))
            ->setText(QStringLiteral("redis://bus.example:6379"));
        dialog.findChild<QLineEdit *>(QStringLiteral("userEdit"))->setText(QStringLiteral("ops"));
        dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))
            ->setText(QStringLiteral("dialog secret"));
        dialog.findChild<QCheckBox *>(QStringLiteral("rememberPasswordCheck"))->setChecked(true);
        dialog.show();
        dialog.accept();
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        // Saving the first profile keeps what was typed for the connection.
        QCOMPARE(dialog.password(), QStringLiteral("dialog secret"));
    }
    QCOMPARE(m_service.lookup(attributesOf(QStringLiteral("remembered"))),
             std::optional<QString>(QStringLiteral("dialog secret")));

    // Opened again, the dialog fills the password in from the keychain.
    ConnectionDialog again(&vault);
    again.selectProfile(QStringLiteral("remembered"));
    auto *password = again.findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    QTRY_COMPARE_WITH_TIMEOUT(password->text(), QStringLiteral("dialog secret"), 10000);
    QVERIFY(again.findChild<QCheckBox *>(QStringLiteral("rememberPasswordCheck"))->isChecked());
}

void TestPasswordVault::dialogForgetsWhatIsNoLongerRemembered()
{
    {
        QSettings settings;
        settings.clear();
        ConnectionProfile profile;
        profile.name = QStringLiteral("old name");
        profile.url = QStringLiteral("redis://bus.example:6379");
        ConnectionProfile::saveAll(settings, {profile});
    }
    PasswordVault vault;
    vault.write(QStringLiteral("old name"), QStringLiteral("kept a while"));
    ConnectionDialog dialog(&vault);
    auto *remember = dialog.findChild<QCheckBox *>(QStringLiteral("rememberPasswordCheck"));
    QTRY_VERIFY_WITH_TIMEOUT(remember->isChecked(), 10000);
    auto *save = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);

    // Renamed, the password moves with the profile.
    dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("new name"));
    save->click();
    QTRY_COMPARE_WITH_TIMEOUT(m_service.lookup(attributesOf(QStringLiteral("new name"))),
                              std::optional<QString>(QStringLiteral("kept a while")), 10000);
    QCOMPARE(m_service.lookup(attributesOf(QStringLiteral("old name"))), std::nullopt);

    // Unticked, the keychain forgets it.
    remember->setChecked(false);
    save->click();
    QTRY_COMPARE_WITH_TIMEOUT(m_service.lookup(attributesOf(QStringLiteral("new name"))), std::nullopt,
                              10000);
}

void TestPasswordVault::dialogSaysWhenKeychainFails()
{
    {
        QSettings settings;
        settings.clear();
    }
    PasswordVault vault;
    m_keychainDisturbed = true;
    m_service.stopKeyring();
    ConnectionDialog dialog(&vault);
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("messageLabel"));
    dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("unsaved"));
    dialog.findChild<QLineEdit *>(QStringLiteral("urlEdit"))
        ->setText(QStringLiteral("redis://bus.example:6379"));
    dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(QStringLiteral("typed"));
    auto *remember = dialog.findChild<QCheckBox *>(QStringLiteral("rememberPasswordCheck"));
    remember->setChecked(true);
    dialog.show();

    // Connecting waits for the keychain: a password it could not keep is not dropped in silence,
    // the dialog stays open and says what happened.
    dialog.accept();
    QTRY_VERIFY2_WITH_TIMEOUT(message->text().contains(QStringLiteral("was not saved")),
                              qPrintable(message->text()), 10000);
    QVERIFY2(!soundsLikeJargon(message->text()), qPrintable(message->text()));
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    // Not remembering it, the user connects all the same with what was typed.
    remember->setChecked(false);
    dialog.accept();
    QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
    QCOMPARE(dialog.password(), QStringLiteral("typed"));
}

QTEST_MAIN(TestPasswordVault)
#include "tst_passwordvault.moc"
