#include "mainwindow.h"

#include "connectiondialog.h"
#include "connectionprofile.h"
#include "detailpane.h"
#include "eventrowstyler.h"
#include "eventtabbar.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "iconlibrary.h"
#include "passwordvault.h"
#include "stallmonitor.h"
#include "statuspanel.h"

#include "bus/busfeed.h"
#include "bus/subscription.h"
#include "demo/demobus.h"
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

namespace busmon {

namespace {
constexpr int countsIntervalMs = 250;
constexpr int rateIntervalMs = 1000;
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_store(new EventStore(this))
    , m_tableModel(new EventTableModel(m_store, this))
    , m_styler(new EventRowStyler(this))
    , m_filterBar(new FilterBar(this))
    , m_table(new EventTableView(this))
    , m_detail(new DetailPane(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_status(new StatusPanel(statusBar()))
    , m_retentionSpin(new QSpinBox(this))
    , m_vault(new PasswordVault(this))
    , m_intake(new LiveIntake(m_store, this))
    , m_countsTimer(new QTimer(this))
    , m_rateTimer(new QTimer(this))
{
    setWindowTitle(tr("busmon"));
    setWindowIcon(IconLibrary::icon(QStringLiteral("busmon")));
    m_styler->setPalette(palette());
    m_styler->setSourceModel(m_tableModel);
    m_tabBar = new EventTabBar(m_store, m_styler, this);
    createLayout();
    createActions();

    connect(m_store, &EventStore::countsChanged, this, [this] { m_countsDirty = true; });
    connect(m_intake, &LiveIntake::countsChanged, this, [this] { m_countsDirty = true; });
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

    restoreSettings();
    updateCounts();
}

MainWindow::~MainWindow()
{
    // The feed's thread and the demo server go before the store they feed.
    delete m_feed;
    m_feed = nullptr;
    m_demo.reset();
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
    connect(m_retentionSpin, &QSpinBox::valueChanged, m_store, &EventStore::setRetentionLimit);
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
    fileMenu->addAction(tr("Start the &demo bus"), this, [this] {
        QString error;
        if (!startDemo(&error))
            QMessageBox::warning(this, tr("Demo bus"), error);
    });
    fileMenu->addSeparator();
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

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About busmon"), this, [this] {
        QMessageBox::about(this, tr("About busmon"),
                           tr("<b>busmon %1</b><p>Live monitor for the Inthe.AM "
                              "Redis event bus.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    QToolBar *toolBar = addToolBar(tr("Live"));
    toolBar->setObjectName(QStringLiteral("liveToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(connectAction);
    toolBar->addSeparator();
    toolBar->addAction(m_pauseAction);
    toolBar->addAction(m_followAction);
    toolBar->addAction(m_clearAction);
    toolBar->addSeparator();
    toolBar->addAction(newTab);
    toolBar->addSeparator();
    toolBar->addWidget(m_retentionSpin);
}

void MainWindow::onFilterApplied(int matches, qint64 ms)
{
    const EventFilterModel *model = m_tabBar->currentModel();
    showTabMatches();
    m_status->setFilterTiming(m_store->size(), matches, ms);
    if (m_stallMonitor)
        qInfo("busmon: Filtered %d rows in %lld ms (longest slice %lld ms): %d match", m_store->size(),
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
        const quint64 framed = m_feed ? m_feed->receivedCount() : 0;
        qInfo("busmon: gui lateness %s; received %llu (framed %llu), retained %d, dropped %llu; resident "
              "%lld MiB",
              qPrintable(m_stallMonitor->report()),
              static_cast<unsigned long long>(m_intake->receivedCount()),
              static_cast<unsigned long long>(framed), m_store->size(),
              static_cast<unsigned long long>(m_intake->droppedCount() + m_feedDropped), residentMiB);
        const quint64 received = m_intake->receivedCount();
        const bool quiet = received > 0 && received == m_receivedAtLastReport;
        m_receivedAtLastReport = received;
        if (quiet && !m_benchFilter.isEmpty()) {
            m_intake->flush();
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
    m_status->setRetained(m_store->size(), m_store->retentionLimit());
    m_status->setPaused(isPaused(), pausedWaitingCount());
    m_status->setDropped(m_intake->droppedCount() + m_feedDropped);
    m_filterBar->setFieldNames(m_store->fieldNames());
}

void MainWindow::updateRate()
{
    const qint64 elapsed = m_rateClock.restart();
    const quint64 received = m_intake->receivedCount() - m_receivedAtLastRate;
    m_receivedAtLastRate = m_intake->receivedCount();
    m_status->setRate(elapsed > 0 ? static_cast<double>(received) * 1000.0 / static_cast<double>(elapsed)
                                  : 0.0);
}

void MainWindow::setPaused(bool paused)
{
    m_intake->setPaused(paused);
    if (m_pauseAction->isChecked() != paused)
        m_pauseAction->setChecked(paused);
    m_pauseAction->setText(paused ? tr("&Resume") : tr("&Pause"));
    m_countsDirty = true;
    updateCounts();
}

bool MainWindow::isPaused() const
{
    return m_intake->isPaused();
}

qint64 MainWindow::pausedWaitingCount() const
{
    return m_intake->isPaused() ? m_intake->waitingCount() : 0;
}

void MainWindow::clear()
{
    m_intake->clear();
    m_store->clear();
    m_detail->showNothing();
    m_countsDirty = true;
    updateCounts();
}

void MainWindow::onStatusChanged(const ConnectionStatus &status)
{
    m_status->setConnection(status, m_displayUrl);
    if (status.state == ConnectionState::Failed && status.credentialsRefused)
        askForPassword(status.detail);
}

void MainWindow::askForPassword(const QString &reason)
{
    // Not stored anywhere: a password that was not in the keychain is asked for each time.
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("passwordPrompt"));
    dialog->setWindowTitle(tr("Password"));
    dialog->setLabelText(tr("%1\n\nPassword%2 for %3:")
                             .arg(reason,
                                  m_settings.user.isEmpty() ? QString() : tr(" of %1").arg(m_settings.user),
                                  m_displayUrl));
    dialog->setTextEchoMode(QLineEdit::Password);
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &password) {
        ConnectionSettings settings = m_settings;
        settings.password = password;
        connectTo(settings);
    });
    dialog->open();
}

void MainWindow::connectTo(const ConnectionSettings &settings)
{
    disconnectFromBus();
    m_settings = settings;
    m_displayUrl = settings.displayUrl();
    setWindowTitle(tr("%1 — busmon").arg(m_displayUrl));
    m_feed = new BusFeed(settings, Subscription::defaultSet(), this);
    connect(m_feed, &BusFeed::eventsReceived, m_intake, &LiveIntake::receive);
    connect(m_feed, &BusFeed::statusChanged, this, &MainWindow::onStatusChanged);
    connect(m_feed, &BusFeed::outageBegan, m_intake, &LiveIntake::receiveOutage);
    connect(m_feed, &BusFeed::outageEnded, m_intake, &LiveIntake::receiveOutage);
    connect(m_feed, &BusFeed::dropped, this, [this](quint64 total) {
        m_feedDropped = total;
        m_countsDirty = true;
    });
    m_disconnectAction->setEnabled(true);
    m_feed->start();
}

void MainWindow::disconnectFromBus()
{
    if (!m_feed)
        return;
    m_feed->stop();
    delete m_feed;
    m_feed = nullptr;
    m_disconnectAction->setEnabled(false);
    m_feedDropped = 0;
    m_status->setConnection(ConnectionStatus{}, m_displayUrl);
    // A new session numbers its messages from 1 again.
    clear();
}

bool MainWindow::connectToProfile(const QString &name)
{
    QSettings stored;
    const std::optional<ConnectionProfile> profile = ConnectionProfile::load(stored, name);
    if (!profile)
        return false;
    m_vault->read(name, [this, profile](const QString &password, const QString &reason) {
        QString error;
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
        std::optional<ConnectionSettings> settings = profile->toSettings(usable, &error);
        if (!settings) {
            QMessageBox::warning(this, tr("Connect"), error);
            return;
        }
        settings->applyEnvironment();
        connectTo(*settings);
    });
    return true;
}

bool MainWindow::startDemo(QString *error)
{
    disconnectFromBus();
    m_demo.reset();
    auto demo = std::make_unique<DemoBus>();
    if (!demo->start(error))
        return false;
    connect(demo.get(), &DemoBus::failed, this,
            [this](const QString &reason) { m_status->showNote(tr("demo bus: %1").arg(reason)); });
    const ConnectionSettings settings = demo->settings();
    m_demo = std::move(demo);
    connectTo(settings);
    setWindowTitle(tr("demo bus — busmon"));
    return true;
}

void MainWindow::showConnectionDialog()
{
    ConnectionDialog dialog(m_vault, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    std::optional<ConnectionSettings> settings = dialog.profile().toSettings(dialog.password(), &error);
    if (!settings) {
        QMessageBox::warning(this, tr("Connect"), error);
        return;
    }
    settings->applyEnvironment();
    m_demo.reset();
    connectTo(*settings);
}

void MainWindow::onCurrentRowChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->showNothing();
        return;
    }
    const auto *model = qobject_cast<const EventFilterModel *>(current.model());
    const int storeIndex = model ? m_store->indexOfRowId(model->rowIdAt(current.row())) : -1;
    if (storeIndex < 0)
        return;
    const StoredRow row = m_store->row(storeIndex);
    if (row.rowId == m_shownRowId)
        return;
    m_shownRowId = row.rowId;
    if (row.isGap()) {
        const std::optional<Outage> outage = m_store->outageAt(storeIndex);
        m_detail->showGap(outage ? EventTableModel::gapText(*outage) : tr("No connection"));
        return;
    }
    const QString problems = QString::fromUtf8(row.problems);
    m_detail->showMessage(row.kind, row.channel.toByteArray(), row.payload.toByteArray(),
                          problems.isEmpty() ? QStringList() : problems.split(QLatin1Char('\n')));
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
        return FilterExpression::term(QStringLiteral("channel"), value);
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
    menu.addSeparator();
    menu.addAction(tr("Copy"), this, [value] { QApplication::clipboard()->setText(value); });
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
    disconnectFromBus();
    m_demo.reset();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_styler->setPalette(palette());
    QMainWindow::changeEvent(event);
}

} // namespace busmon
