// The busmon window against a real redis-server: what a user sees in the tabs, the filter bar,
// the detail pane and the status bar as messages are published, paused, and lost in an outage.
#include "detailpane.h"
#include "eventrowstyler.h"
#include "eventtabbar.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "mainwindow.h"
#include "rawpayloadview.h"
#include "session/monitorsession.h"
#include "statuspanel.h"
#include "toastpreview.h"

#include "bus/connectionsettings.h"
#include "profiles/connectionprofile.h"
#include "redisserver.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"
#include "store/jsontreemodel.h"

#include <QAction>
#include <QApplication>
#include <QDeadlineTimer>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QProcess>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

using namespace busmon;
using busmon::test::RedisServer;

namespace {
const QByteArray syncPayload(const char *user, int records)
{
    return QStringLiteral(
               R"({"action": "sync", "username": "%1", "org": "inthe_am", "client": "task 2.6.2", )"
               R"("ip": "192.0.2.7", "port": 40000, "client_key": "k", "record_count": %2, )"
               R"("branch_point": "b", "branch_record_count": 1, "delta_count": 0, "stored_count": 1, )"
               R"("merged_count": 0, "service_duration": 0.25})")
        .arg(QLatin1String(user))
        .arg(records)
        .toUtf8();
}

const QByteArray toastPayload =
    R"({"username": "alice", "title": "Sync <b>failed</b>", "message": "try again"})";
const QByteArray errorLogPayload =
    R"({"username": "bob", "md5hash": "m", "last_seen": "2026-01-01T00:00:00", "created": "2026-01-01T00:00:00", )"
    R"("error": true, "silent": false, "message": "Sync failed: certificate expired", "count": 1})";
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void tabsCountLiveTraffic();
    void filterNarrowsTheCurrentTab();
    void detailPaneShowsTheSelectedRow();
    void alertRowsStandOut();
    void pauseFreezesAndCounts();
    void behindTheBusDropsAndSaysSo();
    void followStopsWhenScrolledUp();
    void gapRowAfterServerRestart();
    void refusedSubscriptionsAreNamedAndTheRestShown();
    void tabFromFilterAndTreeFilter();
    void tabsAreRestored();
    void asksForAMissingPassword();
    void narrowWindowKeepsTheSummaryReadable();
    void profileAsksWithTheKeychainsReason();
    void disconnectKeepsWhatArrived();
    void connectingAgainStartsANewSession();
    void longChannelNeverWidensTheWindow();
    void filterOnAnEscapedChannelFindsIt();

private:
    void connectWindow();
    QString tabText(int index) const { return m_window->tabBar()->tabText(index); }
    QString matchesText() const
    {
        return m_window->filterBar()->findChild<QLabel *>(QStringLiteral("filterMatches"))->text();
    }
    int tabIndexOf(const QString &prefix) const;
    QModelIndex rowWithChannel(const QByteArray &channel) const;

    QTemporaryDir m_settingsDir;
    std::unique_ptr<RedisServer> m_server;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("busmon-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    // No desktop keychain, whatever the machine running the test has.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/busmon-test-bus");
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_server = std::make_unique<RedisServer>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1100, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_server.reset();
}

void TestMainWindow::connectWindow()
{
    const std::optional<ConnectionSettings> settings = ConnectionSettings::fromUrl(m_server->url());
    QVERIFY(settings);
    m_window->connectTo(*settings);
    QTRY_VERIFY(m_window->statusPanel()->connectionText().startsWith(QStringLiteral("connected to")));
    // Subscribed means SUBSCRIBE went out; PUBSUB NUMPAT tells when the server has the patterns too.
    QTRY_COMPARE(m_server->command({"PUBSUB", "NUMPAT"}).integer, 8);
}

int TestMainWindow::tabIndexOf(const QString &prefix) const
{
    for (int i = 0; i < m_window->tabBar()->count(); ++i) {
        if (tabText(i).startsWith(prefix + QLatin1String(" (")))
            return i;
    }
    return -1;
}

