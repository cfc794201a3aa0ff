#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <optional>

namespace busmon::test {

// A real Secret Service for one test: a private D-Bus session bus (dbus-daemon without service
// activation, so nothing starts behind the test's back) with gnome-keyring-daemon on it, whose
// keyring lives in a temporary folder and whose "login" collection is created and unlocked.
// The user's own session bus and keyring are never touched. Both daemons go with the object, and
// with the test process should it die (parent-death signal).
class SecretService
{
public:
    SecretService();
    ~SecretService();
    SecretService(const SecretService &) = delete;
    SecretService &operator=(const SecretService &) = delete;

    // Starts the bus, then the keyring. On failure errorString() says which program is missing.
    bool start();
    bool startKeyring();
    // The Secret Service leaves the bus; the bus stays, so a client sees "no such service".
    void stopKeyring();
    // A fresh daemon on the same keyring, unlocked again; for this process as if it had restarted too.
    bool restartKeyring();
    // Locks the default collection, as a screen lock or the user would.
    bool lockDefaultCollection();

    // For the test process itself: what it must set before its first D-Bus call.
    QString busAddress() const { return m_busAddress; }
    QString errorString() const { return m_error; }

    // From outside the code under test, with libsecret's own secret-tool.
    std::optional<QString> lookup(const QStringList &attributes) const;
    bool store(const QString &label, const QString &password, const QStringList &attributes) const;

private:
    bool startBus();
    bool waitForDefaultCollection();
    QString run(const QString &program, const QStringList &arguments, const QByteArray &input = {},
                int *exitCode = nullptr) const;
    QProcessEnvironment environment() const;
    QString programPath(const QString &name, const QString &package);

    QTemporaryDir m_directory;
    QProcess m_bus;
    QProcess m_keyring;
    QString m_busAddress;
    QString m_dbusDaemon;
    QString m_dbusSend;
    QString m_keyringDaemon;
    QString m_secretTool;
    QString m_error;
};

} // namespace busmon::test
