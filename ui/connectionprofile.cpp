#include "connectionprofile.h"

#include <QSettings>

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
    return settings;
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
        settings.setValue(QStringLiteral("url"), profile.url);
        settings.setValue(QStringLiteral("user"), profile.user);
        settings.setValue(QStringLiteral("caFile"), profile.caFile);
        settings.setValue(QStringLiteral("clientCertificateFile"), profile.clientCertificateFile);
        settings.setValue(QStringLiteral("clientKeyFile"), profile.clientKeyFile);
        settings.setValue(QStringLiteral("insecure"), profile.insecure);
        settings.setValue(QStringLiteral("readOnly"), profile.readOnly);
    }
    settings.endArray();
}

} // namespace busmon
