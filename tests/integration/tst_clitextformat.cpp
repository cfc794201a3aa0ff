// busmon-cli tail --format text against a real redis-server: what reaches the terminal. Channels
// and names from the bus are escaped visibly, prose has its controls turned into spaces; no byte
// that could move the cursor, change colours or fake a line gets through.
#include "redisserver.h"
#include "waituntilfinished.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using busmon::test::RedisServer;

namespace {
// Any C0 control but the line's own newline, DEL, a C1 control (UTF-8 C2 80 to C2 9F) or a bidi
// override or isolate (E2 80 AA to AE, E2 81 A6 to A9).
QByteArray firstTerminalControl(const QByteArray &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const auto c = static_cast<uchar>(text.at(i));
        const auto next = i + 1 < text.size() ? static_cast<uchar>(text.at(i + 1)) : 0;
        const auto third = i + 2 < text.size() ? static_cast<uchar>(text.at(i + 2)) : 0;
        if ((c < 0x20 && c != '\n') || c == 0x7f || (c == 0xc2 && next >= 0x80 && next <= 0x9f) ||
            (c == 0xe2 && next == 0x80 && third >= 0xaa && third <= 0xae) ||
            (c == 0xe2 && next == 0x81 && third >= 0xa6 && third <= 0xa9))
            return text.mid(qMax<qsizetype>(0, i - 20), 40);
    }
    return {};
}
} // namespace

class TestCliTextFormat : public QObject
{
    Q_OBJECT
private slots:
    void controlCharactersAreShownNotObeyed_data();
    void controlCharactersAreShownNotObeyed();
    void messagesOnStandardErrorAreEscaped();
};

void TestCliTextFormat::controlCharactersAreShownNotObeyed_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("who");     // the user column, escaped
    QTest::addColumn<QString>("summary"); // what follows it

    QTest::newRow("escape sequence and newline in a channel")
        << QByteArray("personal.ev\x1b[1mil\nfake line")
        << QByteArray(R"({"username": "ev\u001b[1mil\nfake line", "title": "Hi", "message": "there"})")
        << "personal"
        << R"(ev\x1b[1mil\nfake line)"
        << "Hi: there";
    QTest::newRow("C1 CSI in a username") << QByteArray("sync.a\xc2\x9b"
                                                        "31mb")
                                          << QByteArray("{}") << "sync"
                                          << R"(a\x9b31mb)" << QString();
    QTest::newRow("bidi override in a username") << QByteArray("log_message.\xe2\x80\xae"
                                                               "nimda")
                                                 << QByteArray("{}") << "log_message"
                                                 << R"(\u202enimda)" << QString();
    QTest::newRow("carriage return in a username")
        << QByteArray("local_sync.bob\rroot") << QByteArray("{}") << "local_sync"
        << R"(bob\rroot)" << QString();
    QTest::newRow("terminal title in an unknown channel")
        << QByteArray("metrics.\x1b]0;pwned\x07") << QByteArray("load 0.5") << "unknown"
        << R"(metrics.\x1b]0;pwned\x07)"
        << "load 0.5";
    QTest::newRow("controls in a toast")
        << QByteArray("__general__")
        << QByteArray(R"({"title": "A\u001b[2J", "message": "one\ntwo\rthree\u202e", "system": true})")
        << "__general__" << QString() << "A [2J: one two three";
}

void TestCliTextFormat::controlCharactersAreShownNotObeyed()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    QFETCH(QString, kind);
    QFETCH(QString, who);
    QFETCH(QString, summary);

    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QProcess tail;
    tail.start(QStringLiteral(BUSMON_CLI_PATH),
               {QStringLiteral("tail"), QStringLiteral("--url"), server.url(), QStringLiteral("--format"),
                QStringLiteral("text"), QStringLiteral("--pattern"), QStringLiteral("*"),
                QStringLiteral("--count"), QStringLiteral("1")});
    QDeadlineTimer deadline(10000);
    while (server.command({"PUBSUB", "NUMPAT"}).integer != 1 && !deadline.hasExpired())
        QTest::qWait(20);
    QCOMPARE(server.publish(channel, payload), 1);
    QVERIFY(busmon::test::waitUntilFinished(tail, 10000));
    QCOMPARE(tail.exitCode(), 0);

    const QByteArray output = tail.readAllStandardOutput();
    const QByteArray errors = tail.readAllStandardError();
    QVERIFY2(firstTerminalControl(output).isEmpty(),
             firstTerminalControl(output).toPercentEncoding().constData());
    QVERIFY2(firstTerminalControl(errors).isEmpty(),
             firstTerminalControl(errors).toPercentEncoding().constData());
    QVERIFY(output.endsWith('\n'));
    QCOMPARE(output.count('\n'), 1);
    const QString line = QString::fromUtf8(output.chopped(1));
    // hh:mm:ss.zzz, two spaces, the kind in 22, a space, the user in 20, a space, the summary.
    QCOMPARE(line.mid(14, 22).trimmed(), kind);
    const QString rest = line.mid(37);
    QVERIFY2(rest.startsWith(who.leftJustified(20) + u' '), qPrintable(line));
    if (!summary.isEmpty())
        QCOMPARE(rest.mid(qMax<qsizetype>(who.size(), 20) + 1).section(QStringLiteral("  ["), 0, 0), summary);
}

void TestCliTextFormat::messagesOnStandardErrorAreEscaped()
{
    // What busmon-cli says on standard error quotes names it was given or read; an escape sequence
    // among them is shown, not obeyed.
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTemporaryDir dir;
    const QString capture = dir.filePath(QStringLiteral("evil\x1b[2J\x1b]0;title\x07.jsonl"));
    QFile file(capture);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QProcess replay;
    replay.start(QStringLiteral(BUSMON_CLI_PATH),
                 {QStringLiteral("replay"), QStringLiteral("--url"), server.url(), capture});
    QVERIFY(busmon::test::waitUntilFinished(replay, 10000));
    QCOMPARE(replay.exitCode(), 1);
    const QByteArray errors = replay.readAllStandardError();
    QVERIFY2(firstTerminalControl(errors).isEmpty(), errors.toPercentEncoding().constData());
    QVERIFY2(errors.contains(R"(evil\x1b[2J\x1b]0;title\x07.jsonl is empty)"), errors.constData());

    QProcess tail;
    tail.start(QStringLiteral(BUSMON_CLI_PATH),
               {QStringLiteral("tail"), QStringLiteral("--url"), server.url(), QStringLiteral("--pattern"),
                QStringLiteral("*"), QStringLiteral("--pattern"), QStringLiteral("\x1b[31m*")});
    QVERIFY(tail.waitForStarted());
    QDeadlineTimer deadline(10000);
    while (server.command({"PUBSUB", "NUMPAT"}).integer != 2 && !deadline.hasExpired())
        QTest::qWait(20);
    tail.terminate();
    QVERIFY(busmon::test::waitUntilFinished(tail, 10000));
    const QByteArray warnings = tail.readAllStandardError();
    QVERIFY2(warnings.contains(R"(\x1b[31m*)"), warnings.constData());
    QVERIFY2(firstTerminalControl(warnings).isEmpty(), warnings.toPercentEncoding().constData());
}

QTEST_GUILESS_MAIN(TestCliTextFormat)
#include "tst_clitextformat.moc"
