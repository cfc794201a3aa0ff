// busmon-cli end to end, as an operator runs it, against a real redis-server.
#include "bus/subscription.h"
#include "capture/capturewriter.h"
#include "events/channelname.h"
#include "redisserver.h"
#include "waituntilfinished.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <functional>

using namespace busmon;
using busmon::test::RedisServer;

namespace {
constexpr int defaultPatternCount = 8;

struct Published
{
    QByteArray channel;
    QByteArray payload;
};

QList<QByteArray> readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

// busmon-cli tail as an ACL user that may only subscribe to `allowed` (its password from REDISCLI_AUTH).
bool startTailAsAclUser(QProcess &tail, const RedisServer &server, const QByteArray &allowed,
                        const QStringList &extra)
{
    if (server.command({"ACL", "SETUSER", "watcher", "on", ">pw", "resetchannels", allowed, "+@pubsub"})
            .isError)
        return false;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REDISCLI_AUTH"), QStringLiteral("pw"));
    tail.setProcessEnvironment(environment);
    tail.start(QStringLiteral(BUSMON_CLI_PATH),
               QStringList{QStringLiteral("tail"), QStringLiteral("--url"),
                           QStringLiteral("redis://watcher@127.0.0.1:%1").arg(server.port())} +
                   extra);
    return true;
}

QByteArray payloadOf(const QJsonObject &line)
{
    if (line.contains(QLatin1String("data_base64")))
        return QByteArray::fromBase64(line.value(QLatin1String("data_base64")).toString().toLatin1());
    return line.value(QLatin1String("data")).toString().toUtf8();
}
} // namespace

class TestCliTail : public QObject
{
    Q_OBJECT
private slots:
    void recordsEveryKindByteForByte();
    void failsClearly_data();
    void failsClearly();
    void simulatedTrafficPassesTheChecker();
    void replayPublishesTheCaptureAgain();
    void interruptKeepsWhatWasWritten();
    void fullDiskEndsWithTheReason_data();
    void fullDiskEndsWithTheReason();
    void diskFilledMidLineEndsWithTheReason_data();
    void diskFilledMidLineEndsWithTheReason();
    void outageIsWrittenToTheCapture();
    void outageStillOpenWhenStoppedIsWritten();
    void demoShowsLiveTrafficAsText();
    void passwordIsHiddenFromTheProcessList_data();
    void passwordIsHiddenFromTheProcessList();
    void passwordWarningOnEveryCommand();
    void aclRefusalKeepsWhatIsAllowed();
    void aclRefusingEverythingExits();
    void tlsToAPlainPortFailsFast();
    void neverConnectedExitsOne();

private:
    // childSetup runs in the child before busmon-cli starts (a resource limit…).
    QProcess *startTail(const RedisServer &server, const QStringList &extra, const QString &output,
                        const std::function<void()> &childSetup = {});
    static bool waitForPatterns(const RedisServer &server, int count);
    QTemporaryDir m_dir;
};

QProcess *TestCliTail::startTail(const RedisServer &server, const QStringList &extra, const QString &output,
                                 const std::function<void()> &childSetup)
{
    auto *tail = new QProcess(this);
    if (childSetup)
        tail->setChildProcessModifier(childSetup);
    tail->setProgram(QStringLiteral(BUSMON_CLI_PATH));
    tail->setArguments(QStringList{QStringLiteral("tail"), QStringLiteral("--url"), server.url(),
                                   QStringLiteral("--output"), output} +
                       extra);
    tail->start();
    return tail;
}

bool TestCliTail::waitForPatterns(const RedisServer &server, int count)
{
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (server.command({"PUBSUB", "NUMPAT"}).integer == count)
            return true;
        QTest::qWait(20);
    }
    return false;
}

