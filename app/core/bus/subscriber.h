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

private:
    void takePrecedence(); // on the subscriber's thread
    void connectNow();
    void onReady();
    void onReadyRead();
    void onSocketError();
    void onWatchdog();
    void handleReply(RespValue &reply, qint64 receivedMs);
    void addEvent(const QByteArray &channel, const QByteArray &pattern, const QByteArray &payload,
                  qint64 receivedMs);
    void onSubscribed();
    void flush();
    void retryLater(const QString &reason);
    void failFinally(const QString &detail, bool credentialsRefused = false);
    void closeSocket();
    void setStatus(ConnectionState state, const QString &detail = {}, int retryInMs = 0,
                   bool credentialsRefused = false);

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
    int m_confirmationsLeft = 0;

    QTimer m_flushTimer;
    QTimer m_retryTimer;
    QTimer m_watchdog;
    QElapsedTimer m_sinceActivity;
    int m_nextRetryMs = 0;
    ConnectionState m_state = ConnectionState::Disconnected;
    bool m_everSubscribed = false;
    bool m_outageOpen = false;
    Outage m_outage;
};

} // namespace busmon
