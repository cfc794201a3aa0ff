#include "pacedpublisher.h"

#include "clioutput.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QTimer>

namespace busmon::cli {

namespace {
constexpr quint64 maxOutstanding = 20000;
constexpr int maxPerTick = 20000;
} // namespace

PacedPublisher::PacedPublisher(const SessionOrigin &target, const PublishGuard::Run &run, QObject *parent)
    : QObject(parent)
    , m_guard(new PublishGuard(target, QStringLiteral("busmon-cli"), AuditLog::defaultPath(), this))
    , m_run(run)
{
    m_timer.setInterval(5);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PacedPublisher::tick);
    connect(m_guard, &PublishGuard::published, this,
            [this](const QByteArray &, qint64 receivers) { acknowledge(receivers); });
    connect(m_guard, &PublishGuard::refused, this, [this](const QByteArray &, const QString &reason) {
        stop();
        emit failed(reason);
    });
}

int PacedPublisher::run(Source source)
{
    QString error;
    if (!m_guard->startRun(m_run, &error)) {
        CliOutput::error(error);
        return 1;
    }
    connect(this, &PacedPublisher::failed, this, [](const QString &reason) {
        CliOutput::error(reason);
        QCoreApplication::exit(1);
    });
    connect(this, &PacedPublisher::finished, this, [] { QCoreApplication::exit(0); });
    SignalWatcher interruptions;
    connect(&interruptions, &SignalWatcher::interrupted, this, [] { QCoreApplication::exit(0); });
    // Started from the event loop: a source with nothing to give finishes in its first tick, and an
    // exit() before exec() would be lost.
    QTimer::singleShot(0, this, [this, source = std::move(source)]() mutable { start(std::move(source)); });
    int exitCode = QCoreApplication::exec();
    if (!m_guard->finishRun(&error)) {
        CliOutput::error(QStringLiteral("the run's audit line is missing: %1").arg(error));
        exitCode = 1;
    }
    return exitCode;
}

void PacedPublisher::start(Source source)
{
    m_source = std::move(source);
    m_clock.start();
    m_timer.start();
    tick();
}

void PacedPublisher::stop()
{
    m_timer.stop();
    m_done = true;
}

void PacedPublisher::tick()
{
    Message message;
    for (int i = 0; i < maxPerTick && !m_exhausted && m_sent - m_acknowledged < maxOutstanding; ++i) {
        const Due due = m_source(m_clock.elapsed(), message);
        if (due == Due::Later)
            break;
        if (due == Due::Exhausted) {
            m_exhausted = true;
            break;
        }
        m_guard->publishInRun(message.channel, message.payload);
        ++m_sent;
    }
    finishIfDone();
}

void PacedPublisher::acknowledge(qint64 receivers)
{
    ++m_acknowledged;
    m_receivers += static_cast<quint64>(qMax<qint64>(receivers, 0));
    finishIfDone();
}

void PacedPublisher::finishIfDone()
{
    if (m_exhausted && !m_done && m_acknowledged == m_sent) {
        stop();
        emit finished();
    }
}

} // namespace busmon::cli