void TestCliTail::recordsEveryKindByteForByte()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString output = m_dir.filePath(QStringLiteral("kinds.jsonl"));
    const QList<Published> messages{
        {"__general__", R"({"title": "Maintenance", "message": "Back at 10:00 UTC", "system": true})"},
        {"personal.jane.doe@example.com", "{\"username\": \"jane.doe@example.com\", \"title\": \"Sync\", "
                                          "\"message\": \"\xe2\x9c\x93 done \\\"ok\\\"\"}"},
        {"sync.alice",
         R"({"action": "sync", "username": "alice", "org": "inthe_am", "client": "tw 2.6", )"
         R"("ip": "203.0.113.7", "port": 53122, "client_key": "k", "record_count": 4, )"
         R"("branch_point": "b", "branch_record_count": 3, "delta_count": 1, "stored_count": 1, )"
         R"("merged_count": 0, "service_duration": 0.25})"},
        {"log_message.bob", "not json at all\n\ttabs and a \x01 control"},
        {"taskd.certificate.carol", QByteArray("\xff\xfe binary \x00 bytes", 17)},
        {"changed_task.dave", R"({"username": "mallory"})"},
    };
    QProcess *tail = startTail(server, {QStringLiteral("--count"), QString::number(messages.size())}, output);
    QVERIFY(waitForPatterns(server, defaultPatternCount));
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    for (const Published &message : messages)
        QCOMPARE(server.publish(message.channel, message.payload), 1);
    QVERIFY(busmon::test::waitUntilFinished(*tail, 10000));
    QCOMPARE(tail->exitCode(), 0);
    QVERIFY(tail->readAllStandardError().contains("6 messages"));

    const QList<QByteArray> lines = readLines(output);
    QCOMPARE(lines.size(), messages.size());
    const QRegularExpression keyOrder(QStringLiteral(
        R"(^\{"channel": ?".*", ?"pattern": ?.*, ?"received": ?"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", ?)"
        R"("kind": ?".*", ?"username": ?.*, ?"problems": ?\[.*\], ?"data(_base64)?": ?".*"\}$)"));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const Published &sent = messages.at(i);
        QVERIFY2(keyOrder.match(QString::fromUtf8(lines.at(i))).hasMatch(), lines.at(i).constData());
        const QJsonObject line = QJsonDocument::fromJson(lines.at(i)).object();
        QCOMPARE(payloadOf(line), sent.payload);

        // The line must be exactly what the capture format says for this message.
        BusEvent expected;
        expected.channel = sent.channel;
        const ChannelName name = ChannelName::parse(sent.channel);
        expected.kind = name.kind();
        expected.username = name.username();
        if (expected.kind != EventKind::General)
            expected.pattern = QByteArray(eventKindPrefix(expected.kind).data()) + ".*";
        expected.payload = sent.payload;
        expected.receivedMs =
            QDateTime::fromString(line.value(QLatin1String("received")).toString(), Qt::ISODateWithMs)
                .toMSecsSinceEpoch();
        QVERIFY(expected.receivedMs >= before - 1000 &&
                expected.receivedMs <= QDateTime::currentMSecsSinceEpoch());
        for (const QJsonValue &problem : line.value(QLatin1String("problems")).toArray())
            expected.problems.append(problem.toString());
        QCOMPARE(lines.at(i) + '\n', CaptureWriter::line(expected));
    }
    // Valid messages carry no problems; broken ones say which field is wrong.
    auto problemsOf = [&](int row) {
        return QJsonDocument::fromJson(lines.at(row)).object().value(QLatin1String("problems")).toArray();
    };
    QVERIFY(problemsOf(0).isEmpty());
    QVERIFY(problemsOf(1).isEmpty());
    QVERIFY(problemsOf(2).isEmpty());
    QVERIFY(!problemsOf(3).isEmpty());
    QVERIFY(problemsOf(4).at(0).toString().contains(QLatin1String("UTF-8")));
    QVERIFY(lines.at(4).contains("\"data_base64\""));
    QString dave;
    for (const QJsonValue &problem : problemsOf(5))
        dave += problem.toString() + QLatin1Char('\n');
    QVERIFY2(dave.contains(QLatin1String("username")) && dave.contains(QLatin1String("task_id")),
             qPrintable(dave));
}

