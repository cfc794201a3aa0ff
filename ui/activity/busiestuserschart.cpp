#include "busiestuserschart.h"

#include "chartstyle.h"
#include "minutechart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QToolTip>
#include <QValueAxis>
#include <cmath>

namespace busmon {

namespace {
constexpr int labelLength = 16;

QString shortName(const QString &name)
{
    return name.size() <= labelLength ? name : name.left(labelLength - 1) + QChar(0x2026);
}
} // namespace

BusiestUsersChart::BusiestUsersChart()
    : m_series(new QHorizontalBarSeries(this))
    , m_syncs(new QBarSet(tr("syncs"), this))
    , m_records(new QBarSet(tr("records stored or merged"), this))
    , m_userAxis(new QBarCategoryAxis(this))
    , m_countAxis(new QValueAxis(this))
{
    setTitle(tr("Busiest users"));
    setAnimationOptions(QChart::NoAnimation);
    setMargins(QMargins(4, 4, 4, 4));
    legend()->setAlignment(Qt::AlignBottom);
    // A user's first set is drawn lowest: syncs go on top, and the legend reads top bar first.
    m_series->append(m_records);
    m_series->append(m_syncs);
    legend()->setReverseMarkers(true);
    m_series->setBarWidth(0.8);
    addSeries(m_series);
    m_countAxis->setTitleText(tr("count"));
    m_countAxis->setLabelFormat(QStringLiteral("%.0f"));
    addAxis(m_userAxis, Qt::AlignLeft);
    addAxis(m_countAxis, Qt::AlignBottom);
    m_series->attachAxis(m_userAxis);
    m_series->attachAxis(m_countAxis);
    connect(m_series, &QHorizontalBarSeries::clicked, this,
            [this](int index, QBarSet *) { emit userClicked(userAt(index)); });
    connect(m_series, &QHorizontalBarSeries::hovered, this, [this](bool status, int index, QBarSet *) {
        if (!status || index < 0 || index >= m_syncs->count()) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(QCursor::pos(), tr("%1: %2 syncs, %3 records stored or merged — click to filter")
                                               .arg(userAt(index))
                                               .arg(m_syncs->at(index))
                                               .arg(m_records->at(index)));
    });
}

QString BusiestUsersChart::userAt(int barIndex) const
{
    const qsizetype fromTop = m_users.size() - 1 - barIndex;
    return fromTop >= 0 && fromTop < m_users.size() ? m_users.at(fromTop) : QString();
}

void BusiestUsersChart::showSnapshot(const ActivitySnapshot &snapshot)
{
    m_users.clear();
    QStringList categories;
    QList<qreal> syncs;
    QList<qreal> records;
    double largest = 0;
    // Qt Charts draws the first category at the bottom: the busiest go last.
    for (auto it = snapshot.topUsers.crbegin(); it != snapshot.topUsers.crend(); ++it) {
        QString label = shortName(it->name.isEmpty() ? tr("(no user)") : it->name);
        while (categories.contains(label))
            label += QLatin1Char(' ');
        categories << label;
        syncs << qreal(it->syncs);
        records << qreal(it->records);
        largest = std::max({largest, double(it->syncs), double(it->records)});
    }
    for (const ActivitySnapshot::User &user : snapshot.topUsers)
        m_users << user.name;
    if (m_userAxis->categories() != categories) {
        m_userAxis->clear();
        m_userAxis->append(categories);
    }
    m_syncs->remove(0, m_syncs->count());
    m_syncs->append(syncs);
    m_records->remove(0, m_records->count());
    m_records->append(records);
    const double step = std::max(1.0, MinuteChart::roundStep(largest / 4));
    m_countAxis->setRange(0, step * 4);
}

void BusiestUsersChart::restyle(const ChartStyle &style)
{
    style.apply(this);
    m_syncs->setColor(style.color(ChartStyle::Hue::Blue));
    m_syncs->setBorderColor(style.color(ChartStyle::Hue::Blue));
    m_records->setColor(style.color(ChartStyle::Hue::Teal));
    m_records->setBorderColor(style.color(ChartStyle::Hue::Teal));
}

} // namespace busmon
