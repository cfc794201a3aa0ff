#include "activitychartspanel.h"

#include "activitychartview.h"
#include "activitysummary.h"
#include "busiestuserschart.h"
#include "chartstyle.h"
#include "durationchart.h"
#include "outcomechart.h"
#include "synccountchart.h"

#include "activity/activityreport.h"

#include <QEvent>
#include <QGridLayout>
#include <QResizeEvent>
#include <QVBoxLayout>

namespace busmon {

ActivityChartsPanel::ActivityChartsPanel(QWidget *parent)
    : QWidget(parent)
    , m_snapshot(std::make_shared<ActivitySnapshot>())
    , m_summary(new ActivitySummary(this))
    , m_syncs(new SyncCountChart)
    , m_durations(new DurationChart)
    , m_users(new BusiestUsersChart)
    , m_outcomes(new OutcomeChart)
    , m_grid(new QGridLayout)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addLayout(m_grid, 1);
    m_grid->setSpacing(2);
    using Chart = ActivityReport::Chart;
    addView(m_syncs, QStringLiteral("sync-activity-syncs"), int(Chart::Syncs));
    addView(m_durations, QStringLiteral("sync-activity-durations"), int(Chart::Durations));
    addView(m_users, QStringLiteral("sync-activity-users"), int(Chart::Users));
    addView(m_outcomes, QStringLiteral("sync-activity-failures"), int(Chart::Outcomes));
    connect(m_users, &BusiestUsersChart::userClicked, this, [this](const QString &user) {
        if (!user.isEmpty())
            emit userPicked(user);
    });
    layOut(1);
    restyle();
    showSnapshot(*m_snapshot);
}

ActivityChartsPanel::~ActivityChartsPanel() = default;

void ActivityChartsPanel::addView(QChart *chart, const QString &fileStem, int csvChart)
{
    const std::shared_ptr<ActivitySnapshot> snapshot = m_snapshot;
    auto *view = new ActivityChartView(
        chart, fileStem,
        [snapshot, csvChart] { return ActivityReport::toCsv(*snapshot, ActivityReport::Chart(csvChart)); },
        this);
    view->setObjectName(fileStem);
    m_views << view;
}

ActivityChartView *ActivityChartsPanel::usersView() const
{
    return m_views.at(2);
}

void ActivityChartsPanel::showSnapshot(const ActivitySnapshot &snapshot)
{
    *m_snapshot = snapshot;
    m_summary->showSnapshot(snapshot);
    m_syncs->showSnapshot(snapshot);
    m_durations->showSnapshot(snapshot);
    m_users->showSnapshot(snapshot);
    m_outcomes->showSnapshot(snapshot);
}

void ActivityChartsPanel::restyle()
{
    const ChartStyle style(palette(), font());
    m_syncs->restyle(style);
    m_durations->restyle(style);
    m_users->restyle(style);
    m_outcomes->restyle(style);
    for (ActivityChartView *view : std::as_const(m_views))
        view->setBackgroundBrush(palette().color(QPalette::Window));
}

void ActivityChartsPanel::layOut(int columns)
{
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (ActivityChartView *view : std::as_const(m_views))
        m_grid->removeWidget(view);
    for (qsizetype i = 0; i < m_views.size(); ++i)
        m_grid->addWidget(m_views.at(i), static_cast<int>(i) / columns, static_cast<int>(i) % columns);
    m_summary->setColumns(columns == 1 ? 3 : 6);
}

void ActivityChartsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        restyle();
    QWidget::changeEvent(event);
}

void ActivityChartsPanel::resizeEvent(QResizeEvent *event)
{
    layOut(event->size().width() >= twoColumnWidth ? 2 : 1);
    QWidget::resizeEvent(event);
}

} // namespace busmon
