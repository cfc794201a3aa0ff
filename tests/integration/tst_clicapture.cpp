// busmon-cli read and replay on captures, as a script runs them, against real redis-servers.
#include "capture/capturewriter.h"
#include "capturefile.h"
#include "events/eventdecoder.h"
#include "redisserver.h"
#include "waituntilfinished.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::gzipped;
using busmon::test::RedisServer;
using busmon::test::writeCaptureFile;

namespace {
struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run cli(const QStringList &arguments, const QByteArray &input = QByteArray(), int timeoutMs = 30000)
{
    QProcess process;
    process.start(QStringLiteral(BUSMON_CLI_PATH), arguments);
    if (!input.isNull()) {
        process.write(input);
        process.closeWriteChannel();
    }
    Run run;
    if (!busmon::test::waitUntilFinished(process, timeoutMs))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = QString::fromLocal8Bit(process.readAllStandardError());
    return run;
}

BusEvent makeEvent(int i, const QByteArray &channel, const QByteArray &payload)
{
    BusEvent event;
    event.receivedMs = 1795770000000 + i * 10;
    event.channel = channel;
    event.pattern = "*";
    event.payload = payload;
    EventDecoder::decode(event);
    return event;
}

// Twelve messages of three users; some payloads are not UTF-8; one outage; one bad line.
QList<BusEvent> sampleEvents()
{
    QList<BusEvent> events;
    for (int i = 0; i < 12; ++i) {
        const QByteArray user = i % 3 == 0 ? "jane.doe@example.com" : (i % 3 == 1 ? "bob" : "carol");
        if (i % 4 == 3)
            events << makeEvent(i, "log_message." + user, "binary \xff\xfe\x00 " + QByteArray::number(i));
        else
            events << makeEvent(i, "sync." + user,
                                "{\n\t\"record_count\" : " + QByteArray::number(i) +
                                    ",\n\t\"username\" : \"" + user + "\",\n\t\"ip\" : \"203.0.113.7\"\n}");
    }
    return events;
}

QByteArray sampleCapture()
{
    QByteArray text;
    const QList<BusEvent> events = sampleEvents();
    for (int i = 0; i < events.size(); ++i) {
        text += CaptureWriter::line(events.at(i));
        if (i == 5) {
            text += CaptureWriter::outageLine(Outage{1795770000055, 1795770000058, QStringLiteral("gone")});
            text += "not a capture line\n";
        }
    }
    return text;
}

QList<QByteArray> lines(const QByteArray &text)
{
    QList<QByteArray> all = text.split('\n');
    if (!all.isEmpty() && all.constLast().isEmpty())
        all.removeLast();
    return all;
}

} // namespace

class TestCliCapture : public QObject
{
    Q_OBJECT
private slots:
    void readFormats_data();
    void readFormats();
    void readFilters();
    void readsStandardInputAndGzip();
    void readRedacts();
    void badFilterNamesTheColumn();
    void unreadableCaptureExitsOne();
    void fullOutputExitsOne_data();
    void fullOutputExitsOne();
    void replayIsByteForByteWithFilterAndRename();

private:
    QTemporaryDir m_dir;
};

void TestCliCapture::readFormats_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("lineCount");
    QTest::addColumn<QByteArray>("firstLineStart");
    QTest::newRow("jsonl") << QStringLiteral("jsonl") << 13
                           << QByteArray("{\"channel\":\"sync.jane.doe@example.com\"");
    QTest::newRow("text") << QStringLiteral("text") << 13 << QByteArray();
    QTest::newRow("csv") << QStringLiteral("csv") << 13
                         << QByteArray("time,channel,kind,user,summary,problems\r");
}

void TestCliCapture::readFormats()
{
    QFETCH(QString, format);
    QFETCH(int, lineCount);
    QFETCH(QByteArray, firstLineStart);
    const QString path = writeCaptureFile(m_dir.filePath(QStringLiteral("sample.jsonl")), sampleCapture());
    const Run run = cli({QStringLiteral("read"), path, QStringLiteral("--format"), format});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains(QLatin1String("line 8")), qPrintable(run.err)); // the bad line, named
    const QList<QByteArray> out = lines(run.out);
    // csv: a header and twelve messages (no row for the gap); the others: twelve and the outage.
    QCOMPARE(out.size(), lineCount);
    QVERIFY2(out.constFirst().startsWith(firstLineStart), out.constFirst().constData());
    if (format == QLatin1String("jsonl")) {
        // Each line is exactly what the capture holds.
        const QList<QByteArray> original = lines(sampleCapture());
        QCOMPARE(out.at(0), original.at(0));
        QCOMPARE(out.at(6), original.at(6)); // the outage
        QCOMPARE(out.constLast(), original.constLast());
    } else if (format == QLatin1String("csv")) {
        QVERIFY2(out.at(1).startsWith(
                     "2026-11-27T09:00:00.000Z,sync.jane.doe@example.com,sync,jane.doe@example.com,"),
                 out.at(1).constData());
    } else {
        QVERIFY(out.at(6).contains("no connection"));
    }
}

