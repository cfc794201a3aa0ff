#include "capture/capturereader.h"
#include "capture/capturewriter.h"
#include "capture/gzipdevice.h"
#include "events/eventdecoder.h"
#include "events/isodatetime.h"
#include "filesizelimit.h"

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::FileSizeLimit;

namespace {

BusEvent makeEvent(const QByteArray &channel, const QByteArray &payload, const QByteArray &pattern = "sync.*")
{
    BusEvent event;
    event.sequence = 7;
    event.receivedMs = 1795770000123; // 2026-11-27T09:00:00.123Z
    event.channel = channel;
    event.pattern = pattern;
    event.payload = payload;
    EventDecoder::decode(event);
    return event;
}

struct ReadResult
{
    QList<CaptureReader::Entry> entries;
    QList<BusEvent> events;
    QList<Outage> outages;
    QStringList errors;
};

ReadResult readAll(QByteArray text, bool summaries = true)
{
    QBuffer buffer(&text);
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader(&buffer);
    reader.setSummaries(summaries);
    ReadResult result;
    for (int guard = 0; guard < 100000; ++guard) {
        const CaptureReader::Entry entry = reader.readNext();
        result.entries << entry;
        if (entry == CaptureReader::Entry::End)
            break;
        if (entry == CaptureReader::Entry::Event)
            result.events << reader.event();
        else if (entry == CaptureReader::Entry::Outage)
            result.outages << reader.outage();
        else
            result.errors << reader.errorString();
    }
    return result;
}

// The fields a capture line records for a message, but its summary (the reader makes that or not).
void compareRecordedFields(const BusEvent &actual, const BusEvent &expected)
{
    QCOMPARE(actual.channel, expected.channel);
    QCOMPARE(actual.pattern, expected.pattern);
    QCOMPARE(actual.receivedMs, expected.receivedMs);
    QCOMPARE(actual.kind, expected.kind);
    QCOMPARE(actual.username, expected.username);
    QCOMPARE(actual.payload, expected.payload);
    QCOMPARE(actual.problems, expected.problems);
}

} // namespace

class TestCapture : public QObject
{
    Q_OBJECT
private slots:
    void exactLine();
    void roundTrip_data();
    void roundTrip();
    void nonUtf8ChannelRoundTrip();
    void outageLines();
    void outageNoticedLater();
    void refusedSubscriptionLines();
    void badLinesAreReportedAndReadingGoesOn();
    void handWrittenLineGetsKindAndProblemsWorkedOut();
    void consecutiveLinesKeepTheirOwnFields();
    void withoutSummariesEverythingElseIsRead();
    void summaryFollowsTheRecordedKind();
    void readsEveryJsonEscape();
    void escapesAtEveryOffset_data();
    void escapesAtEveryOffset();
    void damagedLinesNeverCrash();
    void writerReportsIoErrors();
    void writerAppendsLines();
    void writerWritesABurstWhole();
    void writerReportsAFullDisk();
    void writerReportsADiskThatFillsUp_data();
    void writerReportsADiskThatFillsUp();
    void timeFormat_data();
    void timeFormat();
};

