#include "publishactions.h"

#include "composedialog.h"
#include "iconlibrary.h"

#include "audit/auditlog.h"
#include "events/channelname.h"
#include "publish/publishconfirmation.h"
#include "publish/publishguard.h"
#include "session/monitorsession.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"

#include <QAction>
#include <QDesktopServices>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSet>
#include <QUrl>

namespace busmon {

PublishActions::PublishActions(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_compose(new QAction(IconLibrary::icon(QStringLiteral("compose")), tr("Com&pose…"), this))
    , m_auditLog(new QAction(tr("Open the &audit log"), this))
{
    m_compose->setObjectName(QStringLiteral("composeAction"));
    m_compose->setShortcut(QKeySequence(tr("Ctrl+N")));
    connect(m_compose, &QAction::triggered, this, &PublishActions::compose);
    m_auditLog->setObjectName(QStringLiteral("auditLogAction"));
    m_auditLog->setToolTip(
        tr("Every publish from busmon and busmon-cli, one JSON line each: %1").arg(AuditLog::defaultPath()));
    connect(m_auditLog, &QAction::triggered, this, &PublishActions::openAuditLog);
    updateState();
}

ComposeDialog *PublishActions::dialog() const
{
    return m_dialog;
}

void PublishActions::setSession(MonitorSession *session)
{
    m_session = session;
    m_knownChannels = -1;
    connect(session, &MonitorSession::countsChanged, this, [this] {
        if (m_dialog && m_dialog->isVisible())
            updateKnownUsers();
    });
    updateState();
    if (m_dialog)
        updateKnownUsers();
}

void PublishActions::updateState()
{
    const SessionOrigin origin = m_session ? m_session->origin() : SessionOrigin();
    const QString refusal = PublishGuard::refusalFor(origin);
    m_compose->setEnabled(refusal.isEmpty());
    if (refusal.isEmpty())
        m_compose->setToolTip(tr("Compose an announcement or a toast and publish it on %1 (Ctrl+N)")
                                  .arg(PublishConfirmation::describeTarget(origin)));
    else if (origin.readOnly)
        m_compose->setToolTip(
            tr("%1 Untick “Read-only” for it in File → Connect… to publish with it.").arg(refusal));
    else
        m_compose->setToolTip(refusal);
    if (m_dialog)
        m_dialog->setTarget(origin);
}

void PublishActions::updateKnownUsers()
{
    if (!m_session || !m_dialog)
        return;
    const EventStore *store = m_session->store();
    const int channels = store->channelCount();
    if (channels == m_knownChannels)
        return;
    m_knownChannels = channels;
    QSet<QString> seen;
    for (int id = 0; id < channels; ++id) {
        if (const QString &user = store->channel(quint32(id)).username; !user.isEmpty())
            seen.insert(user);
    }
    QStringList users(seen.begin(), seen.end());
    users.sort(Qt::CaseInsensitive);
    m_dialog->setKnownUsers(users);
}

ComposeDialog *PublishActions::compose()
{
    if (!m_dialog) {
        m_dialog = new ComposeDialog(m_session ? m_session->origin() : SessionOrigin(), m_window);
        m_knownChannels = -1;
        m_dialog->focusFirstField(); // typing goes to the title at once, not to the target's radio button
    }
    updateKnownUsers();
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
    return m_dialog;
}

ComposeDialog *PublishActions::sendAgain(const QByteArray &channel, const QByteArray &payload)
{
    const std::optional<ToastDraft> draft = ToastDraft::fromMessage(channel, payload);
    if (!draft)
        return nullptr;
    ComposeDialog *dialog = compose();
    dialog->setDraft(*draft);
    dialog->focusFirstField();
    return dialog;
}

void PublishActions::addToTableMenu(QMenu *menu, const QModelIndex &index)
{
    const QByteArray channel = index.data(EventTableModel::ChannelRole).toByteArray();
    const EventKind kind = ChannelName::parse(channel).kind();
    if (index.data(EventTableModel::IsGapRole).toBool() ||
        (kind != EventKind::General && kind != EventKind::Personal))
        return;
    // The message is copied now: rows may be evicted while the menu is open.
    const QByteArray payload = index.data(EventTableModel::PayloadRole).toByteArray();
    menu->addSeparator();
    QAction *again = menu->addAction(IconLibrary::icon(QStringLiteral("compose")), tr("Send again…"), this,
                                     [this, channel, payload] { sendAgain(channel, payload); });
    again->setObjectName(QStringLiteral("sendAgainAction"));
    again->setEnabled(m_compose->isEnabled());
    again->setToolTip(m_compose->isEnabled()
                          ? tr("Open this toast in the compose dialog, to send it to this user or another")
                          : m_compose->toolTip());
    menu->setToolTipsVisible(true);
}

void PublishActions::openAuditLog()
{
    const QString path = AuditLog::defaultPath();
    if (!QFileInfo::exists(path)) {
        QMessageBox::information(m_window, tr("Audit log"),
                                 tr("Nothing has been published yet: the audit log %1 is written with the "
                                    "first publish.")
                                     .arg(path));
        return;
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        QMessageBox::information(m_window, tr("Audit log"),
                                 tr("No program to show %1 was found; it is a text file, one JSON line per "
                                    "publish.")
                                     .arg(path));
}

} // namespace busmon
