// What selecting a row costs the window, by payload size: how long the GUI thread is held (the
// call itself and the worst lateness of a 5 ms timer until the pane has settled) and how much
// resident memory the selection adds at its peak (the payloads are in the store already). The baseline, in
// the same run, is how the pane worked before (tree and raw text built whole on the GUI thread).
//   QT_QPA_PLATFORM=offscreen bench_detail [--no-baseline]
#include "detailpane.h"
#include "rawpayloadview.h"
#include "stallmonitor.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"
#include "store/jsontreemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <QTreeView>
#include <cstdio>

using namespace busmon;

namespace {
QByteArray jsonOfSize(qsizetype bytes)
{
    QByteArray json = R"({"username": "alice", "title": "big", "items": [)";
    json.reserve(bytes + 64);
    for (int i = 0; json.size() < bytes; ++i) {
        if (i)
            json += ", ";
        json += R"({"id": )" + QByteArray::number(i) + R"(, "name": "task )" + QByteArray::number(i) + "\"}";
    }
    return json + "]}";
}

qint64 statusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

void resetPeak()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
}

struct Cost
{
    qint64 callMs = 0;
    qint64 worstLatenessMs = 0;
    qint64 settledMs = 0;
    double peakMiB = 0;
};

template<typename Select, typename Settled> Cost measure(Select select, Settled settled)
{
    QTest::qWait(50);
    const qint64 before = statusKiB("VmRSS:");
    resetPeak();
    StallMonitor stalls(5);
    stalls.start();
    QTest::qWait(20);
    QElapsedTimer clock;
    clock.start();
    select();
    Cost cost;
    cost.callMs = clock.elapsed();
    while (!settled() && clock.elapsed() < 120000)
        QTest::qWait(5);
    QTest::qWait(30);
    cost.settledMs = clock.elapsed();
    cost.worstLatenessMs = stalls.worstMs();
    cost.peakMiB = static_cast<double>(statusKiB("VmHWM:") - before) / 1024.0;
    return cost;
}

void print(const char *how, const char *what, qsizetype bytes, const Cost &cost)
{
    std::printf(
        "%-9s %-14s %9.1f MiB  call %6lld ms  worst lateness %6lld ms  settled %6lld ms  peak +%7.1f MiB "
        "(%.1fx payload)\n",
        how, what, static_cast<double>(bytes) / 1048576.0, static_cast<long long>(cost.callMs),
        static_cast<long long>(cost.worstLatenessMs), static_cast<long long>(cost.settledMs), cost.peakMiB,
        cost.peakMiB * 1048576.0 / static_cast<double>(qMax<qsizetype>(bytes, 1)));
    std::fflush(stdout);
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const bool baseline = !app.arguments().contains(QStringLiteral("--no-baseline"));
    struct Case
    {
        const char *name;
        QByteArray payload;
    };
    QByteArray binary(20 * 1024 * 1024, '\0');
    for (qsizetype i = 0; i < binary.size(); ++i)
        binary[i] = static_cast<char>((i * 131) & 0xff);
    const QList<Case> cases{{"json", jsonOfSize(1024)},
                            {"json", jsonOfSize(100 * 1024)},
                            {"json", jsonOfSize(2 * 1024 * 1024)},
                            {"json", jsonOfSize(10 * 1024 * 1024)},
                            {"json", jsonOfSize(50 * 1024 * 1024)},
                            {"not UTF-8", binary}};

    // The window's path: rows in the store, read by the pane through the table model's roles.
    EventStore store;
    EventTableModel table(&store);
    {
        BusEventBatch batch;
        for (const Case &c : cases) {
            BusEvent event;
            event.sequence = static_cast<quint64>(batch.size() + 1);
            event.channel = "personal.alice";
            event.kind = EventKind::Personal;
            event.username = QStringLiteral("alice");
            event.payload = QByteArray(c.payload.constData(), c.payload.size());
            batch << event;
        }
        store.append(batch);
    }
    DetailPane pane;
    pane.resize(1000, 400);
    pane.show();
    if (!QTest::qWaitForWindowExposed(&pane))
        return 1;
    for (int row = 0; row < cases.size(); ++row) {
        const Case &c = cases.at(row);
        const Cost cost =
            measure([&] { pane.showIndex(table.index(row, 0)); }, [&] { return !pane.isParsing(); });
        print("busmon", c.name, c.payload.size(), cost);
        pane.showNothing();
    }
    if (!baseline)
        return 0;

    // Before: the whole tree and the whole raw text, built on the GUI thread.
    QTreeView tree;
    JsonTreeModel model;
    tree.setModel(&model);
    RawPayloadView raw;
    tree.show();
    raw.show();
    for (const Case &c : cases) {
        if (c.payload.size() < 1024 * 1024)
            continue;
        const Cost cost = measure(
            [&] {
                const QByteArray payload(c.payload.constData(), c.payload.size());
                model.setPayload(payload);
                tree.expandToDepth(0);
                raw.showPayload(payload);
            },
            [] { return true; });
        print("baseline", c.name, c.payload.size(), cost);
        model.clear();
        raw.clear();
    }
    return 0;
}
