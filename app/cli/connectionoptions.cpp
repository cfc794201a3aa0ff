#include "connectionoptions.h"

#include "clioutput.h"

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
{}

void ConnectionOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_url, m_caFile, m_certificate, m_key, m_insecure});
}

std::optional<ConnectionSettings> ConnectionOptions::settings(const QCommandLineParser &parser) const
{
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
