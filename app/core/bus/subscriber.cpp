#include "bus/subscriber.h"

#include "bus/buslog.h"
#include "bus/busmetatypes.h"
#include "bus/bussocket.h"
#include "bus/respcommand.h"
#include "bus/serverrefusal.h"

#include <QAbstractSocket>
#include <QDateTime>
#include <QSslSocket>
#include <QThread>
#include <algorithm>
#include <utility>

#ifdef Q_OS_UNIX
#include <poll.h>
#endif
#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace busmon {

namespace {
constexpr qsizetype readChunk = 256 * 1024;
// In a burst the thread woke for every few kilobytes that arrived, 14,000 times for a million messages,
// and on this kind of machine (a VM) a wakeup costs about what the reading does. After a read that
// found this much waiting (a burst: hundreds of messages since the last one), it waits a moment
// before it looks again, so that the next read takes a larger gulp. tail-threads.sh, 4 rounds in
// turns: the thread's CPU on a 1M burst 942-1,110 ms without the pause, 528-691 ms with it. A quiet
// bus never waits; in a burst a message waits 1 ms more at most, while about 250 KB gathers in the
// kernel's socket buffers, far below Redis's output buffer limits.
constexpr qint64 burstReadBytes = 128 * 1024;
constexpr unsigned long burstPauseUs = 1000;
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
    , m_healthTimer(this)
    , m_handshakeTimer(this)
    , m_nextRetryMs(options.firstRetryMs)
{
    registerBusMetaTypes();
    m_settings.healthCheckMs = qBound(ConnectionSettings::minHealthCheckMs, m_settings.healthCheckMs,
                                      ConnectionSettings::maxHealthCheckMs);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    m_retryTimer.setSingleShot(true);
    m_healthTimer.setSingleShot(true);
    m_healthTimer.setTimerType(Qt::PreciseTimer);
    m_handshakeTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &Subscriber::flush);
    connect(&m_retryTimer, &QTimer::timeout, this, &Subscriber::connectNow);
    connect(&m_healthTimer, &QTimer::timeout, this, &Subscriber::onHealthCheck);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &Subscriber::onHandshakeTimeout);
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
    m_flushTimer.stop();
    setStatus(ConnectionState::Disconnected);
}

void Subscriber::report(const ConnectionStatus &status)
{
    m_state = status.state;
    emit statusChanged(status);
}

void Subscriber::setStatus(ConnectionState state, const QString &detail, int retryInMs)
{
    report(ConnectionStatus{state, detail, retryInMs});
}

void Subscriber::connectNow()
{
    closeSocket();
    m_reader.reset();
    m_pending.clear();
    m_refused.clear();
    QString error;
    m_socket = BusSocket::create(m_settings, this, &error);
    if (!m_socket) {
        failFinally(error);
        return;
    }
    ConnectionStatus connecting{ConnectionState::Connecting, m_settings.displayUrl()};
    connecting.lostSinceMs = m_outageOpen ? m_outage.beganMs : 0;
    report(connecting);
    if (auto *sslSocket = qobject_cast<QSslSocket *>(m_socket)) {
        connect(sslSocket, &QSslSocket::connected, this, &Subscriber::onTcpConnected);
        connect(sslSocket, &QSslSocket::encrypted, this, &Subscriber::onReady);
    } else {
        connect(m_socket, &QAbstractSocket::connected, this, &Subscriber::onReady);
    }
    connect(m_socket, &QAbstractSocket::readyRead, this, &Subscriber::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Subscriber::onSocketError);
    // The whole way to a subscription (connection, TLS, AUTH, SUBSCRIBE) gets one health check
    // interval before the server counts as silent.
    m_sinceHeard.restart();
    m_pingUnanswered = false;
    onHealthCheck();
    qCDebug(lcBus) << "connecting to" << m_settings.displayUrl();
    BusSocket::open(m_socket, m_settings);
}

void Subscriber::onTcpConnected()
{
    m_handshakeTimer.start(m_options.tlsHandshakeTimeoutMs);
}