void TestCapture::exactLine()
{
    const BusEvent event = makeEvent("sync.alice", R"({"a": "x\"y"})");
    // Outside the macro: moc misreads backslashes in raw strings passed to one.
    const QByteArray expected =
        QByteArray(R"({"channel":"sync.alice","pattern":"sync.*","received":"2026-11-27T09:00:00.123Z",)"
                   R"("kind":"sync","username":"alice","problems":["action: missing","username: missing",)"
                   R"("org: missing","client: missing","ip: missing","port: missing","client_key: missing",)"
                   R"("record_count: missing","branch_point: missing","branch_record_count: missing",)"
                   R"("delta_count: missing","stored_count: missing","merged_count: missing",)"
                   R"("service_duration: missing"],"data":"{\"a\": \"x\\\"y\"}"})"
                   "\n");
    QCOMPARE(CaptureWriter::line(event), expected);

    const BusEvent general =
        makeEvent("__general__", R"({"title": "t", "message": "m", "system": true})", "");
    const QByteArray expectedGeneral =
        R"({"channel":"__general__","pattern":null,"received":"2026-11-27T09:00:00.123Z",)"
        R"("kind":"__general__","username":null,"problems":[],)"
        R"("data":"{\"title\": \"t\", \"message\": \"m\", \"system\": true}"})"
        "\n";
    QCOMPARE(CaptureWriter::line(general), expectedGeneral);

    const BusEvent binary = makeEvent("weird", QByteArray("\xff\x00\x01", 3), "*");
    QCOMPARE(CaptureWriter::line(binary),
             QByteArray(R"({"channel":"weird","pattern":"*","received":"2026-11-27T09:00:00.123Z",)"
                        R"("kind":"unknown","username":null,"problems":[],"data_base64":"/wAB"})"
                        "\n"));
}

void TestCapture::roundTrip_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("asText");

    QTest::newRow("sync-shaped") << QByteArray(R"({"action": "sync", "username": "alice", "port": 1})")
                                 << true;
    QTest::newRow("quotes and backslashes") << QByteArray("\"\\\" \\\\ \\u0041 \"\" \\ ") << true;
    QTest::newRow("NUL and every control byte") << [] {
        QByteArray bytes;
        for (int c = 0; c < 0x20; ++c)
            bytes += char(c);
        return bytes + "\x7f";
    }() << true;
    QTest::newRow("escaped NUL as text") << QByteArray(R"({"m": "\u0000"})") << true;
    QTest::newRow("line and paragraph separators") << QByteArray("a\xe2\x80\xa8"
                                                                 "b\xe2\x80\xa9"
                                                                 "c")
                                                   << true;
    QTest::newRow("emoji and accents")
        << QByteArray("{\"t\": \"J\xc3\xbcrgen \xf0\x9f\x98\x80 \xe6\x97\xa5\"}") << true;
    QTest::newRow("noncharacters") << QByteArray("\xef\xbf\xbe\xef\xbf\xbf\xf4\x8f\xbf\xbf") << true;
    QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf{}") << true;
    QTest::newRow("BOM after an escape") << QByteArray("a\n\xef\xbb\xbf\xef\xbb\xbf b \xef\xbb\xbf") << true;
    QTest::newRow("CRLF inside") << QByteArray("line1\r\nline2\n") << true;
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("invalid UTF-8") << QByteArray("{\"a\": \"\xc3\x28\"}") << false;
    QTest::newRow("UTF-8 surrogate half") << QByteArray("\xed\xa0\x80") << false;
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x80\n\r", 6) << false;
    QTest::newRow("large") << QByteArray(300000, 'x') + "\"\\" << true;
}

void TestCapture::roundTrip()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, asText);

    const BusEvent written =
        makeEvent("taskd.certificate.jane.doe@example.com", payload, "taskd.certificate.*");
    const QByteArray line = CaptureWriter::line(written);
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);
    const QJsonObject object = QJsonDocument::fromJson(line).object();
    QCOMPARE(object.contains("data"), asText);
    QCOMPARE(object.contains("data_base64"), !asText);
    QCOMPARE(object.keys().size(), 7);

    const ReadResult read = readAll(line + line);
    QCOMPARE(read.errors, QStringList());
    QCOMPARE(read.events.size(), 2);
    const BusEvent &back = read.events.first();
    QCOMPARE(back.payload, payload);
    compareRecordedFields(back, written);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(back.summary, written.summary);
    QCOMPARE(back.sequence, quint64(1));
    QCOMPARE(read.events.at(1).sequence, quint64(2));
}

void TestCapture::nonUtf8ChannelRoundTrip()
{
    const BusEvent written = makeEvent(QByteArray("sync.\xff\xfe", 7), "{}", "");
    const QByteArray line = CaptureWriter::line(written);
    QVERIFY(QJsonDocument::fromJson(line).isObject());
    const ReadResult read = readAll(line);
    QCOMPARE(read.events.size(), 1);
    QCOMPARE(read.events.first().channel, written.channel);
}

