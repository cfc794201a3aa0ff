#include "events/busevent.h"
#include "store/eventstore.h"
#include "store/heaptrimmer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace busmon;

namespace {

constexpr qint64 mebibyte = 1024 * 1024;

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    return statm.readAll().split(' ').value(1).toLongLong() * 4096;
}

// What a burst leaves behind: many small blocks allocated on another thread (its own heap, as the
// socket and decoder threads have), freed, with one block still in use above them so that the
// heap's top cannot shrink by itself.
std::unique_ptr<QByteArray> burstLeftovers(qint64 bytes)
{
    std::unique_ptr<QByteArray> pin;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        std::vector<QByteArray> blocks;
        blocks.reserve(size_t(bytes / 400));
        for (qint64 done = 0; done < bytes; done += 400)
            blocks.emplace_back(400, 'x'); // written, so resident
        pin = std::make_unique<QByteArray>(400, 'p');
    }));
    thread->start();
    thread->wait();
    return pin;
}

} // namespace

class TestHeapTrimmer : public QObject
{
    Q_OBJECT
private slots:
    void givesFreedMemoryBack();
    void waitsForQuiet();
    void trimsUnderALoadThatNeverGoesQuiet();
    void smallReleasesDoNotTrim();
    void storeTrimsAfterBurst();
};

void TestHeapTrimmer::givesFreedMemoryBack()
{
#if !defined(__GLIBC__)
    QSKIP("only glibc keeps freed blocks resident this way");
#endif
    const qint64 before = residentBytes();
    QVERIFY(before > 0);
    const auto pin = burstLeftovers(200 * mebibyte);
    const qint64 leftover = residentBytes() - before;
    if (leftover < 100 * mebibyte)
        QSKIP("the C library already gave the freed blocks back by itself");

    HeapTrimmer trimmer;
    trimmer.setQuietMs(20);
    QSignalSpy started(&trimmer, &HeapTrimmer::trimStarted);
    trimmer.noteReleased(200 * mebibyte);
    QTRY_COMPARE(started.size(), 1);
    QTRY_VERIFY2(residentBytes() - before < leftover / 4,
                 qPrintable(QStringLiteral("%1 MiB still resident of %2 MiB freed")
                                .arg((residentBytes() - before) / mebibyte)
                                .arg(leftover / mebibyte)));
    QCOMPARE(trimmer.pendingBytes(), 0);
}

void TestHeapTrimmer::waitsForQuiet()
{
    HeapTrimmer trimmer;
    trimmer.setQuietMs(200);
    trimmer.setThresholdBytes(1000);
    QSignalSpy started(&trimmer, &HeapTrimmer::trimStarted);
    // A burst still going on: releases every 50 ms keep postponing the trim.
    for (int i = 0; i < 8; ++i) {
        trimmer.noteReleased(1000);
        QTest::qWait(50);
    }
    QCOMPARE(started.size(), 0);
    QTRY_COMPARE(started.size(), 1);
    QTest::qWait(300);
    QCOMPARE(started.size(), 1); // once per burst
}

void TestHeapTrimmer::trimsUnderALoadThatNeverGoesQuiet()
{
    HeapTrimmer trimmer;
    trimmer.setQuietMs(60'000); // never quiet for that long here
    trimmer.setLongestWaitMs(300);
    trimmer.setThresholdBytes(1000);
    QSignalSpy started(&trimmer, &HeapTrimmer::trimStarted);
    // Releases every 50 ms for 1.5 s: never quiet, yet trimmed about every 300 ms.
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 1500) {
        trimmer.noteReleased(1000);
        QTest::qWait(50);
    }
    QVERIFY2(started.size() >= 2 && started.size() <= 5, qPrintable(QString::number(started.size())));
}

void TestHeapTrimmer::smallReleasesDoNotTrim()
{
    HeapTrimmer trimmer;
    trimmer.setQuietMs(20);
    trimmer.setThresholdBytes(10'000);
    QSignalSpy started(&trimmer, &HeapTrimmer::trimStarted);
    trimmer.noteReleased(4000);
    trimmer.noteReleased(4000);
    QTest::qWait(100);
    QCOMPARE(started.size(), 0);
    QCOMPARE(trimmer.pendingBytes(), 8000);
    trimmer.noteReleased(4000); // the total counts, not each release
    QTRY_COMPARE(started.size(), 1);
}

void TestHeapTrimmer::storeTrimsAfterBurst()
{
    EventStore store;
    store.setRetentionLimit(1000);
    store.heapTrimmer().setQuietMs(50);
    store.heapTrimmer().setThresholdBytes(100 * 1024);
    QSignalSpy started(&store.heapTrimmer(), &HeapTrimmer::trimStarted);
    quint64 sequence = 0;
    for (int batch = 0; batch < 5; ++batch) {
        BusEventBatch events;
        for (int i = 0; i < 200; ++i) {
            BusEvent event;
            event.sequence = ++sequence;
            event.channel = "sync.alice";
            event.kind = EventKind::Sync;
            event.payload = QByteArray(332, 'x');
            event.summary = QStringLiteral("alice synced");
            events.append(event);
        }
        store.append(events); // 1,000 events of about 500 bytes: the batches the caller drops
    }
    QCOMPARE(started.size(), 0);
    QTRY_COMPARE(started.size(), 1);
    store.clear(); // what the store held is released too
    QTRY_COMPARE(started.size(), 2);
}

QTEST_GUILESS_MAIN(TestHeapTrimmer)
#include "tst_heaptrimmer.moc"