void Subscriber::onHandshakeTimeout()
{
    if (!m_socket)
        return;
    // A TLS server answers the hello within a round trip; a plain Redis port reads it as the start
    // of an inline command and waits for the rest, so the handshake would hang for good.
    const QString reason =
        QStringLiteral("TLS handshake with %1:%2 failed: no answer to the TLS hello within %3 s "
                       "(is it a plain redis:// port?)")
            .arg(m_settings.host)
            .arg(m_settings.port)
            .arg(m_options.tlsHandshakeTimeoutMs / 1000.0, 0, 'f', 1);
    qCWarning(lcBus) << reason;
    retryLater(reason);
}

void Subscriber::onReady()
{
    qCDebug(lcBus) << "connected to" << m_settings.displayUrl();
    m_handshakeTimer.stop();
    QByteArray commands = BusSocket::authCommand(m_settings);
    if (!commands.isEmpty())
        m_pending.push_back({PendingReply::Kind::Auth, {}});
    // One command per channel and per pattern: Redis's ACL refuses a whole command when one of its
    // arguments is not allowed, and this way each refusal names its own subscription.
    for (const QByteArray &channel : std::as_const(m_subscription.channels)) {
        RespCommand::append(commands, {"SUBSCRIBE", channel});
        m_pending.push_back({PendingReply::Kind::Channel, channel});
    }
    for (const QByteArray &pattern : std::as_const(m_subscription.patterns)) {
        RespCommand::append(commands, {"PSUBSCRIBE", pattern});
        m_pending.push_back({PendingReply::Kind::Pattern, pattern});
    }
    m_subscriptionsLeft = int(m_subscription.channels.size() + m_subscription.patterns.size());
    m_socket->write(commands);
}

void Subscriber::onReadyRead()
{
    if (m_readBuffer.size() != readChunk)
        m_readBuffer.resize(readChunk);
    qint64 drained = 0;
    for (;;) {
        QAbstractSocket *socket = m_socket; // handling a reply may close it
        if (!socket)
            return;
        const qint64 got = socket->read(m_readBuffer.data(), readChunk);
        if (got <= 0)
            break;
        drained += got;
        const qint64 receivedMs = nowMs();
        // Any byte is a sign of life: the outage of a link that goes silent begins here.
        m_sinceHeard.restart();
        m_lastHeardMs = receivedMs;
        m_pingUnanswered = false;
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
    if (drained >= burstReadBytes)
        QThread::usleep(burstPauseUs);
}

Subscriber::PendingReply Subscriber::takePending()
{
    if (m_pending.empty())
        return {PendingReply::Kind::Unasked, {}};
    PendingReply next = std::move(m_pending.front());
    m_pending.pop_front();
    return next;
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
            takePending();
            onSubscriptionSettled();
        } else if (head == "pong") {
            takePending();
            onPingAnswered();
        } else {
            qCDebug(lcBus) << "ignoring an unexpected reply starting with" << head;
        }
        return;
    }
    if (reply.isError()) {
        handleError(reply.text, receivedMs);
        return;
    }
    // +OK for AUTH needs nothing more.
    takePending();
}

void Subscriber::handleError(const QByteArray &text, qint64 receivedMs)
{
    const PendingReply answered = takePending();
    const bool subscription =
        answered.kind == PendingReply::Kind::Channel || answered.kind == PendingReply::Kind::Pattern;
    // The text after NOPERM changed in Redis 7.2: only the prefix is stable.
    if (subscription && text.startsWith("NOPERM")) {
        const QString said = QString::fromUtf8(text.first(qMin<qsizetype>(text.size(), 300))).simplified();
        m_refused.append({answered.name, answered.kind == PendingReply::Kind::Pattern, said, receivedMs});
        qCWarning(lcBus) << "the server refused" << m_refused.last().describe() << ":" << said;
        onSubscriptionSettled();
        return;
    }
    if (answered.kind == PendingReply::Kind::Ping) {
        // An ACL without +ping refuses our health check; the refusal still proves the link alive.
        if (!std::exchange(m_pingRefusalLogged, true))
            qCWarning(lcBus) << "the server refused PING:" << text;
        onPingAnswered();
        return;
    }
    const ServerRefusal refusal = ServerRefusal::fromReply(text);
    qCWarning(lcBus) << "the server refused:" << text;
    if (refusal.final)
        failFinally(refusal.detail, refusal.credentialsRefused);
    else
        retryLater(refusal.detail);
}

