#pragma once

#include "activity/activitywindow.h"

#include <QDockWidget>
#include <QPointer>

class QComboBox;
class QLabel;
class QTabWidget;
class QTimer;

namespace busmon {

class ActivityChartsPanel;
class ActivityTracker;
class EventFilterModel;
class MonitorSession;
class UserTimelinePanel;

// The Sync activity view, kept beside the table: charts of the window's sync activity (about once a
// second, no animation) and a user's timeline. It counts every retained message, or only what the
// current tab and filter show. Times are the messages' received times; a live bus keeps the clock
// running, an opened capture charts over its recorded times. While closed it counts nothing.
class ActivityDock : public QDockWidget
{
    Q_OBJECT
public:
    // Beside the table, the dock takes at most this share of the window's width when the window is
    // narrowed or the dock first opens.
    static constexpr int maxSharePercent = 45;
    static constexpr int refreshIntervalMs = 1000;
    enum class Scope { AllRetained, CurrentTab };

    explicit ActivityDock(QWidget *parent = nullptr);
    ~ActivityDock() override;

    // The tab in view (its store is the session's); and the session, for whether it is live.
    void setTabModel(EventFilterModel *model);
    void setSession(MonitorSession *session);

    ActivityWindow window() const;
    void setWindow(ActivityWindow window);
    Scope scope() const;
    void setScope(Scope scope);
    // Shows the dock with that user's timeline.
    void showUserTimeline(const QString &user);
    // Draws the current figures now instead of at the next tick (tests, scripts).
    void refreshNow();

    ActivityTracker *tracker() const { return m_tracker; }
    ActivityChartsPanel *charts() const { return m_charts; }
    UserTimelinePanel *timeline() const { return m_timeline; }
    QString statusText() const;
    QSize sizeHint() const override; // room for the time axes beside the table at 1400 pixels

signals:
    // A user picked on a chart: the term that filters the table to them ("user:alice").
    void userFilterRequested(const QString &term);
    // A message picked on the timeline: select its row (EventStore row id).
    void rowRequested(quint64 rowId);

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *createTopRow();
    void updateSource();
    void tick();
    void pickUser(const QString &user);
    void saveChoices() const;

    ActivityTracker *m_tracker;
    QPointer<EventFilterModel> m_tabModel;
    QPointer<MonitorSession> m_session;
    QComboBox *m_windowBox;
    QComboBox *m_scopeBox;
    QLabel *m_status;
    QTabWidget *m_pages;
    ActivityChartsPanel *m_charts;
    UserTimelinePanel *m_timeline;
    QTimer *m_tickTimer;
    bool m_stale = true; // draw at the next tick whatever changed
    quint64 m_shownGeneration = 0;
    qint64 m_shownEndSecond = 0;
    quint64 m_timelineAppended = 0;
    bool m_widened = false;
    bool m_givingWay = false; // a narrowing of the window is being answered
};

} // namespace busmon
