#include "usertimelinepanel.h"

#include "chartstyle.h"
#include "usertimelinechart.h"

#include "activity/usertimeline.h"
#include "events/isodatetime.h"
#include "store/eventstore.h"

#include <QChartView>
#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMouseEvent>
#include <QStringListModel>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

namespace busmon {

UserTimelinePanel::UserTimelinePanel(QWidget *parent)
    : QWidget(parent)
    , m_userBox(new QComboBox(this))
    , m_users(new QStringListModel(this))
    , m_info(new QLabel(this))
    , m_key(new QLabel(this))
    , m_resetZoom(new QToolButton(this))
    , m_chart(new UserTimelineChart)
    , m_view(new QChartView(m_chart, this))
{
    m_userBox->setObjectName(QStringLiteral("timelineUser"));
    m_userBox->setEditable(true);
    m_userBox->setInsertPolicy(QComboBox::NoInsert);
    m_userBox->setModel(m_users);
    m_userBox->setMinimumContentsLength(18);
    m_userBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_userBox->lineEdit()->setPlaceholderText(tr("user name"));
    m_userBox->lineEdit()->setClearButtonEnabled(true);
    auto *completer = new QCompleter(m_users, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_userBox->setCompleter(completer);
    m_info->setWordWrap(true);
    m_info->setObjectName(QStringLiteral("timelineInfo"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setRubberBand(QChartView::HorizontalRubberBand);
    m_view->setToolTip(
        tr("Drag to zoom in on a time span; right-click to zoom out. Click a message to select "
           "its row."));

    m_key->setWordWrap(true);
    m_key->setTextFormat(Qt::RichText);
    m_resetZoom->setText(tr("Whole window"));
    m_resetZoom->setToolTip(tr("Zoom out to the whole time window"));
    m_resetZoom->setVisible(false);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("User:"), this));
    top->addWidget(m_userBox, 1);
    top->addWidget(m_resetZoom);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_info);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_key);

    connect(m_userBox, &QComboBox::currentTextChanged, this, &UserTimelinePanel::refresh);
    m_view->viewport()->installEventFilter(this);
    connect(m_chart, &UserTimelineChart::eventHovered, this, &UserTimelinePanel::showToolTip);
    connect(m_resetZoom, &QToolButton::clicked, m_chart, &UserTimelineChart::resetZoom);
    connect(m_chart, &UserTimelineChart::zoomChanged, m_resetZoom, &QToolButton::setVisible);
    restyle();
    refresh();
}

void UserTimelinePanel::restyle()
{
    const ChartStyle style(palette(), font());
    m_chart->restyle(style);
    m_view->setBackgroundBrush(palette().color(QPalette::Window));
    m_key->setText(UserTimelineChart::legendHtml(style));
}

void UserTimelinePanel::setStore(EventStore *store)
{
    m_store = store;
    m_channelsListed = -1;
    refresh();
}

void UserTimelinePanel::setRange(qint64 fromMs, qint64 toMs)
{
    m_fromMs = fromMs;
    m_toMs = toMs;
}

QString UserTimelinePanel::user() const
{
    return m_userBox->currentText().trimmed();
}

void UserTimelinePanel::setUser(const QString &user)
{
    updateUsers();
    m_userBox->setCurrentText(user);
    refresh();
}

void UserTimelinePanel::updateUsers()
{
    if (!m_store || m_store->channelCount() == m_channelsListed)
        return;
    m_channelsListed = m_store->channelCount();
    const QString typed = m_userBox->currentText();
    m_users->setStringList(UserTimeline::users(*m_store));
    m_userBox->setCurrentText(typed);
}

void UserTimelinePanel::refresh()
{
    updateUsers();
    const QString name = user();
    if (name != m_shownUser && m_chart->isZoomed())
        m_chart->resetZoom();
    m_shownUser = name;
    if (!m_store || name.isEmpty()) {
        m_chart->showTimeline(UserTimeline(), m_fromMs, m_toMs);
        m_info->setText(
            tr("Type a user name, pick one from the busiest users chart, or right-click a table row."));
        return;
    }
    const UserTimeline timeline = UserTimeline::collect(*m_store, name, m_fromMs, m_toMs);
    m_chart->showTimeline(timeline, m_fromMs, m_toMs);
    const QLocale locale;
    QString info =
        timeline.truncated()
            ? tr("%1 messages of %2 in the window; the newest %3 shown.")
                  .arg(locale.toString(timeline.inWindow), name, locale.toString(timeline.events.size()))
            : tr("%1 messages of %2 in the window.").arg(locale.toString(timeline.inWindow), name);
    int changed = 0;
    for (const UserTimeline::Event &event : timeline.events)
        changed += event.changed ? 1 : 0;
    const auto unlinked = timeline.links.unlinkedSyncs.size();
    if (changed > 0)
        info +=
            QLatin1Char(' ') + tr("%1 syncs stored records: %2 followed by a local_sync, %3 not (red ring).")
                                   .arg(changed)
                                   .arg(changed - unlinked)
                                   .arg(unlinked);
    m_info->setText(info);
}

QString UserTimelinePanel::infoText() const
{
    return m_info->text();
}

void UserTimelinePanel::showToolTip(quint64 rowId, bool entered)
{
    const int index = m_store && entered ? m_store->indexOfRowId(rowId) : -1;
    if (index < 0) {
        QToolTip::hideText();
        return;
    }
    const StoredRow row = m_store->row(index);
    QToolTip::showText(
        QCursor::pos(),
        QStringLiteral("%1  %2\n%3")
            .arg(QDateTime::fromMSecsSinceEpoch(row.receivedMs).toString(QStringLiteral("HH:mm:ss.zzz")),
                 QString(eventKindName(row.kind)), QString::fromUtf8(row.summary)),
        m_view);
}

bool UserTimelinePanel::eventFilter(QObject *watched, QEvent *event)
{
    // A press on a message selects its row; anywhere else it starts the zoom's rubber band.
    if (watched == m_view->viewport() && event->type() == QEvent::MouseButtonPress) {
        const auto *press = static_cast<QMouseEvent *>(event);
        const QPointF inChart = m_chart->mapFromScene(m_view->mapToScene(press->position().toPoint()));
        if (press->button() == Qt::LeftButton) {
            if (const quint64 rowId = m_chart->rowIdAt(inChart)) {
                emit rowRequested(rowId);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void UserTimelinePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        restyle();
    QWidget::changeEvent(event);
}

} // namespace busmon