void TestCliTail::failsClearly_data()
{
    QTest::addColumn<QStringList>("serverArguments");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("environmentPassword");
    QTest::addColumn<QString>("expectedReason");

    QTest::newRow("wrong password") << QStringList{QStringLiteral("--requirepass"), QStringLiteral("secret")}
                                    << QString() << QByteArray("guess") << QStringLiteral("password");
    QTest::newRow("no password") << QStringList{QStringLiteral("--requirepass"), QStringLiteral("secret")}
                                 << QString() << QByteArray() << QStringLiteral("password");
    QTest::newRow("nothing listening") << QStringList() << QStringLiteral("redis://127.0.0.1:1")
                                       << QByteArray() << QStringLiteral("cannot connect");
    QTest::newRow("unknown host") << QStringList() << QStringLiteral("redis://no-such-host.invalid:6379")
                                  << QByteArray() << QStringLiteral("no-such-host.invalid");
    QTest::newRow("bad url") << QStringList() << QStringLiteral("http://127.0.0.1") << QByteArray()
                             << QStringLiteral("invalid --url");
}

void TestCliTail::failsClearly()
{
    QFETCH(QStringList, serverArguments);
    QFETCH(QString, url);
    QFETCH(QByteArray, environmentPassword);
    QFETCH(QString, expectedReason);

    RedisServer server(serverArguments);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QProcess tail;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!environmentPassword.isEmpty())
        environment.insert(QStringLiteral("REDISCLI_AUTH"), QString::fromUtf8(environmentPassword));
    tail.setProcessEnvironment(environment);
    tail.start(QStringLiteral(BUSMON_CLI_PATH),
               {QStringLiteral("tail"), QStringLiteral("--url"), url.isEmpty() ? server.url() : url});
    QVERIFY(busmon::test::waitUntilFinished(tail, 15000));
    QCOMPARE(tail.exitStatus(), QProcess::NormalExit);
    QVERIFY(tail.exitCode() != 0);
    const QString errors = QString::fromLocal8Bit(tail.readAllStandardError());
    QVERIFY2(errors.contains(expectedReason, Qt::CaseInsensitive), qPrintable(errors));
    QVERIFY2(tail.readAllStandardOutput().isEmpty(), "nothing may reach the capture");
}

void TestCliTail::simulatedTrafficPassesTheChecker()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString output = m_dir.filePath(QStringLiteral("simulated.jsonl"));
    constexpr int count = 600;
    QProcess *tail = startTail(server, {QStringLiteral("--count"), QString::number(count)}, output);
    QVERIFY(waitForPatterns(server, defaultPatternCount));
    QProcess simulate;
    simulate.start(QStringLiteral(BUSMON_CLI_PATH),
                   {QStringLiteral("simulate"), QStringLiteral("--url"), server.url(),
                    QStringLiteral("--rate"), QStringLiteral("0"), QStringLiteral("--count"),
                    QString::number(count), QStringLiteral("--seed"), QStringLiteral("7")});
    QVERIFY(busmon::test::waitUntilFinished(simulate, 30000));
    QCOMPARE(simulate.exitCode(), 0);
    QVERIFY(simulate.readAllStandardError().contains("published 600 messages"));
    QVERIFY(busmon::test::waitUntilFinished(*tail, 30000));
    QCOMPARE(tail->exitCode(), 0);

    const QList<QByteArray> lines = readLines(output);
    QCOMPARE(lines.size(), count);
    QSet<QString> kinds;
    for (const QByteArray &text : lines) {
        const QJsonObject line = QJsonDocument::fromJson(text).object();
        QVERIFY2(line.value(QLatin1String("problems")).toArray().isEmpty(), text.constData());
        kinds.insert(line.value(QLatin1String("kind")).toString());
    }
    QVERIFY2(kinds.size() >= 7, qPrintable(QStringList(kinds.begin(), kinds.end()).join(u',')));
    QVERIFY(!kinds.contains(QStringLiteral("unknown")));
}

