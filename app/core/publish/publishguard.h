#pragma once

#include "audit/auditentry.h"
#include "audit/auditlog.h"
#include "session/sessionorigin.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QSet>

#include <deque>
#include <optional>

namespace busmon {

class Publisher;

// Everything that stands between a user and PUBLISH, for the window and busmon-cli alike:
// - the target must be a bus, and not one of a read-only profile (refusalFor());
// - the audit log must open before anything goes out: no audit, no publish;
// - every message (or every run of many) leaves one line in it, with what the server answered.
// It publishes over a connection of its own (Publisher): a subscribed connection cannot PUBLISH.
// The question asked first is the caller's (PublishConfirmation builds its text).
//
// One message at a time (compose, announce): publish(); published() or refused() follows, once
// its audit line is written. Many (replay, simulate): startRun(), publishInRun() for each at the
// caller's pace (watch pendingCount() and drained()), finishRun() writes the run's one line.
// Connect before publishing: a target that cannot be reached is refused at once. Never delete the
// guard from one of its own signals (deleteLater()).
class PublishGuard : public QObject
{
    Q_OBJECT
public:
    struct Run
    {
        QString action; // "replay", "simulate"
        double speed = 0;
        QString source; // the capture file, the simulator's seed…
    };

    // `tool` is written in each audit line: "busmon" or "busmon-cli".
    PublishGuard(const SessionOrigin &target, const QString &tool,
                 const QString &auditPath = AuditLog::defaultPath(), QObject *parent = nullptr);
    // Messages still without an answer get their audit line, saying so.
    ~PublishGuard() override;

    // Why nothing may be published to `target`, as a sentence; empty when it may be.
    static QString refusalFor(const SessionOrigin &target);
    const SessionOrigin &target() const { return m_target; }
    QString auditPath() const { return m_log.path(); }

    // False, with the reason in *error, when nothing was sent: the target is refused, the audit
    // log cannot be written, or a run is going on.
    bool publish(const QByteArray &channel, const QByteArray &payload, QString *error = nullptr);

    bool startRun(const Run &run, QString *error = nullptr);
    void publishInRun(const QByteArray &channel, const QByteArray &payload);
    // Writes the run's audit line (messages acknowledged so far, the first refusal). False, with
    // the reason in *error, when the line could not be written.
    bool finishRun(QString *error = nullptr);
    bool isRunning() const { return m_run.has_value(); }
    qint64 acknowledgedInRun() const { return m_run ? m_run->entry.messageCount : 0; }

    qint64 pendingCount() const; // sent, not yet answered

signals:
    void published(const QByteArray &channel, qint64 receivers);
    // The server refused (its reason, e.g. NOPERM), or the connection failed and nothing arrived.
    // In a run `channel` is empty when the connection failed.
    void refused(const QByteArray &channel, const QString &reason);
    // Published, but its audit line could not be written.
    void auditFailed(const QString &reason);
    void drained(); // pendingCount() dropped to 0

private:
    struct Pending
    {
        QByteArray channel;
        QByteArray payload;
        qint64 timeMs;
    };
    struct RunState
    {
        AuditEntry entry;
        QSet<QByteArray> channels;
        QElapsedTimer clock;
        qint64 sent = 0;
    };

    bool prepare(QString *error);
    Publisher *publisher();
    AuditEntry entryNow() const;
    void onPublished(const QByteArray &channel, qint64 receivers);
    void onFailed(const QString &reason);
    void settle(const Pending &pending, std::optional<qint64> receivers, const QString &refusal);
    void closeLogWhenIdle();

    SessionOrigin m_target;
    QString m_tool;
    QString m_osUser;
    AuditLog m_log;
    Publisher *m_publisher = nullptr;
    std::deque<Pending> m_pending; // one message at a time: sent and not yet answered, in order
    std::optional<RunState> m_run;
};

} // namespace busmon