QModelIndex TestMainWindow::rowWithChannel(const QByteArray &channel) const
{
    const QAbstractItemModel *model = m_window->tableView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, EventTableModel::SummaryColumn);
        if (index.data(EventTableModel::ChannelRole).toByteArray() == channel)
            return index;
    }
    return {};
}

void TestMainWindow::tabsCountLiveTraffic()
{
    connectWindow();
    QCOMPARE(tabText(0), QStringLiteral("All (0)"));
    QCOMPARE(m_window->tabBar()->count(), 11);
    m_server->publish("sync.alice", syncPayload("alice", 5));
    m_server->publish("sync.bob", syncPayload("bob", 50));
    m_server->publish("sync.alice", syncPayload("alice", 500));
    m_server->publish("personal.alice", toastPayload);
    m_server->publish("log_message.bob", errorLogPayload);
    QTRY_COMPARE(tabText(0), QStringLiteral("All (5)"));
    QTRY_COMPARE(tabText(tabIndexOf(QStringLiteral("Sync"))), QStringLiteral("Sync (3)"));
    QCOMPARE(tabText(tabIndexOf(QStringLiteral("Personal"))), QStringLiteral("Personal (1)"));
    QCOMPARE(tabText(tabIndexOf(QStringLiteral("Log"))), QStringLiteral("Log (1)"));
    QCOMPARE(tabText(tabIndexOf(QStringLiteral("Mail"))), QStringLiteral("Mail (0)"));

    m_window->tabBar()->setCurrentIndex(tabIndexOf(QStringLiteral("Sync")));
    QCOMPARE(m_window->tableView()->model()->rowCount(), 3);
    QTRY_VERIFY(m_window->findChild<QLabel *>(QStringLiteral("retainedStatus"))
                    ->text()
                    .startsWith(QStringLiteral("5 ")));
}

void TestMainWindow::filterNarrowsTheCurrentTab()
{
    connectWindow();
    m_server->publish("sync.alice", syncPayload("alice", 5));
    m_server->publish("sync.bob", syncPayload("bob", 50));
    m_server->publish("sync.alice", syncPayload("alice", 500));
    m_server->publish("personal.alice", toastPayload);
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 4);

    m_window->filterBar()->setText(QStringLiteral("user:alice"));
    QCOMPARE(m_window->tableView()->model()->rowCount(), 3);
    // Every tab counts its own messages; beside the bar, how many of them pass it.
    QTRY_COMPARE(matchesText(), QStringLiteral("3 of 4"));
    QTRY_COMPARE(tabText(0), QStringLiteral("All (4)"));
    QCOMPARE(tabText(tabIndexOf(QStringLiteral("Sync"))), QStringLiteral("Sync (3)"));
    m_window->filterBar()->setText(QStringLiteral("user:alice and record_count>10"));
    QCOMPARE(m_window->tableView()->model()->rowCount(), 1);
    // Text that does not parse leaves the last good filter in force and says why.
    m_window->filterBar()->setText(QStringLiteral("user:alice and (record_count>10"));
    QVERIFY(!m_window->filterBar()->isValid());
    QVERIFY(!m_window->filterBar()->errorText().isEmpty());
    QCOMPARE(m_window->tableView()->model()->rowCount(), 1);

    // The bar narrows the tab in view only; another tab shows its own rows.
    m_window->filterBar()->setText(QStringLiteral("user:bob"));
    QCOMPARE(m_window->tableView()->model()->rowCount(), 1);
    m_window->tabBar()->setCurrentIndex(tabIndexOf(QStringLiteral("Personal")));
    QCOMPARE(m_window->tableView()->model()->rowCount(), 0); // the bar still says user:bob
    m_window->filterBar()->setText(QString());
    QCOMPARE(m_window->tableView()->model()->rowCount(), 1);
    QTRY_VERIFY(m_window->filterBar()->findChild<QLabel *>(QStringLiteral("filterMatches"))->isHidden());
    m_window->tabBar()->setCurrentIndex(0);
    QCOMPARE(m_window->tableView()->model()->rowCount(), 4);
}