void TestCapture::outageLines()
{
    const Outage ended{1795770000123, 1795770004623, QStringLiteral("server closed the \"connection\"")};
    // Outside the macro: moc misreads backslashes in raw strings passed to one.
    const QByteArray expected =
        R"({"outage":{"began":"2026-11-27T09:00:00.123Z","ended":"2026-11-27T09:00:04.623Z",)"
        R"("duration_ms":4500,"reason":"server closed the \"connection\""}})"
        "\n";
    QCOMPARE(CaptureWriter::outageLine(ended), expected);
    const Outage ongoing{1795770000123, 0, QStringLiteral("connection refused")};
    QCOMPARE(CaptureWriter::outageLine(ongoing),
             QByteArray(R"({"outage":{"began":"2026-11-27T09:00:00.123Z","ended":null,"duration_ms":null,)"
                        R"("reason":"connection refused"}})"
                        "\n"));

    const BusEvent event = makeEvent("sync.alice", "{}");
    const ReadResult read = readAll(CaptureWriter::line(event) + CaptureWriter::outageLine(ended) +
                                    CaptureWriter::outageLine(ongoing));
    QCOMPARE(read.entries, (QList{CaptureReader::Entry::Event, CaptureReader::Entry::Outage,
                                  CaptureReader::Entry::Outage, CaptureReader::Entry::End}));
    QCOMPARE(read.outages.at(0).beganMs, ended.beganMs);
    QCOMPARE(read.outages.at(0).endedMs, ended.endedMs);
    QCOMPARE(read.outages.at(0).reason, ended.reason);
    QCOMPARE(read.outages.at(0).durationMs(), 4500);
    QCOMPARE(read.outages.at(1).endedMs, 0);
    QCOMPARE(read.outages.at(1).reason, ongoing.reason);

    // Another tool's line without a reason is written back with an empty one (the fuzzer's first
    // find: the empty text reached memcpy as a null pointer, undefined behaviour under UBSan).
    const ReadResult bare = readAll(R"({"outage":{"began":"2026-11-27T09:00:00.123Z"}})"
                                    "\n");
    QCOMPARE(CaptureWriter::outageLine(bare.outages.value(0)),
             QByteArray(R"({"outage":{"began":"2026-11-27T09:00:00.123Z","ended":null,"duration_ms":null,)"
                        R"("reason":""}})"
                        "\n"));
}

void TestCapture::outageNoticedLater()
{
    // began is the server's last sign of life; noticed, an added field, when the loss was found.
    const Outage outage{1795770000123, 1795770008623, QStringLiteral("no answer from the server for 5.0 s"),
                        1795770005123};
    const QByteArray line = CaptureWriter::outageLine(outage);
    QCOMPARE(line,
             QByteArray(R"({"outage":{"began":"2026-11-27T09:00:00.123Z","ended":"2026-11-27T09:00:08.623Z",)"
                        R"("duration_ms":8500,"reason":"no answer from the server for 5.0 s",)"
                        R"("noticed":"2026-11-27T09:00:05.123Z"}})"
                        "\n"));
    // Lines with and without it are read; a broken one is reported.
    const ReadResult read = readAll(line + CaptureWriter::outageLine(Outage{1, 2, "old capture"}) +
                                    R"({"outage":{"began":"2026-11-27T09:00:00.123Z","noticed":"soon"}})"
                                    "\n");
    QCOMPARE(read.outages.size(), 2);
    QCOMPARE(read.outages.at(0).noticedMs, outage.noticedMs);
    QCOMPARE(read.outages.at(0).beganMs, outage.beganMs);
    QCOMPARE(read.outages.at(0).durationMs(), 8500);
    QCOMPARE(read.outages.at(1).noticedMs, 0);
    QCOMPARE(read.outages.at(1).reason, "old capture");
    QCOMPARE(read.errors, QStringList{"line 3: outage.noticed: 'soon' is not an ISO-8601 time"});
}

