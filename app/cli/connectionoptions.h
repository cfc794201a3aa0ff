#pragma once

#include "bus/connectionsettings.h"

#include <QCommandLineOption>
#include <QList>
#include <optional>

class QCommandLineParser;

namespace busmon::cli {

// The options every command that talks to the bus shares: --url and the TLS files.
class ConnectionOptions
{
public:
    ConnectionOptions();
    void addTo(QCommandLineParser &parser) const;
    // nullopt after printing a one-line reason on standard error.
    std::optional<ConnectionSettings> settings(const QCommandLineParser &parser) const;

private:
    QCommandLineOption m_url;
    QCommandLineOption m_caFile;
    QCommandLineOption m_certificate;
    QCommandLineOption m_key;
    QCommandLineOption m_insecure;
};

} // namespace busmon::cli
