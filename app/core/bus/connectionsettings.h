#pragma once

#include <QString>
#include <optional>

namespace busmon {

// Where and how to reach the bus: parsed from `redis://[user[:password]@]host[:port]` or
// `rediss://…` (TLS). The password may instead come from REDISCLI_AUTH, as with redis-cli.
struct ConnectionSettings
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6379;
    bool tls = false;
    QString user;                  // empty: AUTH with password alone (or no AUTH)
    QString password;              // empty: no AUTH
    QString caFile;                // TLS: extra CA certificates (PEM) to verify the server with
    QString clientCertificateFile; // TLS: client certificate (PEM) for mutual TLS
    QString clientKeyFile;         // TLS: its private key (PEM)
    bool insecure = false;         // TLS: do not verify the server's certificate (explicit opt-in)
    // A server silent this long is taken for lost (redis-py's health_check_interval): a quiet
    // subscribed connection is PINGed after a tenth of it, so a live server always answers in time.
    int healthCheckMs = defaultHealthCheckMs;

    static constexpr int defaultHealthCheckMs = 5000;
    static constexpr int minHealthCheckMs = 100;
    static constexpr int maxHealthCheckMs = 3600 * 1000;

    // nullopt with a one-line reason in *error when the URL is not usable.
    static std::optional<ConnectionSettings> fromUrl(const QString &url, QString *error = nullptr);
    // Fills password from REDISCLI_AUTH when the URL carried none.
    void applyEnvironment();
    // The URL without the password, for status bars and logs.
    QString displayUrl() const;
};

} // namespace busmon
