// `busmon-cli tail` writes captures from CheckedBatch, read in place, where the window decodes
// BusEvents: both must say the same of every message, and the capture lines must be the same bytes.
#include "bus/checkedbatch.h"
#include "capture/capturewriter.h"
#include "events/eventdecoder.h"

#include <QBuffer>
#include <QTest>

using namespace busmon;

class TestCheckedBatch : public QObject
{
    Q_OBJECT
private slots:
    void saysWhatDecodingSays_data();
    void saysWhatDecodingSays();
    void writesTheLinesOfItsEvents();
    void writesOnlyTheFirstCount();

private:
    static RawEventBatch mixedBatch();
    static BusEventBatch decoded(const RawEventBatch &raw);
    static QByteArray linesOf(const BusEventBatch &events);
    static QByteArray linesOf(const CheckedBatch &batch, qsizetype count);
};

RawEventBatch TestCheckedBatch::mixedBatch()
{
    RawEventBatch batch;
    batch.append(1000, "sync.alice", "sync.*", R"({"action": "sync", "username": "alice"})");
    batch.append(1001, "sync.alice", "*", R"({"username": "mallory"})"); // same channel, other pattern
    batch.append(1001, "__general__", QByteArray(), R"({"title": "T", "message": "M"})"); // read together
    batch.append(1003, "personal.bob", "personal.*", "not JSON");
    batch.append(1004, "personal.bob", "personal.*", QByteArray("\xff\xfe{}", 4)); // not UTF-8
    batch.append(1005, "weather.today", "*", R"({"sunny": true})");                // unknown channel
    batch.append(1006, QByteArray("sync.\xc3\x28", 7), "sync.*", "{}");            // channel not UTF-8
    batch.append(1007, "personal.", "personal.*", "{}");                           // no username
    batch.append(1008, "sync.alice", "sync.*", QByteArray());
    batch.append(1009, "changed_task.carol", "*", QByteArray(200'000, '['));
    batch.setFirstSequence(77);
    return batch;
}

BusEventBatch TestCheckedBatch::decoded(const RawEventBatch &raw)
{
    BusEventBatch events = raw.toEvents();
    EventDecoder::decode(events, EventDecoder::Parts::WithoutSummary);
    return events;
}

QByteArray TestCheckedBatch::linesOf(const BusEventBatch &events)
{
    QByteArray lines;
    QBuffer buffer(&lines);
    buffer.open(QIODevice::WriteOnly);
    if (!CaptureWriter(&buffer).write(events))
        return "not written";
    return lines;
}

QByteArray TestCheckedBatch::linesOf(const CheckedBatch &batch, qsizetype count)
{
    QByteArray lines;
    QBuffer buffer(&lines);
    buffer.open(QIODevice::WriteOnly);
    if (!CaptureWriter(&buffer).write(batch, count))
        return "not written";
    return lines;
}

void TestCheckedBatch::saysWhatDecodingSays_data()
{
    QTest::addColumn<int>("index");
    const RawEventBatch batch = mixedBatch();
    for (int i = 0; i < batch.size(); ++i)
        QTest::addRow("%s #%d", batch.channel(batch.nameOf(i)).constData(), i) << i;
}

void TestCheckedBatch::saysWhatDecodingSays()
{
    QFETCH(int, index);
    const RawEventBatch raw = mixedBatch();
    const BusEvent event = decoded(raw).at(index);
    const CheckedBatch checked = CheckedBatch::check(raw);

    QCOMPARE(checked.size(), raw.size());
    QCOMPARE(checked.sequence(index), event.sequence);
    QCOMPARE(checked.receivedMs(index), event.receivedMs);
    QCOMPARE(checked.channel(index), event.channel);
    QCOMPARE(checked.pattern(index), event.pattern);
    QCOMPARE(checked.payload(index), event.payload);
    QCOMPARE(checked.kind(index), event.kind);
    QCOMPARE(checked.usernameUtf8(index), event.username.toUtf8());
    QCOMPARE(checked.problems(index), event.problems);
    QCOMPARE(checked.hasProblems(index), event.hasProblems());
}

void TestCheckedBatch::writesTheLinesOfItsEvents()
{
    const RawEventBatch raw = mixedBatch();
    const QByteArray lines = linesOf(CheckedBatch::check(raw), raw.size());
    QCOMPARE(lines.count('\n'), raw.size());
    QCOMPARE(lines, linesOf(decoded(raw)));
    // Not a vacuous match: problems and both base64 fallbacks are in there.
    QVERIFY(lines.contains("differs from the channel's"));
    QVERIFY(lines.contains("\"data_base64\":"));
    QVERIFY(lines.contains("\"channel_base64\":"));
}

void TestCheckedBatch::writesOnlyTheFirstCount()
{
    const RawEventBatch raw = mixedBatch();
    QCOMPARE(linesOf(CheckedBatch::check(raw), 3), linesOf(decoded(raw).first(3)));
}

QTEST_GUILESS_MAIN(TestCheckedBatch)
#include "tst_checkedbatch.moc"