void TestMainWindow::detailPaneShowsTheSelectedRow()
{
    connectWindow();
    m_server->publish("sync.alice", syncPayload("alice", 5));
    m_server->publish("personal.alice", toastPayload);
    m_server->publish("sync.bob", syncPayload("bob", 7));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 3);

    const QModelIndex toast = rowWithChannel("personal.alice");
    QVERIFY(toast.isValid());
    m_window->tableView()->setFocus();
    m_window->tableView()->setCurrentIndex(toast);
    DetailPane *detail = m_window->detailPane();
    QCOMPARE(detail->rawView()->toPlainText().toUtf8(), toastPayload);
    QVERIFY(detail->tabs()->isTabVisible(DetailPane::ToastPage));
    QVERIFY(!detail->tabs()->isTabVisible(DetailPane::ChangesPage));
    QCOMPARE(detail->toastPreview()->shownText(), QStringLiteral("Sync <b>failed</b>: try again"));
    QCOMPARE(detail->treeView()->model()->rowCount(), 3);
    QCOMPARE(detail->treeView()->model()->index(1, 0).data().toString(), QStringLiteral("title"));

    // Down arrow: the next row's payload.
    QTest::keyClick(m_window->tableView(), Qt::Key_Down);
    QCOMPARE(detail->rawView()->toPlainText().toUtf8(), syncPayload("bob", 7));
    QVERIFY(!detail->tabs()->isTabVisible(DetailPane::ToastPage));
}

void TestMainWindow::alertRowsStandOut()
{
    connectWindow();
    m_server->publish("sync.alice", syncPayload("alice", 5));
    m_server->publish("log_message.bob", errorLogPayload);
    m_server->publish("personal.alice", "not json at all");
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 3);
    const QAbstractItemModel *model = m_window->tableView()->model();
    const QBrush normal =
        model->index(0, EventTableModel::SummaryColumn).data(Qt::BackgroundRole).value<QBrush>();
    const QColor alert = rowWithChannel("log_message.bob").data(Qt::BackgroundRole).value<QColor>();
    QVERIFY(alert.isValid());
    QVERIFY2(alert.red() > alert.green() + 20, "an error log row is tinted red");
    QCOMPARE(normal.style(), Qt::NoBrush);
    const QModelIndex broken = rowWithChannel("personal.alice");
    QVERIFY(broken.siblingAtColumn(EventTableModel::ProblemsColumn)
                .data(Qt::DecorationRole)
                .value<QIcon>()
                .isNull() == false);
    QVERIFY(broken.siblingAtColumn(EventTableModel::ProblemsColumn).data().toInt() >= 1);
}

void TestMainWindow::pauseFreezesAndCounts()
{
    connectWindow();
    m_server->publish("sync.alice", syncPayload("alice", 1));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 1);
    QTRY_COMPARE(tabText(0), QStringLiteral("All (1)")); // the count timer has shown it

    m_window->tableView()->setFocus();
    QTest::keyClick(m_window->tableView(), Qt::Key_Space);
    QVERIFY(m_window->isPaused());
    QVERIFY(m_window->pauseAction()->isChecked());
    m_server->publish("sync.alice", syncPayload("alice", 2));
    m_server->publish("sync.bob", syncPayload("bob", 3));
    QTRY_COMPARE(m_window->pausedWaitingCount(), 2);
    QTRY_COMPARE(m_window->statusPanel()->pausedText(), QStringLiteral("paused — 2 new"));
    QCOMPARE(m_window->tableView()->model()->rowCount(), 1);
    QCOMPARE(tabText(0), QStringLiteral("All (1)"));

    QTest::keyClick(m_window->tableView(), Qt::Key_Space);
    QVERIFY(!m_window->isPaused());
    QCOMPARE(m_window->tableView()->model()->rowCount(), 3);
    QTRY_COMPARE(tabText(0), QStringLiteral("All (3)"));
    QCOMPARE(m_window->statusPanel()->pausedText(), QString());

    // Space typed in the filter is a space, not a pause.
    m_window->filterBar()->focusFilter();
    QTest::keyClicks(m_window->filterBar()->lineEdit(), QStringLiteral("two words"));
    QVERIFY(!m_window->isPaused());
    QCOMPARE(m_window->filterBar()->text(), QStringLiteral("two words"));
}

