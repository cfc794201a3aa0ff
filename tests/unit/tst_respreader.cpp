#include "bus/respcommand.h"
#include "bus/respreader.h"

#include <QRandomGenerator>
#include <QTest>

using namespace busmon;

namespace {
// A compact text form of replies, so that rows can state what the reader must produce.
QByteArray dump(const RespValue &value)
{
    switch (value.type) {
    case RespValue::Type::Nil:
        return "nil";
    case RespValue::Type::String:
        return "\"" + value.text.toPercentEncoding(" .*_") + "\"";
    case RespValue::Type::Status:
        return "+" + value.text;
    case RespValue::Type::Error:
        return "-" + value.text;
    case RespValue::Type::Integer:
        return ":" + QByteArray::number(value.integer);
    case RespValue::Type::Array: {
        QByteArrayList parts;
        for (const RespValue &element : value.elements)
            parts.append(dump(element));
        return "[" + parts.join(',') + "]";
    }
    }
    return {};
}

QByteArray dumpAll(const std::vector<RespValue> &replies)
{
    QByteArrayList parts;
    for (const RespValue &reply : replies)
        parts.append(dump(reply));
    return parts.join(' ');
}

enum class Feeding { Whole, ByteByByte, RandomChunks };
} // namespace

class TestRespReader : public QObject
{
    Q_OBJECT
private slots:
    void framing_data();
    void framing();
    void bigPayloadAcrossSlices();
    void frameCap_data();
    void frameCap();
    void bulkAtTheLimitPasses();
    void shortLineLimitHolds();
    void staysFailedUntilReset();
    void repliesBeforeABadFrameSurvive();
    void commandIsBinarySafe();
};

void TestRespReader::framing_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<int>("feeding");

    const QByteArray message =
        "*3\r\n$7\r\nmessage\r\n$11\r\n__general__\r\n$17\r\n{\"title\":\"hello\"}\r\n";
    const QByteArray pmessage = "*4\r\n$8\r\npmessage\r\n$6\r\nsync.*\r\n$10\r\nsync.alice\r\n$2\r\n{}\r\n";
    const QByteArray binary =
        "*3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$6\r\n" + QByteArray("\r\n\0\xff\r\n", 6) + "\r\n";
    const struct
    {
        const char *name;
        QByteArray wire;
        QByteArray expected;
    } rows[] = {
        {"message", message, "[\"message\",\"__general__\",\"%7B%22title%22%3A%22hello%22%7D\"]"},
        {"pmessage", pmessage, "[\"pmessage\",\"sync.*\",\"sync.alice\",\"%7B%7D\"]"},
        {"binary payload with CRLF and NUL", binary, "[\"message\",\"x\",\"%0D%0A%00%FF%0D%0A\"]"},
        {"subscribe confirmation", "*3\r\n$9\r\nsubscribe\r\n$3\r\nabc\r\n:1\r\n",
         "[\"subscribe\",\"abc\",:1]"},
        {"status and error", "+OK\r\n-WRONGPASS invalid username-password pair\r\n",
         "+OK -WRONGPASS invalid username-password pair"},
        {"integers", ":0\r\n:-12\r\n:9223372036854775807\r\n", ":0 :-12 :9223372036854775807"},
        {"nil bulk and nil array", "$-1\r\n*-1\r\n", "nil nil"},
        {"empty bulk and empty array", "$0\r\n\r\n*0\r\n", "\"\" []"},
        {"nested arrays", "*2\r\n*2\r\n:1\r\n:2\r\n*1\r\n$1\r\na\r\n", "[[:1,:2],[\"a\"]]"},
        {"pong in subscribed mode", "*2\r\n$4\r\npong\r\n$0\r\n\r\n", "[\"pong\",\"\"]"},
        {"three messages in a row", message + pmessage + message,
         "[\"message\",\"__general__\",\"%7B%22title%22%3A%22hello%22%7D\"] "
         "[\"pmessage\",\"sync.*\",\"sync.alice\",\"%7B%7D\"] "
         "[\"message\",\"__general__\",\"%7B%22title%22%3A%22hello%22%7D\"]"},
    };
    for (const auto &row : rows) {
        QTest::newRow(QByteArray(row.name + QByteArray(", whole")).constData())
            << row.wire << row.expected << int(Feeding::Whole);
        QTest::newRow(QByteArray(row.name + QByteArray(", one byte at a time")).constData())
            << row.wire << row.expected << int(Feeding::ByteByByte);
        QTest::newRow(QByteArray(row.name + QByteArray(", random chunks")).constData())
            << row.wire << row.expected << int(Feeding::RandomChunks);
    }
}

