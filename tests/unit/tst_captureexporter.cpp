#include "capture/captureexporter.h"
#include "capture/captureinput.h"
#include "capture/capturereader.h"
#include "capture/capturewriter.h"
#include "events/eventdecoder.h"
#include "filesizelimit.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::FileSizeLimit;

namespace {
BusEvent makeEvent(quint64 sequence, const QByteArray &channel, const QByteArray &payload,
                   const QByteArray &pattern = QByteArray())
{
    BusEvent event;
    event.sequence = sequence;
    event.receivedMs = 1795770000000 + qint64(sequence) * 7;
    event.channel = channel;
    event.pattern = pattern;
    event.payload = payload;
    EventDecoder::decode(event);
    return event;
}

void fill(EventStore &store, int messages)
{
    BusEventBatch batch;
    for (int i = 1; i <= messages; ++i) {
        batch << makeEvent(quint64(i), i % 2 ? "sync.alice" : "personal.bob",
                           i % 5 ? QByteArray(R"({"username": "alice", "ip": "203.0.113.7", "n": )") +
                                       QByteArray::number(i) + "}"
                                 : QByteArray("bytes \xff\x00\x01 ") + QByteArray::number(i),
                           i % 3 ? "sync.*" : "");
        if (i == messages / 2) {
            store.append(std::exchange(batch, {}));
            store.recordOutage(
                Outage{1795770000000 + i * 7, 1795770005000 + i * 7, QStringLiteral("server closed")});
        }
    }
    store.append(batch);
}

CaptureExporter::Result runExport(CaptureExporter &exporter)
{
    QSignalSpy finished(&exporter, &CaptureExporter::finished);
    exporter.start();
    if (!finished.wait(30000))
        return {};
    return finished.first().first().value<CaptureExporter::Result>();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}
} // namespace

class TestCaptureExporter : public QObject
{
    Q_OBJECT
private slots:
    void savesEveryFieldAndByte_data();
    void savesEveryFieldAndByte();
    void savesOnlyTheGivenRows();
    void csvQuotesAndColumns();
    void redactedSaveLeavesNoMaskedValue();
    void fullDiskLeavesNoFileUnderTheName();
    void cancelLeavesNoFile();
};

void TestCaptureExporter::savesEveryFieldAndByte_data()
{
    QTest::addColumn<bool>("compress");
    QTest::newRow("plain") << false;
    QTest::newRow("gzip") << true;
}

void TestCaptureExporter::savesEveryFieldAndByte()
{
    QFETCH(bool, compress);
    EventStore store;
    fill(store, 20'000);
    QTemporaryDir dir;
    const QString path = dir.filePath(compress ? QStringLiteral("s.jsonl.gz") : QStringLiteral("s.jsonl"));
    CaptureExporter::Options options;
    options.compress = compress;
    CaptureExporter exporter(&store, nullptr, CaptureExporter::allRowIds(store), path, options);
    const CaptureExporter::Result result = runExport(exporter);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, qint64(store.size()));

    CaptureInput input;
    QVERIFY(input.open(path));
    QCOMPARE(input.isCompressed(), compress);
    CaptureReader reader(input.device());
    int index = 0;
    for (CaptureReader::Entry entry; (entry = reader.readNext()) != CaptureReader::Entry::End; ++index) {
        QVERIFY2(entry != CaptureReader::Entry::Error, qPrintable(reader.errorString()));
        const StoredRow row = store.row(index);
        if (entry == CaptureReader::Entry::Outage) {
            QVERIFY(row.isGap());
            QCOMPARE(reader.outage().beganMs, store.outageAt(index)->beganMs);
            QCOMPARE(reader.outage().endedMs, store.outageAt(index)->endedMs);
            QCOMPARE(reader.outage().reason, store.outageAt(index)->reason);
            continue;
        }
        const BusEvent &event = reader.event();
        const EventStore::ChannelEntry &channel = store.channel(row.channelId);
        QCOMPARE(event.channel, channel.channel);
        QCOMPARE(event.pattern, channel.pattern);
        QCOMPARE(event.receivedMs, row.receivedMs);
        QCOMPARE(event.kind, row.kind);
        QCOMPARE(event.username, *row.username);
        QCOMPARE(event.payload, row.payload.toByteArray());
        QCOMPARE(event.problems.join(QLatin1Char('\n')).toUtf8(), row.problems.toByteArray());
    }
    QCOMPARE(index, store.size());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QFileInfo(path).fileName()});
}