void Subscriber::addEvent(const QByteArray &channel, const QByteArray &pattern, const QByteArray &payload,
                          qint64 receivedMs)
{
    m_counters->received.fetch_add(1, std::memory_order_relaxed);
    // The bound on messages is judged as each arrives, not when its batch is handed over: a batch
    // still waiting for the flush timer must not find room that the consumer made meanwhile, ahead
    // of the messages that arrived before it. While the consumer is behind, what arrives is dropped.
    if (m_counters->inFlight.load(std::memory_order_relaxed) + m_batch.size() >= inFlightLimit()) {
        m_counters->dropped.fetch_add(1, std::memory_order_relaxed);
        m_dropsToReport = true;
        if (!m_flushTimer.isActive())
            m_flushTimer.start(m_options.flushIntervalMs);
        return;
    }
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

qint64 Subscriber::inFlightLimit() const
{
    return std::min(m_options.maxInFlight, m_counters->backlogLimit.load(std::memory_order_relaxed));
}

void Subscriber::flush()
{
    m_flushTimer.stop();
    if (!m_batch.isEmpty())
        handOver();
    if (std::exchange(m_dropsToReport, false))
        emit droppedChanged(m_counters->dropped.load());
}

void Subscriber::handOver()
{
    const qsizetype count = m_batch.size();
    m_lastBatchPayloadBytes = m_batch.payloadBytes();
    // When the consumer is too far behind, the bound is here, in our memory, not in Redis's buffer.
    // What fits under it goes on and only the rest is dropped: batches end by size or by the flush
    // timer, so their sizes vary with timing, and the bound must not.
    const qsizetype kept = m_batch.countWithin(
        inFlightLimit() - m_counters->inFlight.load(std::memory_order_relaxed),
        m_options.maxInFlightBytes - m_counters->inFlightBytes.load(std::memory_order_relaxed));
    if (kept < count) {
        m_counters->dropped.fetch_add(quint64(count - kept));
        m_batch.truncate(kept);
        m_dropsToReport = true;
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

void Subscriber::onSubscriptionSettled()
{
    if (--m_subscriptionsLeft > 0)
        return;
    if (m_refused.size() == m_subscription.channels.size() + m_subscription.patterns.size()) {
        QStringList names;
        for (const SubscriptionRefusal &refusal : std::as_const(m_refused))
            names.append(refusal.describe());
        failFinally(QStringLiteral("refused by the server's ACL: %1 (server: %2)")
                        .arg(names.join(QLatin1String(", ")), m_refused.constFirst().reason));
        return;
    }
    onSubscribed();
}

void Subscriber::onSubscribed()
{
    qCInfo(lcBus) << "subscribed on" << m_settings.displayUrl();
    m_nextRetryMs = m_options.firstRetryMs;
    m_everSubscribed = true;
    for (const SubscriptionRefusal &refusal : std::as_const(m_refused)) {
        const bool reported =
            std::any_of(m_reportedRefusals.cbegin(), m_reportedRefusals.cend(), [&](const auto &earlier) {
                return earlier.isPattern == refusal.isPattern && earlier.name == refusal.name;
            });
        if (!reported) {
            m_reportedRefusals.append(refusal);
            emit subscriptionRefused(refusal);
        }
    }
    ConnectionStatus status{ConnectionState::Subscribed, m_settings.displayUrl()};
    status.refused = m_refused;
    report(status);
    if (m_outageOpen) {
        m_outageOpen = false;
        m_outage.endedMs = nowMs();
        emit outageEnded(m_outage);
    }
    onHealthCheck();
}

void Subscriber::onSocketError()
{
    if (!m_socket)
        return;
    bool final = false;
    const QString reason = BusSocket::describeError(m_socket, m_settings, &final);
    qCWarning(lcBus) << "connection to" << m_settings.displayUrl() << "lost or refused:" << reason;
    if (final) {
        failFinally(reason);
        return;
    }
    // A connection closed while the server answered is lost now; one closed while it owed us a
    // PONG was lost when it went silent.
    retryLater(reason, m_pingUnanswered ? m_lastHeardMs : 0);
}

void Subscriber::onHealthCheck()
{
    if (!m_socket)
        return;
    const qint64 limit = m_settings.healthCheckMs;
    const qint64 pingAfter = pingAfterMs();
    const qint64 silentMs = m_sinceHeard.elapsed();
    if (silentMs >= limit && hasUnreadBytes()) {
        // This thread was kept off the CPU while the server spoke: read that first.
        m_healthTimer.start(10);
        return;
    }
    if (silentMs >= limit) {
        const QString reason =
            QStringLiteral("no answer from the server for %1 s").arg(silentMs / 1000.0, 0, 'f', 1);
        qCWarning(lcBus) << "dropping a silent connection:" << reason;
        retryLater(reason, m_lastHeardMs);
        return;
    }
    const bool subscribed = m_state == ConnectionState::Subscribed;
    if (subscribed && silentMs >= pingAfter && !m_pingUnanswered) {
        // Subscribed, RESP2 answers PING with a ["pong", ""] array.
        m_socket->write(QByteArrayLiteral("*1\r\n$4\r\nPING\r\n"));
        m_pending.push_back({PendingReply::Kind::Ping, {}});
        m_pingUnanswered = true;
    }
    const qint64 nextMs = subscribed && silentMs < pingAfter ? pingAfter - silentMs : limit - silentMs;
    m_healthTimer.start(int(qMax<qint64>(nextMs, 1)));
}

int Subscriber::pingAfterMs() const
{
    // Quiet for a tenth of the limit: PING. A live server answers long before the limit, and on a
    // quiet bus the last PONG dates the start of an outage to within that tenth.
    return m_settings.healthCheckMs / 10;
}

void Subscriber::onPingAnswered()
{
    // The next PING a tenth of the limit from now, not when the check set for the deadline comes.
    m_healthTimer.start(pingAfterMs());
}

bool Subscriber::hasUnreadBytes() const
{
    if (m_socket->bytesAvailable() > 0)
        return true;
#ifdef Q_OS_UNIX
    // Not QAbstractSocket::waitForReadyRead(0): it reports its timeout as a socket error.
    pollfd descriptor{int(m_socket->socketDescriptor()), POLLIN, 0};
    return descriptor.fd >= 0 && ::poll(&descriptor, 1, 0) > 0 && (descriptor.revents & POLLIN) != 0;
#else
    return false;
#endif
}

void Subscriber::retryLater(const QString &reason, qint64 lastSignOfLifeMs)
{
    flush();
    closeSocket();
    const qint64 now = nowMs();
    if (m_everSubscribed && !m_outageOpen) {
        m_outageOpen = true;
        const qint64 began = lastSignOfLifeMs > 0 ? qMin(lastSignOfLifeMs, now) : now;
        m_outage = Outage{began, 0, reason, now};
        emit outageBegan(m_outage);
    }
    const int delay = m_nextRetryMs;
    m_nextRetryMs = qMin(m_nextRetryMs * 2, m_options.maxRetryMs);
    ConnectionStatus status{ConnectionState::Reconnecting, reason, delay};
    status.lostSinceMs = m_outageOpen ? m_outage.beganMs : 0;
    report(status);
    m_retryTimer.start(delay);
}

void Subscriber::failFinally(const QString &detail, bool credentialsRefused)
{
    flush();
    closeSocket();
    m_retryTimer.stop();
    qCWarning(lcBus) << "giving up on" << m_settings.displayUrl() << ":" << detail;
    report(ConnectionStatus{ConnectionState::Failed, detail, 0, credentialsRefused});
}

void Subscriber::closeSocket()
{
    m_healthTimer.stop();
    m_handshakeTimer.stop();
    BusSocket::dispose(m_socket, this);
}

} // namespace busmon
