#include "profiles/connectionprofile.h"

#include "profiles/settingsfile.h"

#include <QSettings>
#include <QUrl>

namespace busmon {

std::optional<ConnectionSettings> ConnectionProfile::toSettings(const QString &password, QString *error) const
{
    std::optional<ConnectionSettings> settings = ConnectionSettings::fromUrl(url, error);
    if (!settings)
        return std::nullopt;
    if (!user.isEmpty())
        settings->user = user;
    if (!password.isEmpty())
        settings->password = password;
    settings->caFile = caFile;
    settings->clientCertificateFile = clientCertificateFile;
    settings->clientKeyFile = clientKeyFile;
    settings->insecure = insecure;
    settings->healthCheckMs = healthCheckMs;
    return settings;
}

QString ConnectionProfile::urlWithoutPassword(const QString &url, QString *password)
{
    QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.password().isEmpty())
        return url;
    if (password)
        *password = parsed.password(QUrl::FullyDecoded);
    parsed.setPassword(QString());
    if (parsed.userName().isEmpty())
        parsed.setUserInfo(QString());
    return parsed.toString();
}

QList<ConnectionProfile> ConnectionProfile::loadAll(QSettings &settings)
{
    QList<ConnectionProfile> profiles;
    const int count = settings.beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        ConnectionProfile profile;
        profile.name = settings.value(QStringLiteral("name")).toString();
        profile.url = settings.value(QStringLiteral("url"), profile.url).toString();
        profile.user = settings.value(QStringLiteral("user")).toString();
        profile.caFile = settings.value(QStringLiteral("caFile")).toString();
        profile.clientCertificateFile = settings.value(QStringLiteral("clientCertificateFile")).toString();
        profile.clientKeyFile = settings.value(QStringLiteral("clientKeyFile")).toString();
        profile.insecure = settings.value(QStringLiteral("insecure"), false).toBool();
        profile.readOnly = settings.value(QStringLiteral("readOnly"), true).toBool();
        profile.healthCheckMs =
            qBound(ConnectionSettings::minHealthCheckMs,
                   settings.value(QStringLiteral("healthCheckMs"), profile.healthCheckMs).toInt(),
                   ConnectionSettings::maxHealthCheckMs);
        if (!profile.name.isEmpty())
            profiles.append(profile);
    }
    settings.endArray();
    return profiles;
}

std::optional<ConnectionProfile> ConnectionProfile::load(QSettings &settings, const QString &name)
{
    for (const ConnectionProfile &profile : loadAll(settings)) {
        if (profile.name == name)
            return profile;
    }
    return std::nullopt;
}

void ConnectionProfile::saveAll(QSettings &settings, const QList<ConnectionProfile> &profiles)
{
    settings.remove(QStringLiteral("profiles"));
    settings.beginWriteArray(QStringLiteral("profiles"), static_cast<int>(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile &profile = profiles.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), profile.name);
        settings.setValue(QStringLiteral("url"), urlWithoutPassword(profile.url));
        settings.setValue(QStringLiteral("user"), profile.user);
        settings.setValue(QStringLiteral("caFile"), profile.caFile);
        settings.setValue(QStringLiteral("clientCertificateFile"), profile.clientCertificateFile);
        settings.setValue(QStringLiteral("clientKeyFile"), profile.clientKeyFile);
        settings.setValue(QStringLiteral("insecure"), profile.insecure);
        settings.setValue(QStringLiteral("readOnly"), profile.readOnly);
        settings.setValue(QStringLiteral("healthCheckMs"), profile.healthCheckMs);
    }
    settings.endArray();
    SettingsFile::restrictToOwner(settings);
}

bool ConnectionProfile::dropStoredPasswords(QSettings &settings, QStringList *affected)
{
    QList<ConnectionProfile> profiles = loadAll(settings);
    bool dropped = false;
    for (ConnectionProfile &profile : profiles) {
        const QString cleaned = urlWithoutPassword(profile.url);
        if (cleaned == profile.url)
            continue;
        profile.url = cleaned;
        dropped = true;
        if (affected)
            affected->append(profile.name);
    }
    if (dropped)
        saveAll(settings, profiles);
    return dropped;
}

} // namespace busmon
