#pragma once

#include "activity/activitysnapshot.h"

#include <QWidget>
#include <memory>

class QChart;
class QGridLayout;

namespace busmon {

class ActivityChartView;
class ActivitySummary;
class BusiestUsersChart;
class DurationChart;
class OutcomeChart;
class SyncCountChart;

// The sync activity charts of one snapshot: the summary figures, syncs per minute, durations, the
// busiest users and what failed. One column in a narrow dock, two when there is room.
class ActivityChartsPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int twoColumnWidth = 900;

    explicit ActivityChartsPanel(QWidget *parent = nullptr);
    ~ActivityChartsPanel() override;

    void showSnapshot(const ActivitySnapshot &snapshot);
    const ActivitySnapshot &snapshot() const { return *m_snapshot; }

    ActivitySummary *summary() const { return m_summary; }
    SyncCountChart *syncChart() const { return m_syncs; }
    DurationChart *durationChart() const { return m_durations; }
    BusiestUsersChart *usersChart() const { return m_users; }
    OutcomeChart *outcomeChart() const { return m_outcomes; }
    QList<ActivityChartView *> views() const { return m_views; }
    ActivityChartView *usersView() const;

signals:
    void userPicked(const QString &user);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void addView(QChart *chart, const QString &fileStem, int csvChart);
    void restyle();
    void layOut(int columns);

    std::shared_ptr<ActivitySnapshot> m_snapshot;
    ActivitySummary *m_summary;
    SyncCountChart *m_syncs;
    DurationChart *m_durations;
    BusiestUsersChart *m_users;
    OutcomeChart *m_outcomes;
    QList<ActivityChartView *> m_views;
    QGridLayout *m_grid;
    int m_columns = 0;
};

} // namespace busmon