void TestCapture::refusedSubscriptionLines()
{
    const SubscriptionRefusal pattern{"sync.*", true, "NOPERM No permissions to access a channel",
                                      1795770000123};
    const SubscriptionRefusal channel{"__general__", false, "NOPERM this user has no permissions",
                                      1795770000124};
    QCOMPARE(
        CaptureWriter::refusalLine(pattern),
        QByteArray(R"({"refused":{"pattern":"sync.*","reason":"NOPERM No permissions to access a channel",)"
                   R"("at":"2026-11-27T09:00:00.123Z"}})"
                   "\n"));
    QVERIFY(CaptureWriter::refusalLine(channel).startsWith(R"({"refused":{"channel":"__general__",)"));

    // The reader passes over them (they are about the recording, not the bus) and keeps them.
    const QByteArray event = CaptureWriter::line(makeEvent("personal.bob", "{}", "personal.*"));
    QByteArray text = CaptureWriter::refusalLine(pattern) + CaptureWriter::refusalLine(channel) + event +
                      R"({"refused":{"reason":"NOPERM"}})"
                      "\n";
    QBuffer buffer(&text);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CaptureReader reader(&buffer);
    QCOMPARE(reader.readNext(), CaptureReader::Entry::Event);
    QCOMPARE(reader.event().channel, QByteArray("personal.bob"));
    QCOMPARE(reader.lineNumber(), 3);
    QCOMPARE(reader.refusals().size(), 2);
    QCOMPARE(reader.refusals().at(0).name, QByteArray("sync.*"));
    QVERIFY(reader.refusals().at(0).isPattern);
    QCOMPARE(reader.refusals().at(0).reason, pattern.reason);
    QCOMPARE(reader.refusals().at(0).atMs, pattern.atMs);
    QCOMPARE(reader.refusals().at(1).name, QByteArray("__general__"));
    QVERIFY(!reader.refusals().at(1).isPattern);
    QCOMPARE(reader.readNext(), CaptureReader::Entry::Error);
    QCOMPARE(reader.errorString(), "line 4: refused: no channel or pattern");
    QCOMPARE(reader.readNext(), CaptureReader::Entry::End);
}

void TestCapture::badLinesAreReportedAndReadingGoesOn()
{
    const QByteArray good = CaptureWriter::line(makeEvent("sync.alice", R"({"x": 1})"));
    const QByteArray text = good                  // 1
                            + "not json at all\n" // 2
                            + R"({"data": "x"})"
                              "\n" // 3
                            + "\n" // 4 blank: skipped
                            + R"({"channel": "a", "data_base64": "@@@"})"
                              "\n"       // 5
                            + good       // 6
                            + "[1, 2]\n" // 7
                            + R"({"channel": "a", "data": "x", "received": "noon"})"
                              "\n" // 8
                            + R"({"channel": "a"})"
                              "\n" // 9
                            + R"({"outage": {"reason": "x"}})"
                              "\r\n"           // 10
                            + good.chopped(1); // 11, no final newline
    const ReadResult read = readAll(text);
    using E = CaptureReader::Entry;
    QCOMPARE(read.entries, (QList{E::Event, E::Error, E::Error, E::Error, E::Event, E::Error, E::Error,
                                  E::Error, E::Error, E::Event, E::End}));
    QCOMPARE(read.errors.size(), 7);
    QVERIFY2(read.errors.at(0).startsWith("line 2: not JSON ("), qPrintable(read.errors.at(0)));
    QCOMPARE(read.errors.at(1), "line 3: channel: missing");
    QCOMPARE(read.errors.at(2), "line 5: data_base64: not valid base64");
    QCOMPARE(read.errors.at(3), "line 7: not a JSON object");
    QCOMPARE(read.errors.at(4), "line 8: received: 'noon' is not an ISO-8601 time");
    QCOMPARE(read.errors.at(5), "line 9: data: missing (and no data_base64)");
    QCOMPARE(read.errors.at(6), "line 10: outage.began: missing");
    QCOMPARE(read.events.size(), 3);
    QCOMPARE(read.events.at(1).sequence, quint64(6));
    QCOMPARE(read.events.at(2).sequence, quint64(11));
    for (const BusEvent &event : read.events)
        QCOMPARE(event.payload, QByteArray(R"({"x": 1})"));
}

