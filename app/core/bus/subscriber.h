#pragma once

#include "bus/connectionsettings.h"
#include "bus/connectionstatus.h"
#include "bus/feedoptions.h"
#include "bus/flowcounters.h"
#include "bus/raweventbatch.h"
#include "bus/respreader.h"
#include "bus/subscription.h"
#include "events/busevent.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

class QAbstractSocket;

namespace busmon {

// Reads the bus on its own thread: owns the socket, frames RESP, turns message/pmessage into
// BusEvents (sequence, receive time, channel, pattern, payload) and hands them on in batches.
// It only reads, frames and batches, and never waits for whoever consumes the batches.
// Create it, move it to its thread, then call start() there.
class Subscriber : public QObject
{
    Q_OBJECT
public:
    Subscriber(const ConnectionSettings &settings, const Subscription &subscription,
               const FeedOptions &options, std::shared_ptr<FlowCounters> counters, QObject *parent = nullptr);
    ~Subscriber() override;

    void start();
    void stop(); // flushes what was received, closes, reports Disconnected

signals:
    void eventsReady(const busmon::RawEventBatch &events);
    void statusChanged(const busmon::ConnectionStatus &status);
    void outageBegan(const busmon::Outage &outage);
    void outageEnded(const busmon::Outage &outage);
    void droppedChanged(quint64 total);
    // Once per channel or pattern the server refused while it allowed others.
    void subscriptionRefused(const busmon::SubscriptionRefusal &refusal);

private:
    // What the server's next reply that is not a message answers, in the order the commands went.
    struct PendingReply
    {
        enum class Kind : quint8 { Auth, Channel, Pattern, Ping, Unasked };
        Kind kind;
        QByteArray name; // Channel, Pattern
    };

    void takePrecedence(); // on the subscriber's thread
    void connectNow();
    void onTcpConnected();
    void onReady();
    void onReadyRead();
    void onSocketError();
    void onHealthCheck();
    void onHandshakeTimeout();
    int pingAfterMs() const;
    void onPingAnswered();
    bool hasUnreadBytes() const; // from the server, not yet read by this thread
    void handleReply(RespValue &reply, qint64 receivedMs);
    void handleError(const QByteArray &text, qint64 receivedMs);
    PendingReply takePending();
    void addEvent(const QByteArray &channel, const QByteArray &pattern, const QByteArray &payload,
                  qint64 receivedMs);
    void onSubscriptionSettled();
    void onSubscribed();
    void flush();
    void handOver(); // the batch, within the bounds; what does not fit is dropped
    qint64 inFlightLimit() const;
    // lastSignOfLifeMs: when the server was last known alive, if that was before now.
    void retryLater(const QString &reason, qint64 lastSignOfLifeMs = 0);
    void failFinally(const QString &detail, bool credentialsRefused = false);
    void closeSocket();
    void report(const ConnectionStatus &status);
    void setStatus(ConnectionState state, const QString &detail = {}, int retryInMs = 0);

    ConnectionSettings m_settings;
    Subscription m_subscription;
    FeedOptions m_options;
    std::shared_ptr<FlowCounters> m_counters;

    QAbstractSocket *m_socket = nullptr;
    RespReader m_reader;
    QByteArray m_readBuffer;
    RawEventBatch m_batch;
    qsizetype m_lastBatchPayloadBytes = 0;
    quint64 m_sequence = 0;
    bool m_dropsToReport = false; // dropped since droppedChanged() was last emitted
    std::deque<PendingReply> m_pending;
    int m_subscriptionsLeft = 0;
    QList<SubscriptionRefusal> m_refused;          // on this connection
    QList<SubscriptionRefusal> m_reportedRefusals; // by subscriptionRefused(), this session

    QTimer m_flushTimer;
    QTimer m_retryTimer;
    QTimer m_healthTimer;
    QTimer m_handshakeTimer;
    QElapsedTimer m_sinceHeard; // since the last byte from the server, or the start of this connection
    qint64 m_lastHeardMs = 0;   // UTC of the last byte from the server
    bool m_pingUnanswered = false;
    bool m_pingRefusalLogged = false;
    int m_nextRetryMs = 0;
    ConnectionState m_state = ConnectionState::Disconnected;
    bool m_everSubscribed = false;
    bool m_outageOpen = false;
    Outage m_outage;
};

} // namespace busmon
