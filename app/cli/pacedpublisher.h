#pragma once

#include "publish/publishguard.h"
#include "session/sessionorigin.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>

namespace busmon::cli {

// Publishes what a source hands it, when the source says it is due, without letting more than a
// bounded number of PUBLISH replies be outstanding. Shared by `simulate` and `replay`. Publishes
// through a PublishGuard: a read-only profile is refused, and the run leaves one audit line.
class PacedPublisher : public QObject
{
    Q_OBJECT
public:
    struct Message
    {
        QByteArray channel;
        QByteArray payload;
    };
    enum class Due { Now, Later, Exhausted };
    // Called repeatedly; fills `message` and answers Now when one is due at `elapsedMs`.
    using Source = std::function<Due(qint64 elapsedMs, Message &message)>;

    PacedPublisher(const SessionOrigin &target, const PublishGuard::Run &run, QObject *parent = nullptr);

    // Publishes until the source is exhausted and every PUBLISH is acknowledged (0), the bus fails
    // (1, with the reason on standard error) or the user interrupts (0). Nothing is published, and
    // the exit status is 1, when the target is refused or the audit log cannot be written; the
    // status is 1 too when the run's audit line could not be written at the end.
    int run(Source source);
    void stop();
    quint64 publishedCount() const { return m_acknowledged; }
    quint64 receiverCount() const { return m_receivers; }
    double elapsedSeconds() const { return static_cast<double>(m_clock.elapsed()) / 1000.0; }

signals:
    void finished();
    void failed(const QString &reason);

private:
    void start(Source source);
    void tick();
    void acknowledge(qint64 receivers);
    void finishIfDone();

    PublishGuard *m_guard;
    PublishGuard::Run m_run;
    Source m_source;
    QTimer m_timer;
    QElapsedTimer m_clock;
    quint64 m_sent = 0;
    quint64 m_acknowledged = 0;
    quint64 m_receivers = 0;
    bool m_exhausted = false;
    bool m_done = false;
};

} // namespace busmon::cli
