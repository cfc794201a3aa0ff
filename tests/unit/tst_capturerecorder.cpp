#include "capture/captureinput.h"
#include "capture/capturereader.h"
#include "capture/capturerecorder.h"
#include "capture/capturewriter.h"
#include "events/eventdecoder.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;

namespace {
BusEventBatch makeBatch(int first, int count)
{
    BusEventBatch batch;
    for (int i = first; i < first + count; ++i) {
        BusEvent event;
        event.sequence = quint64(i);
        event.receivedMs = 1795770000000 + i;
        event.channel = "sync.alice";
        event.pattern = "sync.*";
        event.payload = R"({"action": "sync", "username": "alice", "n": )" + QByteArray::number(i) + "}";
        EventDecoder::decode(event);
        batch << event;
    }
    return batch;
}

QList<quint64> sequencesIn(const QString &path, int *outages = nullptr)
{
    CaptureInput input;
    if (!input.open(path))
        return {};
    CaptureReader reader(input.device());
    QList<quint64> sequences;
    for (CaptureReader::Entry entry; (entry = reader.readNext()) != CaptureReader::Entry::End;) {
        if (entry == CaptureReader::Entry::Event)
            sequences << reader.event().payload.split(' ').last().chopped(1).toULongLong();
        else if (entry == CaptureReader::Entry::Outage && outages)
            ++*outages;
    }
    return sequences;
}
} // namespace

class TestCaptureRecorder : public QObject
{
    Q_OBJECT
private slots:
    void flushedWithinASecondWhileRecording_data();
    void flushedWithinASecondWhileRecording();
    void rotatesToNumberedFiles();
    void rotatedPaths();
    void unwritablePathIsRefused();
    void fullDiskStopsWithTheReason_data();
    void fullDiskStopsWithTheReason();
};

void TestCaptureRecorder::flushedWithinASecondWhileRecording_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << QStringLiteral("watch.jsonl");
    QTest::newRow("gzip") << QStringLiteral("watch.jsonl.gz");
}

void TestCaptureRecorder::flushedWithinASecondWhileRecording()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    CaptureRecorder recorder;
    QVERIFY2(recorder.start(path), qPrintable(recorder.errorString()));
    recorder.record(makeBatch(1, 100));
    recorder.recordOutage(Outage{1795770000200, 1795770000900, QStringLiteral("server closed")});
    recorder.record(makeBatch(101, 50));
    // While still recording (as after a crash), another reader finds every line in the file.
    QList<quint64> expected;
    for (quint64 i = 1; i <= 150; ++i)
        expected << i;
    int outages = 0;
    QTRY_COMPARE_WITH_TIMEOUT(sequencesIn(path), expected, 2500);
    sequencesIn(path, &outages);
    QCOMPARE(outages, 1);
    QVERIFY(recorder.isRecording());
    recorder.stop();
    QCOMPARE(sequencesIn(path), expected);
}

void TestCaptureRecorder::rotatesToNumberedFiles()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("night.jsonl"));
    CaptureRecorder recorder;
    QSignalSpy files(&recorder, &CaptureRecorder::fileChanged);
    constexpr qint64 rotateBytes = 20'000;
    QVERIFY(recorder.start(path, rotateBytes));
    qint64 batchBytes = 0;
    for (const BusEvent &event : makeBatch(1, 100))
        batchBytes = std::max<qint64>(batchBytes, CaptureWriter::line(event).size() * 100 + 1000);
    for (int i = 0; i < 10; ++i)
        recorder.record(makeBatch(1 + i * 100, 100));
    recorder.stop();
    const QStringList names = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
    QVERIFY2(names.size() >= 5, qPrintable(names.join(u' ')));
    QVERIFY(names.contains(QStringLiteral("night.jsonl")));
    QVERIFY(names.contains(QStringLiteral("night-2.jsonl")));
    QTRY_COMPARE(files.size(), names.size()); // reported from the writing thread
    // Together, in order, they hold every message once.
    QList<quint64> all;
    for (int n = 1; n <= names.size(); ++n) {
        const QString file = CaptureRecorder::rotatedPath(path, n);
        // Written to only while under the size: at most one batch beyond it.
        QVERIFY2(QFileInfo(file).size() < rotateBytes + batchBytes, qPrintable(file));
        if (n < names.size())
            QVERIFY2(QFileInfo(file).size() >= rotateBytes, qPrintable(file));
        all += sequencesIn(file);
    }
    QCOMPARE(all.size(), 1000);
    for (int i = 0; i < all.size(); ++i)
        QCOMPARE(all.at(i), quint64(i + 1));
}

void TestCaptureRecorder::rotatedPaths()
{
    QCOMPARE(CaptureRecorder::rotatedPath(QStringLiteral("/t/night.jsonl"), 1),
             QStringLiteral("/t/night.jsonl"));
    QCOMPARE(CaptureRecorder::rotatedPath(QStringLiteral("/t/night.jsonl"), 3),
             QStringLiteral("/t/night-3.jsonl"));
    QCOMPARE(CaptureRecorder::rotatedPath(QStringLiteral("/t/night.jsonl.gz"), 2),
             QStringLiteral("/t/night-2.jsonl.gz"));
    QCOMPARE(CaptureRecorder::rotatedPath(QStringLiteral("/t/night"), 2), QStringLiteral("/t/night-2"));
}

void TestCaptureRecorder::unwritablePathIsRefused()
{
    CaptureRecorder recorder;
    QVERIFY(!recorder.start(QStringLiteral("/nonexistent-folder/x.jsonl")));
    QVERIFY(recorder.errorString().contains(QLatin1String("/nonexistent-folder/x.jsonl")));
    QVERIFY(!recorder.isRecording());
}

void TestCaptureRecorder::fullDiskStopsWithTheReason_data()
{
    QTest::addColumn<int>("messages");
    QTest::newRow("a few, failing when flushed") << 10;
    QTest::newRow("a burst's batch, failing when written") << 4096;
}

void TestCaptureRecorder::fullDiskStopsWithTheReason()
{
    QFETCH(int, messages);
    CaptureRecorder recorder;
    QSignalSpy failed(&recorder, &CaptureRecorder::failed);
    QVERIFY2(recorder.start(QStringLiteral("/dev/full")), qPrintable(recorder.errorString()));
    recorder.record(makeBatch(1, messages));
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().first().toString().contains(QLatin1String("No space left on device")),
             qPrintable(failed.first().first().toString()));
}

QTEST_GUILESS_MAIN(TestCaptureRecorder)
#include "tst_capturerecorder.moc"