void TestCaptureExporter::savesOnlyTheGivenRows()
{
    EventStore store;
    fill(store, 100);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("some.jsonl"));
    std::vector<quint64> ids{store.firstRowId() + 3, store.firstRowId() + 10, store.firstRowId() + 99};
    CaptureExporter exporter(&store, nullptr, ids, path, {});
    const CaptureExporter::Result result = runExport(exporter);
    QVERIFY(result.ok);
    QCOMPARE(result.rows, 3);
    const QList<QByteArray> lines = readFile(path).split('\n');
    QCOMPARE(lines.size(), 4); // three lines and the empty rest
    QVERIFY(lines.at(0).contains("\"received\":\"2026-11-27T"));
}

void TestCaptureExporter::csvQuotesAndColumns()
{
    EventStore store;
    store.append({makeEvent(1, "personal.bob",
                            R"({"username": "bob", "title": "a, \"quoted\"", "message": "two\nlines"})")});
    EventTableModel table(&store);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("view.csv"));
    CaptureExporter::Options options;
    options.format = CaptureExporter::Format::Csv;
    options.csvColumns = {EventTableModel::TimeColumn, EventTableModel::UserColumn,
                          EventTableModel::SummaryColumn};
    CaptureExporter exporter(&store, &table, CaptureExporter::allRowIds(store), path, options);
    QVERIFY(runExport(exporter).ok);
    const QByteArray csv = readFile(path);
    const QByteArray summary = table.index(0, EventTableModel::SummaryColumn).data().toString().toUtf8();
    QVERIFY(summary.contains('"'));
    QByteArray quoted = summary;
    quoted.replace("\"", "\"\"");
    QCOMPARE(csv, QByteArray("Time,User,Summary\r\n2026-11-27T09:00:00.007Z,bob,\"") + quoted + "\"\r\n");
}

void TestCaptureExporter::redactedSaveLeavesNoMaskedValue()
{
    EventStore store;
    fill(store, 1000);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("redacted.jsonl"));
    CaptureExporter::Options options;
    options.redaction = CaptureRedactor::Options{};
    options.redaction->pseudonymizeUsers = true;
    CaptureExporter exporter(&store, nullptr, CaptureExporter::allRowIds(store), path, options);
    QVERIFY(runExport(exporter).ok);
    const QByteArray text = readFile(path);
    QVERIFY(text.startsWith("{\"busmon_capture\":{\"redacted\":true"));
    QVERIFY(!text.contains("203.0.113.7"));
    QVERIFY(!text.contains("alice"));
    QVERIFY(!text.contains("\"bob\"") && !text.contains("personal.bob"));
    QVERIFY(text.contains("\"channel\":\"sync.user-1\""));
    QVERIFY(text.contains("\"channel\":\"personal.user-2\""));
}

void TestCaptureExporter::fullDiskLeavesNoFileUnderTheName()
{
    // A file size limit makes write() fail with EFBIG as a full disk makes it fail with ENOSPC.
    EventStore store;
    fill(store, 50'000);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("full.jsonl"));
    {
        QFile previous(path); // what was there before must survive the failed save
        QVERIFY(previous.open(QIODevice::WriteOnly));
        previous.write("an older capture\n");
    }
    FileSizeLimit limit(256 * 1024);
    QVERIFY(limit.isSet());
    CaptureExporter exporter(&store, nullptr, CaptureExporter::allRowIds(store), path, {});
    const CaptureExporter::Result result = runExport(exporter);
    limit.lift();
    QVERIFY(!result.ok);
    // The system's reason, though the disk took part of the chunk that hit the limit.
    QVERIFY2(result.error.contains(FileSizeLimit::refusal()), qPrintable(result.error));
    QCOMPARE(readFile(path), QByteArray("an older capture\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("full.jsonl")});
}

void TestCaptureExporter::cancelLeavesNoFile()
{
    EventStore store;
    fill(store, 200'000);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cancelled.jsonl"));
    CaptureExporter exporter(&store, nullptr, CaptureExporter::allRowIds(store), path, {});
    QSignalSpy finished(&exporter, &CaptureExporter::finished);
    connect(&exporter, &CaptureExporter::progress, &exporter, [&exporter](int percent) {
        if (percent > 0)
            exporter.cancel();
    });
    exporter.start();
    QVERIFY(finished.wait(30000));
    const auto result = finished.first().first().value<CaptureExporter::Result>();
    QVERIFY(result.cancelled);
    QVERIFY(!result.ok);
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

QTEST_GUILESS_MAIN(TestCaptureExporter)
#include "tst_captureexporter.moc"
