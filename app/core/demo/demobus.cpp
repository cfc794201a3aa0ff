#include "demobus.h"

#include "bus/publisher.h"
#include "sim/trafficsimulator.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

Q_LOGGING_CATEGORY(lcDemo, "busmon.demo")

namespace busmon {

namespace {
constexpr int tickMs = 20;
constexpr qint64 maxPendingPublishes = 2000;

quint16 findFreePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString findServerProgram(const QString &configured)
{
    if (!configured.isEmpty())
        return configured;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    return onPath.isEmpty() ? QStringLiteral("/usr/bin/redis-server") : onPath;
}
} // namespace

DemoBus::DemoBus(QObject *parent)
    : DemoBus(Options{}, parent)
{}

DemoBus::DemoBus(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_server.setProcessChannelMode(QProcess::MergedChannels);
    // The server goes with us even when we are killed without a chance to stop it.
    m_server.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    m_tick.setInterval(tickMs);
    connect(&m_tick, &QTimer::timeout, this, &DemoBus::publishDue);
    connect(&m_server, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus) {
        if (m_tick.isActive()) {
            m_tick.stop();
            emit failed(tr("the demo redis-server stopped (exit code %1)").arg(exitCode));
        }
    });
}

DemoBus::~DemoBus()
{
    stop();
}

bool DemoBus::start(QString *error)
{
    if (!m_directory.isValid()) {
        if (error)
            *error = tr("cannot create a temporary folder for the demo bus");
        return false;
    }
    m_port = findFreePort();
    m_server.setProgram(findServerProgram(m_options.serverProgram));
    m_server.setArguments({
        QStringLiteral("--port"),
        QString::number(m_port),
        QStringLiteral("--bind"),
        QStringLiteral("127.0.0.1"),
        QStringLiteral("--dir"),
        m_directory.path(),
        QStringLiteral("--logfile"),
        m_directory.filePath(QStringLiteral("redis.log")),
        QStringLiteral("--save"),
        QString(),
        QStringLiteral("--appendonly"),
        QStringLiteral("no"),
        QStringLiteral("--daemonize"),
        QStringLiteral("no"),
    });
    m_server.start();
    if (!m_server.waitForStarted(5000)) {
        if (error)
            *error = tr("cannot start %1: %2").arg(m_server.program(), m_server.errorString());
        return false;
    }
    if (!waitUntilReady(error)) {
        stop();
        return false;
    }
    qCInfo(lcDemo) << "demo redis-server on port" << m_port;

    TrafficSimulator::Options simulation;
    simulation.seed = m_options.seed;
    m_simulator = std::make_unique<TrafficSimulator>(simulation);
    m_publisher = new Publisher(settings(), this);
    connect(m_publisher, &Publisher::published, this, [this](const QByteArray &, qint64) { ++m_published; });
    connect(m_publisher, &Publisher::failed, this, &DemoBus::failed);
    m_clock.start();
    m_nextBurstMs = 3000;
    m_tick.start();
    return true;
}

bool DemoBus::waitUntilReady(QString *error)
{
    const QDeadlineTimer deadline(8000);
    while (!deadline.hasExpired()) {
        if (m_server.state() != QProcess::Running) {
            if (error)
                *error =
                    tr("redis-server exited: %1").arg(QString::fromLocal8Bit(m_server.readAll()).trimmed());
            return false;
        }
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        if (probe.waitForConnected(500)) {
            probe.write("PING\r\n");
            if (probe.waitForReadyRead(500) && probe.readAll().startsWith("+PONG"))
                return true;
        }
        QThread::msleep(30);
    }
    if (error)
        *error = tr("the demo redis-server did not answer within 8 s");
    return false;
}

void DemoBus::stop()
{
    m_tick.stop();
    delete m_publisher;
    m_publisher = nullptr;
    if (m_server.state() != QProcess::NotRunning) {
        m_server.terminate();
        if (!m_server.waitForFinished(3000)) {
            m_server.kill();
            m_server.waitForFinished(1000);
        }
    }
}

ConnectionSettings DemoBus::settings() const
{
    ConnectionSettings result;
    result.host = QStringLiteral("127.0.0.1");
    result.port = m_port;
    return result;
}

double DemoBus::currentRate()
{
    const qint64 now = m_clock.elapsed();
    if (now >= m_nextBurstMs) {
        // A burst of a second or two every ten to twenty seconds, as when many
        // clients sync at once.
        m_burstEndsMs = now + 1000 + (now / 7) % 1500;
        m_nextBurstMs = now + 10000 + (now / 3) % 10000;
    }
    return now < m_burstEndsMs ? m_options.burstRate : m_options.baseRate;
}

void DemoBus::publishDue()
{
    if (!m_publisher || !m_simulator)
        return;
    const qint64 now = m_clock.elapsed();
    const qint64 elapsed = now - m_lastTickMs;
    m_lastTickMs = now;
    m_owed += currentRate() * static_cast<double>(elapsed) / 1000.0;
    // When the server is slow to answer, skip rather than queue without bound.
    if (m_publisher->pendingCount() > maxPendingPublishes) {
        m_owed = 0;
        return;
    }
    while (m_owed >= 1) {
        const SimulatedMessage message = m_simulator->next();
        m_publisher->publish(message.channel, message.payload);
        m_owed -= 1;
    }
}

} // namespace busmon
