#pragma once

#include "publish/toastdraft.h"
#include "session/sessionorigin.h"

#include <QDialog>

#include <memory>

class QLabel;
class QPushButton;
class QStringListModel;
class QTimer;

namespace Ui {
class ComposeDialog;
}

namespace busmon {

class PublishGuard;
class ToastPreview;

// Compose and publish a toast: an announcement to everyone (`__general__`) or a toast to one user
// (`personal.<username>`). Beside the form, the exact JSON that goes out and the toast as the web
// UI draws it, both as you type. Problems are shown at their field; nothing is sent before the
// form checks out and the user said yes to where it goes. It publishes over a connection of its own,
// through a PublishGuard (read-only profiles refused, one audit line per publish), and says how
// many subscribers received it. Templates and the last published messages can be opened again.
class ComposeDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ComposeDialog(const SessionOrigin &target, QWidget *parent = nullptr);
    ~ComposeDialog() override;

    // Where it publishes; a target that may not be published to disables Publish and says why.
    void setTarget(const SessionOrigin &target);
    // Names the username field completes from: the users seen on the bus.
    void setKnownUsers(const QStringList &usernames);

    void setDraft(const ToastDraft &draft);
    ToastDraft draft() const;
    // The username for a toast to one user (sent again, it may go to a test account), else the title.
    void focusFirstField();

    // Checks the form, asks, and publishes (what the Publish… button does).
    void publish();
    QString resultText() const;
    QPushButton *publishButton() const { return m_publishButton; }
    ToastPreview *preview() const;

signals:
    void published(const QByteArray &channel, qint64 receivers);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void showIssues(const ToastDraft &draft);
    void showIssue(QLabel *label, QWidget *field, const QList<ToastDraft::Issue> &issues);
    void showResult(const QString &text, bool problem);
    void onPublished(const QByteArray &channel, qint64 receivers);
    void onRefused(const QString &reason);
    void saveTemplate();
    void removeTemplate();
    void loadTemplates(const QString &current = QString());
    void chooseTemplate(int index);
    void fillHistoryMenu();
    QWidget *fieldOf(ToastDraft::Field field) const;

    std::unique_ptr<Ui::ComposeDialog> m_ui;
    QPushButton *m_publishButton;
    QStringListModel *m_knownUsers;
    QTimer *m_slowAnswer;
    PublishGuard *m_guard = nullptr;
    SessionOrigin m_target;
    ToastDraft m_sending;     // what is on its way, for the history
    bool m_attempted = false; // empty required fields are pointed out once Publish was pressed
    bool m_filling = false;
};

} // namespace busmon
