#pragma once

#include <QTableView>

class QTimer;

namespace busmon {

// The message table: uniform row heights, fixed column widths (no resize-to-contents on live
// data), and tail-follow on a timer rather than per insert. Following turns off when the user
// scrolls up and back on when they return to the bottom.
class EventTableView : public QTableView
{
    Q_OBJECT
public:
    explicit EventTableView(QWidget *parent = nullptr);

    bool isFollowing() const { return m_following; }
    void setFollowing(bool following);

signals:
    void followingChanged(bool following);

protected:
    void mousePressEvent(QMouseEvent *event) override;

private:
    void followTick();
    void onScrolled(int value);

    QTimer *m_followTimer;
    bool m_following = true;
    bool m_scrollingByUs = false;
    int m_lastMaximum = 0;
};

} // namespace busmon
