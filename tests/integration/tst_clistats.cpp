// busmon-cli stats end to end: a capture with known answers, and the live bus of a real redis-server.
#include "capture/capturewriter.h"
#include "capturefile.h"
#include "events/channelname.h"
#include "events/eventdecoder.h"
#include "events/isodatetime.h"
#include "redisserver.h"
#include "waituntilfinished.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::RedisServer;

namespace {

constexpr qint64 nineMs = 1'795'770'000'000; // 2026-11-27T09:00:00Z

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runStats(const QStringList &arguments, const QByteArray &input = QByteArray())
{
    QProcess process;
    process.start(QStringLiteral(BUSMON_CLI_PATH), QStringList{QStringLiteral("stats")} + arguments);
    if (!input.isNull()) {
        process.write(input);
        process.closeWriteChannel();
    }
    if (!busmon::test::waitUntilFinished(process, 60'000))
        process.kill();
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

QJsonObject json(const Run &run)
{
    return QJsonDocument::fromJson(run.out).object();
}

QByteArray eventLine(qint64 ms, const QByteArray &channel, const QByteArray &payload)
{
    BusEvent event;
    event.receivedMs = ms;
    event.channel = channel;
    event.pattern = ChannelName::parse(channel).kind() == EventKind::General ? QByteArray() : QByteArray("*");
    event.payload = payload;
    EventDecoder::decode(event);
    return CaptureWriter::line(event);
}

qint64 at(int minute, int second)
{
    return nineMs + minute * 60'000 + second * 1000;
}

// Known answers: see the expectations of knownCapture().
QByteArray knownCapture()
{
    QByteArray capture;
    capture += eventLine(at(0, 5), "sync.alice",
                         R"({"stored_count": 2, "merged_count": 1, "service_duration": 0.3})");
    capture += eventLine(at(0, 10), "local_sync.alice", R"({"start": "s", "head": "h"})");
    capture += eventLine(at(0, 11), "changed_task.alice", R"({"start": "s", "head": "h", "task_id": "t"})");
    capture += eventLine(at(0, 20), "sync.bob",
                         R"({"stored_count": 0, "merged_count": 0, "service_duration": 0.1})");
    capture += eventLine(at(0, 30), "taskd.certificate.bob", R"({"certificate_accepted": false})");
    capture += eventLine(at(0, 40), "log_message.bob", R"({"error": true, "count": 1})");
    capture += eventLine(at(0, 41), "log_message.bob", R"({"error": true, "count": 0, "last_seen": null})");
    capture += eventLine(at(1, 0), "sync.alice", R"({"stored_count": 1, "service_duration": 0.5})");
    capture += eventLine(at(1, 15), "sync.carol", R"({"service_duration": "fast"})");
    capture += eventLine(at(1, 20), "sync.carol", R"({"stored_count": 0})");
    capture += CaptureWriter::outageLine(Outage{at(1, 25), at(1, 28), QStringLiteral("connection refused")});
    capture +=
        eventLine(at(1, 30), "incoming_mail.carol", R"({"accepted": false, "rejection_reason": "subject"})");
    capture += eventLine(at(1, 31), "incoming_mail.carol", R"({"accepted": true, "task_id": "t"})");
    capture += "this line is no capture\n"; // line 14
    capture += eventLine(at(3, 10), "sync.bob", R"({"service_duration": 0.2})");
    capture += eventLine(at(3, 20), "personal.alice", R"({"title": "t", "message": "m"})");
    capture += eventLine(at(3, 30), "log_message.alice", R"({"error": false, "count": 1})");
    capture += eventLine(at(-10, 0), "sync.dave", R"({"service_duration": 9})"); // late: 08:50
    return capture;
}

QStringList minutes(const QJsonObject &stats)
{
    QStringList result;
    for (const QJsonValue &minute : stats.value(QLatin1String("per_minute")).toArray()) {
        const QJsonObject m = minute.toObject();
        const auto seconds = [&m](const char *key) {
            const QJsonValue value = m.value(QLatin1String(key));
            return value.isNull() ? QStringLiteral("-") : QString::number(value.toDouble());
        };
        result << QStringLiteral("%1 %2/%3/%4 %5 %6 e%7")
                      .arg(m.value(QLatin1String("minute")).toString().mid(11, 5))
                      .arg(m.value(QLatin1String("syncs")).toInteger())
                      .arg(m.value(QLatin1String("syncs_changed")).toInteger())
                      .arg(m.value(QLatin1String("local_syncs")).toInteger())
                      .arg(seconds("duration_p50"), seconds("duration_p95"))
                      .arg(m.value(QLatin1String("errors")).toInteger());
    }
    return result;
}

QString topUsers(const QJsonObject &stats)
{
    QStringList users;
    for (const QJsonValue &user : stats.value(QLatin1String("top_users")).toArray()) {
        const QJsonObject u = user.toObject();
        users << QStringLiteral("%1=%2/%3")
                     .arg(u.value(QLatin1String("user")).toString())
                     .arg(u.value(QLatin1String("syncs")).toInteger())
                     .arg(u.value(QLatin1String("records")).toInteger());
    }
    return users.join(QLatin1Char(' '));
}

} // namespace

class TestCliStats : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void everythingInACapture();
    void lastFiveMinutes();
    void filtered();
    void readsStandardInput();
    void readsAGzipCapture();
    void textIsAligned();
    void refusesClearly_data();
    void refusesClearly();
    void liveBus();

private:
    QTemporaryDir m_dir;
    QString m_capture;
};

void TestCliStats::initTestCase()
{
    m_capture = m_dir.filePath(QStringLiteral("known.jsonl"));
    QFile file(m_capture);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(knownCapture());
}

void TestCliStats::everythingInACapture()
{
    const Run run = runStats({m_capture, QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(run.exitCode, 0);
    // The bad line is named, once, and the rest counted.
    QCOMPARE(run.err.count("line 14"), 1);
    QVERIFY(run.err.contains("(skipped)"));
    const QJsonObject stats = json(run);
    QCOMPARE(stats.value(QLatin1String("window")).toString(), QStringLiteral("all"));
    QCOMPARE(stats.value(QLatin1String("from")).toString(), QStringLiteral("2026-11-27T08:50:00.000Z"));
    QCOMPARE(stats.value(QLatin1String("to")).toString(), QStringLiteral("2026-11-27T09:03:30.000Z"));
    QCOMPARE(stats.value(QLatin1String("minutes")).toInteger(), 14);
    QCOMPARE(stats.value(QLatin1String("total_syncs")).toInteger(), 7);
    QCOMPARE(stats.value(QLatin1String("syncs_changed")).toInteger(), 2);
    QCOMPARE(stats.value(QLatin1String("local_syncs")).toInteger(), 1);
    QCOMPARE(stats.value(QLatin1String("syncs_per_minute")).toDouble(), 0.5);
    QCOMPARE(stats.value(QLatin1String("syncs_last_minute")).toInteger(), 1);
    // Nearest rank over 0.1 0.2 0.3 0.5 9: the 3rd and the 5th.
    QCOMPARE(stats.value(QLatin1String("duration_p50")).toDouble(), 0.3);
    QCOMPARE(stats.value(QLatin1String("duration_p95")).toDouble(), 9.0);
    QCOMPARE(stats.value(QLatin1String("durations_counted")).toInteger(), 5);
    QCOMPARE(stats.value(QLatin1String("durations_excluded")).toInteger(), 2);
    const QJsonObject why = stats.value(QLatin1String("durations_excluded_by_reason")).toObject();
    QCOMPARE(why.value(QLatin1String("missing")).toInteger(), 1);
    QCOMPARE(why.value(QLatin1String("not_a_number")).toInteger(), 1);
    QCOMPARE(why.value(QLatin1String("not_json")).toInteger(), 0);
    QCOMPARE(stats.value(QLatin1String("distinct_users")).toInteger(), 4);
    QCOMPARE(stats.value(QLatin1String("errors")).toInteger(), 1); // the count-0 first copy is not one
    QCOMPARE(stats.value(QLatin1String("certificates_rejected")).toInteger(), 1);
    QCOMPARE(stats.value(QLatin1String("mail_rejected")).toInteger(), 1);
    QCOMPARE(stats.value(QLatin1String("mail_accepted")).toInteger(), 1);
    QCOMPARE(topUsers(stats), QStringLiteral("alice=2/4 bob=2/0 carol=2/0 dave=1/0"));
    const QStringList perMinute = minutes(stats);
    QCOMPARE(perMinute.size(), 14);
    QCOMPARE(perMinute.first(), QStringLiteral("08:50 1/0/0 9 9 e0"));
    QCOMPARE(perMinute.at(1), QStringLiteral("08:51 0/0/0 - - e0"));
    QCOMPARE(perMinute.mid(10),
             (QStringList{QStringLiteral("09:00 2/1/1 0.1 0.3 e1"), QStringLiteral("09:01 3/1/0 0.5 0.5 e0"),
                          QStringLiteral("09:02 0/0/0 - - e0"), QStringLiteral("09:03 1/0/0 0.2 0.2 e0")}));
}

void TestCliStats::lastFiveMinutes()
{
    const Run run = runStats({m_capture, QStringLiteral("--window"), QStringLiteral("5m"),
                              QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject stats = json(run);
    QCOMPARE(stats.value(QLatin1String("window")).toString(), QStringLiteral("5m"));
    QCOMPARE(stats.value(QLatin1String("minutes")).toInteger(), 5); // 08:59 to 09:03: dave's late sync is out
    QCOMPARE(stats.value(QLatin1String("total_syncs")).toInteger(), 6);
    QCOMPARE(stats.value(QLatin1String("syncs_per_minute")).toDouble(), 1.2);
    QCOMPARE(stats.value(QLatin1String("duration_p50")).toDouble(), 0.2); // 0.1 0.2 0.3 0.5
    QCOMPARE(stats.value(QLatin1String("duration_p95")).toDouble(), 0.5);
    QCOMPARE(stats.value(QLatin1String("distinct_users")).toInteger(), 3);
    QCOMPARE(minutes(stats).first(), QStringLiteral("08:59 0/0/0 - - e0"));
}

void TestCliStats::filtered()
{
    Run run = runStats({m_capture, QStringLiteral("--filter"), QStringLiteral("user:alice"),
                        QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(run.exitCode, 0);
    QJsonObject stats = json(run);
    QCOMPARE(stats.value(QLatin1String("total_syncs")).toInteger(), 2);
    QCOMPARE(stats.value(QLatin1String("local_syncs")).toInteger(), 1);
    QCOMPARE(stats.value(QLatin1String("errors")).toInteger(), 0);
    QCOMPARE(stats.value(QLatin1String("duration_p50")).toDouble(), 0.3);
    QCOMPARE(stats.value(QLatin1String("duration_p95")).toDouble(), 0.5);
    QCOMPARE(topUsers(stats), QStringLiteral("alice=2/4"));
    QCOMPARE(stats.value(QLatin1String("minutes")).toInteger(), 14); // the time axis is every line's

    run = runStats({m_capture, QStringLiteral("--filter"), QStringLiteral("kind:sync service_duration<0.4"),
                    QStringLiteral("--format"), QStringLiteral("json")});
    stats = json(run);
    QCOMPARE(stats.value(QLatin1String("total_syncs")).toInteger(), 3);
    QCOMPARE(stats.value(QLatin1String("durations_excluded")).toInteger(), 0);
    QCOMPARE(stats.value(QLatin1String("duration_p95")).toDouble(), 0.3);
}

void TestCliStats::readsStandardInput()
{
    const Run run =
        runStats({QStringLiteral("-"), QStringLiteral("--format"), QStringLiteral("json")}, knownCapture());
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(json(run).value(QLatin1String("total_syncs")).toInteger(), 7);
}

void TestCliStats::readsAGzipCapture()
{
    const QString path =
        test::writeCaptureFile(m_dir.filePath(QStringLiteral("known.jsonl.gz")), knownCapture(), true);
    const Run run = runStats({path, QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.err.count("line 14"), 1); // the same bad line, named by its line in the inflated text
    const Run plain = runStats({m_capture, QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(run.out, plain.out);
    QCOMPARE(json(run).value(QLatin1String("total_syncs")).toInteger(), 7);
}

void TestCliStats::textIsAligned()
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(BUSMON_CLI_PATH), {QStringLiteral("stats"), m_capture});
    QVERIFY(busmon::test::waitUntilFinished(process, 60'000));
    QCOMPARE(process.exitCode(), 0);
    const QStringList lines = QString::fromUtf8(process.readAllStandardOutput()).split(QLatin1Char('\n'));
    QCOMPARE(
        lines.first(),
        QStringLiteral(
            "Sync activity, everything: 2026-11-27 08:50 to 09:03:30 (local time, UTC+00:00), 14 minutes"));
    const QRegularExpression figure(QStringLiteral(R"(^  (\S.*?) {2,}(\S+( s)?)(  \(.*\))?$)"));
    QStringList figures;
    int valueEnd = -1;
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("  Busiest")))
            break;
        const QRegularExpressionMatch match = figure.match(line);
        if (!match.hasMatch())
            continue;
        figures << match.captured(1).trimmed() + QLatin1Char('=') + match.captured(2);
        // Figures end in one column.
        const int end = static_cast<int>(match.capturedEnd(2));
        QVERIFY2(valueEnd < 0 || end == valueEnd, qPrintable(line));
        valueEnd = end;
    }
    QVERIFY2(figures.contains(QStringLiteral("Syncs=7")), qPrintable(figures.join(QLatin1Char(','))));
    QVERIFY(figures.contains(QStringLiteral("Duration p50=0.300 s")));
    QVERIFY(figures.contains(QStringLiteral("Duration p95=9.00 s")));
    QVERIFY(lines.contains(
        QStringLiteral("    left out                         2  (1 missing, 1 not a number)")));
    QVERIFY(lines.contains(QStringLiteral("  Busiest users                            syncs   records")));
    QVERIFY(lines.contains(QStringLiteral("  alice                                        2         4")));
    QVERIFY(lines.contains(QStringLiteral(
        "  09:03            1         0         0   0.200 s   0.200 s         0         0         0")));
}

void TestCliStats::refusesClearly_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    QTest::newRow("bad filter") << QStringList{QStringLiteral("CAPTURE"), QStringLiteral("--filter"),
                                               QStringLiteral("user:alice and (")}
                                << 2 << "--filter: ";
    QTest::newRow("bad window") << QStringList{QStringLiteral("CAPTURE"), QStringLiteral("--window"),
                                               QStringLiteral("7d")}
                                << 2 << "--window is 5m, 1h, 24h or all";
    QTest::newRow("bad format") << QStringList{QStringLiteral("CAPTURE"), QStringLiteral("--format"),
                                               QStringLiteral("xml")}
                                << 2 << "--format is text or json";
    QTest::newRow("a capture and a bus") << QStringList{QStringLiteral("CAPTURE"), QStringLiteral("--url"),
                                                        QStringLiteral("redis://127.0.0.1:1")}
                                         << 2 << "one capture file, or the bus with --url";
    QTest::newRow("neither") << QStringList{} << 2 << "one capture file, or the bus with --url";
    QTest::newRow("duration without a bus")
        << QStringList{QStringLiteral("CAPTURE"), QStringLiteral("--duration"), QStringLiteral("3")} << 2
        << "--duration goes with --url";
    QTest::newRow("no such file") << QStringList{QStringLiteral("/nonexistent/night.jsonl")} << 1
                                  << "cannot read";
    QTest::newRow("no bus there") << QStringList{QStringLiteral("--url"),
                                                 QStringLiteral("redis://127.0.0.1:1"),
                                                 QStringLiteral("--duration"), QStringLiteral("5")}
                                  << 1 << "cannot read redis://127.0.0.1:1";
}

void TestCliStats::refusesClearly()
{
    QFETCH(QStringList, arguments);
    arguments.replaceInStrings(QStringLiteral("CAPTURE"), m_capture);
    const Run run = runStats(arguments);
    QTEST(run.exitCode, "exitCode");
    QFETCH(QString, message);
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestCliStats::liveBus()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QProcess stats;
    stats.start(QStringLiteral(BUSMON_CLI_PATH),
                {QStringLiteral("stats"), QStringLiteral("--url"), server.url(), QStringLiteral("--duration"),
                 QStringLiteral("4"), QStringLiteral("--format"), QStringLiteral("json")});
    QDeadlineTimer deadline(10'000);
    while (server.command({"PUBSUB", "NUMPAT"}).integer < 8 && !deadline.hasExpired())
        QTest::qWait(20);
    QCOMPARE(server.command({"PUBSUB", "NUMPAT"}).integer, 8);
    QCOMPARE(server.publish("sync.alice", R"({"stored_count": 1, "service_duration": 0.25})"), 1);
    QCOMPARE(server.publish("sync.bob", R"({"service_duration": 0.75})"), 1);
    QCOMPARE(server.publish("sync.bob", "not json"), 1);
    QCOMPARE(server.publish("log_message.bob", R"({"error": true, "count": 1})"), 1);
    QCOMPARE(server.publish("taskd.certificate.carol", R"({"certificate_accepted": false})"), 1);
    QVERIFY(busmon::test::waitUntilFinished(stats, 20'000));
    QCOMPARE(stats.exitCode(), 0);
    const QJsonObject result = QJsonDocument::fromJson(stats.readAllStandardOutput()).object();
    QCOMPARE(result.value(QLatin1String("total_syncs")).toInteger(), 3);
    QCOMPARE(result.value(QLatin1String("syncs_changed")).toInteger(), 1);
    QCOMPARE(result.value(QLatin1String("duration_p50")).toDouble(), 0.25);
    QCOMPARE(result.value(QLatin1String("duration_p95")).toDouble(), 0.75);
    QCOMPARE(result.value(QLatin1String("durations_excluded_by_reason"))
                 .toObject()
                 .value(QLatin1String("not_json"))
                 .toInteger(),
             1);
    QCOMPARE(result.value(QLatin1String("errors")).toInteger(), 1);
    QCOMPARE(result.value(QLatin1String("certificates_rejected")).toInteger(), 1);
    QCOMPARE(topUsers(result), QStringLiteral("bob=2/0 alice=1/1"));
    QCOMPARE(result.value(QLatin1String("syncs_last_minute")).toInteger(), 3);
}

QTEST_GUILESS_MAIN(TestCliStats)
#include "tst_clistats.moc"
