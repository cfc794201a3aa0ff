#include "bus/publisher.h"

#include "bus/buslog.h"
#include "bus/bussocket.h"
#include "bus/respcommand.h"
#include "bus/serverrefusal.h"

#include <QAbstractSocket>
#include <QSslSocket>

namespace busmon {

namespace {
constexpr qsizetype readChunk = 64 * 1024;
// Beyond this much unsent data a write goes out at once instead of at the end of the pass.
constexpr qsizetype eagerWriteSize = 256 * 1024;
} // namespace

Publisher::Publisher(const ConnectionSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{}

Publisher::~Publisher()
{
    closeSocket();
}

qint64 Publisher::pendingCount() const
{
    return qint64(m_awaiting.size());
}

void Publisher::connectToServer()
{
    if (m_socket)
        return;
    m_reader.reset();
    QString error;
    m_socket = BusSocket::create(m_settings, this, &error);
    if (!m_socket) {
        failAll(error);
        return;
    }
    if (auto *sslSocket = qobject_cast<QSslSocket *>(m_socket))
        connect(sslSocket, &QSslSocket::encrypted, this, &Publisher::onReady);
    else
        connect(m_socket, &QAbstractSocket::connected, this, &Publisher::onReady);
    connect(m_socket, &QAbstractSocket::readyRead, this, &Publisher::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Publisher::onSocketError);
    BusSocket::open(m_socket, m_settings);
}

void Publisher::publish(const QByteArray &channel, const QByteArray &payload)
{
    RespCommand::append(m_unsent, {"PUBLISH", channel, payload});
    m_awaiting.push_back(channel);
    if (!m_socket)
        connectToServer();
    else if (m_ready)
        scheduleWrite();
}

void Publisher::scheduleWrite()
{
    if (m_unsent.size() >= eagerWriteSize) {
        writePending();
        return;
    }
    if (m_writeScheduled)
        return;
    m_writeScheduled = true;
    QMetaObject::invokeMethod(this, &Publisher::writePending, Qt::QueuedConnection);
}

void Publisher::writePending()
{
    m_writeScheduled = false;
    if (!m_socket || !m_ready || m_unsent.isEmpty())
        return;
    m_socket->write(m_unsent);
    m_unsent.clear();
}

void Publisher::onReady()
{
    const QByteArray auth = BusSocket::authCommand(m_settings);
    m_awaitingAuth = !auth.isEmpty();
    if (m_awaitingAuth)
        m_socket->write(auth);
    m_ready = true;
    writePending();
    if (!m_awaitingAuth)
        emit connected();
}

void Publisher::onReadyRead()
{
    if (m_readBuffer.size() != readChunk)
        m_readBuffer.resize(readChunk);
    while (m_socket) {
        const qint64 got = m_socket->read(m_readBuffer.data(), readChunk);
        if (got <= 0)
            break;
        QAbstractSocket *socket = m_socket;
        const bool framed =
            m_reader.feed(QByteArrayView(m_readBuffer.constData(), got), [&](const RespValue &reply) {
                if (m_socket == socket) // a reply may have closed the connection: ignore the rest
                    handleReply(reply);
            });
        if (!framed && m_socket == socket) {
            failAll(m_reader.errorString());
            return;
        }
    }
}

void Publisher::handleReply(const RespValue &reply)
{
    if (m_awaitingAuth) {
        m_awaitingAuth = false;
        if (reply.isError()) {
            failAll(ServerRefusal::fromReply(reply.text).detail);
            return;
        }
        emit connected();
        return;
    }
    if (m_awaiting.empty()) {
        qCWarning(lcBus) << "publisher: a reply for no command";
        return;
    }
    const QByteArray channel = std::move(m_awaiting.front());
    m_awaiting.pop_front();
    if (reply.isError()) {
        emit failed(QStringLiteral("publishing to '%1' failed: %2")
                        .arg(QString::fromUtf8(channel), ServerRefusal::fromReply(reply.text).detail));
    } else {
        emit published(channel, reply.integer);
    }
    if (m_awaiting.empty())
        emit drained();
}

void Publisher::onSocketError()
{
    if (!m_socket)
        return;
    bool final = false;
    const QString reason = BusSocket::describeError(m_socket, m_settings, &final);
    if (m_awaiting.empty() && m_ready && !m_awaitingAuth) {
        // An idle connection went away (server timeout, restart): nothing was lost, and the
        // next publish() connects again.
        qCDebug(lcBus) << "publisher: idle connection closed:" << reason;
        closeSocket();
        return;
    }
    failAll(QStringLiteral("%1: %2").arg(m_settings.displayUrl(), reason));
}

void Publisher::failAll(const QString &reason)
{
    qCWarning(lcBus) << "publisher:" << reason;
    const bool hadPending = !m_awaiting.empty();
    closeSocket();
    m_awaiting.clear();
    m_unsent.clear();
    emit failed(reason);
    if (hadPending)
        emit drained();
}

void Publisher::closeSocket()
{
    m_ready = false;
    m_awaitingAuth = false;
    BusSocket::dispose(m_socket, this);
}

} // namespace busmon