void TestRespReader::framing()
{
    QFETCH(QByteArray, wire);
    QFETCH(QByteArray, expected);
    QFETCH(int, feeding);

    RespReader reader;
    std::vector<RespValue> replies;
    QRandomGenerator random(42);
    qsizetype at = 0;
    while (at < wire.size()) {
        qsizetype size = wire.size() - at;
        if (feeding == int(Feeding::ByteByByte))
            size = 1;
        else if (feeding == int(Feeding::RandomChunks))
            size = qMin(size, qsizetype(random.bounded(1, 9)));
        QVERIFY2(reader.feed(QByteArrayView(wire).sliced(at, size), replies),
                 qPrintable(reader.errorString()));
        at += size;
    }
    QCOMPARE(dumpAll(replies), expected);
}

void TestRespReader::bigPayloadAcrossSlices()
{
    // A 3 MiB payload spans many 16 KiB slices; fed in odd-sized chunks, it must come out intact.
    QByteArray payload(3 * 1024 * 1024 + 7, Qt::Uninitialized);
    for (qsizetype i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 31 % 251);
    const QByteArray wire = "*3\r\n$7\r\nmessage\r\n$4\r\nbig!\r\n$" + QByteArray::number(payload.size()) +
                            "\r\n" + payload + "\r\n:5\r\n";
    RespReader reader;
    std::vector<RespValue> replies;
    for (qsizetype at = 0; at < wire.size(); at += 100003)
        QVERIFY(
            reader.feed(QByteArrayView(wire).sliced(at, qMin<qsizetype>(100003, wire.size() - at)), replies));
    QCOMPARE(replies.size(), size_t(2));
    QCOMPARE(replies[0].elements.at(2).text.size(), payload.size());
    QVERIFY(replies[0].elements.at(2).text == payload);
    QCOMPARE(replies[1].integer, 5);
}

void TestRespReader::frameCap_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QString>("errorContains");

    QTest::newRow("bulk announcing 10 GB") << QByteArray("*3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$10000000000\r\n")
                                           << "string of 10000000000 bytes, above the limit of 1048576 bytes";
    QTest::newRow("array of a billion elements")
        << QByteArray("*1000000000\r\n") << "array of 1000000000 elements, above the limit of 1000";
    QTest::newRow("size beyond 64 bits") << QByteArray("$99999999999999999999999\r\n") << "is not a number";
    QTest::newRow("negative bulk length") << QByteArray("$-7\r\n") << "negative string length -7";
    QTest::newRow("letters for a length") << QByteArray("*abc\r\n") << "'abc' is not a number";
    QTest::newRow("garbage") << QByteArray("HTTP/1.1 400 Bad Request\r\n") << "a reply cannot start with 'H'";
    QTest::newRow("binary garbage") << QByteArray("\x16\x03\x01\x02\x00", 5) << "cannot start with '\\x16'";
    QTest::newRow("endless line") << QByteArray("+") + QByteArray(17000, 'a') << "longer than 30 bytes";
    QTest::newRow("line past the limit, ended") << QByteArray("+") + QByteArray(40, 'a') + "\r\n"
                                                << "longer than 30 bytes";
    QTest::newRow("line without CR") << QByteArray("$3\n") << "does not end with CRLF";
    QTest::newRow("empty line") << QByteArray("*\r\n") << "'' is not a number";
    QTest::newRow("bare newline") << QByteArray(":\n") << "does not end with CRLF";
}