void TestMainWindow::behindTheBusDropsAndSaysSo()
{
    m_window->findChild<QSpinBox *>(QStringLiteral("retentionSpin"))->setValue(2000);
    connectWindow();
    // The window's thread is busy (here: waiting for redis-benchmark) while 12,000 messages arrive.
    const int exit = QProcess::execute(
        QStringLiteral("redis-benchmark"),
        {QStringLiteral("-p"), QString::number(m_server->port()), QStringLiteral("-n"),
         QStringLiteral("12000"), QStringLiteral("-P"), QStringLiteral("100"), QStringLiteral("-c"),
         QStringLiteral("1"), QStringLiteral("-q"), QStringLiteral("PUBLISH"), QStringLiteral("sync.alice"),
         QString::fromUtf8(syncPayload("alice", 1))});
    QCOMPARE(exit, 0);
    MonitorSession *session = m_window->session();
    QDeadlineTimer deadline(10000);
    while (session->arrivedCount() < 12000 && !deadline.hasExpired())
        QThread::msleep(10);
    QCOMPARE(session->arrivedCount(), quint64(12000));
    // No more than the store keeps waits; the rest was dropped at the socket, and the bus was read on.
    QCOMPARE(session->backlogCount(), 2000);
    QCOMPARE(session->receivedCount(), quint64(0));

    // Back in its event loop, the window shows the bus's pace, not its own, and what it dropped.
    QTRY_VERIFY(!m_window->statusPanel()->rateText().startsWith(QStringLiteral("0.0")));
    QTRY_COMPARE(session->droppedCount(), quint64(10000));
    QTRY_VERIFY(m_window->statusPanel()->droppedText().endsWith(QStringLiteral(" dropped")));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 2000);
    QTRY_COMPARE(m_window->statusPanel()->backlogText(), QString());
}

void TestMainWindow::followStopsWhenScrolledUp()
{
    connectWindow();
    for (int i = 0; i < 200; ++i)
        m_server->publish("sync.alice", syncPayload("alice", i));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 200);
    QScrollBar *bar = m_window->tableView()->verticalScrollBar();
    QVERIFY(m_window->followAction()->isChecked());
    QTRY_VERIFY(bar->maximum() > 0 && bar->value() == bar->maximum());

    bar->setValue(0); // the user scrolls up
    QVERIFY(!m_window->followAction()->isChecked());
    for (int i = 0; i < 50; ++i)
        m_server->publish("sync.bob", syncPayload("bob", i));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 250);
    QTest::qWait(250); // a few follow ticks
    QCOMPARE(bar->value(), 0);

    bar->setValue(bar->maximum()); // back at the bottom
    QVERIFY(m_window->followAction()->isChecked());
    for (int i = 0; i < 50; ++i)
        m_server->publish("sync.bob", syncPayload("bob", i));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 300);
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void TestMainWindow::gapRowAfterServerRestart()
{
    connectWindow();
    m_server->publish("sync.alice", syncPayload("alice", 1));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 1);

    m_server->kill();
    QTRY_VERIFY(m_window->statusPanel()->connectionText().startsWith(QStringLiteral("reconnecting")));
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->statusPanel()->connectionText().startsWith(QStringLiteral("connected to")), 15000);
    QTRY_COMPARE(m_server->command({"PUBSUB", "NUMPAT"}).integer, 8);
    m_server->publish("sync.bob", syncPayload("bob", 2));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 3);

    const QAbstractItemModel *model = m_window->tableView()->model();
    const QModelIndex gap = model->index(1, EventTableModel::SummaryColumn);
    QVERIFY(gap.data(EventTableModel::IsGapRole).toBool());
    const QString text = gap.data().toString();
    QVERIFY2(text.startsWith(QStringLiteral("— No connection for ")) && text.contains(QStringLiteral("lost")),
             qPrintable(text));
    QVERIFY(gap.data(Qt::FontRole).value<QFont>().italic());
    // Every kind tab shows the gap too: what was lost may have been of any kind.
    QTRY_COMPARE(tabText(tabIndexOf(QStringLiteral("Sync"))), QStringLiteral("Sync (3)"));
    QCOMPARE(tabText(tabIndexOf(QStringLiteral("Mail"))), QStringLiteral("Mail (1)"));

    m_window->tableView()->setCurrentIndex(gap);
    QVERIFY(m_window->detailPane()->rawView()->toPlainText().isEmpty());
}