void TestCliTail::replayPublishesTheCaptureAgain()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString first = m_dir.filePath(QStringLiteral("first.jsonl"));
    const QString second = m_dir.filePath(QStringLiteral("second.jsonl"));
    QProcess *tail = startTail(server, {QStringLiteral("--count"), QStringLiteral("40")}, first);
    QVERIFY(waitForPatterns(server, defaultPatternCount));
    for (int i = 0; i < 40; ++i)
        server.publish(i % 2 ? "sync.alice" : "personal.bob",
                       QByteArray("payload ") + QByteArray::number(i) + "\xff");
    QVERIFY(busmon::test::waitUntilFinished(*tail, 10000));
    QFile::copy(first, m_dir.filePath(QStringLiteral("with-junk.jsonl")));
    {
        QFile junk(m_dir.filePath(QStringLiteral("with-junk.jsonl")));
        QVERIFY(junk.open(QIODevice::Append));
        junk.write("this line is not JSON\n");
    }

    tail = startTail(server,
                     {QStringLiteral("--count"), QStringLiteral("20"), QStringLiteral("--pattern"),
                      QStringLiteral("personal.*")},
                     second);
    QVERIFY(waitForPatterns(server, 1));
    QProcess replay;
    replay.start(QStringLiteral(BUSMON_CLI_PATH),
                 {QStringLiteral("replay"), QStringLiteral("--url"), server.url(), QStringLiteral("--speed"),
                  QStringLiteral("0"), m_dir.filePath(QStringLiteral("with-junk.jsonl"))});
    QVERIFY(busmon::test::waitUntilFinished(replay, 15000));
    QCOMPARE(replay.exitCode(), 0);
    const QString report = QString::fromLocal8Bit(replay.readAllStandardError());
    QVERIFY2(report.contains(QLatin1String("replayed 40 messages")) &&
                 report.contains(QLatin1String("line 41")),
             qPrintable(report));
    QVERIFY(busmon::test::waitUntilFinished(*tail, 10000));

    QList<QByteArray> expected;
    for (const QByteArray &line : readLines(first)) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        if (object.value(QLatin1String("channel")).toString() == QLatin1String("personal.bob"))
            expected.append(payloadOf(object));
    }
    QList<QByteArray> replayed;
    for (const QByteArray &line : readLines(second))
        replayed.append(payloadOf(QJsonDocument::fromJson(line).object()));
    QCOMPARE(replayed, expected);
}

void TestCliTail::interruptKeepsWhatWasWritten()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString output = m_dir.filePath(QStringLiteral("interrupted.jsonl"));
    QProcess *tail = startTail(server, {}, output);
    QVERIFY(waitForPatterns(server, defaultPatternCount));
    for (int i = 0; i < 10; ++i)
        server.publish("incoming_mail.erin",
                       R"({"username": "erin", "message_id": 1, "subject": "s", "accepted": true})");
    QTRY_COMPARE_WITH_TIMEOUT(readLines(output).size(), 10, 10000);
    tail->terminate();
    QVERIFY(busmon::test::waitUntilFinished(*tail, 5000));
    QCOMPARE(tail->exitStatus(), QProcess::NormalExit);
    QCOMPARE(tail->exitCode(), 0);
    const QString summary = QString::fromLocal8Bit(tail->readAllStandardError());
    QVERIFY2(summary.contains(QLatin1String("10 messages")) &&
                 summary.contains(QLatin1String("incoming_mail")),
             qPrintable(summary));
}

void TestCliTail::fullDiskEndsWithTheReason_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("capture") << QStringLiteral("jsonl");
    QTest::newRow("text") << QStringLiteral("text");
}

// A line small enough for the file's buffer fails only when flushed: tail must still notice, say
// why and exit 1, not report the messages as recorded.
void TestCliTail::fullDiskEndsWithTheReason()
{
    QFETCH(QString, format);
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QProcess *tail = startTail(server, {QStringLiteral("--format"), format}, QStringLiteral("/dev/full"));
    QVERIFY(waitForPatterns(server, defaultPatternCount));
    server.publish("sync.alice", R"({"username": "alice"})");
    QVERIFY(busmon::test::waitUntilFinished(*tail, 10000));
    QCOMPARE(tail->exitStatus(), QProcess::NormalExit);
    QCOMPARE(tail->exitCode(), 1);
    const QString errors = QString::fromLocal8Bit(tail->readAllStandardError());
    QVERIFY2(errors.contains(QLatin1String("cannot write the capture: No space left on device")),
             qPrintable(errors));
    QVERIFY2(errors.contains(QLatin1String("0 messages")), qPrintable(errors));
}