void TestCapture::handWrittenLineGetsKindAndProblemsWorkedOut()
{
    const ReadResult read = readAll(R"({"channel": "personal.bob", "data": "{\"title\": \"hi\"}"})"
                                    "\n");
    QCOMPARE(read.events.size(), 1);
    const BusEvent &event = read.events.first();
    QCOMPARE(event.kind, EventKind::Personal);
    QCOMPARE(event.username, "bob");
    QCOMPARE(event.problems, (QStringList{"username: missing", "message: missing"}));
    QCOMPARE(event.summary, "hi: ?");
    QCOMPARE(event.receivedMs, 0);
    QVERIFY(event.pattern.isEmpty());
}

// The reader shares a field's value with the line before when its text repeats: each line must
// still come out with exactly its own channel, pattern, user and time, and a bad time after a good
// one is still an error.
void TestCapture::consecutiveLinesKeepTheirOwnFields()
{
    const auto line = [](const char *channel, const char *pattern, const char *received, const char *user) {
        return QByteArray(R"({"channel":")") + channel + R"(","pattern":)" + pattern + R"(,"received":)" +
               received + R"(,"kind":"sync","username":)" + user + R"(,"problems":[],"data":"{}"})" + "\n";
    };
    const QByteArray text = line("sync.alice", R"("sync.*")", R"("2026-11-27T09:00:00.123Z")", R"("alice")") +
                            line("sync.alice", R"("sync.*")", R"("2026-11-27T09:00:00.123Z")", R"("alice")") +
                            line("sync.bob", "null", R"("2026-11-27T09:00:00.124Z")", R"("bob")") +
                            line("sync.bob", R"("sync.b*")", R"("2026-11-27T09:00:00.124Z")", "null") +
                            line("sync.bob", R"("sync.b*")", R"("noon")", R"("bob")") +
                            line("sync.alice", R"("sync.*")", R"("2026-11-27T09:00:00.123Z")", R"("alice")");
    const ReadResult read = readAll(text);
    QCOMPARE(read.errors, QStringList{"line 5: received: 'noon' is not an ISO-8601 time"});
    QCOMPARE(read.events.size(), 5);
    const QList<QByteArray> channels{"sync.alice", "sync.alice", "sync.bob", "sync.bob", "sync.alice"};
    const QList<QByteArray> patterns{"sync.*", "sync.*", "", "sync.b*", "sync.*"};
    const QList<qint64> times{1795770000123, 1795770000123, 1795770000124, 1795770000124, 1795770000123};
    const QStringList users{"alice", "alice", "bob", "", "alice"};
    for (int i = 0; i < 5; ++i) {
        const BusEvent &event = read.events.at(i);
        QCOMPARE(event.channel, channels.at(i));
        QCOMPARE(event.pattern, patterns.at(i));
        QCOMPARE(event.receivedMs, times.at(i));
        QCOMPARE(event.username, users.at(i));
    }
}

// busmon-cli read and stats read captures without summaries: the rest of each event is as with them,
// and a line that does not record its problems still has them worked out.
void TestCapture::withoutSummariesEverythingElseIsRead()
{
    const QByteArray text =
        CaptureWriter::line(makeEvent("sync.alice", R"({"action": "sync", "record_count": 3})")) +
        R"({"channel": "personal.bob", "data": "{\"title\": \"hi\"}"})"
        "\n";
    const ReadResult with = readAll(text, true);
    const ReadResult without = readAll(text, false);
    QCOMPARE(without.events.size(), 2);
    QCOMPARE(with.events.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const BusEvent &a = with.events.at(i);
        const BusEvent &b = without.events.at(i);
        QVERIFY(!a.summary.isEmpty());
        QVERIFY(b.summary.isEmpty());
        compareRecordedFields(b, a);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(b.sequence, a.sequence);
    }
    QCOMPARE(without.events.at(1).problems, (QStringList{"username: missing", "message: missing"}));
}

