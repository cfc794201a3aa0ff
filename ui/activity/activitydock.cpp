#include "activitydock.h"

#include "activitychartspanel.h"
#include "activitychartview.h"
#include "usertimelinepanel.h"

#include "activity/activitytracker.h"
#include "session/monitorsession.h"
#include "store/eventfiltermodel.h"
#include "store/eventstore.h"
#include "store/filterexpression.h"
#include "store/liveintake.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QScrollArea>
#include <QSettings>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace busmon {

namespace {
QString windowLabel(ActivityWindow window)
{
    switch (window) {
    case ActivityWindow::FiveMinutes:
        return ActivityDock::tr("Last 5 minutes");
    case ActivityWindow::Hour:
        return ActivityDock::tr("Last hour");
    case ActivityWindow::Day:
        return ActivityDock::tr("Last 24 hours");
    case ActivityWindow::All:
        break;
    }
    return ActivityDock::tr("Everything retained");
}
} // namespace

ActivityDock::ActivityDock(QWidget *parent)
    : QDockWidget(tr("Sync activity"), parent)
    , m_tracker(new ActivityTracker(this))
    , m_windowBox(new QComboBox(this))
    , m_scopeBox(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_pages(new QTabWidget(this))
    , m_charts(new ActivityChartsPanel(this))
    , m_timeline(new UserTimelinePanel(this))
    , m_tickTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("activityDock"));
    setAllowedAreas(Qt::AllDockWidgetAreas);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_charts);
    m_pages->setDocumentMode(true);
    m_pages->addTab(scroll, tr("Charts"));
    m_pages->addTab(m_timeline, tr("User timeline"));

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(createTopRow());
    layout->addWidget(m_pages, 1);
    setWidget(content);

    connect(m_charts, &ActivityChartsPanel::userPicked, this, &ActivityDock::pickUser);
    connect(m_timeline, &UserTimelinePanel::rowRequested, this, &ActivityDock::rowRequested);
    connect(m_tracker, &ActivityTracker::countingProgress, this, [this] { tick(); });
    connect(m_tracker, &ActivityTracker::counted, this, [this] { refreshNow(); });
    connect(m_pages, &QTabWidget::currentChanged, this, [this] { refreshNow(); });
    connect(this, &QDockWidget::visibilityChanged, this, [this] { updateSource(); });
    m_tickTimer->setInterval(refreshIntervalMs);
    connect(m_tickTimer, &QTimer::timeout, this, &ActivityDock::tick);
    m_tickTimer->start();
}

ActivityDock::~ActivityDock() = default;

