// The Sync activity view in the window: known messages in the store, the series read back from the
// charts, a click on a user's bar filtering the table, the scope, a user's timeline selecting a row,
// the palette and the export.
#include "activity/activitychartspanel.h"
#include "activity/activitychartview.h"
#include "activity/activitydock.h"
#include "activity/activitysummary.h"
#include "activity/busiestuserschart.h"
#include "activity/durationchart.h"
#include "activity/outcomechart.h"
#include "activity/synccountchart.h"
#include "activity/usertimelinechart.h"
#include "activity/usertimelinepanel.h"
#include "darkpalette.h"
#include "eventtabbar.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "mainwindow.h"

#include "activity/activitytracker.h"
#include "capture/capturewriter.h"
#include "session/monitorsession.h"
#include "store/eventfiltermodel.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"
#include "testevent.h"

#include <QAction>
#include <QApplication>
#include <QAreaSeries>
#include <QBarSet>
#include <QChartView>
#include <QComboBox>
#include <QFile>
#include <QGraphicsTextItem>
#include <QHorizontalBarSeries>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <algorithm>

using namespace busmon;
using busmon::test::makeEvent;

namespace {

constexpr qint64 nineMs = 1'795'770'000'000; // 2026-11-27T09:00:00Z

// Minute 09:00: alice stores records (0.2 s), her local_sync and changed_task follow; bob syncs twice
// (0.4 s, 0.6 s). Minute 09:01: bob (duration missing), alice (0.1 s), an error of bob's.
BusEventBatch knownEvents()
{
    return {
        makeEvent(nineMs + 1000, "sync.alice", R"({"stored_count": 2, "service_duration": 0.2})", 1),
        makeEvent(nineMs + 2000, "local_sync.alice", R"({"start": "s1", "head": "h1"})", 2),
        makeEvent(nineMs + 3000, "changed_task.alice", R"({"start": "s1", "head": "h1", "task_id": "t"})", 3),
        makeEvent(nineMs + 10'000, "sync.bob", R"({"service_duration": 0.4})", 4),
        makeEvent(nineMs + 20'000, "sync.bob", R"({"service_duration": 0.6})", 5),
        makeEvent(nineMs + 61'000, "sync.bob", R"({"stored_count": 0})", 6),
        makeEvent(nineMs + 62'000, "sync.alice", R"({"service_duration": 0.1})", 7),
        makeEvent(nineMs + 70'000, "log_message.bob", R"({"error": true, "count": 1})", 8),
    };
}

QList<QPointF> xyPoints(const QLineSeries *series)
{
    return series->points();
}

} // namespace

class TestActivityView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void opensFromTheViewMenu();
    void chartsShowTheKnownEvents();
    void clickingABarFiltersTheTable();
    void busiestUsersLegendReadsLikeTheBars();
    void scopeFollowsTheTabAndFilter();
    void timelineSelectsTheRow();
    void failuresHaveTheirOwnAxis();
    void partialMinuteIsHatched_data();
    void partialMinuteIsHatched();
    void leavesTheTableRoomInANarrowWindow();
    void givesWayWhenTheWindowNarrows();
    void followsThePalette();
    void exportsPngAndCsv();
    void closedCountsNothing();
    void chartsAnOpenedCaptureOverItsOwnTimes();

private:
    ActivityDock *dock() const { return m_window->activityDock(); }
    void showKnownEvents();

    QTemporaryDir m_settingsDir;
    std::unique_ptr<MainWindow> m_window;
};

void TestActivityView::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("busmon-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_activityview"));
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/busmon-test-bus");
}

void TestActivityView::init()
{
    QSettings().clear();
    QApplication::setPalette(QApplication::style()->standardPalette());
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestActivityView::cleanup()
{
    m_window.reset();
}

void TestActivityView::showKnownEvents()
{
    m_window->store()->append(knownEvents());
    m_window->showActivityView();
    dock()->setWindow(ActivityWindow::All);
    QTRY_VERIFY(!dock()->tracker()->isCounting());
    dock()->refreshNow();
}

void TestActivityView::opensFromTheViewMenu()
{
    QAction *action = m_window->findChild<QAction *>(QStringLiteral("activityAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+A")));
    QVERIFY(dock()->isHidden());
    action->trigger();
    QTRY_VERIFY(dock()->isVisible());
    QCOMPARE(dock()->tracker()->store(), m_window->store());
    action->trigger();
    QTRY_VERIFY(dock()->isHidden());
}

void TestActivityView::chartsShowTheKnownEvents()
{
    showKnownEvents();
    const ActivityChartsPanel *charts = dock()->charts();
    // Two points a minute: a step from the start of the minute to its end (the last ends at 09:01:10).
    const QList<QPointF> all{{double(nineMs), 3},
                             {double(nineMs + 60'000), 3},
                             {double(nineMs + 60'000), 2},
                             {double(nineMs + 70'000), 2}};
    QCOMPARE(xyPoints(charts->syncChart()->allSyncsSeries()), all);
    const QList<QPointF> changed{{double(nineMs), 1},
                                 {double(nineMs + 60'000), 1},
                                 {double(nineMs + 60'000), 0},
                                 {double(nineMs + 70'000), 0}};
    QCOMPARE(xyPoints(charts->syncChart()->changedSeries()), changed);
    QCOMPARE(xyPoints(charts->syncChart()->localSyncSeries()).at(0).y(), 1.0);
    // 09:00: 0.2 0.4 0.6 (median the 2nd, p95 the 3rd); 09:01: 0.1 alone.
    const QList<QPointF> p50{{double(nineMs), 0.4},
                             {double(nineMs + 60'000), 0.4},
                             {double(nineMs + 60'000), 0.1},
                             {double(nineMs + 70'000), 0.1}};
    QCOMPARE(charts->durationChart()->p50Points(), p50);
    QCOMPARE(charts->durationChart()->p95Points().at(0).y(), 0.6);

    const ActivitySummary *summary = charts->summary();
    QCOMPARE(summary->figureText(ActivitySummary::Figure::Syncs), QStringLiteral("5"));
    QCOMPARE(summary->figureText(ActivitySummary::Figure::DurationP50),
             QStringLiteral("0.200 s")); // 0.1 0.2 0.4 0.6
    QCOMPARE(summary->figureText(ActivitySummary::Figure::DurationP95), QStringLiteral("0.600 s"));
    QCOMPARE(summary->figureText(ActivitySummary::Figure::Users), QStringLiteral("2"));
    QCOMPARE(summary->figureText(ActivitySummary::Figure::Errors), QStringLiteral("1"));
    QVERIFY2(summary->exclusionText().contains(QStringLiteral("1 missing")),
             qPrintable(summary->exclusionText()));

    const BusiestUsersChart *users = charts->usersChart();
    QCOMPARE(users->users(), (QStringList{QStringLiteral("bob"), QStringLiteral("alice")}));
    QCOMPARE(users->syncSet()->at(1), 3.0); // bars count from the bottom: bob on top
    QCOMPARE(users->recordSet()->at(0), 2.0);
}

void TestActivityView::clickingABarFiltersTheTable()
{
    showKnownEvents();
    BusiestUsersChart *users = dock()->charts()->usersChart();
    QChartView *view = dock()->charts()->usersView();
    view->ensureVisible(view->rect());
    dock()->charts()->usersView()->parentWidget()->show();
    // bob's syncs bar: category 1 (the top one), the upper of its two bars, halfway along.
    const QPointF inChart = users->mapToPosition(QPointF(1.5, 1.2), users->series());
    const QPoint onScreen = view->mapFromScene(users->mapToScene(inChart));
    QVERIFY(view->viewport()->rect().contains(onScreen));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onScreen);
    QTRY_COMPARE(m_window->filterBar()->text(), QStringLiteral("user:bob"));
    EventFilterModel *tab = m_window->tabBar()->currentModel();
    QTRY_COMPARE(tab->rowCount(), 4); // bob's three syncs and his error
    for (int row = 0; row < tab->rowCount(); ++row)
        QCOMPARE(tab->index(row, 0).data(EventTableModel::UsernameRole).toString(), QStringLiteral("bob"));
    QCOMPARE(dock()->timeline()->user(), QStringLiteral("bob"));
}

// The names in a chart's legend, as drawn from left to right.
static QStringList legendTexts(const QChart *chart)
{
    QList<QPair<qreal, QString>> texts;
    const QList<QGraphicsItem *> items = chart->legend()->childItems();
    QList<QGraphicsItem *> pending = items;
    while (!pending.isEmpty()) {
        QGraphicsItem *item = pending.takeFirst();
        pending << item->childItems();
        if (const auto *text = qgraphicsitem_cast<QGraphicsTextItem *>(item); text && text->isVisible())
            texts.append({text->scenePos().x(), text->toPlainText()});
    }
    std::sort(texts.begin(), texts.end());
    QStringList names;
    for (const auto &text : texts)
        names << text.second;
    return names;
}

void TestActivityView::busiestUsersLegendReadsLikeTheBars()
{
    showKnownEvents();
    QChartView *view = dock()->charts()->usersView();
    view->parentWidget()->show();
    // Each user's upper bar is the syncs, the lower one the records: the legend names them in that order.
    QTRY_COMPARE(legendTexts(dock()->charts()->usersChart()),
                 (QStringList{QStringLiteral("syncs"), QStringLiteral("records stored or merged")}));
}

void TestActivityView::scopeFollowsTheTabAndFilter()
{
    showKnownEvents();
    dock()->setScope(ActivityDock::Scope::CurrentTab);
    m_window->filterBar()->setText(QStringLiteral("user:alice"));
    QTRY_COMPARE(m_window->tabBar()->currentModel()->rowCount(), 4);
    QTRY_VERIFY(!dock()->tracker()->isCounting());
    dock()->refreshNow();
    QCOMPARE(dock()->charts()->summary()->figureText(ActivitySummary::Figure::Syncs), QStringLiteral("2"));
    QCOMPARE(dock()->charts()->usersChart()->users(), QStringList{QStringLiteral("alice")});
    // Back to every retained message, the filter still in place.
    dock()->setScope(ActivityDock::Scope::AllRetained);
    QTRY_VERIFY(!dock()->tracker()->isCounting());
    dock()->refreshNow();
    QCOMPARE(dock()->charts()->summary()->figureText(ActivitySummary::Figure::Syncs), QStringLiteral("5"));
}

void TestActivityView::timelineSelectsTheRow()
{
    showKnownEvents();
    dock()->showUserTimeline(QStringLiteral("alice"));
    UserTimelinePanel *timeline = dock()->timeline();
    QTRY_VERIFY(timeline->isVisible());
    QCOMPARE(timeline->userBox()->currentText(), QStringLiteral("alice"));
    QVERIFY2(timeline->infoText().startsWith(QStringLiteral("4 messages of alice")),
             qPrintable(timeline->infoText()));
    UserTimelineChart *chart = timeline->chart();
    QCOMPARE(chart->linkCount(), 2); // her sync to the local_sync, the local_sync to the changed_task

    const EventStore *store = m_window->store();
    const quint64 localSync = store->row(1).rowId;
    QCOMPARE(store->row(1).kind, EventKind::LocalSync);
    QChartView *view = timeline->chartView();
    QTRY_VERIFY(view->isVisible());
    QTest::qWait(50); // the tab just came forward: let the chart take its size
    const QPointF inChart = chart->positionOf(localSync);
    QVERIFY(!inChart.isNull());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(chart->mapToScene(inChart)));
    QTRY_COMPARE(m_window->tableView()->currentIndex().data(EventTableModel::RowIdRole).toULongLong(),
                 localSync);
    QVERIFY(!m_window->tableView()->isFollowing());
}

void TestActivityView::failuresHaveTheirOwnAxis()
{
    // 200 certificates accepted and 2 rejected in one minute: the rejections must not vanish along
    // the bottom of the accepted ones' scale.
    BusEventBatch batch;
    for (int i = 0; i < 202; ++i)
        batch << makeEvent(nineMs + i * 100, "taskd.certificate.alice",
                           i < 2 ? R"({"certificate_accepted": false})" : R"({"certificate_accepted": true})",
                           quint64(i + 1));
    m_window->store()->append(batch);
    m_window->showActivityView();
    dock()->setWindow(ActivityWindow::All);
    QTRY_VERIFY(!dock()->tracker()->isCounting());
    dock()->refreshNow();
    const OutcomeChart *outcomes = dock()->charts()->outcomeChart();
    QCOMPARE(outcomes->valueAxis()->max(), 200.0);
    QCOMPARE(outcomes->failureAxis()->max(), 4.0);
    QCOMPARE(outcomes->certificatesRejectedSeries()->attachedAxes().contains(outcomes->failureAxis()), true);
    QCOMPARE(outcomes->errorSeries()->attachedAxes().contains(outcomes->failureAxis()), true);
    QCOMPARE(outcomes->failureAxis()->alignment(), Qt::AlignRight);
    QCOMPARE(xyPoints(outcomes->certificatesRejectedSeries()).at(0).y(), 2.0);
}

void TestActivityView::partialMinuteIsHatched_data()
{
    QTest::addColumn<qint64>("endSeconds");
    QTest::addColumn<bool>("hatched");
    QTest::newRow("half a minute into the newest") << qint64(90) << true;
    QTest::newRow("a second into it") << qint64(61) << true;
    QTest::newRow("the newest minute is over") << qint64(120) << false;
}

void TestActivityView::partialMinuteIsHatched()
{
    QFETCH(qint64, endSeconds);
    QFETCH(bool, hatched);
    const qint64 start = QDateTime(QDate(2026, 12, 2), QTime(10, 0), Qt::UTC).toMSecsSinceEpoch();
    ActivitySnapshot snapshot;
    snapshot.fromMs = start;
    snapshot.toMs = start + endSeconds * 1000;
    snapshot.minutes = 2;
    for (const qint64 minute : {start, start + 60'000}) {
        ActivitySnapshot::Minute counted;
        counted.startMs = minute;
        counted.counts.syncs = 30;
        snapshot.perMinute << counted;
    }
    auto *chart = new SyncCountChart;
    QChartView view(chart); // the legend's markers are visible only on a shown chart
    view.resize(600, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    chart->showSnapshot(snapshot);
    const QList<QPointF> span = chart->partialMinute()->upperSeries()->points();
    const QList<QLegendMarker *> markers = chart->legend()->markers(chart->partialMinute());
    QCOMPARE(markers.size(), 1);
    QCOMPARE(markers.first()->isVisible(), hatched);
    if (!hatched) {
        QVERIFY(span.isEmpty());
        return;
    }
    QCOMPARE(span.size(), 2);
    QCOMPARE(qint64(span.first().x()), start + 60'000);
    QCOMPARE(qint64(span.last().x()), snapshot.toMs);
    QCOMPARE(span.first().y(), chart->valueAxis()->max()); // the whole height
    QVERIFY(chart->valueAxis()->max() >= 30);
}

void TestActivityView::leavesTheTableRoomInANarrowWindow()
{
    m_window->resize(820, 880);
    QTRY_COMPARE(m_window->width(), 820);
    showKnownEvents();
    QTRY_VERIFY(dock()->width() > 300);
    QTest::qWait(50); // the first-show widening runs on the next turn of the event loop
    QVERIFY2(dock()->width() <= 820 * 45 / 100, qPrintable(QString::number(dock()->width())));
    QVERIFY2(m_window->tableView()->width() >= 400,
             qPrintable(QString::number(m_window->tableView()->width())));
    QVERIFY2(dock()->minimumSizeHint().width() <= 420,
             qPrintable(QString::number(dock()->minimumSizeHint().width())));
}

void TestActivityView::givesWayWhenTheWindowNarrows()
{
    showKnownEvents();
    QTest::qWait(50); // the first-show widening runs on the next turn of the event loop
    m_window->resizeDocks({dock()}, {600}, Qt::Horizontal); // as a user drags it, at 1400 px
    QTRY_VERIFY2(dock()->width() > 900 * ActivityDock::maxSharePercent / 100,
                 qPrintable(QString::number(dock()->width())));
    // Narrowed after it opened (the case that left the table's Summary column 3 characters wide).
    m_window->resize(900, 900);
    QTRY_COMPARE(m_window->width(), 900);
    QTRY_VERIFY2(dock()->width() <= 900 * ActivityDock::maxSharePercent / 100,
                 qPrintable(QString::number(dock()->width())));
    QVERIFY2(m_window->tableView()->width() >= 450,
             qPrintable(QString::number(m_window->tableView()->width())));
    // Widened again: the dock keeps the width it had; nothing pushes it back.
    m_window->resize(1400, 900);
    QTRY_COMPARE(m_window->width(), 1400);
    QTest::qWait(50);
    QVERIFY(dock()->width() <= 900 * ActivityDock::maxSharePercent / 100 + 10);
}

void TestActivityView::followsThePalette()
{
    showKnownEvents();
    const SyncCountChart *chart = dock()->charts()->syncChart();
    const QColor light = chart->backgroundBrush().color();
    QCOMPARE(light, dock()->charts()->palette().color(QPalette::Window));
    QApplication::setPalette(DarkPalette::make());
    QTRY_COMPARE(chart->backgroundBrush().color(), DarkPalette::make().color(QPalette::Window));
    QVERIFY(chart->backgroundBrush().color().lightnessF() < 0.5);
    QCOMPARE(chart->titleBrush().color(), DarkPalette::make().color(QPalette::WindowText));
}

void TestActivityView::exportsPngAndCsv()
{
    showKnownEvents();
    QTemporaryDir dir;
    QList<ActivityChartView *> views = dock()->charts()->views();
    QCOMPARE(views.size(), 4);
    const QString png = dir.filePath(QStringLiteral("syncs.png"));
    QVERIFY(views.first()->savePng(png));
    const QImage image(png);
    QVERIFY(image.width() > 100 && image.height() > 100);
    const QString csv = dir.filePath(QStringLiteral("users.csv"));
    QVERIFY(dock()->charts()->usersView()->saveCsv(csv));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("user,syncs,records\r\nbob,3,0\r\nalice,2,2\r\n"));
    QString error;
    QVERIFY(!views.first()->saveCsv(QStringLiteral("/nonexistent/dir/x.csv"), &error));
    QVERIFY(error.contains(QStringLiteral("Could not write")));
}

void TestActivityView::closedCountsNothing()
{
    showKnownEvents();
    QVERIFY(dock()->tracker()->store());
    dock()->close();
    QTRY_COMPARE(dock()->tracker()->store(), nullptr);
    m_window->store()->append({makeEvent(nineMs + 90'000, "sync.carol", R"({"service_duration": 1})", 9)});
    m_window->showActivityView();
    QTRY_VERIFY(!dock()->tracker()->isCounting());
    dock()->refreshNow();
    QCOMPARE(dock()->charts()->summary()->figureText(ActivitySummary::Figure::Syncs), QStringLiteral("6"));
}

QTEST_MAIN(TestActivityView)
void TestActivityView::chartsAnOpenedCaptureOverItsOwnTimes()
{
    // Recorded at 09:00-09:01 on 2026-11-27, opened long after: "Last 5 minutes" are the capture's
    // last five, ending at its newest message, not at the wall clock.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("known.jsonl"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        CaptureWriter writer(&file);
        for (const BusEvent &event : knownEvents())
            QVERIFY(writer.write(event));
    }
    m_window->showActivityView();
    dock()->setWindow(ActivityWindow::FiveMinutes);
    m_window->openCapture(path);
    MonitorSession *session = m_window->session();
    QCOMPARE(session->origin().kind, SessionOrigin::Kind::Capture);
    QTRY_VERIFY(!session->isLoading());
    QTRY_COMPARE(m_window->store()->size(), 8);
    QTRY_VERIFY(!dock()->tracker()->isCounting());
    QVERIFY(!session->isReceiving());
    dock()->refreshNow();
    const ActivitySnapshot snapshot = dock()->tracker()->snapshot(dock()->window());
    QCOMPARE(snapshot.toMs, nineMs + 70'000);
    QCOMPARE(snapshot.total.syncs, 5);
    QCOMPARE(dock()->charts()->summary()->figureText(ActivitySummary::Figure::Syncs), QStringLiteral("5"));
    const QList<QPointF> points = xyPoints(dock()->charts()->syncChart()->allSyncsSeries());
    QCOMPARE(points.first().x(), double(nineMs));
    QCOMPARE(points.last().x(), double(nineMs + 70'000));
    QVERIFY2(!dock()->statusText().contains(QStringLiteral("live")), qPrintable(dock()->statusText()));
}

#include "tst_activityview.moc"
