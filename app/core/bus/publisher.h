#pragma once

#include "bus/connectionsettings.h"
#include "bus/respreader.h"

#include <QByteArray>
#include <QObject>

#include <deque>
#include <vector>

class QAbstractSocket;

namespace busmon {

// Publishes on its own connection (a subscribed connection cannot PUBLISH). publish() queues and
// pipelines; each reply arrives in order as published() with Redis's count of receivers.
// Lives in the caller's thread and never blocks: commands queued in one pass of the event loop
// go out in one write. Callers that produce fast watch pendingCount() (back-pressure) and
// drained() (everything acknowledged).
class Publisher : public QObject
{
    Q_OBJECT
public:
    explicit Publisher(const ConnectionSettings &settings, QObject *parent = nullptr);
    ~Publisher() override;

    void publish(const QByteArray &channel, const QByteArray &payload);
    // Published but not yet acknowledged by the server.
    qint64 pendingCount() const;
    // Connects ahead of the first publish(); publish() connects by itself when needed.
    void connectToServer();
    bool isConnected() const { return m_ready; }

signals:
    void published(const QByteArray &channel, qint64 receivers);
    void failed(const QString &reason); // connection, AUTH or NOPERM problem, one line
    void connected();                   // connected and authenticated
    void drained();                     // pendingCount() dropped to 0

private:
    void onReady();
    void onReadyRead();
    void onSocketError();
    void handleReply(const RespValue &reply);
    void scheduleWrite();
    void writePending();
    void failAll(const QString &reason);
    void closeSocket();

    ConnectionSettings m_settings;
    QAbstractSocket *m_socket = nullptr;
    RespReader m_reader;
    QByteArray m_readBuffer;
    QByteArray m_unsent;               // commands not yet handed to the socket
    std::deque<QByteArray> m_awaiting; // channel of every PUBLISH without a reply yet, in order
    bool m_ready = false;
    bool m_awaitingAuth = false;
    bool m_writeScheduled = false;
};

} // namespace busmon
