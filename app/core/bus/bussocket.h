#pragma once

#include "bus/connectionsettings.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QString>

namespace busmon {

// The socket to Redis for a ConnectionSettings: a QTcpSocket, or a QSslSocket for rediss://
// (peer verified unless `insecure`; extra CA; client certificate for mutual TLS).
class BusSocket
{
public:
    // nullptr with a reason in *error when the TLS files cannot be used.
    static QAbstractSocket *create(const ConnectionSettings &settings, QObject *parent, QString *error);
    // Connects (and starts the TLS handshake): the socket is ready at `ready`.
    static void open(QAbstractSocket *socket, const ConnectionSettings &settings);
    // The signal that says the socket is ready for commands: encrypted() for TLS, else connected().
    static bool isTls(const QAbstractSocket *socket);
    // One line naming the cause; *final is true when retrying cannot help (unknown host, bad TLS peer).
    static QString describeError(QAbstractSocket *socket, const ConnectionSettings &settings, bool *final);
    // AUTH [user] password, or nothing when there is no password.
    static QByteArray authCommand(const ConnectionSettings &settings);
    // Takes the socket out of `socket`, cuts it loose from `owner` and deletes it later: it may be
    // in the middle of emitting one of the signals that brought us here.
    static void dispose(QAbstractSocket *&socket, QObject *owner);
};

} // namespace busmon
