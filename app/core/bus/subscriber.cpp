#include "bus/subscriber.h"

#include "bus/buslog.h"
#include "bus/busmetatypes.h"
#include "bus/bussocket.h"
#include "bus/respcommand.h"
#include "bus/serverrefusal.h"

#include <QAbstractSocket>
#include <QDateTime>
#include <QSslSocket>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace busmon {

namespace {
constexpr qsizetype readChunk = 256 * 1024;
[[maybe_unused]] constexpr int precedenceNice = -10;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

Subscriber::Subscriber(const ConnectionSettings &settings, const Subscription &subscription,
                       const FeedOptions &options, std::shared_ptr<FlowCounters> counters, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_subscription(subscription.isEmpty() ? Subscription::defaultSet() : subscription)
    , m_options(options)
    , m_counters(std::move(counters))
    , m_reader(options.limits)
    , m_flushTimer(this)
    , m_retryTimer(this)
    , m_watchdog(this)
    , m_nextRetryMs(options.firstRetryMs)
{
    registerBusMetaTypes();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    m_retryTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &Subscriber::flush);
    connect(&m_retryTimer, &QTimer::timeout, this, &Subscriber::connectNow);
    connect(&m_watchdog, &QTimer::timeout, this, &Subscriber::onWatchdog);
}

Subscriber::~Subscriber()
{
    closeSocket();
}

void Subscriber::start()
{
    if (m_state != ConnectionState::Disconnected && m_state != ConnectionState::Failed)
        return;
    takePrecedence();
    m_nextRetryMs = m_options.firstRetryMs;
    connectNow();
}

void Subscriber::takePrecedence()
{
#ifdef Q_OS_LINUX
    // In a burst on a small machine, redis-server, the publisher and the window all want the CPU;
    // if this thread falls behind, Redis drops us at 32 MB of output buffer, while a backlog behind
    // this thread only costs memory. On Linux a nice value applies to one thread; lowering it needs
    // CAP_SYS_NICE (root, as in CI) and otherwise fails and changes nothing.
    if (getpriority(PRIO_PROCESS, id_t(gettid())) > precedenceNice &&
        setpriority(PRIO_PROCESS, id_t(gettid()), precedenceNice) != 0)
        qCDebug(lcBus) << "the socket thread keeps its priority:" << std::strerror(errno);
#endif
}

void Subscriber::stop()
{
    flush();
    closeSocket();
    m_retryTimer.stop();
    m_watchdog.stop();
    m_flushTimer.stop();
    setStatus(ConnectionState::Disconnected);
}

void Subscriber::setStatus(ConnectionState state, const QString &detail, int retryInMs,
                           bool credentialsRefused)
{
    m_state = state;
    emit statusChanged(ConnectionStatus{state, detail, retryInMs, credentialsRefused});
}

void Subscriber::connectNow()
{
    closeSocket();
    m_reader.reset();
    QString error;
    m_socket = BusSocket::create(m_settings, this, &error);
    if (!m_socket) {
        failFinally(error);
        return;
    }
    setStatus(ConnectionState::Connecting, m_settings.displayUrl());
    if (auto *sslSocket = qobject_cast<QSslSocket *>(m_socket))
        connect(sslSocket, &QSslSocket::encrypted, this, &Subscriber::onReady);
    else
        connect(m_socket, &QAbstractSocket::connected, this, &Subscriber::onReady);
    connect(m_socket, &QAbstractSocket::readyRead, this, &Subscriber::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Subscriber::onSocketError);
    m_sinceActivity.restart();
    m_watchdog.start(m_options.pingIntervalMs);
    qCDebug(lcBus) << "connecting to" << m_settings.displayUrl();
    BusSocket::open(m_socket, m_settings);
}

void Subscriber::onReady()
{
    qCDebug(lcBus) << "connected to" << m_settings.displayUrl();
    m_sinceActivity.restart();
    QByteArray commands = BusSocket::authCommand(m_settings);
    if (!m_subscription.channels.isEmpty())
        RespCommand::appendList(commands, "SUBSCRIBE", m_subscription.channels);
    if (!m_subscription.patterns.isEmpty())
        RespCommand::appendList(commands, "PSUBSCRIBE", m_subscription.patterns);
    // Redis confirms each argument of SUBSCRIBE and PSUBSCRIBE with its own reply.
    m_confirmationsLeft = int(m_subscription.channels.size() + m_subscription.patterns.size());
    m_socket->write(commands);
}

void Subscriber::onReadyRead()
{
    if (m_readBuffer.size() != readChunk)
        m_readBuffer.resize(readChunk);
    for (;;) {
        QAbstractSocket *socket = m_socket; // handling a reply may close it
        if (!socket)
            return;
        const qint64 got = socket->read(m_readBuffer.data(), readChunk);
        if (got <= 0)
            break;
        m_sinceActivity.restart();
        const qint64 receivedMs = nowMs();
        const bool framed =
            m_reader.feed(QByteArrayView(m_readBuffer.constData(), got), [&](RespValue &reply) {
                if (m_socket == socket) // a reply may have closed the connection: ignore the rest
                    handleReply(reply, receivedMs);
            });
        if (!framed && m_socket == socket) {
            qCWarning(lcBus) << "dropping the connection:" << m_reader.errorString();
            retryLater(m_reader.errorString());
            return;
        }
    }
}

void Subscriber::handleReply(RespValue &reply, qint64 receivedMs)
{
    if (reply.isArray()) {
        const QByteArrayView head = reply.head();
        std::vector<RespValue> &parts = reply.elements;
        if (head == "message" && parts.size() == 3) {
            addEvent(parts[1].text, QByteArray(), parts[2].text, receivedMs);
        } else if (head == "pmessage" && parts.size() == 4) {
            addEvent(parts[2].text, parts[1].text, parts[3].text, receivedMs);
        } else if (head == "subscribe" || head == "psubscribe") {
            if (--m_confirmationsLeft == 0)
                onSubscribed();
        } else if (head != "pong") {
            qCDebug(lcBus) << "ignoring an unexpected reply starting with" << head;
        }
        return;
    }
    if (reply.isError()) {
        const ServerRefusal refusal = ServerRefusal::fromReply(reply.text);
        qCWarning(lcBus) << "the server refused:" << reply.text;
        if (refusal.final)
            failFinally(refusal.detail, refusal.credentialsRefused);
        else
            retryLater(refusal.detail);
    }
    // +OK for AUTH and +PONG need nothing: any byte already proved the link alive.
}

void Subscriber::addEvent(const QByteArray &channel, const QByteArray &pattern, const QByteArray &payload,
                          qint64 receivedMs)
{
    m_counters->received.fetch_add(1, std::memory_order_relaxed);
    if (m_batch.isEmpty()) {
        // Sized like the last batch: in a burst that is a full one, so the buffer never grows.
        // Not beyond a few MiB: after one huge payload, small messages should not reserve as much.
        constexpr qsizetype maxReserve = 4 * 1024 * 1024;
        m_batch.reserve(m_options.maxBatchSize, qMin(m_lastBatchPayloadBytes, maxReserve));
        m_flushTimer.start(m_options.flushIntervalMs);
    }
    m_batch.append(receivedMs, channel, pattern, payload);
    if (m_batch.size() >= m_options.maxBatchSize)
        flush();
}

void Subscriber::flush()
{
    m_flushTimer.stop();
    if (m_batch.isEmpty())
        return;
    const qsizetype count = m_batch.size();
    m_lastBatchPayloadBytes = m_batch.payloadBytes();
    // When the consumer is too far behind, the bound is here, in our memory, not in Redis's buffer.
    // What fits under it goes on and only the rest is dropped: batches end by size or by the flush
    // timer, so their sizes vary with timing, and the bound must not.
    const qsizetype kept = m_batch.countWithin(
        m_options.maxInFlight - m_counters->inFlight.load(std::memory_order_relaxed),
        m_options.maxInFlightBytes - m_counters->inFlightBytes.load(std::memory_order_relaxed));
    if (kept < count) {
        const quint64 dropped = quint64(count - kept);
        const quint64 total = m_counters->dropped.fetch_add(dropped) + dropped;
        m_batch.truncate(kept);
        emit droppedChanged(total);
    }
    if (kept > 0) {
        m_batch.setFirstSequence(m_sequence + 1);
        m_sequence += quint64(kept);
        m_counters->inFlight.fetch_add(kept);
        m_counters->inFlightBytes.fetch_add(m_batch.weight());
        emit eventsReady(m_batch);
    }
    m_batch = RawEventBatch();
}

void Subscriber::onSubscribed()
{
    qCInfo(lcBus) << "subscribed on" << m_settings.displayUrl();
    m_nextRetryMs = m_options.firstRetryMs;
    m_everSubscribed = true;
    setStatus(ConnectionState::Subscribed, m_settings.displayUrl());
    if (m_outageOpen) {
        m_outageOpen = false;
        m_outage.endedMs = nowMs();
        emit outageEnded(m_outage);
    }
}

void Subscriber::onSocketError()
{
    if (!m_socket)
        return;
    bool final = false;
    const QString reason = BusSocket::describeError(m_socket, m_settings, &final);
    qCWarning(lcBus) << "connection to" << m_settings.displayUrl() << "lost or refused:" << reason;
    if (final)
        failFinally(reason);
    else
        retryLater(reason);
}

void Subscriber::onWatchdog()
{
    if (!m_socket)
        return;
    const qint64 silentMs = m_sinceActivity.elapsed();
    if (silentMs >= 2 * qint64(m_options.pingIntervalMs)) {
        const QString reason = QStringLiteral("no answer from the server for %1 ms").arg(silentMs);
        qCWarning(lcBus) << "dropping a silent connection:" << reason;
        retryLater(reason);
        return;
    }
    if (m_state == ConnectionState::Subscribed)
        m_socket->write(QByteArrayLiteral("*1\r\n$4\r\nPING\r\n"));
}

void Subscriber::retryLater(const QString &reason)
{
    flush();
    closeSocket();
    m_watchdog.stop();
    if (m_everSubscribed && !m_outageOpen) {
        m_outageOpen = true;
        m_outage = Outage{nowMs(), 0, reason};
        emit outageBegan(m_outage);
    }
    const int delay = m_nextRetryMs;
    m_nextRetryMs = qMin(m_nextRetryMs * 2, m_options.maxRetryMs);
    setStatus(ConnectionState::Reconnecting, reason, delay);
    m_retryTimer.start(delay);
}

void Subscriber::failFinally(const QString &detail, bool credentialsRefused)
{
    flush();
    closeSocket();
    m_watchdog.stop();
    m_retryTimer.stop();
    qCWarning(lcBus) << "giving up on" << m_settings.displayUrl() << ":" << detail;
    setStatus(ConnectionState::Failed, detail, 0, credentialsRefused);
}

void Subscriber::closeSocket()
{
    BusSocket::dispose(m_socket, this);
}

} // namespace busmon
