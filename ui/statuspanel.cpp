#include "statuspanel.h"

#include "events/onelinetext.h"

#include <QDateTime>
#include <QHash>
#include <QLabel>
#include <QLocale>
#include <QStatusBar>

namespace busmon {

namespace {
QLabel *makeField(QStatusBar *bar, const QString &name, bool permanent)
{
    auto *label = new QLabel(bar);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setContentsMargins(6, 0, 6, 0);
    // A field may be squeezed (its text clipped) rather than widen the window: fields come and go
    // and their texts grow with the counts.
    label->setMinimumWidth(1);
    if (permanent)
        bar->addPermanentWidget(label);
    else
        bar->addWidget(label, 1);
    return label;
}
// An outage begins at the server's last sign of life, which can be seconds before it was noticed.
QString lostSince(const ConnectionStatus &status)
{
    if (status.lostSinceMs <= 0)
        return {};
    return StatusPanel::tr(" — no connection since %1")
        .arg(QDateTime::fromMSecsSinceEpoch(status.lostSinceMs).toString(QStringLiteral("hh:mm:ss")));
}
// The server gives every refusal the same reason, as a rule: say it once, then each name on a line.
QString refusalsByReason(const QList<SubscriptionRefusal> &refusals)
{
    QStringList reasons;
    QHash<QString, QStringList> names;
    for (const SubscriptionRefusal &refusal : refusals) {
        const QString reason = OneLineText::from(refusal.reason);
        if (!names.contains(reason))
            reasons.append(reason);
        names[reason].append(refusal.describe());
    }
    QString text;
    for (const QString &reason : std::as_const(reasons)) {
        text += StatusPanel::tr("\n\nThe server refused (%1):").arg(reason);
        for (const QString &name : std::as_const(names[reason]))
            text += QStringLiteral("\n    ") + name;
    }
    return text;
}
} // namespace

StatusPanel::StatusPanel(QStatusBar *bar)
    : QObject(bar)
    // All fields are permanent, so that a passing message (filter timing, demo bus news) on the
    // left never hides the connection state.
    , m_connection(makeField(bar, QStringLiteral("connectionStatus"), true))
    , m_rate(makeField(bar, QStringLiteral("rateStatus"), true))
    , m_retained(makeField(bar, QStringLiteral("retainedStatus"), true))
    , m_dropped(makeField(bar, QStringLiteral("droppedStatus"), true))
    , m_paused(makeField(bar, QStringLiteral("pausedStatus"), true))
    , m_backlog(makeField(bar, QStringLiteral("backlogStatus"), true))
    , m_filterTiming(makeField(bar, QStringLiteral("filterTimingStatus"), true))
{
    m_filterTiming->hide();
    m_connection->setText(tr("not connected"));
    // A long failure reason must not widen the window: it is cut here and whole in the tooltip.
    m_connection->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_connection->setMinimumWidth(160);
    bar->removeWidget(m_connection);
    bar->insertPermanentWidget(0, m_connection, 1);
    m_connection->show();
    setRate(0);
    setRetained(0, 0);
    setDropped(0);
    setPaused(false, 0);
    setBacklog(0);
    m_rate->setToolTip(tr("Messages a second arriving from the bus, whether or not the window keeps up"));
    m_backlog->setToolTip(tr("The window is behind the bus: these messages arrived and wait to be shown. "
                             "No more than the retention limit wait; what comes beyond is dropped and "
                             "counted."));
    m_backlog->setForegroundRole(QPalette::Highlight);
}

void StatusPanel::setConnection(const ConnectionStatus &status, const QString &displayUrl)
{
    QString text;
    QString toolTip;
    switch (status.state) {
    case ConnectionState::Disconnected:
        // After a session was stopped, its messages stay: say which bus they came from.
        text = displayUrl.isEmpty() ? tr("not connected") : tr("disconnected from %1").arg(displayUrl);
        break;
    case ConnectionState::Connecting:
        text = tr("connecting to %1…").arg(displayUrl) + lostSince(status);
        break;
    case ConnectionState::Subscribed: {
        text = tr("connected to %1").arg(displayUrl);
        QStringList refused;
        for (const SubscriptionRefusal &refusal : status.refused)
            refused.append(refusal.describe());
        toolTip = refusalsByReason(status.refused);
        // The count first: a narrow window cuts the list.
        if (refused.size() == 1)
            text += tr(" — the server refused 1 subscription: %1").arg(refused.constFirst());
        else if (!refused.isEmpty())
            text += tr(" — the server refused %1 subscriptions: %2")
                        .arg(refused.size())
                        .arg(refused.join(QLatin1String(", ")));
        break;
    }
    case ConnectionState::Reconnecting:
        text = tr("reconnecting to %1 in %2 s").arg(displayUrl).arg(status.retryInMs / 1000.0, 0, 'f', 1) +
               lostSince(status);
        if (!status.detail.isEmpty())
            text += tr(" (%1)").arg(OneLineText::from(status.detail, OneLineText::unlimited));
        break;
    case ConnectionState::Failed:
        // The detail may quote the server: one line, whatever it sent.
        text = tr("failed: %1")
                   .arg(status.detail.isEmpty() ? displayUrl
                                                : OneLineText::from(status.detail, OneLineText::unlimited));
        break;
    }
    m_connection->setText(text);
    m_connection->setToolTip(text + toolTip);
    QPalette palette = m_connection->parentWidget()->palette();
    if (status.state == ConnectionState::Failed || status.state == ConnectionState::Reconnecting) {
        const QColor text_ = palette.color(QPalette::WindowText);
        const QColor red(0xcf, 0x22, 0x2e);
        palette.setColor(QPalette::WindowText, QColor::fromRgbF((text_.redF() + red.redF() * 2) / 3,
                                                                (text_.greenF() + red.greenF() * 2) / 3,
                                                                (text_.blueF() + red.blueF() * 2) / 3));
    }
    m_connection->setPalette(palette);
}

void StatusPanel::setRate(double messagesPerSecond)
{
    m_rate->setText(
        tr("%1 msg/s").arg(QLocale().toString(messagesPerSecond, 'f', messagesPerSecond < 10 ? 1 : 0)));
}

void StatusPanel::setRetained(qint64 retained, qint64 limit)
{
    m_retained->setText(tr("%1 retained").arg(QLocale().toString(retained)));
    m_retained->setToolTip(
        tr("Messages kept in memory; the oldest go beyond %1").arg(QLocale().toString(limit)));
}

void StatusPanel::setDropped(quint64 dropped)
{
    m_dropped->setText(tr("%1 dropped").arg(QLocale().toString(dropped)));
    m_dropped->setToolTip(tr("Messages received but never shown: more than the retention limit waited, "
                             "while paused or because the window fell behind the bus"));
    m_dropped->setVisible(dropped > 0);
}

void StatusPanel::setPaused(bool paused, qint64 waiting)
{
    m_paused->setText(paused ? tr("paused — %1 new").arg(QLocale().toString(waiting)) : QString());
    m_paused->setVisible(paused);
}

void StatusPanel::setBacklog(qint64 waiting)
{
    const bool behind = waiting >= noticeableBacklog;
    if (behind)
        m_backlog->setText(tr("behind — %1 waiting").arg(QLocale().toString(waiting)));
    m_backlog->setVisible(behind);
}

void StatusPanel::setFilterTiming(int rows, int matches, qint64 ms)
{
    // Quick passes are the rule and not news; a slow one is worth a look at what the filter asks.
    if (ms < noticeableFilterMs) {
        m_filterTiming->hide();
        return;
    }
    m_filterTiming->setText(tr("filter %1 ms").arg(ms));
    m_filterTiming->setToolTip(tr("The last filter went through %1 rows in %2 ms: %3 match")
                                   .arg(QLocale().toString(rows))
                                   .arg(ms)
                                   .arg(QLocale().toString(matches)));
    m_filterTiming->show();
}

void StatusPanel::showNote(const QString &note)
{
    m_connection->setToolTip(note);
    m_connection->setText(m_connection->text() + QStringLiteral(" · ") + note);
}

QString StatusPanel::connectionText() const
{
    return m_connection->text();
}

QString StatusPanel::pausedText() const
{
    return m_paused->isVisible() ? m_paused->text() : QString();
}

QString StatusPanel::rateText() const
{
    return m_rate->text();
}

QString StatusPanel::backlogText() const
{
    return m_backlog->isHidden() ? QString() : m_backlog->text();
}

QString StatusPanel::droppedText() const
{
    return m_dropped->isHidden() ? QString() : m_dropped->text();
}

QString StatusPanel::filterTimingText() const
{
    return m_filterTiming->isHidden() ? QString() : m_filterTiming->text();
}

} // namespace busmon