void TestCliTail::diskFilledMidLineEndsWithTheReason_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("padding");
    QTest::newRow("capture, lines the file's buffer takes") << QStringLiteral("jsonl") << 300;
    QTest::newRow("capture, a line larger than the file's buffer") << QStringLiteral("jsonl") << 40000;
    QTest::newRow("text") << QStringLiteral("text") << 300;
}

// A disk that fills up takes part of a write before it refuses the rest, unlike /dev/full; a file
// size limit does the same (EFBIG). The reason must still be said, and the summary count only the
// lines that are whole on disk.
void TestCliTail::diskFilledMidLineEndsWithTheReason()
{
    QFETCH(QString, format);
    QFETCH(int, padding);
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString path = m_dir.filePath(QStringLiteral("limited-%1-%2.out").arg(format).arg(padding));
    QProcess *tail = startTail(server, {QStringLiteral("--format"), format}, path, [] {
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{4096, 4096};
        setrlimit(RLIMIT_FSIZE, &limit);
    });
    QVERIFY(waitForPatterns(server, defaultPatternCount));
    const QByteArray payload = R"({"username": "alice", "pad": ")" + QByteArray(padding, 'x') + R"("})";
    for (int sent = 0; sent < 200 && tail->state() != QProcess::NotRunning; ++sent) {
        server.publish("sync.alice", payload);
        tail->waitForFinished(20);
    }
    QVERIFY(busmon::test::waitUntilFinished(*tail, 10000));
    QCOMPARE(tail->exitCode(), 1);
    const QString errors = QString::fromLocal8Bit(tail->readAllStandardError());
    const QString reason = QString::fromLocal8Bit(std::strerror(EFBIG));
    QVERIFY2(errors.contains(QLatin1String("cannot write the capture: ") + reason), qPrintable(errors));
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QString counted = QStringLiteral("%1 messages").arg(written.readAll().count('\n'));
    QVERIFY2(
        errors.contains(QRegularExpression(QLatin1Char('^') + counted, QRegularExpression::MultilineOption)),
        qPrintable(errors));
}

void TestCliTail::outageIsWrittenToTheCapture()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString output = m_dir.filePath(QStringLiteral("outage.jsonl"));
    QProcess *tail = startTail(server, {QStringLiteral("--count"), QStringLiteral("2")}, output);
    QVERIFY(waitForPatterns(server, defaultPatternCount));
    server.publish("sync.alice", "before");
    QTRY_COMPARE_WITH_TIMEOUT(readLines(output).size(), 1, 10000);
    server.kill();
    QTest::qWait(300);
    QVERIFY(server.start());
    QVERIFY(waitForPatterns(server, defaultPatternCount));
    server.publish("sync.alice", "after");
    QVERIFY(busmon::test::waitUntilFinished(*tail, 10000));
    QCOMPARE(tail->exitCode(), 0);
    const QList<QByteArray> lines = readLines(output);
    QCOMPARE(lines.size(), 3);
    const QJsonObject outage =
        QJsonDocument::fromJson(lines.at(1)).object().value(QLatin1String("outage")).toObject();
    QVERIFY2(outage.value(QLatin1String("duration_ms")).toInteger() >= 300, lines.at(1).constData());
    const auto timeOf = [&](const char *key) {
        return QDateTime::fromString(outage.value(QLatin1String(key)).toString(), Qt::ISODateWithMs);
    };
    QVERIFY2(timeOf("noticed").isValid() && timeOf("noticed") >= timeOf("began") &&
                 timeOf("noticed") < timeOf("ended"),
             lines.at(1).constData());
    QVERIFY(lines.at(1).endsWith(R"(","noticed":")" +
                                 outage.value(QLatin1String("noticed")).toString().toUtf8() +
                                 "\"}}")); // an added field, after the others
    QVERIFY(payloadOf(QJsonDocument::fromJson(lines.at(2)).object()) == "after");
    QVERIFY(tail->readAllStandardError().contains("outages"));
}