void TestRespReader::frameCap()
{
    QFETCH(QByteArray, wire);
    QFETCH(QString, errorContains);

    RespLimits limits;
    limits.maxBulkLength = 1024 * 1024;
    limits.maxArrayElements = 1000;
    limits.maxLineLength = 30;
    // Whole, and byte by byte: a header must be caught whether it arrives in one read or in many.
    for (const bool byteByByte : {false, true}) {
        RespReader reader(limits);
        std::vector<RespValue> replies;
        bool ok = true;
        if (byteByByte) {
            for (char byte : wire) {
                ok = reader.feed(QByteArrayView(&byte, 1), replies);
                if (!ok)
                    break;
            }
        } else {
            ok = reader.feed(wire, replies);
        }
        QVERIFY(!ok);
        QVERIFY(reader.hasError());
        QVERIFY2(reader.errorString().contains(errorContains), qPrintable(reader.errorString()));
        QVERIFY(replies.empty());
    }
}

void TestRespReader::bulkAtTheLimitPasses()
{
    RespLimits limits;
    limits.maxBulkLength = 1024;
    RespReader reader(limits);
    std::vector<RespValue> replies;
    QVERIFY(reader.feed("$1024\r\n" + QByteArray(1024, 'z') + "\r\n", replies));
    QCOMPARE(replies.size(), size_t(1));
    QCOMPARE(replies[0].text.size(), 1024);
    QVERIFY(!reader.feed("$1025\r\n", replies));
}

void TestRespReader::shortLineLimitHolds()
{
    RespLimits limits;
    limits.maxLineLength = 4;
    RespReader reader(limits);
    std::vector<RespValue> replies;
    QVERIFY(reader.feed(":1234\r\n", replies));
    QCOMPARE(replies.size(), size_t(1));
    QCOMPARE(replies[0].integer, 1234);
    QVERIFY(!reader.feed(":123456\r\n", replies));
    QVERIFY2(reader.errorString().contains(QLatin1String("longer than 4 bytes")),
             qPrintable(reader.errorString()));
    QCOMPARE(replies.size(), size_t(1));
}

void TestRespReader::staysFailedUntilReset()
{
    RespReader reader;
    std::vector<RespValue> replies;
    QVERIFY(!reader.feed("?what\r\n", replies));
    QVERIFY(!reader.feed("+OK\r\n", replies));
    QVERIFY(replies.empty());
    reader.reset();
    QVERIFY(!reader.hasError());
    QVERIFY(reader.feed("+OK\r\n", replies));
    QCOMPARE(dumpAll(replies), QByteArray("+OK"));
}

void TestRespReader::repliesBeforeABadFrameSurvive()
{
    // One read from the socket may hold good replies and then garbage: the good ones still count.
    RespReader reader;
    std::vector<RespValue> replies;
    QVERIFY(!reader.feed("+OK\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n$abc\r\n+NEVER\r\n", replies));
    QCOMPARE(dumpAll(replies), QByteArray("+OK [\"pong\",\"\"]"));
    QVERIFY(reader.errorString().contains(QLatin1String("'abc' is not a number")));
}

void TestRespReader::commandIsBinarySafe()
{
    const QByteArray payload("a\r\nb\0c$*", 9);
    const QByteArray encoded = RespCommand::encode({"PUBLISH", "sync.alice", payload});
    QCOMPARE(encoded, "*3\r\n$7\r\nPUBLISH\r\n$10\r\nsync.alice\r\n$9\r\n" + payload + "\r\n");
    // What we write, a RESP reader reads back unchanged.
    RespReader reader;
    std::vector<RespValue> replies;
    QVERIFY(reader.feed(encoded, replies));
    QCOMPARE(replies.size(), size_t(1));
    QCOMPARE(replies[0].elements.at(2).text, payload);
}

QTEST_GUILESS_MAIN(TestRespReader)
#include "tst_respreader.moc"