// The row shows the kind the line records; its summary is that kind's, not the channel's.
void TestCapture::summaryFollowsTheRecordedKind()
{
    const ReadResult read =
        readAll(R"({"channel": "renamed.alice", "kind": "personal", "username": "alice", )"
                R"("problems": [], "data": "{\"title\": \"hi\", \"message\": \"there\"}"})"
                "\n");
    QCOMPARE(read.events.size(), 1);
    QCOMPARE(read.events.first().kind, EventKind::Personal);
    QCOMPARE(read.events.first().summary, "hi: there");
}

void TestCapture::readsEveryJsonEscape()
{
    // Captures written by other tools (Python's json.dumps escapes all non-ASCII).
    const QByteArray line =
        R"({"channel": "personal.j\u00fcrgen", "data": "\ud83c\udf89 \u00e9\/\b\f\n\r\t\"\\ \ud800 \u0000"})"
        "\n"
        "{\"channel\": \"x\", \"data\": \"\xff\"}\n";
    const ReadResult read = readAll(line);
    QCOMPARE(read.events.size(), 1);
    QCOMPARE(read.events.first().channel, QByteArray("personal.j\xc3\xbcrgen"));
    QCOMPARE(read.events.first().payload,
             QByteArray("\xf0\x9f\x8e\x89 \xc3\xa9/\b\f\n\r\t\"\\ \xef\xbf\xbd \x00", 21));
    QCOMPARE(read.errors, QStringList{"line 2: not valid UTF-8"});
}

void TestCapture::escapesAtEveryOffset_data()
{
    QTest::addColumn<QByteArray>("special");
    QTest::newRow("quote") << QByteArray("\"");
    QTest::newRow("backslash") << QByteArray("\\");
    QTest::newRow("newline") << QByteArray("\n");
    QTest::newRow("control byte") << QByteArray("\x01");
    QTest::newRow("NUL") << QByteArray(1, '\0');
    QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf");
    QTest::newRow("0xef, no BOM") << QByteArray("\xef\xa3\xbf");
    QTest::newRow("two controls") << QByteArray("\x02\x1f");
}

void TestCapture::escapesAtEveryOffset()
{
    // Runs are scanned sixteen bytes at a time: an escape must come out right wherever it falls.
    QFETCH(QByteArray, special);
    QByteArray text;
    QList<QByteArray> payloads;
    for (int length = 0; length <= 40; ++length) {
        for (int at = 0; at <= length; ++at) {
            QByteArray payload(length, 'a');
            payload.insert(at, special);
            payloads << payload;
            text += CaptureWriter::line(makeEvent("sync.alice", payload));
        }
    }
    const ReadResult read = readAll(text);
    QCOMPARE(read.errors, QStringList());
    QCOMPARE(read.events.size(), payloads.size());
    for (qsizetype i = 0; i < payloads.size(); ++i)
        QCOMPARE(read.events.at(i).payload, payloads.at(i));
    // And what Qt's own JSON parser reads from a line is the payload as text (QString::fromUtf8 would
    // drop a leading BOM, hence not for that one).
    const QByteArray line = CaptureWriter::line(makeEvent("sync.alice", payloads.last()));
    if (special != "\xef\xbb\xbf")
        QCOMPARE(QJsonDocument::fromJson(line).object().value("data").toString(),
                 QString::fromUtf8(payloads.last()));
}