void TestCliCapture::readFilters()
{
    const QString path = writeCaptureFile(m_dir.filePath(QStringLiteral("sample.jsonl")), sampleCapture());
    const Run run = cli({QStringLiteral("read"), path, QStringLiteral("--filter"),
                         QStringLiteral("user:bob and record_count>3 or kind:log_message not has:gap")});
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> out = lines(run.out);
    QStringList shown;
    for (const QByteArray &line : out)
        shown << QJsonDocument::fromJson(line).object().value(QLatin1String("channel")).toString();
    // bob's syncs with record_count > 3 (4, 10: 7 is a log line), and every log_message (3, 7, 11).
    QCOMPARE(shown, (QStringList{QStringLiteral("log_message.jane.doe@example.com"),
                                 QStringLiteral("sync.bob"), QStringLiteral("log_message.bob"),
                                 QStringLiteral("sync.bob"), QStringLiteral("log_message.carol")}));
}

void TestCliCapture::readsStandardInputAndGzip()
{
    const QString gz =
        writeCaptureFile(m_dir.filePath(QStringLiteral("sample.jsonl.gz")), sampleCapture(), true);
    const Run fromGzip =
        cli({QStringLiteral("read"), gz, QStringLiteral("-f"), QStringLiteral("user:carol")});
    QCOMPARE(fromGzip.exitCode, 0);
    QCOMPARE(lines(fromGzip.out).size(), 4 + 1); // carol's four and the outage
    QFile compressed(gz);
    QVERIFY(compressed.open(QIODevice::ReadOnly));
    for (const QByteArray &input : {sampleCapture(), compressed.readAll()}) {
        const Run fromStdin = cli(
            {QStringLiteral("read"), QStringLiteral("-"), QStringLiteral("-f"), QStringLiteral("user:carol")},
            input);
        QCOMPARE(fromStdin.exitCode, 0);
        QCOMPARE(fromStdin.out, fromGzip.out);
    }
}

void TestCliCapture::readRedacts()
{
    const QString path = writeCaptureFile(m_dir.filePath(QStringLiteral("sample.jsonl")), sampleCapture());
    const Run run =
        cli({QStringLiteral("read"), path, QStringLiteral("--redact"), QStringLiteral("--pseudonymize")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("{\"busmon_capture\":{\"redacted\":true"));
    for (const char *secret : {"203.0.113.7", "jane.doe", "bob", "carol"})
        QVERIFY2(!run.out.contains(secret), secret);
    // It is a capture again: read reads it.
    const Run again = cli(
        {QStringLiteral("read"), QStringLiteral("-"), QStringLiteral("-f"), QStringLiteral("user:user-2")},
        run.out);
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(lines(again.out).size(), 4 + 1);
}

void TestCliCapture::badFilterNamesTheColumn()
{
    const QString path = writeCaptureFile(m_dir.filePath(QStringLiteral("sample.jsonl")), sampleCapture());
    const Run run =
        cli({QStringLiteral("read"), path, QStringLiteral("--filter"), QStringLiteral("user:bob and (")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QLatin1String("column 15")), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    const Run format = cli({QStringLiteral("read"), path, QStringLiteral("--format"), QStringLiteral("xml")});
    QCOMPARE(format.exitCode, 2);
}

void TestCliCapture::unreadableCaptureExitsOne()
{
    const Run missing = cli({QStringLiteral("read"), m_dir.filePath(QStringLiteral("absent.jsonl"))});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QLatin1String("absent.jsonl")), qPrintable(missing.err));
    const QByteArray compressed = gzipped(sampleCapture().repeated(2000));
    const QString cut = writeCaptureFile(m_dir.filePath(QStringLiteral("cut.jsonl.gz")),
                                         compressed.left(compressed.size() / 2));
    const Run truncated = cli({QStringLiteral("read"), cut});
    QCOMPARE(truncated.exitCode, 1);
    QVERIFY2(truncated.err.contains(QLatin1String("ends early")), qPrintable(truncated.err));
    QVERIFY(!truncated.out.isEmpty()); // what came before the damage is printed
}

