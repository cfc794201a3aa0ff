// Figures for the per-message work at ingest: decoding (check + summary), writing capture lines,
// reading them back, and the simulator itself. Prints figures; not a test.
//   bench_decoder [messages]   (default 1,000,000)
#include "capture/capturereader.h"
#include "capture/capturewriter.h"
#include "events/eventdecoder.h"
#include "sim/trafficsimulator.h"

#include <QBuffer>
#include <QCoreApplication>
#include <cstdio>
#include <ctime>

using namespace busmon;

namespace {
// CPU time of this thread: the machine is shared, and wall time would measure the neighbours.
class CpuTimer
{
public:
    CpuTimer() { restart(); }
    void restart() { m_start = now(); }
    qint64 nsecsElapsed() const { return now() - m_start; }

private:
    static qint64 now()
    {
        timespec time;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time);
        return qint64(time.tv_sec) * 1000000000 + time.tv_nsec;
    }
    qint64 m_start = 0;
};

void report(const char *what, qint64 count, qint64 ns)
{
    std::printf("%-34s %9lld in %7.3f s CPU  %6.2f us each  %9.0f /s\n", what, static_cast<long long>(count),
                ns / 1e9, ns / 1e3 / count, count / (ns / 1e9));
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 count = argc > 1 ? QByteArray(argv[1]).toLongLong() : 1000000;

    CpuTimer timer;
    TrafficSimulator simulator({{}, 1});
    BusEventBatch events;
    events.reserve(count);
    for (qint64 i = 0; i < count; ++i) {
        SimulatedMessage message = simulator.next();
        BusEvent event;
        event.sequence = static_cast<quint64>(i + 1);
        event.receivedMs = 1795770000000 + i;
        event.channel = std::move(message.channel);
        event.payload = std::move(message.payload);
        events << std::move(event);
    }
    report("simulate (mixed kinds)", count, timer.nsecsElapsed());

    timer.restart();
    qint64 problems = 0;
    for (BusEvent &event : events) {
        EventDecoder::decode(event);
        problems += event.hasProblems();
    }
    report("decode (mixed kinds)", count, timer.nsecsElapsed());

    BusEvent sync;
    for (const BusEvent &event : std::as_const(events)) {
        if (event.kind == EventKind::Sync) {
            sync.channel = event.channel;
            sync.payload = event.payload;
            break;
        }
    }
    // One message decoded `count` times, as a copy each time as the feed hands them over.
    const auto decodeRepeatedly = [&](const char *what, const BusEvent &message, EventDecoder::Parts parts) {
        CpuTimer repeated;
        for (qint64 i = 0; i < count; ++i) {
            BusEvent event = message;
            EventDecoder::decode(event, parts);
            problems += event.hasProblems();
        }
        report(what, count, repeated.nsecsElapsed());
    };
    decodeRepeatedly("decode (sync only)", sync, EventDecoder::Parts::All);
    // As busmon-cli tail decodes: kind, username and problems, no summary.
    decodeRepeatedly("decode without summary (sync only)", sync, EventDecoder::Parts::WithoutSummary);

    // The same, on the payload tests/bench/tail-burst.sh publishes: json.dumps's ", " and ": ", fields
    // in the catalogue's order, where taskd's sync above is tab-indented with its keys sorted.
    BusEvent burstSync;
    burstSync.channel = QByteArrayLiteral("sync.alice");
    burstSync.payload = QByteArrayLiteral(
        R"({"action": "sync", "username": "alice", "org": "inthe_am", "client": "tw 2.6.2", )"
        R"("ip": "203.0.113.7", "port": 53122, "client_key": "6c1e3a5e-2f0b-4c1d-9a7e-3f5b2d8c9e10", )"
        R"("record_count": 42, "branch_point": "5b7d9e2a1c3f", "branch_record_count": 40, "delta_count": 2, )"
        R"("stored_count": 1, "merged_count": 1, "service_duration": 0.142})");
    decodeRepeatedly("decode without summary (burst)", burstSync, EventDecoder::Parts::WithoutSummary);

    QByteArray capture;
    capture.reserve(count * 700);
    QBuffer buffer(&capture);
    buffer.open(QIODevice::WriteOnly);
    CaptureWriter writer(&buffer);
    timer.restart();
    for (const BusEvent &event : std::as_const(events))
        writer.write(event);
    report("capture write", count, timer.nsecsElapsed());
    buffer.close();

    // As busmon-cli tail writes them: a batch at a time, as the feed delivers them.
    QByteArray batchCapture;
    batchCapture.reserve(count * 700);
    QBuffer batchBuffer(&batchCapture);
    batchBuffer.open(QIODevice::WriteOnly);
    CaptureWriter batchWriter(&batchBuffer);
    constexpr qsizetype batchSize = 4096;
    QList<BusEventBatch> batches;
    for (qsizetype at = 0; at < events.size(); at += batchSize)
        batches << events.mid(at, batchSize);
    timer.restart();
    for (const BusEventBatch &batch : std::as_const(batches))
        batchWriter.write(batch);
    report("capture write (batches of 4096)", count, timer.nsecsElapsed());
    if (batchCapture != capture)
        std::printf("the batches wrote something else than the lines one by one\n");

    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader(&buffer);
    qint64 read = 0;
    timer.restart();
    while (reader.readNext() == CaptureReader::Entry::Event)
        ++read;
    report("capture read (incl. re-summarise)", read, timer.nsecsElapsed());

    std::printf("messages with problems: %lld; capture %.1f MB\n", static_cast<long long>(problems),
                capture.size() / 1e6);
    return problems == 0 && read == count ? 0 : 1;
}
