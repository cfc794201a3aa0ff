#include "bus/serverversionquery.h"

#include "bus/bussocket.h"
#include "bus/respcommand.h"
#include "bus/serverrefusal.h"

#include <QAbstractSocket>
#include <QSslSocket>

namespace busmon {

ServerVersionQuery::ServerVersionQuery(const ConnectionSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        finish({}, tr("%1 did not answer within %2 s")
                       .arg(m_settings.displayUrl(), QString::number(m_timeoutMs / 1000.0)));
    });
}

ServerVersionQuery::~ServerVersionQuery()
{
    BusSocket::dispose(m_socket, this);
}

void ServerVersionQuery::start(int timeoutMs)
{
    QString error;
    m_socket = BusSocket::create(m_settings, this, &error);
    if (!m_socket) {
        // Reported from the event loop, as every other outcome is: callers connect after start().
        QMetaObject::invokeMethod(
            this, [this, error] { finish({}, error); }, Qt::QueuedConnection);
        return;
    }
    if (auto *sslSocket = qobject_cast<QSslSocket *>(m_socket))
        connect(sslSocket, &QSslSocket::encrypted, this, &ServerVersionQuery::onReady);
    else
        connect(m_socket, &QAbstractSocket::connected, this, &ServerVersionQuery::onReady);
    connect(m_socket, &QAbstractSocket::readyRead, this, &ServerVersionQuery::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &ServerVersionQuery::onSocketError);
    m_timeoutMs = timeoutMs;
    m_deadline.start(timeoutMs);
    BusSocket::open(m_socket, m_settings);
}

void ServerVersionQuery::onReady()
{
    const QByteArray auth = BusSocket::authCommand(m_settings);
    m_awaitingAuth = !auth.isEmpty();
    m_socket->write(auth + RespCommand::encode({"INFO", "server"}));
}

void ServerVersionQuery::onReadyRead()
{
    const QByteArray bytes = m_socket->readAll();
    const bool framed = m_reader.feed(bytes, [this](const RespValue &reply) {
        if (!m_finished)
            handleReply(reply);
    });
    if (!framed)
        finish({}, m_reader.errorString());
}

void ServerVersionQuery::handleReply(const RespValue &reply)
{
    if (m_awaitingAuth) {
        m_awaitingAuth = false;
        if (reply.isError())
            finish({}, ServerRefusal::fromReply(reply.text).detail);
        return;
    }
    if (reply.isError()) {
        finish({}, tr("the server refused INFO: %1").arg(ServerRefusal::fromReply(reply.text).detail));
        return;
    }
    const QString version = versionFromInfo(reply.text);
    finish(version, version.isEmpty() ? tr("the server's INFO names no redis_version") : QString());
}

void ServerVersionQuery::onSocketError()
{
    bool final = false;
    finish({}, BusSocket::describeError(m_socket, m_settings, &final));
}

void ServerVersionQuery::finish(const QString &version, const QString &reason)
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    BusSocket::dispose(m_socket, this);
    if (reason.isEmpty())
        emit answered(version);
    else
        emit failed(reason);
}

QString ServerVersionQuery::versionFromInfo(QByteArrayView info)
{
    constexpr QByteArrayView key = "redis_version:";
    qsizetype lineStart = 0;
    while (lineStart < info.size()) {
        qsizetype lineEnd = info.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = info.size();
        const QByteArrayView line = info.sliced(lineStart, lineEnd - lineStart).trimmed();
        if (line.startsWith(key))
            return QString::fromLatin1(line.sliced(key.size()));
        lineStart = lineEnd + 1;
    }
    return {};
}

} // namespace busmon
