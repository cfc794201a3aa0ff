#pragma once

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace busmon::test {

// The answer of a real redis-server to one command, as hiredis's own client read it.
struct RedisReply
{
    bool isError = false;
    qlonglong integer = 0;
    QByteArray text; // status, bulk string or error text
    QList<RedisReply> elements;
};

// A private redis-server (Debian's package) on a free loopback port, for one test. It runs in a
// temporary folder with persistence off and is stopped when the object goes. restart() keeps the port.
class RedisServer
{
public:
    explicit RedisServer(QStringList extraArguments = {});
    ~RedisServer();
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;

    bool start();
    bool restart();
    void stop(); // SIGTERM, then wait
    void kill(); // SIGKILL: no goodbye on any socket
    // SIGSTOP and SIGCONT: the server keeps its sockets open and answers nothing meanwhile.
    bool suspend();
    bool resume();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    QString url() const; // redis://127.0.0.1:<port>
    QString directory() const { return m_directory.path(); }
    QString logText() const;
    QString errorString() const { return m_error; }
    // A loopback port nobody listens on (yet).
    static quint16 findFreePort();

    // Credentials the helper commands use (the server may require them).
    void setClientAuth(const QByteArray &user, const QByteArray &password);

    // One command over a fresh hiredis connection (the reference client, not ours).
    RedisReply command(const QList<QByteArray> &arguments) const;
    qlonglong publish(const QByteArray &channel, const QByteArray &payload) const;
    // How many PUBLISH commands the server ran (INFO commandstats): to see that nothing went out.
    qlonglong publishCalls() const;

private:
    bool waitUntilReady();

    QStringList m_extraArguments;
    QTemporaryDir m_directory;
    QProcess m_process;
    quint16 m_port = 0;
    bool m_suspended = false;
    QByteArray m_user;
    QByteArray m_password;
    QString m_error;
};

} // namespace busmon::test