void TestMainWindow::refusedSubscriptionsAreNamedAndTheRestShown()
{
    // A support account whose ACL allows the personal.* pattern only, of the nine default subscriptions.
    QVERIFY(
        !m_server
             ->command({"ACL", "SETUSER", "support", "on", ">pw", "resetchannels", "&personal.*", "+@pubsub"})
             .isError);
    std::optional<ConnectionSettings> settings = ConnectionSettings::fromUrl(m_server->url());
    QVERIFY(settings);
    settings->user = QStringLiteral("support");
    settings->password = QStringLiteral("pw");
    m_window->connectTo(*settings);
    QTRY_VERIFY(m_window->statusPanel()->connectionText().startsWith(QStringLiteral("connected to")));
    QTRY_COMPARE(m_server->command({"PUBSUB", "NUMPAT"}).integer, 1);

    const QString text = m_window->statusPanel()->connectionText();
    QVERIFY2(text.contains(QStringLiteral(" — the server refused 8 subscriptions: channel '__general__', "
                                          "pattern 'local_sync.*'")),
             qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("'personal.*'")), qPrintable(text));
    const QString toolTip =
        m_window->statusBar()->findChild<QLabel *>(QStringLiteral("connectionStatus"))->toolTip();
    QVERIFY2(toolTip.contains(QLatin1String("The server refused (NOPERM")) &&
                 toolTip.contains(QLatin1String("\n    pattern 'sync.*'")),
             qPrintable(toolTip));

    // What is allowed arrives as usual.
    QCOMPARE(m_server->publish("personal.alice", toastPayload), 1);
    QCOMPARE(m_server->publish("sync.alice", syncPayload("alice", 1)), 0);
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 1);
    QCOMPARE(m_window->tableView()->model()->index(0, EventTableModel::ChannelColumn).data().toString(),
             QStringLiteral("personal.alice"));
}

void TestMainWindow::tabFromFilterAndTreeFilter()
{
    connectWindow();
    m_server->publish("sync.alice", syncPayload("alice", 5));
    m_server->publish("sync.bob", syncPayload("bob", 50));
    m_server->publish("personal.alice", toastPayload);
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 3);
    m_window->tabBar()->setCurrentIndex(tabIndexOf(QStringLiteral("Sync")));
    m_window->filterBar()->setText(QStringLiteral("record_count>10"));
    QCOMPARE(m_window->tableView()->model()->rowCount(), 1);

    QTest::keySequence(m_window.get(), QKeySequence(QStringLiteral("Ctrl+T")));
    QCOMPARE(m_window->tabBar()->count(), 12);
    QCOMPARE(m_window->tabBar()->currentIndex(), 11);
    QTRY_COMPARE(tabText(11), QStringLiteral("Sync: record_count>10 (1)"));
    QVERIFY(m_window->filterBar()->text().isEmpty()); // the tab keeps the filter, the bar is free again
    m_server->publish("sync.carol", syncPayload("carol", 99));
    QTRY_COMPARE(tabText(11), QStringLiteral("Sync: record_count>10 (2)"));

    // "Filter on this value" on a table cell, then "… this user" narrows further.
    m_window->tabBar()->setCurrentIndex(0);
    const QModelIndex channel = rowWithChannel("sync.bob").siblingAtColumn(EventTableModel::ChannelColumn);
    QCOMPARE(MainWindow::filterTermFor(channel), QStringLiteral("channel:sync.bob"));
    QCOMPARE(MainWindow::filterTermFor(channel.siblingAtColumn(EventTableModel::UserColumn)),
             QStringLiteral("user:bob"));
    QCOMPARE(MainWindow::filterTermFor(channel.siblingAtColumn(EventTableModel::TimeColumn)), QString());
    m_window->appendToFilter(MainWindow::filterTermFor(channel));
    QCOMPARE(m_window->tableView()->model()->rowCount(), 1);
    m_window->filterBar()->setText(QString());

    // "Filter on this value" in the tree puts the node's term in the bar.
    m_window->tabBar()->setCurrentIndex(0);
    m_window->tableView()->setCurrentIndex(rowWithChannel("personal.alice"));
    QTreeView *tree = m_window->detailPane()->treeView();
    const QModelIndex title = tree->model()->index(1, 0);
    emit m_window->detailPane()->filterRequested(title.data(JsonTreeModel::FilterTermRole).toString());
    QCOMPARE(m_window->filterBar()->text(), QStringLiteral(R"(title:"Sync <b>failed</b>")"));
    QCOMPARE(m_window->tableView()->model()->rowCount(), 1);

    // Right-click on a tree node: "Filter on this user" takes the user from the channel.
    m_window->filterBar()->setText(QString());
    m_window->tableView()->setCurrentIndex(rowWithChannel("personal.alice"));
    QStringList offered;
    QTimer::singleShot(0, this, [&offered] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY(menu);
        for (QAction *action : menu->actions())
            offered << action->text();
        const auto actions = menu->actions();
        const auto onUser = std::find_if(actions.begin(), actions.end(), [](QAction *action) {
            return action->text() == QStringLiteral("Filter on this user");
        });
        QVERIFY(onUser != actions.end());
        (*onUser)->trigger();
        menu->close();
    });
    emit tree->customContextMenuRequested(tree->visualRect(tree->model()->index(1, 0)).center());
    QVERIFY(offered.contains(QStringLiteral("Filter on this value")));
    QVERIFY(offered.contains(QStringLiteral("Copy JSON path")));
    QCOMPARE(m_window->filterBar()->text(), QStringLiteral("user:alice"));
}

