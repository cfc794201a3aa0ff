#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QByteArray;
class QMenu;
class QModelIndex;
class QWidget;

namespace busmon {

class ComposeDialog;
class MonitorSession;

// The window's publishing: Compose (toolbar, File menu, Ctrl+N), "Send again…" on the right-click
// menu of a `personal` or `__general__` row, and the audit log. Where the session shown cannot
// publish (no bus, a capture file, a read-only profile), compose and Send again are disabled and
// their tooltips say why. One compose dialog per window: closed, it keeps what was typed.
class PublishActions : public QObject
{
    Q_OBJECT
public:
    explicit PublishActions(QWidget *window);

    QAction *composeAction() const { return m_compose; }
    QAction *auditLogAction() const { return m_auditLog; }

    // The session the window shows: where publishing goes, and whose users the username completes from.
    void setSession(MonitorSession *session);
    // Adds "Send again…" for the row of `index` (a message on `personal.<user>` or `__general__`).
    void addToTableMenu(QMenu *menu, const QModelIndex &index);

    ComposeDialog *dialog() const; // the compose dialog, once opened
    ComposeDialog *compose();
    // The dialog, filled from a message on `personal.<user>` or `__general__`; nullptr for another channel.
    ComposeDialog *sendAgain(const QByteArray &channel, const QByteArray &payload);
    void openAuditLog();

private:
    void updateState();
    void updateKnownUsers();

    QWidget *m_window;
    QAction *m_compose;
    QAction *m_auditLog;
    QPointer<MonitorSession> m_session;
    QPointer<ComposeDialog> m_dialog;
    int m_knownChannels = -1; // channel count of the store when the users were last collected
};

} // namespace busmon