void TestCapture::damagedLinesNeverCrash()
{
    const QList<QByteArray> lines{
        CaptureWriter::line(makeEvent("sync.alice", R"({"action": "sync", "port": 1, "m": "a\"b\\c"})")),
        CaptureWriter::line(makeEvent("x", QByteArray("\xff\x00\x01", 3))),
        CaptureWriter::outageLine(Outage{1795770000123, 1795770004623, "gone"}),
    };
    const QByteArray alphabet("{}[]\",:0123456789.-eEtrufalsn \\u/=+\n\r", 34);
    QRandomGenerator random(11);
    QByteArray text;
    for (int round = 0; round < 5000; ++round) {
        QByteArray line = lines.at(random.bounded(int(lines.size()))).chopped(1);
        for (int e = 0, edits = 1 + random.bounded(3); e < edits && !line.isEmpty(); ++e) {
            const int at = random.bounded(int(line.size()));
            if (random.bounded(2))
                line[at] = alphabet.at(random.bounded(int(alphabet.size())));
            else
                line.remove(at, 1 + random.bounded(4));
        }
        text += line + '\n';
    }
    const ReadResult read = readAll(text);
    QCOMPARE(read.entries.last(), CaptureReader::Entry::End);
    // Every non-blank line is accounted for, as an event, an outage or an error naming its line.
    QVERIFY(read.events.size() + read.outages.size() + read.errors.size() >= 5000);
    QVERIFY(!read.events.isEmpty() && !read.errors.isEmpty());
    for (const QString &error : read.errors)
        QVERIFY2(error.startsWith("line "), qPrintable(error));
    for (const BusEvent &event : read.events)
        QVERIFY(event.summary.size() <= 200);
}

void TestCapture::writerReportsIoErrors()
{
    QByteArray storage;
    QBuffer readOnly(&storage);
    readOnly.open(QIODevice::ReadOnly);
    CaptureWriter writer(&readOnly);
    QVERIFY(!writer.write(makeEvent("sync.a", "{}")));
    QVERIFY(!writer.errorString().isEmpty());

    QBuffer closed;
    CaptureWriter closedWriter(&closed);
    QVERIFY(!closedWriter.writeOutage(Outage{1, 2, "x"}));
    QVERIFY(!closedWriter.errorString().isEmpty());
}

void TestCapture::writerAppendsLines()
{
    QByteArray storage;
    QBuffer buffer(&storage);
    buffer.open(QIODevice::WriteOnly);
    CaptureWriter writer(&buffer);
    const BusEvent event = makeEvent("sync.a", "{}");
    const Outage outage{1, 2, "x"};
    QVERIFY(writer.write(event));
    QVERIFY(writer.writeOutage(outage));
    QVERIFY(writer.write(event));
    const BusEventBatch batch{makeEvent("sync.b", "{\"m\": \"\\n\"}"), makeEvent("x", QByteArray("\xff", 1)),
                              event};
    QVERIFY(writer.write(batch));
    QCOMPARE(storage, CaptureWriter::line(event) + CaptureWriter::outageLine(outage) +
                          CaptureWriter::line(event) + CaptureWriter::line(batch.at(0)) +
                          CaptureWriter::line(batch.at(1)) + CaptureWriter::line(batch.at(2)));
}

// A burst's batch is written a chunk at a time: every line, in order, none cut at a chunk's edge.
void TestCapture::writerWritesABurstWhole()
{
    BusEventBatch batch;
    QByteArray expected;
    for (int i = 0; i < 3000; ++i) {
        const QByteArray payload = i % 7 == 3 ? QByteArray("\xfe\x00 not UTF-8 ") + QByteArray::number(i)
                                              : "{\"action\": \"sync\", \"n\": " + QByteArray::number(i) +
                                                    ",\n \"pad\": \"" + QByteArray(i % 400, 'x') + "\"}";
        batch.append(makeEvent("sync.user" + QByteArray::number(i % 5), payload));
        expected += CaptureWriter::line(batch.constLast());
    }
    QVERIFY(expected.size() > 10 * 64 * 1024);
    QByteArray storage;
    QBuffer buffer(&storage);
    buffer.open(QIODevice::WriteOnly);
    CaptureWriter writer(&buffer);
    QVERIFY(writer.write(batch));
    QVERIFY(writer.write(batch.first(1)));
    QCOMPARE(storage, expected + CaptureWriter::line(batch.constFirst()));
    const ReadResult read = readAll(storage);
    QCOMPARE(read.events.size(), batch.size() + 1);
    QVERIFY(read.errors.isEmpty());
}