void TestMainWindow::tabsAreRestored()
{
    m_window->filterBar()->setText(QStringLiteral("user:alice"));
    m_window->tabBar()->setCurrentIndex(0);
    m_window->tabBar()->moveTab(tabIndexOf(QStringLiteral("Sync")), 1);
    QCOMPARE(tabIndexOf(QStringLiteral("Sync")), 1);
    m_window->tabBar()->tabCloseRequested(tabIndexOf(QStringLiteral("Unknown")));
    QCOMPARE(m_window->tabBar()->count(), 10);
    m_window->close();
    m_window = std::make_unique<MainWindow>();
    QCOMPARE(m_window->tabBar()->count(), 10);
    QCOMPARE(tabIndexOf(QStringLiteral("Sync")), 1);
    QCOMPARE(tabIndexOf(QStringLiteral("Unknown")), -1);
}

void TestMainWindow::asksForAMissingPassword()
{
    RedisServer guarded({QStringLiteral("--requirepass"), QStringLiteral("s3cret")});
    QVERIFY2(guarded.start(), qPrintable(guarded.errorString()));
    guarded.setClientAuth(QByteArray(), "s3cret");
    const std::optional<ConnectionSettings> settings = ConnectionSettings::fromUrl(guarded.url());
    QVERIFY(settings);
    m_window->connectTo(*settings);

    QInputDialog *prompt = nullptr;
    QTRY_VERIFY((prompt = m_window->findChild<QInputDialog *>(QStringLiteral("passwordPrompt"))) &&
                prompt->isVisible());
    QVERIFY2(prompt->labelText().contains(QLatin1String("requires a password")),
             qPrintable(prompt->labelText()));
    QVERIFY(m_window->statusPanel()->connectionText().contains(QLatin1String("password")));
    prompt->setTextValue(QStringLiteral("s3cret"));
    prompt->accept();

    QTRY_VERIFY(m_window->statusPanel()->connectionText().startsWith(QStringLiteral("connected to")));
    QTRY_COMPARE(guarded.command({"PUBSUB", "NUMPAT"}).integer, 8);
    QVERIFY2(!m_window->statusPanel()->connectionText().contains(QLatin1String("s3cret")),
             "the password must not show");
}

