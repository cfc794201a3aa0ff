#include "profilelookup.h"

#include "clioutput.h"
#include "passwordvault.h"
#include "profiles/connectionprofile.h"
#include "terminal.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

namespace busmon::cli {

namespace {
constexpr int keychainTimeoutMs = 15000;

QString savedNames(const QList<ConnectionProfile> &profiles)
{
    QStringList names;
    for (const ConnectionProfile &profile : profiles)
        names << profile.name;
    return names.isEmpty() ? QStringLiteral("none is saved yet: save one in busmon's File → Connect…")
                           : QStringLiteral("saved: %1").arg(names.join(QStringLiteral(", ")));
}
} // namespace

bool ProfileLookup::hasSessionBus()
{
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return true;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return !runtime.isEmpty() && QFileInfo::exists(runtime + QStringLiteral("/bus"));
}

QString ProfileLookup::readKeychain(const QString &name, QString *reason)
{
    if (!PasswordVault::isCompiledIn()) {
        *reason = QStringLiteral("this busmon-cli was built without desktop keychain support");
        return QString();
    }
    // Without a session bus, D-Bus would try to start one (and may wait for an X display): over ssh
    // or in cron there is simply no keychain.
    if (!hasSessionBus()) {
        *reason = QStringLiteral("there is no D-Bus session here, so no desktop keychain to read it from");
        return QString();
    }
    PasswordVault vault;
    QEventLoop loop;
    bool answered = false;
    QString password;
    vault.read(name, [&](const QString &saved, const QString &error) {
        answered = true;
        password = saved;
        *reason = error;
        loop.quit();
    });
    if (!answered) {
        QTimer::singleShot(keychainTimeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!answered)
        *reason =
            QStringLiteral("the desktop keychain did not answer within %1 s").arg(keychainTimeoutMs / 1000);
    return password;
}

std::optional<SessionOrigin> ProfileLookup::resolve(const QString &name)
{
    // The window's settings file: busmon-cli has an application name of its own.
    QSettings settings(QStringLiteral("busmon"), QStringLiteral("busmon"));
    const std::optional<ConnectionProfile> profile = ConnectionProfile::load(settings, name);
    if (!profile) {
        CliOutput::error(QStringLiteral("no saved profile named \"%1\" in %2 (%3)")
                             .arg(name, QDir::toNativeSeparators(settings.fileName()),
                                  savedNames(ConnectionProfile::loadAll(settings))));
        return std::nullopt;
    }
    QString error;
    std::optional<ConnectionSettings> reachable = profile->toSettings(QString(), &error);
    if (!reachable) {
        CliOutput::error(QStringLiteral("profile \"%1\": %2").arg(name, error));
        return std::nullopt;
    }
    reachable->applyEnvironment(); // REDISCLI_AUTH, as with --url
    if (reachable->password.isEmpty()) {
        QString reason;
        reachable->password = readKeychain(name, &reason);
        if (reachable->password.isEmpty() && !profile->user.isEmpty()) {
            const QString needed = QStringLiteral("profile \"%1\" needs the password of %2: %3")
                                       .arg(name, profile->user, reason);
            if (!Terminal::isInteractive()) {
                CliOutput::error(needed + QStringLiteral("; there is no terminal to ask for it on "
                                                         "(set REDISCLI_AUTH to give it)"));
                return std::nullopt;
            }
            CliOutput::info(needed);
            const std::optional<QString> typed = Terminal::readSecret(
                QStringLiteral("Password for %1 on %2: ").arg(profile->user, reachable->displayUrl()));
            if (!typed) {
                CliOutput::error(QStringLiteral("no password given"));
                return std::nullopt;
            }
            reachable->password = *typed;
        }
    }
    return SessionOrigin::bus(*reachable, profile->name, profile->readOnly);
}

} // namespace busmon::cli