void TestCapture::writerReportsAFullDisk()
{
    QFile full(QStringLiteral("/dev/full"));
    QVERIFY(full.open(QIODevice::WriteOnly));
    CaptureWriter writer(&full);
    BusEventBatch batch;
    for (int i = 0; i < 1000; ++i)
        batch.append(makeEvent("sync.alice", QByteArray(300, 'a')));
    QVERIFY(!writer.write(batch));
    QVERIFY2(writer.errorString().contains(QLatin1String("No space left on device")),
             qPrintable(writer.errorString()));
}

void TestCapture::writerReportsADiskThatFillsUp_data()
{
    QTest::addColumn<bool>("asBatch");
    QTest::addColumn<bool>("compressed");
    QTest::newRow("lines one at a time, through the file's buffer") << false << false;
    QTest::newRow("a burst's batch, in chunks larger than the buffer") << true << false;
    QTest::newRow("a burst's batch, gzip-compressed") << true << true;
}

// Unlike /dev/full, a disk that fills up takes part of a write before it refuses the rest; a file
// size limit does the same (EFBIG). The reason must come through all the same.
void TestCapture::writerReportsADiskThatFillsUp()
{
    QFETCH(bool, asBatch);
    QFETCH(bool, compressed);
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("limited.jsonl")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    GzipDevice gzip(&file);
    if (compressed)
        QVERIFY(gzip.open(QIODevice::WriteOnly));
    CaptureWriter writer(compressed ? static_cast<QIODevice *>(&gzip) : &file);
    QRandomGenerator random(7);
    BusEventBatch batch;
    for (int i = 0; i < 1000; ++i) {
        QByteArray payload(152, Qt::Uninitialized);
        random.fillRange(reinterpret_cast<quint32 *>(payload.data()), payload.size() / 4);
        batch.append(makeEvent("sync.alice", payload.toHex())); // little for gzip to take out
    }
    FileSizeLimit limit(4000);
    QVERIFY(limit.isSet());
    bool written = true;
    if (asBatch) {
        written = writer.write(batch);
    } else {
        for (const BusEvent &event : std::as_const(batch)) {
            if (!(written = writer.write(event)))
                break;
        }
    }
    limit.lift();
    QVERIFY(!written);
    QVERIFY2(writer.errorString().contains(FileSizeLimit::refusal()), qPrintable(writer.errorString()));
}

void TestCapture::timeFormat_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("epoch") << qint64(0) << QByteArray("1970-01-01T00:00:00.000Z");
    QTest::newRow("now-ish") << qint64(1795770000123) << QByteArray("2026-11-27T09:00:00.123Z");
    QTest::newRow("leap day") << qint64(1709164799999) << QByteArray("2024-02-28T23:59:59.999Z");
    QTest::newRow("leap day 2") << qint64(1709251199999) << QByteArray("2024-02-29T23:59:59.999Z");
    QTest::newRow("before epoch") << qint64(-1) << QByteArray("1969-12-31T23:59:59.999Z");
    QTest::newRow("year 2100") << qint64(4107542400000) << QByteArray("2100-03-01T00:00:00.000Z");
}

void TestCapture::timeFormat()
{
    QFETCH(qint64, ms);
    QFETCH(QByteArray, text);
    QCOMPARE(IsoDateTime::formatUtcMs(ms), text);
    QCOMPARE(IsoDateTime::parseMs(QString::fromLatin1(text)), std::optional<qint64>(ms));
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1(), text);
}

QTEST_APPLESS_MAIN(TestCapture)
#include "tst_capture.moc"