void TestMainWindow::narrowWindowKeepsTheSummaryReadable()
{
    EventTableView *table = m_window->tableView();
    QHeaderView *header = table->horizontalHeader();
    const int readable = table->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 24;
    QVERIFY(!header->isSectionHidden(EventTableModel::KindColumn));

    m_window->resize(720, 700);
    QTRY_VERIFY(header->isSectionHidden(EventTableModel::KindColumn));
    QVERIFY(header->sectionSize(EventTableModel::SummaryColumn) >= readable);
    QVERIFY(!header->isSectionHidden(EventTableModel::UserColumn));
    QVERIFY(!header->isSectionHidden(EventTableModel::TimeColumn));
    // What is saved is what the user chose, not what the width forced.
    QVERIFY(table->columnsDroppedForWidth().contains(EventTableModel::KindColumn));
    const QByteArray saved = table->saveHeaderState();
    QVERIFY(header->isSectionHidden(EventTableModel::KindColumn));

    m_window->resize(1400, 700);
    QTRY_VERIFY(!header->isSectionHidden(EventTableModel::KindColumn));
    QVERIFY(table->columnsDroppedForWidth().isEmpty());
    QVERIFY(header->sectionSize(EventTableModel::KindColumn) > 0);
    header->hideSection(EventTableModel::ProblemsColumn); // the user's choice survives a restore
    QVERIFY(table->restoreHeaderState(saved));
    QVERIFY(!header->isSectionHidden(EventTableModel::KindColumn));
    QVERIFY(!header->isSectionHidden(EventTableModel::ProblemsColumn));

    // Every tab stays one click away, however many scroll out of sight.
    auto *tabList = m_window->findChild<QToolButton *>(QStringLiteral("tabListButton"));
    QVERIFY(tabList);
    QMenu *menu = tabList->menu();
    emit menu->aboutToShow();
    QCOMPARE(menu->actions().size(), m_window->tabBar()->count());
    menu->actions().at(3)->trigger();
    QCOMPARE(m_window->tabBar()->currentIndex(), 3);
}

void TestMainWindow::profileAsksWithTheKeychainsReason()
{
    RedisServer guarded;
    QVERIFY2(guarded.start(), qPrintable(guarded.errorString()));
    QCOMPARE(guarded.command({"ACL", "SETUSER", "monitor", "on", ">pw", "~*", "&*", "+@all"}).text, "OK");
    QCOMPARE(guarded.command({"ACL", "SETUSER", "default", "off"}).text, "OK");
    guarded.setClientAuth("monitor", "pw");
    ConnectionProfile profile;
    profile.name = QStringLiteral("ops");
    profile.url = guarded.url();
    profile.user = QStringLiteral("monitor");
    {
        QSettings settings;
        ConnectionProfile::saveAll(settings, {profile});
    }

    // No keychain on this session bus: the prompt says so above the question.
    QString shownLabel;
    QTimer answer;
    answer.setInterval(20);
    connect(&answer, &QTimer::timeout, this, [&shownLabel, &answer] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        shownLabel = dialog->labelText();
        dialog->setTextValue(QStringLiteral("pw"));
        dialog->accept();
        answer.stop();
    });
    answer.start();
    QVERIFY(m_window->connectToProfile(QStringLiteral("ops")));
    QTRY_VERIFY(!shownLabel.isEmpty());
    QVERIFY2(shownLabel.contains(QLatin1String("keychain")), qPrintable(shownLabel));
    QVERIFY2(shownLabel.contains(QLatin1String("Password for monitor on")), qPrintable(shownLabel));
    QTRY_VERIFY(m_window->statusPanel()->connectionText().startsWith(QStringLiteral("connected to")));
    QTRY_COMPARE(guarded.command({"PUBSUB", "NUMPAT"}).integer, 8);
}

