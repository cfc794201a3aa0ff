#pragma once

#include "bus/subscriptionrefusal.h"

#include <QList>
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
    // With Failed: the password was missing or wrong, so asking for it helps.
    bool credentialsRefused = false;
    // With Reconnecting and Connecting while an outage lasts: when it began, which is the last sign
    // of life from the server (UTC ms), not when the loss was noticed.
    qint64 lostSinceMs = 0;
    // With Subscribed: what the server's ACL would not let us subscribe to; the rest is monitored.
    QList<SubscriptionRefusal> refused = {};
};

} // namespace busmon

Q_DECLARE_METATYPE(busmon::ConnectionStatus)
