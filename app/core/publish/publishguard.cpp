#include "publish/publishguard.h"

#include "bus/publisher.h"

#include <QDateTime>

namespace busmon {

PublishGuard::PublishGuard(const SessionOrigin &target, const QString &tool, const QString &auditPath,
                           QObject *parent)
    : QObject(parent)
    , m_target(target)
    , m_tool(tool)
    , m_osUser(AuditEntry::currentOsUser())
    , m_log(auditPath)
{}

PublishGuard::~PublishGuard()
{
    if (m_publisher)
        disconnect(m_publisher, nullptr, this, nullptr);
    const QString reason = tr("no answer before the connection was closed");
    while (!m_pending.empty()) {
        const Pending pending = std::move(m_pending.front());
        m_pending.pop_front();
        AuditEntry entry = entryNow();
        entry.timeMs = pending.timeMs;
        entry.channel = pending.channel;
        entry.payload = pending.payload;
        entry.refusal = reason;
        m_log.append(entry);
    }
    if (m_run)
        finishRun();
}

QString PublishGuard::refusalFor(const SessionOrigin &target)
{
    switch (target.kind) {
    case SessionOrigin::Kind::None:
        return tr("Not connected to a bus: connect to one first.");
    case SessionOrigin::Kind::Capture:
        return tr("This is a capture file, not a bus: connect to a bus first.");
    case SessionOrigin::Kind::Bus:
        if (target.readOnly)
            return tr("The profile “%1” is read-only: nothing is ever published with it.")
                .arg(target.profileName);
        return QString();
    case SessionOrigin::Kind::Demo:
        return QString();
    }
    return QString();
}

AuditEntry PublishGuard::entryNow() const
{
    AuditEntry entry;
    entry.timeMs = QDateTime::currentMSecsSinceEpoch();
    entry.tool = m_tool;
    entry.osUser = m_osUser;
    entry.target = m_target;
    entry.target.settings.password.clear();
    return entry;
}

bool PublishGuard::prepare(QString *error)
{
    if (const QString refusal = refusalFor(m_target); !refusal.isEmpty()) {
        if (error)
            *error = refusal;
        return false;
    }
    QString problem;
    if (!m_log.open(&problem)) {
        if (error)
            *error = tr("Nothing was published: %1.").arg(problem);
        return false;
    }
    return true;
}

Publisher *PublishGuard::publisher()
{
    if (!m_publisher) {
        m_publisher = new Publisher(m_target.settings, this);
        connect(m_publisher, &Publisher::published, this, &PublishGuard::onPublished);
        connect(m_publisher, &Publisher::failed, this, &PublishGuard::onFailed);
        connect(m_publisher, &Publisher::drained, this, &PublishGuard::drained);
    }
    return m_publisher;
}

qint64 PublishGuard::pendingCount() const
{
    return m_publisher ? m_publisher->pendingCount() : 0;
}

bool PublishGuard::publish(const QByteArray &channel, const QByteArray &payload, QString *error)
{
    if (m_run) {
        if (error)
            *error = tr("A run of %1 is going on.").arg(m_run->entry.action);
        return false;
    }
    if (!prepare(error))
        return false;
    m_pending.push_back({channel, payload, QDateTime::currentMSecsSinceEpoch()});
    publisher()->publish(channel, payload);
    return true;
}

bool PublishGuard::startRun(const Run &run, QString *error)
{
    if (m_run || !m_pending.empty()) {
        if (error)
            *error = tr("Messages are still being published.");
        return false;
    }
    if (!prepare(error))
        return false;
    m_run.emplace(RunState{});
    m_run->entry = entryNow();
    m_run->entry.action = run.action;
    m_run->entry.speed = run.speed;
    m_run->entry.source = run.source;
    m_run->entry.receivers = 0;
    m_run->clock.start();
    return true;
}

void PublishGuard::publishInRun(const QByteArray &channel, const QByteArray &payload)
{
    Q_ASSERT(m_run);
    ++m_run->sent;
    const qsizetype known = m_run->channels.size();
    m_run->channels.insert(channel);
    if (m_run->channels.size() != known && m_run->entry.channels.size() < AuditEntry::listedChannels)
        m_run->entry.channels.append(channel);
    publisher()->publish(channel, payload);
}

bool PublishGuard::finishRun(QString *error)
{
    if (!m_run)
        return true;
    AuditEntry entry = std::move(m_run->entry);
    entry.channelCount = m_run->channels.size();
    entry.durationMs = m_run->clock.elapsed();
    entry.unansweredCount = m_run->sent - entry.messageCount - entry.refusedCount;
    m_run.reset();
    const bool written = m_log.append(entry, error);
    closeLogWhenIdle();
    return written;
}

void PublishGuard::onPublished(const QByteArray &channel, qint64 receivers)
{
    if (m_run) {
        ++m_run->entry.messageCount;
        *m_run->entry.receivers += qMax<qint64>(receivers, 0);
        emit published(channel, receivers);
        return;
    }
    if (m_pending.empty())
        return;
    const Pending pending = std::move(m_pending.front());
    m_pending.pop_front();
    settle(pending, receivers, QString());
}

void PublishGuard::onFailed(const QString &reason)
{
    // The publisher forgets what failed: a refused reply takes one message, a lost connection all.
    const qint64 stillPending = m_publisher->pendingCount();
    if (m_run) {
        const qint64 ended =
            m_run->sent - m_run->entry.messageCount - m_run->entry.refusedCount - stillPending;
        m_run->entry.refusedCount += qMax<qint64>(ended, 0);
        if (m_run->entry.refusal.isEmpty())
            m_run->entry.refusal = reason;
        emit refused(QByteArray(), reason);
        return;
    }
    while (qint64(m_pending.size()) > stillPending) {
        const Pending pending = std::move(m_pending.front());
        m_pending.pop_front();
        settle(pending, std::nullopt, reason);
    }
}

void PublishGuard::settle(const Pending &pending, std::optional<qint64> receivers, const QString &refusal)
{
    AuditEntry entry = entryNow();
    entry.timeMs = pending.timeMs;
    entry.channel = pending.channel;
    entry.payload = pending.payload;
    entry.receivers = receivers;
    entry.refusal = refusal;
    QString auditError;
    const bool written = m_log.append(entry, &auditError);
    closeLogWhenIdle();
    if (receivers)
        emit published(pending.channel, *receivers);
    else
        emit refused(pending.channel, refusal);
    if (!written)
        emit auditFailed(auditError);
}

void PublishGuard::closeLogWhenIdle()
{
    if (!m_run && m_pending.empty())
        m_log.close();
}

} // namespace busmon
