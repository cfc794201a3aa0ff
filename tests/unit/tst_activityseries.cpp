#include "store/activityseries.h"

#include <QSignalSpy>
#include <QTest>

using namespace busmon;

namespace {

BusEvent syncAt(qint64 ms, const QByteArray &duration)
{
    BusEvent event;
    event.receivedMs = ms;
    event.kind = EventKind::Sync;
    event.channel = "sync.alice";
    event.payload = R"({"record_count": 1, "service_duration": )" + duration + "}";
    return event;
}

BusEvent logAt(qint64 ms)
{
    BusEvent event;
    event.receivedMs = ms;
    event.kind = EventKind::LogMessage;
    event.payload = R"({"service_duration": 9})";
    return event;
}

} // namespace

class TestActivitySeries : public QObject
{
    Q_OBJECT
private slots:
    void countsSyncsPerSecond();
    void windowSlides();
    void durations();
    void clear();
};

void TestActivitySeries::countsSyncsPerSecond()
{
    ActivitySeries series(5);
    QSignalSpy changed(&series, &ActivitySeries::changed);
    series.append({syncAt(10'000, "0.1"), syncAt(10'999, "0.2"), logAt(11'000), syncAt(12'500, "0.3")});
    series.append({logAt(12'600)});
    QCOMPARE(changed.size(), 1); // the batch without a sync changes nothing
    const QList<QPointF> points = series.syncsPerSecond();
    QCOMPARE(points.size(), 5);
    QCOMPARE(points.last(), QPointF(12'000, 1));
    QCOMPARE(points.at(3), QPointF(11'000, 0));
    QCOMPARE(points.at(2), QPointF(10'000, 2));
    QCOMPARE(points.at(0), QPointF(8'000, 0));
    QCOMPARE(series.syncCount(), 3);
}

void TestActivitySeries::windowSlides()
{
    ActivitySeries series(3);
    series.append({syncAt(1'000, "1"), syncAt(2'000, "1"), syncAt(2'100, "1")});
    series.append({syncAt(5'000, "1")});
    QCOMPARE(series.syncsPerSecond(), (QList<QPointF>{{3'000, 0}, {4'000, 0}, {5'000, 1}}));
    series.append({syncAt(100, "1")}); // older than the window: not counted in it
    QCOMPARE(series.syncsPerSecond(), (QList<QPointF>{{3'000, 0}, {4'000, 0}, {5'000, 1}}));
}

void TestActivitySeries::durations()
{
    ActivitySeries series(10);
    series.append({syncAt(1'000, "0.25"), syncAt(2'000, "\"slow\""), syncAt(3'000, "1.5e1")});
    QCOMPARE(series.syncDurations(), (QList<QPointF>{{1'000, 0.25}, {3'000, 15.0}}));
    series.append({syncAt(12'500, "2")}); // the first one leaves the window
    QCOMPARE(series.syncDurations(), (QList<QPointF>{{3'000, 15.0}, {12'500, 2.0}}));
}

void TestActivitySeries::clear()
{
    ActivitySeries series(10);
    series.append({syncAt(1'000, "0.25")});
    series.clear();
    QVERIFY(series.syncsPerSecond().isEmpty());
    QVERIFY(series.syncDurations().isEmpty());
    QCOMPARE(series.syncCount(), 0);
}

QTEST_GUILESS_MAIN(TestActivitySeries)
#include "tst_activityseries.moc"
