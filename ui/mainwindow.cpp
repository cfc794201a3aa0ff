#include "mainwindow.h"

#include "aboutdialog.h"
#include "activity/activitydock.h"
#include "capturecontroller.h"
#include "connectiondialog.h"
#include "detailpane.h"
#include "eventrowstyler.h"
#include "eventtabbar.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "iconlibrary.h"
#include "passwordvault.h"
#include "publishactions.h"
#include "stallmonitor.h"
#include "statuspanel.h"

#include "bus/busfeed.h"
#include "profiles/connectionprofile.h"
#include "session/monitorsession.h"
#include "store/eventfiltermodel.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"
#include "store/filterexpression.h"
#include "store/liveintake.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace busmon {

namespace {
constexpr int countsIntervalMs = 250;
constexpr int rateIntervalMs = 1000;
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_filterBar(new FilterBar(this))
    , m_table(new EventTableView(this))
    , m_detail(new DetailPane(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_status(new StatusPanel(statusBar()))
    , m_retentionSpin(new QSpinBox(this))
    , m_vault(new PasswordVault(this))
    , m_countsTimer(new QTimer(this))
    , m_rateTimer(new QTimer(this))
{
    setWindowTitle(tr("busmon"));
    setWindowIcon(IconLibrary::icon(QStringLiteral("busmon")));
    m_tabBar = new EventTabBar(nullptr, nullptr, this);
    createLayout();
    createActions();
    m_countsTimer->setInterval(countsIntervalMs);
    connect(m_countsTimer, &QTimer::timeout, this, &MainWindow::updateCounts);
    m_countsTimer->start();
    m_rateTimer->setInterval(rateIntervalMs);
    connect(m_rateTimer, &QTimer::timeout, this, &MainWindow::updateRate);
    m_rateTimer->start();
    m_rateClock.start();

    m_filterBar->setHelpText(FilterExpression::syntaxHelp());
    m_filterBar->setChecker(
        [this](const QString &text, int *position) { return filterError(text, position); });
    connect(m_filterBar, &FilterBar::filterChanged, this, &MainWindow::applyBarFilter);
    connect(m_detail, &DetailPane::filterRequested, this, &MainWindow::appendToFilter);
    connect(m_table, &EventTableView::customContextMenuRequested, this, &MainWindow::showTableMenu);

    setSession(new MonitorSession(this));
    restoreSettings();
    updateCounts();
}

MainWindow::~MainWindow() = default;

EventStore *MainWindow::store() const
{
    return m_session->store();
}

void MainWindow::setSession(MonitorSession *session)
{
    MonitorSession *previous = std::exchange(m_session, session);
    EventTableModel *previousTable = std::exchange(m_tableModel, new EventTableModel(session->store(), this));
    EventRowStyler *previousStyler = std::exchange(m_styler, new EventRowStyler(this));
    session->setParent(this);
    session->store()->setRetentionLimit(m_retentionSpin->value());
    m_styler->setPalette(palette());
    m_styler->setSourceModel(m_tableModel);
    m_tabBar->setStore(session->store(), m_styler);
    // The models over the previous session go before it does.
    delete previousStyler;
    delete previousTable;
    delete previous;

    connect(session, &MonitorSession::countsChanged, this, [this] { m_countsDirty = true; });
    connect(session, &MonitorSession::statusChanged, this, &MainWindow::onStatusChanged);
    connect(session, &MonitorSession::noteRaised, m_status, &StatusPanel::showNote);
    m_disconnectAction->setEnabled(session->isReceiving());
    m_publishActions->setSession(session);
    const QString title = session->origin().title();
    setWindowTitle(title.isEmpty() ? tr("busmon") : tr("%1 — busmon").arg(title));
    m_status->setConnection(session->status(), title);
    m_shownRowId = 0;
    m_receivedAtLastRate = 0;
    m_detail->showNothing();
    m_countsDirty = true;
    updateCounts();
    if (m_captures)
        m_captures->sessionChanged(session);
    emit sessionChanged(session);
}

void MainWindow::createLayout()
{
    connect(m_tabBar, &EventTabBar::currentModelChanged, this, &MainWindow::showTabModel);
    connect(m_tabBar, &EventTabBar::newTabFromFilterRequested, this, &MainWindow::addTabFromFilter);
    connect(m_tabBar, &EventTabBar::filterApplied, this, &MainWindow::onFilterApplied);
    connect(m_tabBar, &EventTabBar::filterProgress, m_filterBar, &FilterBar::showProgress);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    auto *filterRow = new QWidget(top);
    auto *filterLayout = new QVBoxLayout(filterRow);
    filterLayout->setContentsMargins(6, 4, 6, 4);
    filterLayout->addWidget(m_filterBar);
    topLayout->addWidget(filterRow);
    auto *tabRow = new QWidget(top);
    auto *tabLayout = new QHBoxLayout(tabRow);
    tabLayout->setContentsMargins(0, 0, 0, 0);
    tabLayout->setSpacing(0);
    tabLayout->addWidget(m_tabBar, 1);
    tabLayout->addWidget(createTabListButton(tabRow));
    topLayout->addWidget(tabRow);
    topLayout->addWidget(m_table, 1);

    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(top);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    m_retentionSpin->setObjectName(QStringLiteral("retentionSpin"));
    m_retentionSpin->setRange(1000, 10'000'000);
    m_retentionSpin->setSingleStep(100'000);
    m_retentionSpin->setGroupSeparatorShown(true);
    m_retentionSpin->setValue(EventStore::defaultRetentionLimit);
    m_retentionSpin->setToolTip(tr("How many messages to keep; the oldest go beyond this"));
    m_retentionSpin->setPrefix(tr("keep "));
    connect(m_retentionSpin, &QSpinBox::valueChanged, this,
            [this](int limit) { m_session->store()->setRetentionLimit(limit); });
}

QToolButton *MainWindow::createTabListButton(QWidget *parent)
{
    // When the tabs do not fit the window, every tab stays one click away.
    auto *button = new QToolButton(parent);
    button->setObjectName(QStringLiteral("tabListButton"));
    button->setAutoRaise(true);
    button->setArrowType(Qt::DownArrow);
    button->setToolTip(tr("All tabs"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(button);
    connect(menu, &QMenu::aboutToShow, this, [this, menu] {
        menu->clear();
        for (int i = 0; i < m_tabBar->count(); ++i) {
            QAction *action =
                menu->addAction(m_tabBar->tabText(i), this, [this, i] { m_tabBar->setCurrentIndex(i); });
            action->setCheckable(true);
            action->setChecked(i == m_tabBar->currentIndex());
        }
    });
    button->setMenu(menu);
    return button;
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *connectAction = fileMenu->addAction(IconLibrary::icon(QStringLiteral("connect")),
                                                 tr("&Connect…"), this, &MainWindow::showConnectionDialog);
    connectAction->setShortcut(QKeySequence(tr("Ctrl+O")));
    m_disconnectAction = fileMenu->addAction(tr("&Disconnect"), this, &MainWindow::disconnectFromBus);
    m_disconnectAction->setEnabled(false);
    fileMenu->addAction(tr("Start the de&mo bus"), this, [this] {
        QString error;
        if (m_captures->confirmReplacingSession() && !startDemo(&error))
            QMessageBox::warning(this, tr("Demo bus"), error);
    });
    createPublishActions(fileMenu);
    QAction *captureSeparator = fileMenu->addSeparator();
    createCaptureActions(fileMenu, captureSeparator);
    QAction *quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);
    quitAction->setMenuRole(QAction::QuitRole);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    m_pauseAction = viewMenu->addAction(IconLibrary::icon(QStringLiteral("pause")), tr("&Pause"));
    m_pauseAction->setObjectName(QStringLiteral("pauseAction"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::Key_Space));
    m_pauseAction->setToolTip(tr("Freeze the view; messages keep arriving and are counted (Space)"));
    connect(m_pauseAction, &QAction::toggled, this, &MainWindow::setPaused);

    m_followAction = viewMenu->addAction(IconLibrary::icon(QStringLiteral("follow")), tr("&Follow newest"));
    m_followAction->setObjectName(QStringLiteral("followAction"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    m_followAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    m_followAction->setToolTip(tr("Keep the newest message in view (Ctrl+End)"));
    connect(m_followAction, &QAction::toggled, m_table, &EventTableView::setFollowing);
    connect(m_table, &EventTableView::followingChanged, m_followAction, &QAction::setChecked);

    m_clearAction = viewMenu->addAction(IconLibrary::icon(QStringLiteral("clear")), tr("C&lear"), this,
                                        &MainWindow::clear);
    m_clearAction->setShortcut(QKeySequence(tr("Ctrl+L")));
    m_clearAction->setToolTip(tr("Forget every retained message (Ctrl+L)"));
    viewMenu->addSeparator();
    QAction *focusFilter = viewMenu->addAction(tr("&Filter…"), m_filterBar, &FilterBar::focusFilter);
    focusFilter->setShortcut(QKeySequence::Find);
    QAction *newTab = viewMenu->addAction(IconLibrary::icon(QStringLiteral("tab-add")),
                                          tr("New &tab from filter"), this, &MainWindow::addTabFromFilter);
    newTab->setShortcut(QKeySequence(tr("Ctrl+T")));
    newTab->setToolTip(tr("Keep the current filter as a tab of its own (Ctrl+T)"));
    QAction *closeTabAction = viewMenu->addAction(
        tr("Close tab"), this, [this] { m_tabBar->closeEventTab(m_tabBar->currentIndex()); });
    closeTabAction->setShortcut(QKeySequence::Close);
    QAction *nextTab = viewMenu->addAction(tr("Next tab"), this, [this] {
        m_tabBar->setCurrentIndex((m_tabBar->currentIndex() + 1) % m_tabBar->count());
    });
    nextTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    QAction *previousTab = viewMenu->addAction(tr("Previous tab"), this, [this] {
        m_tabBar->setCurrentIndex((m_tabBar->currentIndex() + m_tabBar->count() - 1) % m_tabBar->count());
    });
    previousTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    viewMenu->addAction(tr("Restore default tabs"), m_tabBar, &EventTabBar::restoreDefaultTabs);
    createActivityDock(viewMenu);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About busmon"), this, [this] {
        const bool onBus = m_session->isReceiving() && m_session->origin().hasBus();
        AboutDialog::showFor(this, onBus ? &m_session->origin().settings : nullptr);
    });

    QToolBar *toolBar = addToolBar(tr("Live"));
    toolBar->setObjectName(QStringLiteral("liveToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(connectAction);
    toolBar->addAction(m_publishActions->composeAction());
    toolBar->addSeparator();
    toolBar->addAction(m_pauseAction);
    toolBar->addAction(m_followAction);
    toolBar->addAction(m_clearAction);
    toolBar->addSeparator();
    toolBar->addAction(newTab);
    toolBar->addSeparator();
    toolBar->addWidget(m_retentionSpin);
}

void MainWindow::createPublishActions(QMenu *fileMenu)
{
    m_publishActions = new PublishActions(this);
    fileMenu->addSeparator();
    fileMenu->addAction(m_publishActions->composeAction());
    fileMenu->addAction(m_publishActions->auditLogAction());
}

void MainWindow::onFilterApplied(int matches, qint64 ms)
{
    const EventFilterModel *model = m_tabBar->currentModel();
    showTabMatches();
    m_status->setFilterTiming(store()->size(), matches, ms);
    if (m_stallMonitor)
        qInfo("busmon: Filtered %d rows in %lld ms (longest slice %lld ms): %d match", store()->size(),
              static_cast<long long>(ms), static_cast<long long>(model ? model->longestSliceMs() : 0),
              matches);
    m_countsDirty = true;
}

void MainWindow::enableStallReport(int everyMs, const QString &benchFilter)
{
    if (m_stallMonitor)
        return;
    m_benchFilter = benchFilter;
    m_stallMonitor = new StallMonitor(10, this);
    m_stallMonitor->start();
    auto *reportTimer = new QTimer(this);
    connect(reportTimer, &QTimer::timeout, this, [this] {
        QFile statm(QStringLiteral("/proc/self/statm"));
        qint64 residentMiB = -1;
        if (statm.open(QIODevice::ReadOnly))
            residentMiB = statm.readAll().split(' ').value(1).toLongLong() * 4096 / (1024 * 1024);
        const LiveIntake *intake = m_session->intake();
        const quint64 framed = m_session->feed() ? m_session->feed()->receivedCount() : 0;
        qInfo("busmon: gui lateness %s (this report's period: at most %lld ms); received %llu (framed %llu), "
              "retained %d, dropped %llu, waiting %lld; resident %lld MiB",
              qPrintable(m_stallMonitor->report()), m_stallMonitor->takeRecentWorstMs(),
              static_cast<unsigned long long>(intake->receivedCount()),
              static_cast<unsigned long long>(framed), store()->size(),
              static_cast<unsigned long long>(m_session->droppedCount()),
              static_cast<long long>(m_session->backlogCount()), residentMiB);
        const quint64 received = intake->receivedCount();
        const bool quiet = received > 0 && received == m_receivedAtLastReport;
        m_receivedAtLastReport = received;
        if (quiet && !m_benchFilter.isEmpty()) {
            m_session->intake()->flush();
            m_filterBar->setText(std::exchange(m_benchFilter, QString()));
        }
    });
    reportTimer->start(everyMs);
}

void MainWindow::showTabModel(EventFilterModel *model)
{
    if (m_table->model() == model)
        return;
    const QByteArray header = m_table->model() ? m_table->saveHeaderState() : QByteArray();
    QItemSelectionModel *previousSelection = m_table->selectionModel();
    m_table->setModel(model);
    delete previousSelection;
    if (!header.isEmpty())
        m_table->restoreHeaderState(header);
    m_shownRowId = 0;
    onCurrentRowChanged();
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onCurrentRowChanged, Qt::UniqueConnection);
    showTabMatches();
    m_countsDirty = true;
}

void MainWindow::applyBarFilter()
{
    m_tabBar->setBarFilter(m_filterBar->isValid() ? FilterExpression::parse(m_filterBar->text())
                                                  : m_tabBar->currentModel()->filter());
    m_countsDirty = true;
}

void MainWindow::addTabFromFilter()
{
    if (!m_tabBar->addTabFromFilter(m_filterBar->text())) {
        m_filterBar->focusFilter();
        return;
    }
    m_filterBar->setText(QString());
    m_tabBar->setCurrentIndex(m_tabBar->count() - 1);
}

int MainWindow::tabRowCount(int tab) const
{
    return m_tabBar->rowCount(tab);
}

void MainWindow::showTabMatches()
{
    // While a pass runs, the bar shows its progress instead.
    if (const EventFilterModel *model = m_tabBar->currentModel(); model && !model->isFiltering())
        m_filterBar->showMatches(model->rowCount(), model->baseRowCount());
}

void MainWindow::updateCounts()
{
    if (!m_countsDirty)
        return;
    m_countsDirty = false;
    m_tabBar->refreshTitles();
    showTabMatches();
    m_status->setRetained(store()->size(), store()->retentionLimit());
    m_status->setPaused(isPaused(), pausedWaitingCount());
    m_status->setDropped(m_session->droppedCount());
    m_status->setBacklog(m_session->backlogCount());
    m_filterBar->setFieldNames(store()->fieldNames());
}

void MainWindow::updateRate()
{
    const qint64 elapsed = m_rateClock.restart();
    // The bus's pace, not the window's: behind or not, the operator sees what arrives.
    const quint64 arrived = m_session->arrivedCount();
    const quint64 received = arrived - std::min(arrived, m_receivedAtLastRate);
    m_receivedAtLastRate = arrived;
    m_status->setBacklog(m_session->backlogCount());
    m_status->setRate(elapsed > 0 ? static_cast<double>(received) * 1000.0 / static_cast<double>(elapsed)
                                  : 0.0);
}

void MainWindow::setPaused(bool paused)
{
    m_session->intake()->setPaused(paused);
    if (m_pauseAction->isChecked() != paused)
        m_pauseAction->setChecked(paused);
    m_pauseAction->setText(paused ? tr("&Resume") : tr("&Pause"));
    m_countsDirty = true;
    updateCounts();
}

bool MainWindow::isPaused() const
{
    return m_session->intake()->isPaused();
}

qint64 MainWindow::pausedWaitingCount() const
{
    return m_session->intake()->isPaused() ? m_session->intake()->waitingCount() : 0;
}

void MainWindow::clear()
{
    m_session->intake()->clear();
    m_session->store()->clear();
    m_detail->showNothing();
    m_countsDirty = true;
    updateCounts();
}

void MainWindow::onStatusChanged(const ConnectionStatus &status)
{
    m_status->setConnection(status, m_session->origin().title());
    m_disconnectAction->setEnabled(m_session->isReceiving());
    if (status.state == ConnectionState::Failed && status.credentialsRefused)
        askForPassword(status.detail);
}

void MainWindow::askForPassword(const QString &reason)
{
    // Not stored anywhere: a password that was not in the keychain is asked for each time.
    const SessionOrigin refused = m_session->origin();
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("passwordPrompt"));
    dialog->setWindowTitle(tr("Password"));
    dialog->setLabelText(
        tr("%1\n\nPassword%2 for %3:")
            .arg(reason,
                 refused.settings.user.isEmpty() ? QString() : tr(" of %1").arg(refused.settings.user),
                 refused.settings.displayUrl()));
    dialog->setTextEchoMode(QLineEdit::Password);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, refused](const QString &password) {
        SessionOrigin origin = refused;
        origin.settings.password = password;
        connectTo(origin);
    });
    dialog->open();
}

void MainWindow::connectTo(const ConnectionSettings &settings)
{
    connectTo(SessionOrigin::bus(settings));
}

void MainWindow::connectTo(const SessionOrigin &origin)
{
    auto *session = new MonitorSession(this);
    session->watchBus(origin);
    setSession(session);
}

void MainWindow::disconnectFromBus()
{
    // What was received stays on screen until something else is watched.
    m_session->stop();
}

bool MainWindow::connectToProfile(const QString &name)
{
    QSettings stored;
    const std::optional<ConnectionProfile> profile = ConnectionProfile::load(stored, name);
    if (!profile)
        return false;
    m_vault->read(name, [this, profile](const QString &password, const QString &reason) {
        QString usable = password;
        if (usable.isEmpty() && !profile->user.isEmpty()) {
            // Why the keychain had nothing comes first: "locked", "not running", "not saved".
            const QString question = tr("Password for %1 on %2:").arg(profile->user, profile->url);
            bool ok = false;
            usable = QInputDialog::getText(this, tr("Password"),
                                           reason.isEmpty() ? question
                                                            : reason + QStringLiteral("\n\n") + question,
                                           QLineEdit::Password, QString(), &ok);
            if (!ok)
                return;
        }
        connectToProfile(*profile, usable);
    });
    return true;
}

void MainWindow::connectToProfile(const ConnectionProfile &profile, const QString &password)
{
    QString error;
    std::optional<ConnectionSettings> settings = profile.toSettings(password, &error);
    if (!settings) {
        QMessageBox::warning(this, tr("Connect"), error);
        return;
    }
    settings->applyEnvironment();
    connectTo(SessionOrigin::bus(*settings, profile.name, profile.readOnly));
}

bool MainWindow::startDemo(QString *error)
{
    auto session = std::make_unique<MonitorSession>();
    if (!session->watchDemo(error))
        return false;
    setSession(session.release());
    return true;
}

void MainWindow::showConnectionDialog()
{
    ConnectionDialog dialog(m_vault, this);
    if (dialog.exec() == QDialog::Accepted && m_captures->confirmReplacingSession())
        connectToProfile(dialog.profile(), dialog.password());
}

void MainWindow::createCaptureActions(QMenu *fileMenu, QAction *before)
{
    m_captures = new CaptureController(this);
    m_captures->addActions(fileMenu, before);
}

void MainWindow::openCapture(const QString &path)
{
    auto *session = new MonitorSession(this);
    session->openCapture(path);
    setSession(session);
    m_captures->rememberRecent(path);
}

void MainWindow::onCurrentRowChanged()
{
    const QModelIndex current = m_table->currentIndex();
    const quint64 rowId = current.data(EventTableModel::RowIdRole).toULongLong();
    if (current.isValid() && rowId == m_shownRowId)
        return;
    m_shownRowId = rowId;
    m_detail->showIndex(current);
}

QString MainWindow::filterTermFor(const QModelIndex &index)
{
    if (!index.isValid() || index.data(EventTableModel::IsGapRole).toBool())
        return QString();
    const QString value = index.data(Qt::DisplayRole).toString();
    if (value.isEmpty())
        return QString();
    switch (index.column()) {
    case EventTableModel::ChannelColumn:
        // The cell shows control characters escaped; the filter matches the channel as it is.
        return FilterExpression::term(
            QStringLiteral("channel"),
            QString::fromUtf8(index.data(EventTableModel::ChannelRole).toByteArray()));
    case EventTableModel::KindColumn:
        return FilterExpression::term(QStringLiteral("kind"), value);
    case EventTableModel::UserColumn:
        return FilterExpression::term(QStringLiteral("user"),
                                      index.data(EventTableModel::UsernameRole).toString());
    case EventTableModel::ProblemsColumn:
        return QStringLiteral("has:problems");
    case EventTableModel::SummaryColumn:
        return FilterExpression::quoted(value);
    default:
        return QString();
    }
}

void MainWindow::showTableMenu(const QPoint &position)
{
    const QModelIndex index = m_table->indexAt(position);
    if (!index.isValid())
        return;
    const QString value = index.data(Qt::DisplayRole).toString();
    const QString user = index.data(EventTableModel::UsernameRole).toString();
    const QString term = filterTermFor(index);
    QMenu menu(this);
    QAction *onValue = menu.addAction(IconLibrary::icon(QStringLiteral("filter")), tr("Filter on this value"),
                                      this, [this, term] { appendToFilter(term); });
    onValue->setEnabled(!term.isEmpty());
    QAction *onUser = menu.addAction(tr("Filter on this user"), this, [this, user] {
        appendToFilter(FilterExpression::term(QStringLiteral("user"), user));
    });
    onUser->setEnabled(!user.isEmpty());
    menu.addAction(tr("Show this user's timeline"), this,
                   [this, user] { m_activityDock->showUserTimeline(user); })
        ->setEnabled(!user.isEmpty());
    menu.addSeparator();
    menu.addAction(tr("Copy"), this, [value] { QApplication::clipboard()->setText(value); });
    m_publishActions->addToTableMenu(&menu, index);
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

void MainWindow::appendToFilter(const QString &term)
{
    if (term.isEmpty())
        return;
    const QString current = m_filterBar->text().trimmed();
    QString combined = term;
    if (!current.isEmpty())
        combined = current.contains(QLatin1String(" or "), Qt::CaseInsensitive)
                       ? QStringLiteral("(%1) %2").arg(current, term)
                       : QStringLiteral("%1 %2").arg(current, term);
    m_filterBar->setText(combined);
}

void MainWindow::createActivityDock(QMenu *viewMenu)
{
    m_activityDock = new ActivityDock(this);
    addDockWidget(Qt::RightDockWidgetArea, m_activityDock);
    m_activityDock->hide();
    QAction *action = m_activityDock->toggleViewAction();
    action->setText(tr("Sync &activity"));
    action->setObjectName(QStringLiteral("activityAction"));
    action->setShortcut(QKeySequence(tr("Ctrl+Shift+A")));
    action->setToolTip(tr("Charts of sync activity, and a user's timeline (Ctrl+Shift+A)"));
    viewMenu->addSeparator();
    viewMenu->addAction(action);
    connect(m_tabBar, &EventTabBar::currentModelChanged, m_activityDock, &ActivityDock::setTabModel);
    connect(this, &MainWindow::sessionChanged, m_activityDock, &ActivityDock::setSession);
    connect(m_activityDock, &ActivityDock::userFilterRequested, this, &MainWindow::appendToFilter);
    connect(m_activityDock, &ActivityDock::rowRequested, this, &MainWindow::showRow);
}

void MainWindow::showActivityView()
{
    m_activityDock->show();
    m_activityDock->raise();
}

bool MainWindow::showRow(quint64 rowId)
{
    const EventFilterModel *model = m_tabBar->currentModel();
    const int row = model ? model->proxyRowOfRowId(rowId) : -1;
    if (row < 0) {
        m_status->showNote(tr("That message is not in this tab with this filter"));
        return false;
    }
    m_table->setFollowing(false);
    const QModelIndex index = model->index(row, EventTableModel::SummaryColumn);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

QString MainWindow::filterError(const QString &text, int *position) const
{
    const FilterExpression expression = FilterExpression::parse(text);
    if (position)
        *position = expression.errorPosition();
    return expression.errorMessage();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    m_tabBar->setTabs(TabSpec::load(settings));
    m_retentionSpin->setValue(
        settings.value(QStringLiteral("retentionLimit"), EventStore::defaultRetentionLimit).toInt());
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1200, 780);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_tabBar->setCurrentIndex(
        qBound(0, settings.value(QStringLiteral("tabs/current"), 0).toInt(), m_tabBar->count() - 1));
    const QByteArray header = settings.value(QStringLiteral("window/tableHeader")).toByteArray();
    if (header.isEmpty() || !m_table->restoreHeaderState(header)) {
        const int em = m_table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
        const int iconRoom = m_table->style()->pixelMetric(QStyle::PM_SmallIconSize) + 12;
        m_table->setColumnWidth(EventTableModel::TimeColumn,
                                m_table->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000")) +
                                    iconRoom + 8);
        m_table->setColumnWidth(EventTableModel::ChannelColumn, em * 18);
        m_table->setColumnWidth(EventTableModel::KindColumn, em * 10);
        m_table->setColumnWidth(EventTableModel::UserColumn, em * 13);
        m_table->setColumnWidth(EventTableModel::SummaryColumn, em * 36);
        m_table->setColumnWidth(EventTableModel::ProblemsColumn, em * 6);
    }
    // Stretching one section measures no contents: it only shares out the width left.
    m_table->horizontalHeader()->setSectionResizeMode(EventTableModel::SummaryColumn, QHeaderView::Stretch);
    // Narrow windows lose first the kind (the channel and the tab say it), then the channel (the
    // user column and the tab say most of it), so the summary keeps room to be read.
    m_table->setNarrowDropOrder({EventTableModel::KindColumn, EventTableModel::ChannelColumn},
                                EventTableModel::SummaryColumn,
                                m_table->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 24);
}

void MainWindow::saveSettings()
{
    QSettings settings;
    TabSpec::save(settings, m_tabBar->specs());
    settings.setValue(QStringLiteral("tabs/current"), m_tabBar->currentIndex());
    settings.setValue(QStringLiteral("retentionLimit"), m_retentionSpin->value());
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/tableHeader"), m_table->saveHeaderState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_session->stop();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && m_styler)
        m_styler->setPalette(palette());
    QMainWindow::changeEvent(event);
}

} // namespace busmon
