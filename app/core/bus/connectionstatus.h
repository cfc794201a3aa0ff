#pragma once

#include <QMetaType>
#include <QString>

namespace busmon {

enum class ConnectionState : quint8 {
    Disconnected, // not started, or stopped
    Connecting,   // first connection under way
    Subscribed,   // connected, authenticated and subscribed: messages flow
    Reconnecting, // lost; the next try is in retryInMs
    Failed,       // final: wrong password, ACL refusal, unknown host, bad TLS peer. No more retries.
};

struct ConnectionStatus
{
    ConnectionState state = ConnectionState::Disconnected;
    QString detail; // one line for the user: why it failed, what the server said
    int retryInMs = 0;
    bool credentialsRefused =
        false; // with Failed: the password was missing or wrong, so asking for it helps // with Reconnecting
};

} // namespace busmon

Q_DECLARE_METATYPE(busmon::ConnectionStatus)
