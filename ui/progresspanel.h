#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace busmon {

// A long task in the status bar: what it is, how far it got and a Cancel button. Loading, saving and
// exporting a capture show one; it hides itself when the task ends.
class ProgressPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProgressPanel(QWidget *parent = nullptr);

    void begin(const QString &what); // shows it at 0 %
    void setPercent(int percent);    // 0-100; below 0: busy, no percentage known
    void end();                      // hides it

    QString text() const;
    int percent() const;

signals:
    void cancelRequested();

private:
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
};

} // namespace busmon