void TestMainWindow::disconnectKeepsWhatArrived()
{
    connectWindow();
    m_server->publish("sync.alice", syncPayload("alice", 5));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 1);
    // The tab's count follows on the window's count timer: on a loaded machine that can take a
    // while, and only a count already shown can show that nothing is added after the disconnect.
    QTRY_COMPARE(tabText(0), QStringLiteral("All (1)"));
    m_window->disconnectFromBus();
    QTRY_COMPARE(m_window->statusPanel()->connectionText(),
                 QStringLiteral("disconnected from %1")
                     .arg(ConnectionSettings::fromUrl(m_server->url())->displayUrl()));
    m_server->publish("sync.alice", syncPayload("alice", 6));
    QTest::qWait(300);
    // Still there to be read and filtered, with the window saying it is not watching any more.
    QCOMPARE(m_window->tableView()->model()->rowCount(), 1);
    QCOMPARE(tabText(0), QStringLiteral("All (1)"));
}

void TestMainWindow::connectingAgainStartsANewSession()
{
    connectWindow();
    m_server->publish("sync.alice", syncPayload("alice", 5));
    m_server->publish("sync.bob", syncPayload("bob", 7));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 2);
    const int syncTab = tabIndexOf(QStringLiteral("Sync"));
    m_window->tabBar()->setCurrentIndex(syncTab);
    m_window->filterBar()->setText(QStringLiteral("user:bob"));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 1);
    const MonitorSession *first = m_window->session();

    RedisServer other;
    QVERIFY2(other.start(), qPrintable(other.errorString()));
    m_window->connectTo(*ConnectionSettings::fromUrl(other.url()));
    QVERIFY(m_window->session() != first);
    QCOMPARE(m_window->store()->messageCount(), 0);
    QVERIFY(m_window->windowTitle().contains(QString::number(other.port())));
    // Same tabs, same tab in view, same filter: only the messages are new.
    QCOMPARE(m_window->tabBar()->currentIndex(), syncTab);
    QCOMPARE(m_window->tabBar()->count(), 11);
    QCOMPARE(m_window->filterBar()->text(), QStringLiteral("user:bob"));
    QTRY_COMPARE(other.command({"PUBSUB", "NUMPAT"}).integer, 8);
    other.publish("sync.alice", syncPayload("alice", 1));
    other.publish("sync.bob", syncPayload("bob", 2));
    other.publish("personal.bob", toastPayload);
    QTRY_COMPARE(tabText(0), QStringLiteral("All (3)"));
    QCOMPARE(tabText(syncTab), QStringLiteral("Sync (2)"));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 1);
    QCOMPARE(m_window->tableView()->model()->index(0, 0).data(EventTableModel::UsernameRole).toString(),
             QStringLiteral("bob"));
    // The first server is no longer listened to.
    QTRY_COMPARE(m_server->command({"PUBSUB", "NUMPAT"}).integer, 0);
}

void TestMainWindow::longChannelNeverWidensTheWindow()
{
    connectWindow();
    const int width = m_window->width();
    const QByteArray channel = "personal." + QByteArray(64 * 1024, 'e');
    m_server->publish(channel, "{\"title\": \"" + QByteArray(64 * 1024, 't') + "\", \"message\": \"m\"}");
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 1);
    m_window->tableView()->setCurrentIndex(m_window->tableView()->model()->index(0, 0));
    QVERIFY(m_window->detailPane()->headerText().contains(QString::fromLatin1(channel)));
    QTest::qWait(200);
    QCOMPARE(m_window->width(), width);
    QVERIFY(m_window->minimumSizeHint().width() < 1000);
    m_window->detailPane()->tabs()->setCurrentIndex(DetailPane::ToastPage);
    QTest::qWait(100);
    QCOMPARE(m_window->width(), width);
}

void TestMainWindow::filterOnAnEscapedChannelFindsIt()
{
    connectWindow();
    const QByteArray hostile = "personal.ev\x1b[1mil\nfake";
    m_server->publish(hostile, toastPayload);
    m_server->publish("personal.alice", toastPayload);
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 2);
    const QModelIndex channel = rowWithChannel(hostile).siblingAtColumn(EventTableModel::ChannelColumn);
    QVERIFY(!channel.data().toString().contains(QLatin1Char('\x1b'))); // shown escaped
    m_window->appendToFilter(MainWindow::filterTermFor(channel));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 1);
    QCOMPARE(m_window->tableView()->model()->index(0, 0).data(EventTableModel::ChannelRole).toByteArray(),
             hostile);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