QWidget *ActivityDock::createTopRow()
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_windowBox->setObjectName(QStringLiteral("activityWindow"));
    for (const ActivityWindow window : allActivityWindows)
        m_windowBox->addItem(windowLabel(window), int(window));
    m_scopeBox->setObjectName(QStringLiteral("activityScope"));
    m_scopeBox->addItem(tr("All messages"), int(Scope::AllRetained));
    m_scopeBox->addItem(tr("This tab and filter"), int(Scope::CurrentTab));
    m_scopeBox->setToolTip(tr("Chart every retained message, or only what the current tab and filter show"));
    QSettings settings;
    m_windowBox->setCurrentIndex(
        std::max(0, m_windowBox->findData(settings.value(QStringLiteral("activity/window"), 0).toInt())));
    m_scopeBox->setCurrentIndex(
        std::max(0, m_scopeBox->findData(settings.value(QStringLiteral("activity/scope"), 0).toInt())));
    connect(m_windowBox, &QComboBox::currentIndexChanged, this, [this] {
        saveChoices();
        refreshNow();
    });
    connect(m_scopeBox, &QComboBox::currentIndexChanged, this, [this] {
        saveChoices();
        updateSource();
    });

    auto *exportButton = new QToolButton(row);
    exportButton->setText(tr("Export"));
    exportButton->setToolTip(tr("Save a chart as PNG, or its data as CSV"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(exportButton);
    for (ActivityChartView *view : m_charts->views()) {
        const QString title = view->chart()->title();
        menu->addAction(tr("%1 as PNG…").arg(title), view, &ActivityChartView::exportPng);
        menu->addAction(tr("%1 data as CSV…").arg(title), view, &ActivityChartView::exportCsv);
    }
    exportButton->setMenu(menu);

    m_status->setObjectName(QStringLiteral("activityStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    // In a narrow window the status gives way (clipped) before the table has to.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setMinimumWidth(0);
    layout->addWidget(m_windowBox);
    layout->addWidget(m_scopeBox);
    layout->addWidget(m_status, 1);
    layout->addWidget(exportButton);
    return row;
}

void ActivityDock::saveChoices() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("activity/window"), int(window()));
    settings.setValue(QStringLiteral("activity/scope"), int(scope()));
}

ActivityWindow ActivityDock::window() const
{
    return ActivityWindow(m_windowBox->currentData().toInt());
}

void ActivityDock::setWindow(ActivityWindow window)
{
    m_windowBox->setCurrentIndex(m_windowBox->findData(int(window)));
}

ActivityDock::Scope ActivityDock::scope() const
{
    return Scope(m_scopeBox->currentData().toInt());
}

void ActivityDock::setScope(Scope scope)
{
    m_scopeBox->setCurrentIndex(m_scopeBox->findData(int(scope)));
}

void ActivityDock::setTabModel(EventFilterModel *model)
{
    m_tabModel = model;
    m_timeline->setStore(model ? model->store() : nullptr);
    updateSource();
}

void ActivityDock::setSession(MonitorSession *session)
{
    m_session = session;
    refreshNow();
}

void ActivityDock::updateSource()
{
    // While closed nothing is counted, and the payload facts are let go.
    EventStore *store = m_tabModel && !isHidden() ? m_tabModel->store() : nullptr;
    EventFilterModel *scopeModel = store && scope() == Scope::CurrentTab ? m_tabModel.data() : nullptr;
    if (store != m_tracker->store() || scopeModel != m_tracker->scope())
        m_tracker->setSource(store, scopeModel);
    refreshNow();
}

void ActivityDock::pickUser(const QString &user)
{
    emit userFilterRequested(FilterExpression::term(QStringLiteral("user"), user));
    m_timeline->setUser(user);
}

void ActivityDock::showUserTimeline(const QString &user)
{
    show();
    raise();
    m_pages->setCurrentWidget(m_timeline);
    m_timeline->setUser(user);
}

bool ActivityDock::eventFilter(QObject *watched, QEvent *event)
{
    // The window narrowed: a dock beside the table gives way, down to maxShareOfWindow of the
    // window, so that the table keeps the rest (QMainWindow alone squeezes the table first).
    auto *mainWindow = qobject_cast<QMainWindow *>(parentWidget());
    if (watched == mainWindow && event->type() == QEvent::Resize && !m_givingWay && isVisible() &&
        !isFloating()) {
        const Qt::DockWidgetArea area = mainWindow->dockWidgetArea(this);
        const int most = std::max(minimumSizeHint().width(), mainWindow->width() * maxSharePercent / 100);
        if ((area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea) && width() > most) {
            m_givingWay = true;
            QTimer::singleShot(0, this, [this, mainWindow] {
                m_givingWay = false;
                const int allowed =
                    std::max(minimumSizeHint().width(), mainWindow->width() * maxSharePercent / 100);
                if (width() > allowed)
                    mainWindow->resizeDocks({this}, {allowed}, Qt::Horizontal);
            });
        }
    }
    return QDockWidget::eventFilter(watched, event);
}

void ActivityDock::showEvent(QShowEvent *event)
{
    QDockWidget::showEvent(event);
    // Docked for the first time in this run and squeezed: room for the time axes, but never more
    // than about 45% of the window, so the table stays readable in a narrow one (the user's own
    // width comes back with the window's saved state).
    auto *mainWindow = qobject_cast<QMainWindow *>(parentWidget());
    if (mainWindow)
        mainWindow->installEventFilter(this); // again on each show: that only moves it to the front
    const int wanted =
        mainWindow ? std::min(sizeHint().width(), mainWindow->width() * maxSharePercent / 100) : 0;
    if (!std::exchange(m_widened, true) && mainWindow && !isFloating() && width() < wanted)
        QTimer::singleShot(0, this, [this, mainWindow, wanted] {
            mainWindow->resizeDocks({this}, {wanted}, Qt::Horizontal);
        });
}

QSize ActivityDock::sizeHint() const
{
    return QSize(std::max(560, QDockWidget::sizeHint().width()), QDockWidget::sizeHint().height());
}

QString ActivityDock::statusText() const
{
    return m_status->text();
}

void ActivityDock::refreshNow()
{
    m_stale = true;
    tick();
}

void ActivityDock::tick()
{
    if (isHidden() || !m_tracker->store())
        return;
    if (m_tracker->isCounting() || (m_tracker->scope() && m_tracker->scope()->isFiltering())) {
        m_status->setText(tr("counting… %1%").arg(m_tracker->countingPercent()));
        return;
    }
    // A live bus keeps the clock running; paused, the charts stay with what the table holds.
    const bool live = m_session && m_session->isReceiving() && !m_session->intake()->isPaused();
    const std::optional<qint64> now =
        live ? std::optional<qint64>(QDateTime::currentMSecsSinceEpoch()) : std::nullopt;
    // Nothing new and the clock did not move a second: the charts stay as they are.
    const quint64 generation = m_tracker->tally().generation();
    const qint64 endSecond = std::max(m_tracker->newestMs().value_or(0), now.value_or(0)) / 1000;
    if (!std::exchange(m_stale, false) && generation == m_shownGeneration && endSecond == m_shownEndSecond)
        return;
    const ActivitySnapshot snapshot = m_tracker->snapshot(window(), now);
    m_shownGeneration = generation;
    m_shownEndSecond = endSecond;
    const int inScope = m_tracker->scope() ? m_tracker->scope()->rowCount() : m_tracker->store()->size();
    m_status->setText((live ? tr("%1 messages · live") : tr("%1 messages")).arg(QLocale().toString(inScope)));
    if (m_pages->currentWidget() == m_timeline) {
        m_timeline->setRange(snapshot.fromMs, snapshot.toMs);
        const quint64 appended = m_tracker->store()->appendedCount();
        if (appended != m_timelineAppended || !live) {
            m_timelineAppended = appended;
            m_timeline->refresh();
        }
        return;
    }
    m_charts->showSnapshot(snapshot);
}

} // namespace busmon
