#pragma once

#include "bus/connectionsettings.h"
#include "bus/connectionstatus.h"
#include "events/busevent.h"
#include "session/sessionorigin.h"

#include <QElapsedTimer>
#include <QList>
#include <QMainWindow>

class QAction;
class QMenu;
class QSpinBox;
class QSplitter;
class QTimer;
class QToolButton;

namespace busmon {

class ActivityDock;
class CaptureController;
struct ConnectionProfile;
class DetailPane;
class EventFilterModel;
class EventRowStyler;
class EventStore;
class EventTabBar;
class EventTableModel;
class EventTableView;
class FilterBar;
class MonitorSession;
class PasswordVault;
class PublishActions;
class StallMonitor;
class StatusPanel;

// The monitor window shows one monitoring session (MonitorSession: a bus, the demo bus or a
// capture): a tab per kind over one shared table (each tab its own filter model over the
// session's store), the filter bar above, the detail pane below, live controls in the tool bar
// and the connection state in the status bar. Watching something else starts a new session.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void connectTo(const ConnectionSettings &settings);
    void connectTo(const SessionOrigin &origin);
    bool connectToProfile(const QString &name);
    bool startDemo(QString *error = nullptr);
    void disconnectFromBus();
    void showConnectionDialog();
    // Shows a capture file (plain or gzip; "-" for standard input) as a new session, loading in the
    // background; File → Open capture…, `busmon FILE`, drag and drop and recent files end here.
    void openCapture(const QString &path);
    CaptureController *captures() const { return m_captures; }

    // Every few seconds on standard error: GUI thread lateness, retained rows, memory (for benchmarks).
    // With a benchFilter, once a report finds nothing new arrived since the last one, that filter is
    // applied to the current tab, once, and its time printed (tests/bench/gui-burst.sh).
    void enableStallReport(int everyMs = 5000, const QString &benchFilter = QString());

    void setPaused(bool paused);
    bool isPaused() const;
    void clear();

    // What "Filter on this value" adds for a table cell: `channel:…`, `user:…`, a quoted summary…
    static QString filterTermFor(const QModelIndex &index);
    void appendToFilter(const QString &term);

    // The Sync activity view (a dock beside the table): shown, and a message picked in it selected.
    ActivityDock *activityDock() const { return m_activityDock; }
    void showActivityView();
    bool showRow(quint64 rowId); // false when the current tab and filter do not show it

    // For tests and scripting: what the user sees.
    EventTabBar *tabBar() const { return m_tabBar; }
    EventTableView *tableView() const { return m_table; }
    FilterBar *filterBar() const { return m_filterBar; }
    DetailPane *detailPane() const { return m_detail; }
    StatusPanel *statusPanel() const { return m_status; }
    MonitorSession *session() const { return m_session; }
    PublishActions *publishActions() const { return m_publishActions; }
    EventStore *store() const;
    QAction *pauseAction() const { return m_pauseAction; }
    QAction *followAction() const { return m_followAction; }
    qint64 pausedWaitingCount() const;
    int tabRowCount(int tab) const;

signals:
    void sessionChanged(busmon::MonitorSession *session);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createPublishActions(QMenu *fileMenu);
    void createCaptureActions(QMenu *fileMenu, QAction *before);
    void createActivityDock(QMenu *viewMenu);
    void createLayout();
    QToolButton *createTabListButton(QWidget *parent);
    void restoreSettings();
    void saveSettings();

    void showTabModel(EventFilterModel *model);
    void applyBarFilter();
    void addTabFromFilter();
    void onFilterApplied(int matches, qint64 ms);
    void showTabMatches(); // "N of M" beside the filter bar

    // Shows `session` instead of the current one, which goes.
    void setSession(MonitorSession *session);
    void connectToProfile(const ConnectionProfile &profile, const QString &password);
    void onStatusChanged(const ConnectionStatus &status);
    void askForPassword(const QString &reason);
    void updateRate();
    void updateCounts();

    void onCurrentRowChanged();
    void showTableMenu(const QPoint &position);
    QString filterError(const QString &text, int *position) const;

    MonitorSession *m_session = nullptr;
    ActivityDock *m_activityDock = nullptr;
    EventTableModel *m_tableModel = nullptr; // over the session's store
    EventRowStyler *m_styler = nullptr;      // colours and icons over m_tableModel

    EventTabBar *m_tabBar;
    FilterBar *m_filterBar;
    EventTableView *m_table;
    DetailPane *m_detail;
    QSplitter *m_splitter;
    StatusPanel *m_status;
    QSpinBox *m_retentionSpin;
    PasswordVault *m_vault;
    PublishActions *m_publishActions = nullptr; // compose, Send again…, the audit log
    CaptureController *m_captures = nullptr;

    QAction *m_pauseAction = nullptr;
    QAction *m_followAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_disconnectAction = nullptr;

    QTimer *m_countsTimer;
    QTimer *m_rateTimer;
    QElapsedTimer m_rateClock;
    quint64 m_receivedAtLastRate = 0;
    quint64 m_shownRowId = 0;
    bool m_countsDirty = true;
    StallMonitor *m_stallMonitor = nullptr;
    QString m_benchFilter;
    quint64 m_receivedAtLastReport = 0;
};

} // namespace busmon