// The server goes away for good and tail is stopped meanwhile: the capture ends with the outage,
// begun and never ended, so the silence after the last message does not read as a quiet bus.
void TestCliTail::outageStillOpenWhenStoppedIsWritten()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString output = m_dir.filePath(QStringLiteral("open-outage.jsonl"));
    QProcess *tail = startTail(server, {}, output);
    QVERIFY(waitForPatterns(server, defaultPatternCount));
    server.publish("sync.alice", "before");
    QTRY_COMPARE_WITH_TIMEOUT(readLines(output).size(), 1, 10000);
    server.kill();
    QByteArray said;
    QTRY_VERIFY_WITH_TIMEOUT((said += tail->readAllStandardError()).contains("lost"), 10000);
    tail->terminate();
    QVERIFY(busmon::test::waitUntilFinished(*tail, 10000));
    QCOMPARE(tail->exitCode(), 0);
    const QList<QByteArray> lines = readLines(output);
    QCOMPARE(lines.size(), 2);
    const QJsonObject outage =
        QJsonDocument::fromJson(lines.at(1)).object().value(QLatin1String("outage")).toObject();
    QVERIFY2(!outage.isEmpty(), lines.at(1).constData());
    QVERIFY2(outage.value(QLatin1String("ended")).isNull(), lines.at(1).constData());
    QVERIFY2(
        QDateTime::fromString(outage.value(QLatin1String("began")).toString(), Qt::ISODateWithMs).isValid(),
        lines.at(1).constData());
    QVERIFY2(!outage.value(QLatin1String("reason")).toString().isEmpty(), lines.at(1).constData());
    said += tail->readAllStandardError();
    QVERIFY2(said.contains("still none when stopped"), said.constData());
}

void TestCliTail::demoShowsLiveTrafficAsText()
{
    QProcess demo;
    demo.start(QStringLiteral(BUSMON_CLI_PATH),
               {QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("30")});
    QVERIFY(busmon::test::waitUntilFinished(demo, 30000));
    QCOMPARE(demo.exitCode(), 0);
    const QStringList lines =
        QString::fromUtf8(demo.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 30);
    const QRegularExpression textLine(QStringLiteral(R"(^\d\d:\d\d:\d\d\.\d{3}  (\S+) +.*$)"));
    QSet<QString> kinds;
    for (const QString &line : lines) {
        const QRegularExpressionMatch match = textLine.match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        QVERIFY2(eventKindFromName(match.captured(1).toUtf8()).has_value(), qPrintable(line));
        QVERIFY2(!line.contains(QLatin1String("problem")), qPrintable(line));
        kinds.insert(match.captured(1));
    }
    QVERIFY(kinds.size() >= 3);
    const QString errors = QString::fromUtf8(demo.readAllStandardError());
    QVERIFY2(errors.contains(QLatin1String("demo bus on redis://127.0.0.1:")) &&
                 errors.contains(QLatin1String("30 messages")),
             qPrintable(errors));
}

void TestCliTail::passwordIsHiddenFromTheProcessList_data()
{
    QTest::addColumn<QByteArray>("user");
    QTest::addColumn<bool>("urlWithEquals");
    QTest::newRow("--url redis://:password@…") << QByteArray() << false;
    QTest::newRow("--url=redis://user:password@…") << QByteArray("monitor") << true;
}

