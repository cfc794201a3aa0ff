#pragma once

#include <QFrame>

class QJsonDocument;
class QLabel;

namespace busmon {

// A toast as the Inthe.AM web UI shows it: the title in bold, a colon, then the message, all as
// plain text (markup in a payload is shown, never rendered), tinted by `type`
// (info, warning, error, success; anything else is info).
class ToastPreview : public QFrame
{
    Q_OBJECT
public:
    explicit ToastPreview(QWidget *parent = nullptr);

    // Returns false (and shows why) when the payload is not a toast the web UI could show.
    bool showPayload(const QByteArray &payload);
    bool showDocument(const QJsonDocument &document); // the payload, parsed elsewhere
    void showNote(const QString &note);               // no toast, only this ("Parsing…")
    QString shownText() const;                        // the text a user reads, without markup
    QString toastType() const { return m_type; }

private:
    void applyTint();

    QLabel *m_toast;
    QLabel *m_note;
    QString m_type = QStringLiteral("info");
    QString m_plainText;
};

} // namespace busmon
