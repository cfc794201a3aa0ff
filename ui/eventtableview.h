#pragma once

#include <QHash>
#include <QTableView>

class QTimer;

namespace busmon {

// The message table: uniform row heights, fixed column widths (no resize-to-contents on live
// data), and tail-follow on a timer rather than per insert. Following turns off when the user
// scrolls up and back on when they return to the bottom.
// In a narrow window, columns go in a set order (setNarrowDropOrder) so the stretching summary
// keeps a readable width; they come back when there is room. The header's context menu shows and
// hides columns for good.
class EventTableView : public QTableView
{
    Q_OBJECT
public:
    explicit EventTableView(QWidget *parent = nullptr);

    bool isFollowing() const { return m_following; }
    void setFollowing(bool following);

    void setNarrowDropOrder(const QList<int> &columns, int stretchColumn, int minStretchWidth);
    QList<int> columnsDroppedForWidth() const { return m_droppedWidths.keys(); }
    // The header's state with the columns dropped for width shown: what the user chose.
    QByteArray saveHeaderState();
    bool restoreHeaderState(const QByteArray &state);

signals:
    void followingChanged(bool following);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void followTick();
    void onScrolled(int value);
    void fitColumns();
    int fixedColumnsWidth() const;
    void showHeaderMenu(const QPoint &position);

    QTimer *m_followTimer;
    bool m_following = true;
    bool m_scrollingByUs = false;
    int m_lastMaximum = 0;
    QList<int> m_dropOrder;
    int m_stretchColumn = -1;
    int m_minStretchWidth = 0;
    QHash<int, int> m_droppedWidths; // column → its width before it was dropped
};

} // namespace busmon
