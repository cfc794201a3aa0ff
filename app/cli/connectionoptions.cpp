#include "connectionoptions.h"

#include "clioutput.h"
#include "profilelookup.h"
#include "publish/publishguard.h"

#include <QCommandLineParser>

namespace busmon::cli {

ConnectionOptions::ConnectionOptions()
    : m_url(QStringLiteral("url"),
            QStringLiteral("Bus to connect to: redis://[user[:password]@]host[:port] or rediss:// for TLS. "
                           "The password may come from REDISCLI_AUTH instead."),
            QStringLiteral("url"), QStringLiteral("redis://127.0.0.1:6379"))
    , m_caFile(QStringLiteral("ca-file"),
               QStringLiteral("TLS: CA certificates (PEM) to verify the server with."),
               QStringLiteral("file"))
    , m_certificate(QStringLiteral("cert"), QStringLiteral("TLS: client certificate (PEM) for mutual TLS."),
                    QStringLiteral("file"))
    , m_key(QStringLiteral("key"), QStringLiteral("TLS: the client certificate's private key (PEM)."),
            QStringLiteral("file"))
    , m_insecure(QStringLiteral("insecure"), QStringLiteral("TLS: do not verify the server's certificate."))
    , m_profile(
          QStringLiteral("profile"),
          QStringLiteral("A connection profile saved in the window (File → Connect…), its password from "
                         "the desktop keychain, or asked for. Replaces --url and the TLS options."),
          QStringLiteral("name"))
{}

void ConnectionOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_url, m_caFile, m_certificate, m_key, m_insecure, m_profile});
}

std::optional<SessionOrigin> ConnectionOptions::origin(const QCommandLineParser &parser) const
{
    if (!parser.isSet(m_profile)) {
        const std::optional<ConnectionSettings> bus = settings(parser);
        return bus ? std::optional(SessionOrigin::bus(*bus)) : std::nullopt;
    }
    for (const QCommandLineOption &option : {m_url, m_caFile, m_certificate, m_key, m_insecure}) {
        if (parser.isSet(option)) {
            CliOutput::error(QStringLiteral("--profile and --%1 do not go together: the profile says how to "
                                            "reach the bus")
                                 .arg(option.names().constFirst()));
            return std::nullopt;
        }
    }
    return ProfileLookup::resolve(parser.value(m_profile));
}

std::optional<SessionOrigin> ConnectionOptions::publishTarget(const QCommandLineParser &parser,
                                                              int *exitCode) const
{
    std::optional<SessionOrigin> target = origin(parser);
    *exitCode = 2;
    if (!target)
        return std::nullopt;
    if (const QString refusal = PublishGuard::refusalFor(*target); !refusal.isEmpty()) {
        CliOutput::error(refusal);
        *exitCode = 1;
        return std::nullopt;
    }
    return target;
}

std::optional<ConnectionSettings> ConnectionOptions::settings(const QCommandLineParser &parser) const
{
    if (parser.isSet(m_profile)) {
        const std::optional<SessionOrigin> profile = origin(parser);
        return profile ? std::optional(profile->settings) : std::nullopt;
    }
    QString error;
    std::optional<ConnectionSettings> settings = ConnectionSettings::fromUrl(parser.value(m_url), &error);
    if (!settings) {
        CliOutput::error(QStringLiteral("invalid --url: %1").arg(error));
        return std::nullopt;
    }
    settings->applyEnvironment();
    settings->caFile = parser.value(m_caFile);
    settings->clientCertificateFile = parser.value(m_certificate);
    settings->clientKeyFile = parser.value(m_key);
    settings->insecure = parser.isSet(m_insecure);
    if (settings->clientCertificateFile.isEmpty() != settings->clientKeyFile.isEmpty()) {
        CliOutput::error(QStringLiteral("--cert and --key go together"));
        return std::nullopt;
    }
    return settings;
}

} // namespace busmon::cli
