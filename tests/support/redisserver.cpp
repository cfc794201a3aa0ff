#include "redisserver.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QTcpServer>
#include <QThread>

#include <hiredis/hiredis.h>

#include <csignal>

#include <memory>
#include <vector>

namespace busmon::test {

namespace {
RedisReply convertReply(const redisReply *reply)
{
    RedisReply result;
    if (!reply)
        return result;
    switch (reply->type) {
    case REDIS_REPLY_ERROR:
        result.isError = true;
        result.text = QByteArray(reply->str, static_cast<qsizetype>(reply->len));
        break;
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_STRING:
        result.text = QByteArray(reply->str, static_cast<qsizetype>(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        result.integer = reply->integer;
        result.text = QByteArray::number(reply->integer);
        break;
    case REDIS_REPLY_ARRAY:
        for (size_t i = 0; i < reply->elements; ++i)
            result.elements.append(convertReply(reply->element[i]));
        break;
    default:
        break;
    }
    return result;
}

struct ContextDeleter
{
    void operator()(redisContext *context) const { redisFree(context); }
};
} // namespace

RedisServer::RedisServer(QStringList extraArguments)
    : m_extraArguments(std::move(extraArguments))
{
    m_process.setProgram(QStringLiteral(BUSMON_REDIS_SERVER));
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

RedisServer::~RedisServer()
{
    stop();
}

quint16 RedisServer::findFreePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool RedisServer::start()
{
    if (!m_directory.isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    if (m_port == 0)
        m_port = findFreePort();
    QStringList arguments{
        QStringLiteral("--port"),       QString::number(m_port),
        QStringLiteral("--bind"),       QStringLiteral("127.0.0.1"),
        QStringLiteral("--dir"),        m_directory.path(),
        QStringLiteral("--logfile"),    m_directory.filePath(QStringLiteral("redis.log")),
        QStringLiteral("--save"),       QString(),
        QStringLiteral("--appendonly"), QStringLiteral("no"),
        QStringLiteral("--daemonize"),  QStringLiteral("no"),
    };
    arguments += m_extraArguments;
    m_process.setArguments(arguments);
    m_process.start();
    if (!m_process.waitForStarted(5000)) {
        m_error = QStringLiteral("redis-server did not start: %1").arg(m_process.errorString());
        return false;
    }
    return waitUntilReady();
}

bool RedisServer::restart()
{
    stop();
    return start();
}

bool RedisServer::waitUntilReady()
{
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (m_process.state() != QProcess::Running) {
            m_error = QStringLiteral("redis-server exited: %1").arg(logText());
            return false;
        }
        const RedisReply pong = command({"PING"});
        if (pong.text == "PONG" || pong.text.startsWith("NOAUTH"))
            return true;
        QThread::msleep(20);
    }
    m_error = QStringLiteral("redis-server did not answer PING within 10 s");
    return false;
}

bool RedisServer::suspend()
{
    m_suspended = isRunning() && ::kill(pid_t(m_process.processId()), SIGSTOP) == 0;
    return m_suspended;
}

bool RedisServer::resume()
{
    if (!m_suspended)
        return false;
    m_suspended = false;
    return ::kill(pid_t(m_process.processId()), SIGCONT) == 0;
}

void RedisServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    resume(); // a stopped server would not act on SIGTERM
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

void RedisServer::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
}

bool RedisServer::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

QString RedisServer::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1").arg(m_port);
}

QString RedisServer::logText() const
{
    QFile log(m_directory.filePath(QStringLiteral("redis.log")));
    if (!log.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(log.readAll());
}

void RedisServer::setClientAuth(const QByteArray &user, const QByteArray &password)
{
    m_user = user;
    m_password = password;
}

RedisReply RedisServer::command(const QList<QByteArray> &arguments) const
{
    const timeval timeout{2, 0};
    std::unique_ptr<redisContext, ContextDeleter> context(
        redisConnectWithTimeout("127.0.0.1", m_port, timeout));
    RedisReply failure;
    failure.isError = true;
    if (!context || context->err) {
        failure.text = context ? QByteArray(context->errstr) : QByteArray("cannot connect");
        return failure;
    }
    redisSetTimeout(context.get(), timeout);
    auto run = [&](const QList<QByteArray> &words) {
        std::vector<const char *> argv;
        std::vector<size_t> lengths;
        for (const QByteArray &word : words) {
            argv.push_back(word.constData());
            lengths.push_back(static_cast<size_t>(word.size()));
        }
        auto *reply = static_cast<redisReply *>(
            redisCommandArgv(context.get(), static_cast<int>(argv.size()), argv.data(), lengths.data()));
        if (!reply) {
            RedisReply broken = failure;
            broken.text = QByteArray(context->errstr);
            return broken;
        }
        RedisReply converted = convertReply(reply);
        freeReplyObject(reply);
        return converted;
    };
    if (!m_password.isEmpty()) {
        const RedisReply auth =
            m_user.isEmpty() ? run({"AUTH", m_password}) : run({"AUTH", m_user, m_password});
        if (auth.isError)
            return auth;
    }
    return run(arguments);
}

qlonglong RedisServer::publish(const QByteArray &channel, const QByteArray &payload) const
{
    return command({"PUBLISH", channel, payload}).integer;
}

qlonglong RedisServer::publishCalls() const
{
    const RedisReply stats = command({"INFO", "commandstats"});
    for (const QByteArray &line : stats.text.split('\n')) {
        if (!line.startsWith("cmdstat_publish:calls="))
            continue;
        const qsizetype start = line.indexOf('=') + 1;
        return line.mid(start, line.indexOf(',') - start).toLongLong();
    }
    return stats.isError ? -1 : 0;
}

} // namespace busmon::test
