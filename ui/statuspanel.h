#pragma once

#include "bus/connectionstatus.h"

#include <QObject>

class QLabel;
class QStatusBar;

namespace busmon {

// The status bar's fields: connection state (connected to URL, reconnecting in N s, failed and
// why), messages per second, retained rows, dropped messages, how many wait while paused, and how
// many wait because the window is behind the bus.
class StatusPanel : public QObject
{
    Q_OBJECT
public:
    explicit StatusPanel(QStatusBar *bar);

    void setConnection(const ConnectionStatus &status, const QString &displayUrl);
    void setRate(double messagesPerSecond);
    void setRetained(qint64 retained, qint64 limit);
    void setDropped(quint64 dropped);
    void setPaused(bool paused, qint64 waiting);
    // Received but not yet shown (paused aside). Shown from noticeableBacklog on: at a live pace
    // a few thousand wait for the next step as a rule.
    static constexpr qint64 noticeableBacklog = 10'000;
    void setBacklog(qint64 waiting);
    static constexpr qint64 noticeableFilterMs = 50;
    void setFilterTiming(int rows, int matches, qint64 ms); // shown from noticeableFilterMs on
    void showNote(const QString &note); // news that is not the connection state, e.g. from the demo bus

    QString connectionText() const;
    QString pausedText() const;
    QString rateText() const;
    QString backlogText() const;      // empty while hidden
    QString droppedText() const;      // empty while hidden
    QString filterTimingText() const; // empty while hidden

private:
    QLabel *m_connection;
    QLabel *m_rate;
    QLabel *m_retained;
    QLabel *m_dropped;
    QLabel *m_paused;
    QLabel *m_backlog;
    QLabel *m_filterTiming;
};

} // namespace busmon
