#pragma once

#include "bus/connectionsettings.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QSettings;

namespace busmon {

// A saved way to reach a bus, kept in QSettings under "profiles/<name>". The password is never
// part of it: it lives in the desktop keychain (PasswordVault) or is asked for each time.
struct ConnectionProfile
{
    QString name;
    QString url = QStringLiteral("redis://127.0.0.1:6379");
    QString user;
    QString caFile;
    QString clientCertificateFile;
    QString clientKeyFile;
    bool insecure = false;
    bool readOnly = true; // a read-only profile never offers to publish
    int healthCheckMs = ConnectionSettings::defaultHealthCheckMs; // ConnectionSettings::healthCheckMs

    // nullopt with the reason in *error when the URL cannot be used.
    std::optional<ConnectionSettings> toSettings(const QString &password, QString *error = nullptr) const;

    static QList<ConnectionProfile> loadAll(QSettings &settings);
    static std::optional<ConnectionProfile> load(QSettings &settings, const QString &name);
    // Never writes a password: one typed into a URL is left out (and the file is made 0600).
    static void saveAll(QSettings &settings, const QList<ConnectionProfile> &profiles);

    // The URL without the password it may carry, which goes to *password.
    static QString urlWithoutPassword(const QString &url, QString *password = nullptr);
    // Rewrites profiles an older busmon saved with a password in the URL, without it; their names
    // go to *affected. True when there were any.
    static bool dropStoredPasswords(QSettings &settings, QStringList *affected = nullptr);
};

} // namespace busmon
