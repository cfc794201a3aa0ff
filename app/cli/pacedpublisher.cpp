#include "pacedpublisher.h"

#include "bus/publisher.h"
#include "clioutput.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QTimer>

namespace busmon::cli {

namespace {
constexpr quint64 maxOutstanding = 20000;
constexpr int maxPerTick = 20000;
} // namespace

PacedPublisher::PacedPublisher(const ConnectionSettings &settings, QObject *parent)
    : QObject(parent)
    , m_publisher(new Publisher(settings, this))
{
    m_timer.setInterval(5);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PacedPublisher::tick);
    connect(m_publisher, &Publisher::published, this,
            [this](const QByteArray &, qint64 receivers) { acknowledge(receivers); });
    connect(m_publisher, &Publisher::failed, this, [this](const QString &reason) {
        stop();
        emit failed(reason);
    });
}

int PacedPublisher::run(Source source)
{
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
    return QCoreApplication::exec();
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
        m_publisher->publish(message.channel, message.payload);
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
