// The GUI thread's lateness as --stall-report prints it: a block of the thread shows in the worst,
// in the percentiles and in the period since the previous report, and only there.

#include "stallmonitor.h"

#include <QTest>
#include <QThread>

using namespace busmon;

class TestStallMonitor : public QObject
{
    Q_OBJECT
private slots:
    void blockedThreadIsReported();
    void recentWorstCoversOnlyItsPeriod();
    void percentilesAreOrdered();
    void resetForgets();
};

namespace {
constexpr int blockMs = 300;

// A monitor that has seen the GUI thread blocked once for blockMs between quiet stretches.
void runWithOneBlock(StallMonitor &monitor)
{
    monitor.start();
    QTest::qWait(100);
    QThread::msleep(blockMs);
    QTest::qWait(100);
}
} // namespace

void TestStallMonitor::blockedThreadIsReported()
{
    StallMonitor monitor(10);
    runWithOneBlock(monitor);
    QVERIFY2(monitor.worstMs() >= blockMs - 20, qPrintable(monitor.report()));
    QCOMPARE(monitor.percentileMs(100), monitor.worstMs());
    QVERIFY(monitor.tickCount() > 2);
    QVERIFY(monitor.report().startsWith(QStringLiteral("worst %1 ms, p99 ").arg(monitor.worstMs())));
}

void TestStallMonitor::recentWorstCoversOnlyItsPeriod()
{
    StallMonitor monitor(10);
    runWithOneBlock(monitor);
    const qint64 worst = monitor.worstMs();
    QCOMPARE(monitor.takeRecentWorstMs(), worst);
    // No tick since: the next period has seen nothing, while the whole run still has its worst.
    QCOMPARE(monitor.takeRecentWorstMs(), 0);
    QCOMPARE(monitor.worstMs(), worst);
}

void TestStallMonitor::percentilesAreOrdered()
{
    StallMonitor monitor(10);
    runWithOneBlock(monitor);
    QVERIFY(monitor.percentileMs(0) <= monitor.percentileMs(50));
    QVERIFY(monitor.percentileMs(50) <= monitor.percentileMs(99));
    QVERIFY(monitor.percentileMs(99) <= monitor.worstMs());
    // Most ticks came on time: the block is one of many, so the median is far below it.
    QVERIFY2(monitor.percentileMs(50) < blockMs / 2, qPrintable(monitor.report()));
}

void TestStallMonitor::resetForgets()
{
    StallMonitor monitor(10);
    runWithOneBlock(monitor);
    monitor.reset();
    QCOMPARE(monitor.tickCount(), 0);
    QCOMPARE(monitor.worstMs(), 0);
    QCOMPARE(monitor.percentileMs(99), 0);
    QCOMPARE(monitor.takeRecentWorstMs(), 0);
}

QTEST_MAIN(TestStallMonitor)
#include "tst_stallmonitor.moc"
