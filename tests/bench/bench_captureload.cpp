// The per-message work of opening a capture, one part at a time on one thread, in CPU time (the machine
// is shared: wall time would measure the neighbours):
//   1. the file split into lines (the floor for reading it at all);
//   2. CaptureReader over it, as the window's loader and `busmon-cli read` use it;
//   3. the same with each event appended to an EventStore in batches, as the window keeps them.
// The window does 2 on the loader thread and the store part of 3 on the GUI thread, so the slower of
// the two bounds how fast a capture opens on two free cores.
//   bench_captureload CAPTURE
#include "capture/captureinput.h"
#include "capture/capturereader.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <cstdio>
#include <cstring>
#include <ctime>

using namespace busmon;

namespace {
qint64 threadCpuNs()
{
    timespec time;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time);
    return qint64(time.tv_sec) * 1000000000 + time.tv_nsec;
}

void report(const char *what, qint64 count, qint64 ns)
{
    std::printf("%-36s %9lld in %7.3f s CPU  %6.2f us each\n", what, static_cast<long long>(count), ns / 1e9,
                count > 0 ? ns / 1e3 / count : 0.0);
}

qint64 splitLines(const QString &path)
{
    CaptureInput input;
    if (!input.open(path))
        return -1;
    qint64 lines = 0;
    while (true) {
        const QByteArray block = input.device()->read(256 * 1024);
        if (block.isEmpty())
            break;
        for (const char *p = block.constData(), *end = p + block.size();
             (p = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)))); ++p)
            ++lines;
    }
    return lines;
}

// Reads the capture; with a store, appends what it read in batches of `batchSize`. Returns the messages
// read, and the CPU time spent in the store in `storeNs`.
qint64 readCapture(const QString &path, EventStore *store, qint64 &storeNs)
{
    constexpr qsizetype batchSize = 4096;
    CaptureInput input;
    if (!input.open(path))
        return -1;
    CaptureReader reader(input.device());
    BusEventBatch batch;
    qint64 messages = 0;
    const auto flush = [&] {
        const qint64 start = threadCpuNs();
        store->append(batch);
        batch.clear();
        storeNs += threadCpuNs() - start;
    };
    for (CaptureReader::Entry entry = reader.readNext(); entry != CaptureReader::Entry::End;
         entry = reader.readNext()) {
        if (entry != CaptureReader::Entry::Event)
            continue;
        ++messages;
        if (!store)
            continue;
        batch.append(reader.takeEvent());
        if (batch.size() >= batchSize)
            flush();
    }
    if (store && !batch.isEmpty())
        flush();
    return messages;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_captureload CAPTURE\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);

    qint64 start = threadCpuNs();
    const qint64 lines = splitLines(path);
    report("split into lines", lines, threadCpuNs() - start);
    if (lines < 0)
        return 1;

    qint64 storeNs = 0;
    start = threadCpuNs();
    const qint64 read = readCapture(path, nullptr, storeNs);
    report("CaptureReader (loader thread)", read, threadCpuNs() - start);

    EventStore store;
    store.setRetentionLimit(std::numeric_limits<int>::max());
    start = threadCpuNs();
    const qint64 stored = readCapture(path, &store, storeNs);
    const qint64 totalNs = threadCpuNs() - start;
    report("CaptureReader + copy into batches", stored, totalNs - storeNs);
    report("EventStore::append (GUI thread)", stored, storeNs);
    return read == stored && store.size() == stored ? 0 : 1;
}
