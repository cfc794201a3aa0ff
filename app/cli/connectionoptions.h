#pragma once

#include "bus/connectionsettings.h"
#include "session/sessionorigin.h"

#include <QCommandLineOption>
#include <QList>
#include <optional>

class QCommandLineParser;

namespace busmon::cli {

// The options every command that talks to the bus shares: --url and the TLS files, or --profile.
class ConnectionOptions
{
public:
    ConnectionOptions();
    void addTo(QCommandLineParser &parser) const;
    // nullopt after printing a one-line reason on standard error.
    std::optional<ConnectionSettings> settings(const QCommandLineParser &parser) const;
    // The bus with the profile it came from (its name, its read-only flag), when --profile was given.
    std::optional<SessionOrigin> origin(const QCommandLineParser &parser) const;
    // origin() for a command that publishes: nullopt after the reason, with the exit status in
    // *exitCode (2 for a bad option, 1 for a profile that is read-only).
    std::optional<SessionOrigin> publishTarget(const QCommandLineParser &parser, int *exitCode) const;

private:
    QCommandLineOption m_url;
    QCommandLineOption m_caFile;
    QCommandLineOption m_certificate;
    QCommandLineOption m_key;
    QCommandLineOption m_insecure;
    QCommandLineOption m_profile;
};

} // namespace busmon::cli
