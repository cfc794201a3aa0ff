#include "activity/parallelcapturereader.h"
#include "capture/capturereader.h"
#include "capture/capturewriter.h"
#include "events/eventdecoder.h"
#include "sim/trafficsimulator.h"

#include <QBuffer>
#include <QTest>

using namespace busmon;

namespace {

constexpr qint64 nineMs = 1'795'770'000'000;

// 600 simulated messages as a capture, with the lines CaptureReader reads its own way among them:
// bad lines, an outage, base64 data, a line without kind, blank lines, CR LF, no final newline.
QByteArray mixedCapture()
{
    TrafficSimulator simulator(TrafficSimulator::Options{});
    QByteArray capture;
    for (int i = 0; i < 600; ++i) {
        const SimulatedMessage message = simulator.next();
        BusEvent event;
        event.receivedMs = nineMs + i * 137;
        event.channel = message.channel;
        event.payload = i % 97 == 5 ? QByteArray("\xff\xfe not UTF-8", 12) : message.payload;
        EventDecoder::decode(event);
        capture += CaptureWriter::line(event);
        if (i % 53 == 7)
            capture += "{\"channel\": \"sync.x\", \"data\": \"{}\", \"received\": \"yesterday\"}\n";
        if (i % 71 == 3)
            capture += "not json\r\n\n";
        if (i % 89 == 11)
            capture += CaptureWriter::outageLine(
                Outage{event.receivedMs, event.receivedMs + 5, QStringLiteral("gone")});
        if (i % 61 == 9)
            capture += "{\"channel\": \"sync.y\", \"data\": \"{\\\"service_duration\\\": 1}\"}\n";
    }
    capture += R"({"channel": "sync.last", "kind": "sync", "username": "last", "data": "{}"})";
    return capture;
}

QString describe(const BusEvent &event, bool withSummary)
{
    return QStringLiteral("%1|%2|%3|%4|%5|%6")
        .arg(QString::fromUtf8(event.channel))
        .arg(event.receivedMs)
        .arg(int(event.kind))
        .arg(event.username, QString::fromLatin1(event.payload.toBase64()),
             withSummary ? event.summary : QString());
}

} // namespace

class TestParallelCaptureReader : public QObject
{
    Q_OBJECT
private slots:
    void readsWhatCaptureReaderReads_data();
    void readsWhatCaptureReaderReads();
};

void TestParallelCaptureReader::readsWhatCaptureReaderReads_data()
{
    QTest::addColumn<bool>("summaries");
    QTest::addColumn<int>("threads");
    QTest::addColumn<qint64>("blockBytes");

    QTest::newRow("one thread, one block") << true << 1 << qint64(1 << 24);
    QTest::newRow("three threads, small blocks") << true << 3 << qint64(3000);
    QTest::newRow("blocks smaller than a line") << true << 2 << qint64(100);
    QTest::newRow("without summaries, small blocks") << false << 3 << qint64(2500);
}

void TestParallelCaptureReader::readsWhatCaptureReaderReads()
{
    QFETCH(bool, summaries);
    const QByteArray capture = mixedCapture();

    QStringList expectedEvents;
    QStringList expectedErrors;
    qint64 expectedOutages = 0;
    {
        QByteArray bytes = capture;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadOnly);
        CaptureReader reader(&buffer);
        for (auto entry = reader.readNext(); entry != CaptureReader::Entry::End; entry = reader.readNext()) {
            if (entry == CaptureReader::Entry::Event)
                expectedEvents << describe(reader.event(), summaries);
            else if (entry == CaptureReader::Entry::Error)
                expectedErrors << reader.errorString();
            else
                ++expectedOutages;
        }
    }
    QVERIFY(expectedErrors.size() > 10);

    QByteArray bytes = capture;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QStringList events;
    QStringList errors;
    ParallelCaptureReader::Options options;
    options.summaries = summaries;
    QFETCH(int, threads);
    options.threads = threads;
    QFETCH(qint64, blockBytes);
    options.blockBytes = blockBytes;
    ParallelCaptureReader::Totals totals;
    QVERIFY(ParallelCaptureReader::read(
        &buffer,
        [&](const BusEventBatch &batch) {
            for (const BusEvent &event : batch)
                events << describe(event, summaries);
        },
        [&](const QString &error) { errors << error; }, &totals, options));
    QCOMPARE(errors, expectedErrors);
    QCOMPARE(events, expectedEvents);
    QCOMPARE(totals.events, qint64(expectedEvents.size()));
    QCOMPARE(totals.badLines, qint64(expectedErrors.size()));
    QCOMPARE(totals.outages, expectedOutages);
}

QTEST_GUILESS_MAIN(TestParallelCaptureReader)
#include "tst_parallelcapturereader.moc"
