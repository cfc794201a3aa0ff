#pragma once

#include "bus/connectionsettings.h"
#include "bus/respreader.h"

#include <QByteArrayView>
#include <QObject>
#include <QTimer>

class QAbstractSocket;

namespace busmon {

struct RespValue;

// Asks a Redis server which version it runs (`INFO server`, field redis_version) over a short-lived
// connection of its own, so the bus feed is never disturbed, and closes it. Exactly one of
// answered() and failed() follows start(); a server that does not answer in time is a failure.
class ServerVersionQuery : public QObject
{
    Q_OBJECT
public:
    explicit ServerVersionQuery(const ConnectionSettings &settings, QObject *parent = nullptr);
    ~ServerVersionQuery() override;

    void start(int timeoutMs = 5000);

    // The redis_version field of an INFO reply; empty when there is none.
    static QString versionFromInfo(QByteArrayView info);

signals:
    void answered(const QString &version);
    void failed(const QString &reason); // one line: refused, unreachable, no answer…

private:
    void onReady();
    void onReadyRead();
    void onSocketError();
    void handleReply(const RespValue &reply);
    void finish(const QString &version, const QString &reason);

    ConnectionSettings m_settings;
    QAbstractSocket *m_socket = nullptr;
    RespReader m_reader;
    QTimer m_deadline;
    int m_timeoutMs = 0;
    bool m_awaitingAuth = false;
    bool m_finished = false;
};

} // namespace busmon
