#pragma once

#include "activity/activitysnapshot.h"

#include <QMap>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace busmon {

// The window's figures at a glance: total syncs, syncs in the last minute, median and 95th-percentile
// duration, users who synced and errors; below them, how many syncs the durations leave out and why.
class ActivitySummary : public QWidget
{
    Q_OBJECT
public:
    enum class Figure { Syncs, SyncsLastMinute, DurationP50, DurationP95, Users, Errors };

    explicit ActivitySummary(QWidget *parent = nullptr);
    void showSnapshot(const ActivitySnapshot &snapshot);
    // Lays the figures out in this many columns (three or six).
    void setColumns(int columns);

    QString figureText(Figure figure) const;
    QString exclusionText() const;

private:
    void addFigure(Figure figure, const QString &caption, const QString &tip);

    QGridLayout *m_grid;
    QList<Figure> m_order;
    QMap<Figure, QLabel *> m_values;
    QMap<Figure, QLabel *> m_captions;
    QLabel *m_exclusions;
    int m_columns = 0;
};

} // namespace busmon