void TestCliCapture::fullOutputExitsOne_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("read") << QStringList{QStringLiteral("read")};
    QTest::newRow("read as CSV") << QStringList{QStringLiteral("read"), QStringLiteral("--format"),
                                                QStringLiteral("csv")};
    QTest::newRow("read as text") << QStringList{QStringLiteral("read"), QStringLiteral("--format"),
                                                 QStringLiteral("text")};
    QTest::newRow("stats") << QStringList{QStringLiteral("stats")};
}

// Output redirected to a full disk: the command says so and fails, rather than exiting 0 with an
// empty or cut-off file that a script would take for the whole answer.
void TestCliCapture::fullOutputExitsOne()
{
    QFETCH(QStringList, arguments);
    const QString path = writeCaptureFile(m_dir.filePath(QStringLiteral("sample.jsonl")), sampleCapture());
    QProcess process;
    process.setStandardOutputFile(QStringLiteral("/dev/full"));
    process.start(QStringLiteral(BUSMON_CLI_PATH), arguments << path);
    QVERIFY(busmon::test::waitUntilFinished(process, 30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    const QString errors = QString::fromLocal8Bit(process.readAllStandardError());
    QVERIFY2(errors.contains(QLatin1String("cannot write the output: No space left on device")),
             qPrintable(errors));
}

void TestCliCapture::replayIsByteForByteWithFilterAndRename()
{
    RedisServer target;
    QVERIFY2(target.start(), qPrintable(target.errorString()));
    const QString path = writeCaptureFile(m_dir.filePath(QStringLiteral("sample.jsonl")), sampleCapture());
    // What a subscriber on the second server receives, read by busmon-cli tail (its capture is byte-exact).
    const QString received = m_dir.filePath(QStringLiteral("received.jsonl"));
    QProcess tail;
    tail.start(QStringLiteral(BUSMON_CLI_PATH),
               {QStringLiteral("tail"), QStringLiteral("--url"), target.url(), QStringLiteral("--pattern"),
                QStringLiteral("*"), QStringLiteral("--count"), QStringLiteral("8"),
                QStringLiteral("--output"), received});
    QVERIFY(QTest::qWaitFor([&] { return target.command({"PUBSUB", "NUMPAT"}).integer == 1; }, 10000));

    const Run replay =
        cli({QStringLiteral("replay"), QStringLiteral("--url"), target.url(), QStringLiteral("--speed"),
             QStringLiteral("0"), QStringLiteral("--filter"), QStringLiteral("not user:carol"),
             QStringLiteral("--rename-user"), QStringLiteral("jane.doe@example.com=tester"), path});
    QCOMPARE(replay.exitCode, 0);
    QVERIFY2(replay.err.contains(QLatin1String("replayed 8 messages")) &&
                 replay.err.contains(QLatin1String("4 left out")) &&
                 replay.err.contains(QLatin1String("4 renamed")),
             qPrintable(replay.err));
    QVERIFY(busmon::test::waitUntilFinished(tail, 10000));

    QList<std::pair<QByteArray, QByteArray>> expected;
    for (const BusEvent &event : sampleEvents()) {
        if (event.username == QLatin1String("carol"))
            continue;
        QByteArray channel = event.channel;
        QByteArray payload = event.payload;
        if (event.username == QLatin1String("jane.doe@example.com")) {
            channel.replace("jane.doe@example.com", "tester");
            payload.replace("\"username\" : \"jane.doe@example.com\"", "\"username\" : \"tester\"");
        }
        expected.append({channel, payload});
    }
    QFile file(received);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QList<std::pair<QByteArray, QByteArray>> got;
    for (const QByteArray &line : lines(file.readAll())) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        const QByteArray payload =
            object.contains(QLatin1String("data_base64"))
                ? QByteArray::fromBase64(object.value(QLatin1String("data_base64")).toString().toLatin1())
                : object.value(QLatin1String("data")).toString().toUtf8();
        got.append({object.value(QLatin1String("channel")).toString().toUtf8(), payload});
    }
    QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(TestCliCapture)
#include "tst_clicapture.moc"