void TestCliTail::passwordIsHiddenFromTheProcessList()
{
    QFETCH(QByteArray, user);
    QFETCH(bool, urlWithEquals);
    const QByteArray password = "s3cret-on-the-command-line";
    RedisServer server({QStringLiteral("--requirepass"), QString::fromUtf8(password)});
    server.setClientAuth({}, password);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    if (!user.isEmpty()) {
        QVERIFY(
            !server
                 .command({"ACL", "SETUSER", user, "on", ">" + password, "allchannels", "+@pubsub", "+ping"})
                 .isError);
    }
    const QString url = QStringLiteral("redis://%1:%2@127.0.0.1:%3")
                            .arg(QString::fromUtf8(user), QString::fromUtf8(password))
                            .arg(server.port());
    const QString output = m_dir.filePath(QStringLiteral("password.jsonl"));
    QProcess tail;
    tail.start(
        QStringLiteral(BUSMON_CLI_PATH),
        (urlWithEquals ? QStringList{QStringLiteral("tail"), QStringLiteral("--url=") + url}
                       : QStringList{QStringLiteral("tail"), QStringLiteral("--url"), url}) +
            QStringList{QStringLiteral("--count"), QStringLiteral("1"), QStringLiteral("--output"), output});
    QVERIFY(tail.waitForStarted());
    // Subscribed to all eight patterns: it got in with that very password.
    QVERIFY(waitForPatterns(server, defaultPatternCount));

    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(tail.processId()));
    QVERIFY(cmdline.open(QIODevice::ReadOnly));
    const QByteArray arguments = cmdline.readAll();
    QVERIFY2(!arguments.contains(password), arguments.constData());
    const QByteArray blanked = "redis://" + user + ":" + QByteArray(password.size(), '*') +
                               "@127.0.0.1:" + QByteArray::number(server.port());
    QVERIFY2(arguments.split('\0').contains(urlWithEquals ? "--url=" + blanked : blanked),
             arguments.constData());

    QCOMPARE(server.publish("sync.alice", "{}"), 1);
    QVERIFY(busmon::test::waitUntilFinished(tail, 10000));
    QCOMPARE(tail.exitCode(), 0);
    QCOMPARE(readLines(output).size(), 1);
    const QString errors = QString::fromLocal8Bit(tail.readAllStandardError());
    QVERIFY2(errors.startsWith(QLatin1String("Warning: Using a password in --url on the command line")) &&
                 errors.contains(QLatin1String("REDISCLI_AUTH")),
             qPrintable(errors));
    QVERIFY(!errors.contains(QString::fromUtf8(password)));
}

void TestCliTail::passwordWarningOnEveryCommand()
{
    // main() blanks and warns before any command runs; announce --dry-run does not even connect.
    QProcess announce;
    announce.start(QStringLiteral(BUSMON_CLI_PATH),
                   {QStringLiteral("announce"), QStringLiteral("--url"),
                    QStringLiteral("redis://:pw@127.0.0.1:1"), QStringLiteral("--title"), QStringLiteral("t"),
                    QStringLiteral("--message"), QStringLiteral("m"), QStringLiteral("--dry-run")});
    QVERIFY(busmon::test::waitUntilFinished(announce, 10000));
    QCOMPARE(announce.exitCode(), 0);
    const QString errors = QString::fromLocal8Bit(announce.readAllStandardError());
    QVERIFY2(errors.startsWith(QLatin1String("Warning: Using a password in --url")), qPrintable(errors));
}

