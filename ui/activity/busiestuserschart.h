#pragma once

#include "activity/activitysnapshot.h"

#include <QChart>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSet;
class QHorizontalBarSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace busmon {

class ChartStyle;

// The users who synced most in the window: their syncs and the records those syncs stored or merged,
// the busiest on top. Clicking a user's bar picks that user.
class BusiestUsersChart : public QChart
{
    Q_OBJECT
public:
    BusiestUsersChart();
    void showSnapshot(const ActivitySnapshot &snapshot);
    void restyle(const ChartStyle &style);

    QBarSet *syncSet() const { return m_syncs; }
    QBarSet *recordSet() const { return m_records; }
    QHorizontalBarSeries *series() const { return m_series; }
    // Top to bottom.
    QStringList users() const { return m_users; }
    // Bar index (0 at the bottom, as Qt Charts counts) to user name.
    QString userAt(int barIndex) const;

signals:
    void userClicked(const QString &user);

private:
    QHorizontalBarSeries *m_series;
    QBarSet *m_syncs;
    QBarSet *m_records;
    QBarCategoryAxis *m_userAxis;
    QValueAxis *m_countAxis;
    QStringList m_users;
};

} // namespace busmon
