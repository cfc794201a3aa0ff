#include "activitysummary.h"

#include "activity/activityreport.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace busmon {

ActivitySummary::ActivitySummary(QWidget *parent)
    : QWidget(parent)
    , m_grid(new QGridLayout)
    , m_exclusions(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(m_grid);
    layout->addWidget(m_exclusions);
    m_grid->setHorizontalSpacing(12);
    m_grid->setVerticalSpacing(0);
    m_exclusions->setObjectName(QStringLiteral("durationExclusions"));
    m_exclusions->setWordWrap(true);
    m_exclusions->hide();
    addFigure(Figure::Syncs, tr("syncs"), tr("Syncs in the window"));
    addFigure(Figure::SyncsLastMinute, tr("syncs / min now"),
              tr("Syncs in the 60 seconds up to the window's end"));
    addFigure(Figure::DurationP50, tr("median duration"),
              tr("service_duration: the median (nearest rank) over the window's syncs"));
    addFigure(Figure::DurationP95, tr("95th percentile"),
              tr("service_duration: the 95th percentile (nearest rank) over the window's syncs"));
    addFigure(Figure::Users, tr("users syncing"), tr("Distinct users with a sync in the window"));
    addFigure(Figure::Errors, tr("errors"), tr("log_message lines with error: true"));
    setColumns(3);
}

void ActivitySummary::addFigure(Figure figure, const QString &caption, const QString &tip)
{
    auto *value = new QLabel(QStringLiteral("—"), this);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    value->setFont(big);
    value->setToolTip(tip);
    auto *label = new QLabel(caption, this);
    label->setToolTip(tip);
    label->setForegroundRole(QPalette::PlaceholderText);
    m_order << figure;
    m_values.insert(figure, value);
    m_captions.insert(figure, label);
}

void ActivitySummary::setColumns(int columns)
{
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (const Figure figure : std::as_const(m_order)) {
        m_grid->removeWidget(m_values.value(figure));
        m_grid->removeWidget(m_captions.value(figure));
    }
    for (qsizetype i = 0; i < m_order.size(); ++i) {
        const int row = static_cast<int>(i) / columns * 2;
        const int column = static_cast<int>(i) % columns;
        m_grid->addWidget(m_values.value(m_order.at(i)), row, column);
        m_grid->addWidget(m_captions.value(m_order.at(i)), row + 1, column);
    }
}

void ActivitySummary::showSnapshot(const ActivitySnapshot &snapshot)
{
    const QLocale locale;
    m_values.value(Figure::Syncs)->setText(locale.toString(snapshot.total.syncs));
    m_values.value(Figure::SyncsLastMinute)->setText(locale.toString(snapshot.syncsLastMinute));
    m_values.value(Figure::DurationP50)->setText(ActivityReport::seconds(snapshot.durationP50));
    m_values.value(Figure::DurationP95)->setText(ActivityReport::seconds(snapshot.durationP95));
    m_values.value(Figure::Users)->setText(locale.toString(snapshot.distinctUsers));
    m_values.value(Figure::Errors)->setText(locale.toString(snapshot.total.errors));
    const qint64 excluded = snapshot.total.durationsExcluded();
    m_exclusions->setVisible(excluded > 0);
    m_exclusions->setText(tr("%n sync(s) left out of the durations — service_duration: %1", nullptr,
                             static_cast<int>(std::min<qint64>(excluded, INT_MAX)))
                              .arg(ActivityReport::exclusionReasons(snapshot.total)));
}

QString ActivitySummary::figureText(Figure figure) const
{
    return m_values.value(figure)->text();
}

QString ActivitySummary::exclusionText() const
{
    return m_exclusions->isVisible() ? m_exclusions->text() : QString();
}

} // namespace busmon