void TestCliTail::aclRefusalKeepsWhatIsAllowed()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString output = m_dir.filePath(QStringLiteral("partly-refused.jsonl"));
    QProcess tail;
    QVERIFY(startTailAsAclUser(
        tail, server, "&sync.*",
        {QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--output"), output}));
    QVERIFY(waitForPatterns(server, 1)); // of the eight, the one allowed
    QCOMPARE(server.publish("sync.alice", "one"), 1);
    QCOMPARE(server.publish("personal.bob", "not for this user"), 0);
    QCOMPARE(server.publish("sync.carol", "two"), 1);
    QVERIFY(busmon::test::waitUntilFinished(tail, 10000));
    QCOMPARE(tail.exitCode(), 0);

    // Standard error names each refused subscription once, with the server's reason.
    const QString errors = QString::fromLocal8Bit(tail.readAllStandardError());
    QVERIFY2(errors.contains(QLatin1String("the server refused the channel '__general__' (NOPERM")),
             qPrintable(errors));
    const Subscription all = Subscription::defaultSet();
    for (const QByteArray &pattern : all.patterns) {
        const QString line =
            QStringLiteral("the server refused the pattern '%1'").arg(QString::fromUtf8(pattern));
        QCOMPARE(errors.count(line), pattern == "sync.*" ? 0 : 1);
    }
    QVERIFY2(errors.contains(QLatin1String("2 messages")), qPrintable(errors));

    // The capture notes them before the messages, then has what was allowed.
    const QList<QByteArray> lines = readLines(output);
    QCOMPARE(lines.size(), 8 + 2);
    QSet<QString> refused;
    for (int i = 0; i < 8; ++i) {
        const QJsonObject note =
            QJsonDocument::fromJson(lines.at(i)).object().value(QLatin1String("refused")).toObject();
        QVERIFY2(note.value(QLatin1String("reason")).toString().startsWith(QLatin1String("NOPERM")),
                 lines.at(i).constData());
        QVERIFY(
            QDateTime::fromString(note.value(QLatin1String("at")).toString(), Qt::ISODateWithMs).isValid());
        refused.insert(note.contains(QLatin1String("pattern"))
                           ? note.value(QLatin1String("pattern")).toString()
                           : u'#' + note.value(QLatin1String("channel")).toString());
    }
    QCOMPARE(refused.size(), 8);
    QVERIFY(refused.contains(QStringLiteral("#__general__")));
    QVERIFY(!refused.contains(QStringLiteral("sync.*")));
    QCOMPARE(payloadOf(QJsonDocument::fromJson(lines.at(8)).object()), QByteArray("one"));
    QCOMPARE(payloadOf(QJsonDocument::fromJson(lines.at(9)).object()), QByteArray("two"));
}

void TestCliTail::aclRefusingEverythingExits()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QProcess tail;
    QVERIFY(startTailAsAclUser(tail, server, "&other.*", {})); // none of the default subscriptions
    QVERIFY(busmon::test::waitUntilFinished(tail, 10000));
    QCOMPARE(tail.exitCode(), 1);
    const QString errors = QString::fromLocal8Bit(tail.readAllStandardError());
    QVERIFY2(errors.contains(QLatin1String("refused by the server's ACL: channel '__general__', pattern "
                                           "'personal.*'")) &&
                 errors.contains(QLatin1String("(server: NOPERM")),
             qPrintable(errors));
    QVERIFY(tail.readAllStandardOutput().isEmpty());
}

void TestCliTail::tlsToAPlainPortFailsFast()
{
    RedisServer server; // no TLS at all
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QProcess tail;
    QElapsedTimer clock;
    clock.start();
    tail.start(QStringLiteral(BUSMON_CLI_PATH), {QStringLiteral("tail"), QStringLiteral("--url"),
                                                 QStringLiteral("rediss://127.0.0.1:%1").arg(server.port()),
                                                 QStringLiteral("--duration"), QStringLiteral("20")});
    QVERIFY(busmon::test::waitUntilFinished(tail, 20000));
    const qint64 elapsedMs = clock.elapsed();
    QCOMPARE(tail.exitCode(), 1);
    const QString errors = QString::fromLocal8Bit(tail.readAllStandardError());
    // It gave up on its own, saying why; --duration did not end it. (TestTlsBus holds the feed to
    // naming the failure within 2 s of start(); here a process starts and ends on a busy machine.)
    QVERIFY2(errors.contains(
                 QStringLiteral(
                     "cannot connect to rediss://127.0.0.1:%1: TLS handshake with 127.0.0.1:%1 failed: ")
                     .arg(server.port())) &&
                 errors.contains(QLatin1String("plain redis:// port?")),
             qPrintable(errors));
    QVERIFY2(elapsedMs < 10000, qPrintable(QString::number(elapsedMs)));
    QVERIFY(tail.readAllStandardOutput().isEmpty());
}

void TestCliTail::neverConnectedExitsOne()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(server.suspend()); // the kernel still accepts connections; nothing answers
    QProcess tail;
    tail.start(QStringLiteral(BUSMON_CLI_PATH),
               {QStringLiteral("tail"), QStringLiteral("--url"), server.url(), QStringLiteral("--duration"),
                QStringLiteral("1")});
    QVERIFY(busmon::test::waitUntilFinished(tail, 10000));
    QVERIFY(server.resume());
    QCOMPARE(tail.exitCode(), 1);
    const QString errors = QString::fromLocal8Bit(tail.readAllStandardError());
    QVERIFY2(errors.contains(
                 QStringLiteral("never connected to redis://127.0.0.1:%1: no answer from the server yet")
                     .arg(server.port())),
             qPrintable(errors));
}

QTEST_GUILESS_MAIN(TestCliTail)
#include "tst_clitail.moc"
