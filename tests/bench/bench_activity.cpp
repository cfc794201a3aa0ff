// Sync activity with a million retained messages: prints figures, asserts nothing.
//
//   bench_activity [messages]                 (default 1,000,000)
//   bench_activity capture FILE [messages]    writes that many simulated messages as a capture
//   BENCH_ACTIVITY_PROFILE=1 bench_activity   (for perf) 20 recounts alone
//   BENCH_ACTIVITY_PROFILE=filter:EXPR bench_activity   (for perf) 20 passes of that filter alone
//
// Fills an EventStore with simulated bus traffic (TrafficSimulator, 20 ms apart: 1M span 5.5 hours)
// with the "All" tab's models attached, then times what the activity view does through the event loop,
// as the window runs it: the first count (every payload read once), a scope change, new filters (the
// filter pass and the recount after it; best of 3, with the CPU time of the whole process beside the
// wall time, which follows the load), the once-a-second snapshot of each window, and following a
// batch at the retention limit. "GUI hold" is the longest the event loop was kept from a 5 ms timer
// meanwhile. Baseline in the same run, on the same rows: the same figures recounted by parsing each
// payload with QJsonDocument.
#include "activity/activitytracker.h"
#include "capture/capturewriter.h"
#include "store/eventfiltermodel.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"

#include "simulatedbatch.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <limits>

using namespace busmon;

namespace {

constexpr qint64 startMs = 1'795'766'400'000; // 2026-11-27T08:00:00Z
constexpr qint64 spacingMs = 20;

int writeCapture(const QString &path, int total)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
        return 1;
    }
    CaptureWriter writer(&file);
    TrafficSimulator simulator(TrafficSimulator::Options{});
    quint64 sequence = 0;
    qint64 nowMs = startMs;
    for (int done = 0; done < total; done += 5000) {
        for (const BusEvent &event :
             bench::simulatedBatch(simulator, sequence, nowMs, spacingMs, std::min(5000, total - done)))
            writer.write(event);
    }
    return 0;
}

// How late a 5 ms timer fires while something runs through the event loop.
class HoldMeter : public QObject
{
public:
    HoldMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            m_worstMs = std::max(m_worstMs, m_clock.elapsed() - m_lastMs - 5);
            m_lastMs = m_clock.elapsed();
        });
    }
    void start()
    {
        m_worstMs = 0;
        m_clock.start();
        m_lastMs = 0;
        m_timer.start();
    }
    qint64 stop()
    {
        m_timer.stop();
        return std::max<qint64>(m_worstMs, m_clock.elapsed() - m_lastMs - 5);
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastMs = 0;
    qint64 m_worstMs = 0;
};

// CPU time of the whole process (the filter pass's pool threads included), in ms: steadier than wall
// time on a loaded machine.
qint64 processCpuMs()
{
    timespec time{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time);
    return qint64(time.tv_sec) * 1000 + time.tv_nsec / 1'000'000;
}

struct LoopCost
{
    qint64 wallMs = 0;
    qint64 cpuMs = 0;
    qint64 holdMs = 0; // the longest the event loop was held
};

// Runs the event loop until `done` holds.
template<typename Start, typename Done> LoopCost throughLoop(Start start, Done done)
{
    HoldMeter hold;
    QElapsedTimer clock;
    const qint64 cpuBefore = processCpuMs();
    hold.start();
    clock.start();
    start();
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    poll.start(1);
    if (!done())
        loop.exec();
    const qint64 ms = clock.elapsed();
    return {ms, processCpuMs() - cpuBefore, hold.stop()};
}

// Wall and CPU time: the least of three runs; the GUI hold: the worst.
LoopCost bestOfThree(const std::function<LoopCost()> &run)
{
    LoopCost best{std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::max(), 0};
    for (int i = 0; i < 3; ++i) {
        const LoopCost cost = run();
        best = {std::min(best.wallMs, cost.wallMs), std::min(best.cpuMs, cost.cpuMs),
                std::max(best.holdMs, cost.holdMs)};
    }
    return best;
}

double bestOfThreeMs(const std::function<void()> &work)
{
    double best = 1e18;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer clock;
        clock.start();
        work();
        best = std::min(best, double(clock.nsecsElapsed()) / 1e6);
    }
    return best;
}

// The naive way: every figure recounted from payloads parsed into documents.
qint64 jsonDocumentRecount(const EventStore &store)
{
    qint64 syncs = 0;
    std::vector<double> durations;
    QHash<QString, qint64> users;
    for (int i = 0; i < store.size(); ++i) {
        const StoredRow row = store.row(i);
        if (row.kind != EventKind::Sync && row.kind != EventKind::LogMessage &&
            row.kind != EventKind::TaskdCertificate && row.kind != EventKind::IncomingMail)
            continue;
        const QJsonObject object = QJsonDocument::fromJson(row.payload.toByteArray()).object();
        if (row.kind != EventKind::Sync)
            continue;
        ++syncs;
        ++users[*row.username];
        if (const QJsonValue duration = object.value(QLatin1String("service_duration")); duration.isDouble())
            durations.push_back(duration.toDouble());
    }
    std::sort(durations.begin(), durations.end());
    return syncs + static_cast<qint64>(durations.size()) + users.size();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 2 && QByteArray(argv[1]) == "capture")
        return writeCapture(QString::fromLocal8Bit(argv[2]),
                            argc > 3 ? QByteArray(argv[3]).toInt() : 1'000'000);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 1'000'000;

    EventStore store;
    store.setRetentionLimit(total);
    EventTableModel table(&store);
    EventFilterModel tab(&store);
    tab.setSourceModel(&table);
    TrafficSimulator simulator(TrafficSimulator::Options{});
    quint64 sequence = 0;
    qint64 nowMs = startMs;
    for (int done = 0; done < total; done += 5000)
        store.append(
            bench::simulatedBatch(simulator, sequence, nowMs, spacingMs, std::min(5000, total - done)));
    std::printf(
        "bench_activity: %d retained messages (%lld syncs) over %.1f hours, the \"All\" tab attached\n",
        store.size(), static_cast<long long>(store.messageCount(EventKind::Sync)),
        double(total) * spacingMs / 3'600'000.0);

    ActivityTracker tracker;
    // For perf: BENCH_ACTIVITY_PROFILE=filter:EXPR runs that filter pass alone, again and again.
    if (const QString profiled = qEnvironmentVariable("BENCH_ACTIVITY_PROFILE");
        profiled.startsWith(QLatin1String("filter:"))) {
        tab.setSlicing(false);
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 20; ++i)
            tab.setFilterText(profiled.mid(7));
        std::printf("20 filter passes: %lld ms, %d rows shown\n", static_cast<long long>(clock.elapsed()),
                    tab.rowCount());
        return 0;
    }
    if (qEnvironmentVariableIsSet("BENCH_ACTIVITY_PROFILE")) { // for perf: the recount alone, again and again
        tracker.setSlicing(false);
        tracker.setSource(&store, &tab);
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 20; ++i)
            tracker.setSource(&store, i % 2 ? &tab : nullptr);
        std::printf("20 recounts: %lld ms\n", static_cast<long long>(clock.elapsed()));
        return 0;
    }
    const auto counted = [&] { return !tracker.isCounting() && !tab.isFiltering(); };
    const auto report = [](const char *what, const LoopCost &cost, qint64 syncs) {
        std::printf(
            "  %-52s %6lld ms until charted (CPU %5lld ms), GUI hold %4lld ms; %8lld syncs in scope\n", what,
            static_cast<long long>(cost.wallMs), static_cast<long long>(cost.cpuMs),
            static_cast<long long>(cost.holdMs), static_cast<long long>(syncs));
    };
    std::printf("\nThrough the event loop, in slices of about %d ms:\n", ActivityTracker::sliceTargetMs);
    auto cost = throughLoop([&] { tracker.setSource(&store, &tab); }, counted);
    report("first count: every payload read (scope: the tab)", cost,
           tracker.snapshot(ActivityWindow::All).total.syncs);
    std::printf("\nBest of 3 (the GUI hold: the worst of the 3):\n");
    cost = bestOfThree([&] {
        tracker.setSource(&store, &tab);
        throughLoop([] {}, counted);
        return throughLoop([&] { tracker.setSource(&store); }, counted);
    });
    report("scope: every retained message", cost, tracker.snapshot(ActivityWindow::All).total.syncs);
    cost = bestOfThree([&] {
        tracker.setSource(&store);
        throughLoop([] {}, counted);
        return throughLoop([&] { tracker.setSource(&store, &tab); }, counted);
    });
    report("scope: the tab and its filter", cost, tracker.snapshot(ActivityWindow::All).total.syncs);
    for (const QString &filter :
         {QStringLiteral("user:alice"), QStringLiteral("kind:sync"), QStringLiteral("client:/2\\.5/"),
          QStringLiteral("service_duration>=0.5"), QStringLiteral("alice"), QString()}) {
        cost = bestOfThree([&] { return throughLoop([&] { tab.setFilterText(filter); }, counted); });
        const QByteArray what = "filter " + (filter.isEmpty() ? QByteArray("emptied") : filter.toUtf8()) +
                                ": filter pass and recount";
        report(what.constData(), cost, tracker.snapshot(ActivityWindow::All).total.syncs);
    }

    std::printf("\nThe once-a-second snapshot (best of 3), every retained message in scope:\n");
    tracker.setSource(&store);
    throughLoop([] {}, counted);
    for (const ActivityWindow window : allActivityWindows) {
        ActivitySnapshot snapshot;
        const double ms = bestOfThreeMs([&] { snapshot = tracker.snapshot(window); });
        std::printf("  window %-4s %8.1f ms  (%lld syncs, %lld durations, %lld minutes)\n",
                    qPrintable(activityWindowName(window)), ms, static_cast<long long>(snapshot.total.syncs),
                    static_cast<long long>(snapshot.durationCount), static_cast<long long>(snapshot.minutes));
    }

    // In turns, best of three each: the first evictions at the limit cost more whoever takes them.
    const auto appendMs = [&] {
        const BusEventBatch batch = bench::simulatedBatch(simulator, sequence, nowMs, spacingMs, 5000);
        QElapsedTimer clock;
        clock.start();
        store.append(batch);
        return double(clock.nsecsElapsed()) / 1e6;
    };
    double withTracker = std::numeric_limits<double>::max();
    double without = std::numeric_limits<double>::max();
    for (int round = 0; round < 3; ++round) {
        tracker.setSource(&store);
        throughLoop([] {}, counted);
        withTracker = std::min(withTracker, appendMs());
        tracker.setSource(nullptr);
        without = std::min(without, appendMs());
    }
    std::printf("\nA 5,000-message batch at the retention limit (5,000 evicted), the tab attached, best of 3 "
                "in turns: %.1f ms with the tracker following every retained message, %.1f ms without\n",
                withTracker, without);

    std::printf("\nBaseline, the same rows: recount parsing each payload with QJsonDocument: %.0f ms\n",
                bestOfThreeMs([&] { jsonDocumentRecount(store); }));
    return 0;
}
