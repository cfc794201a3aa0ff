#include "store/jsonfieldscanner.h"
#include "store/textsearcher.h"

#include <QTest>

using namespace busmon;

using Type = JsonValueRef::Type;

class TestJsonFieldScanner : public QObject
{
    Q_OBJECT
private slots:
    void find_data();
    void find();
    void hostileInputNeverCrashes();
    void search_data();
    void search();
    void searchAgreesWithNaiveSearchEverywhere();
};

void TestJsonFieldScanner::find_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("raw");

    const QByteArray sync = "{\"action\": \"sync\", \"branch_record_count\": 9, \"record_count\": 12, "
                            "\"service_duration\": 0.142318}";
    QTest::newRow("flat, last key") << sync << "service_duration" << int(Type::Number)
                                    << QByteArray("0.142318");
    QTest::newRow("a longer key holds it") << sync << "record_count" << int(Type::Number) << QByteArray("12");
    QTest::newRow("string") << sync << "action" << int(Type::String) << QByteArray("sync");
    QTest::newRow("absent") << sync << "count" << int(Type::Missing) << QByteArray();
    QTest::newRow("key name as a value") << QByteArray("{\"a\": \"status\", \"status\": 1}") << "status"
                                         << int(Type::Number) << QByteArray("1");
    QTest::newRow("key name only as a value")
        << QByteArray("{\"a\": \"status\"}") << "status" << int(Type::Missing) << QByteArray();
    QTest::newRow("nested first, own key later")
        << QByteArray("{\"task_data\": {\"status\": \"x\"}, \"status\": \"y\"}") << "status"
        << int(Type::String) << QByteArray("y");
    QTest::newRow("only nested") << QByteArray("{\"task_data\": {\"status\": \"x\"}}") << "status"
                                 << int(Type::Missing) << QByteArray();
    QTest::newRow("nested path") << QByteArray("{\"task_data\": {\"tags\": [\"a\"], \"status\": \"x\"}}")
                                 << "task_data.status" << int(Type::String) << QByteArray("x");
    QTest::newRow("nested path, key after a closed sibling")
        << QByteArray("{\"task_data\": {\"x\": {\"status\": 1}}, \"other\": {\"status\": 2}}")
        << "task_data.status" << int(Type::Missing) << QByteArray();
    QTest::newRow("quoted key inside a string")
        << QByteArray("{\"message\": \"say \\\"status\\\": now\", \"status\": true}") << "status"
        << int(Type::True) << QByteArray("true");
    QTest::newRow("bracket inside a string before the key")
        << QByteArray("{\"message\": \"a {b} [c]\", \"status\": null}") << "status" << int(Type::Null)
        << QByteArray("null");
    QTest::newRow("array element") << QByteArray("{\"tags\": [\"a\", {\"b\": 1}, [2]]}") << "tags[1].b"
                                   << int(Type::Number) << QByteArray("1");
    QTest::newRow("array past the end")
        << QByteArray("{\"tags\": [\"a\"]}") << "tags[1]" << int(Type::Missing) << QByteArray();
    QTest::newRow("object value") << QByteArray("{\"a\": {\"b\": [1, 2]} }") << "a" << int(Type::Object)
                                  << QByteArray("{\"b\": [1, 2]}");
    QTest::newRow("escaped string value")
        << QByteArray("{\"t\": \"a\\\"b\"}") << "t" << int(Type::String) << QByteArray("a\\\"b");
    QTest::newRow("white space everywhere")
        << QByteArray(" {\n \"a\" :\t 5 \n}") << "a" << int(Type::Number) << QByteArray("5");
    QTest::newRow("not an object") << QByteArray("[1, 2]") << "a" << int(Type::Missing) << QByteArray();
    QTest::newRow("not JSON") << QByteArray("record_count: 5") << "record_count" << int(Type::Missing)
                              << QByteArray();
    QTest::newRow("truncated before the value")
        << QByteArray("{\"a\": 1, \"b\":") << "b" << int(Type::Missing) << QByteArray();
    QTest::newRow("truncated string")
        << QByteArray("{\"a\": \"xyz") << "a" << int(Type::Missing) << QByteArray();
}

void TestJsonFieldScanner::find()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(int, type);
    QFETCH(QByteArray, raw);
    const auto parsed = JsonFieldScanner::parsePath(path);
    QVERIFY(parsed);
    const JsonValueRef value = JsonFieldScanner::find(json, *parsed);
    QCOMPARE(int(value.type), type);
    QCOMPARE(value.raw.toByteArray(), raw);
}

void TestJsonFieldScanner::hostileInputNeverCrashes()
{
    const auto path = *JsonFieldScanner::parsePath(u"a.b[3].c");
    const QList<QByteArray> inputs{
        QByteArray(200'000, '['),
        QByteArray(200'000, '{'),
        "{\"a\": {\"b\": [1, 2, 3, {\"c\": ",
        QByteArray("{\"a\"\0: 1}", 9),
        "{\"a\": \"\\",
        "\"",
        "",
        "{\"a\": {\"b\": [1, 2, 3, {\"c\": 4}]}}",
    };
    for (const QByteArray &input : inputs) {
        const JsonValueRef value = JsonFieldScanner::find(input, path);
        Q_UNUSED(value)
        JsonFieldScanner::forEachMember(input, [](QByteArrayView, const JsonValueRef &) { return true; });
        JsonFieldScanner::forEachElement(input, [](const JsonValueRef &) { return true; });
    }
    QCOMPARE(JsonFieldScanner::find(inputs.last(), path).raw, QByteArrayView("4"));
    QVERIFY(!JsonFieldScanner::parsePath(u"a..b"));
    QVERIFY(!JsonFieldScanner::parsePath(u"a[x]"));
    QVERIFY(!JsonFieldScanner::parsePath(u""));
    QCOMPARE(JsonFieldScanner::decodeString("caf\\u00e9 \\ud83d\\ude00 \\n"), QString::fromUtf8("café 😀 \n"));
}

void TestJsonFieldScanner::search_data()
{
    QTest::addColumn<QByteArray>("needle");
    QTest::addColumn<QByteArray>("haystack");
    QTest::addColumn<bool>("found");
    QTest::newRow("any case") << QByteArray("Alice") << QByteArray("sync.ALICE") << true;
    QTest::newRow("at the very end of a long text")
        << QByteArray("timeout") << (QByteArray(100, 'x') + "TimeOut") << true;
    QTest::newRow("one short of the end")
        << QByteArray("timeout") << (QByteArray(100, 'x') + "timeou") << false;
    QTest::newRow("at the start") << QByteArray("ab") << QByteArray("ab") << true;
    QTest::newRow("one byte") << QByteArray("z") << (QByteArray(40, 'a') + 'Z') << true;
    QTest::newRow("case applies to letters only") << QByteArray("[x]") << QByteArray("{X}") << false;
    QTest::newRow("not across UTF-8 bytes") << QByteArray("a") << QByteArray("\xc3\xa1\xc3\x81") << false;
    QTest::newRow("needle longer than text") << QByteArray("abcdef") << QByteArray("abc") << false;
    QTest::newRow("digits and punctuation")
        << QByteArray("\"port\": 53") << QByteArray("{\"PORT\": 53412}") << true;
}

void TestJsonFieldScanner::search()
{
    QFETCH(QByteArray, needle);
    QFETCH(QByteArray, haystack);
    QFETCH(bool, found);
    QCOMPARE(TextSearcher(needle).contains(haystack), found);
}

void TestJsonFieldScanner::searchAgreesWithNaiveSearchEverywhere()
{
    // Every needle length against every position, in and out of the 16- and 32-byte blocks, and
    // the exact search beside the caseless one.
    const QByteArray text =
        "The Quick brown fox, {jumps} over the LAZY dog: 0123456789 \xc3\xa9t\xc3\xa9 end. "
        "\"service_duration\": 0.25, \"client\": \"taskwarrior 2.6\", qx;";
    for (qsizetype start = 0; start < text.size(); ++start) {
        for (qsizetype length = 1; start + length <= text.size() && length <= 24; ++length) {
            const QByteArray needle = text.mid(start, length);
            const TextSearcher searcher(needle);
            for (qsizetype cut = start + length; cut <= text.size(); cut += 7) {
                const QByteArray haystack = text.left(cut);
                const bool expected = haystack.toLower().contains(needle.toLower());
                QVERIFY2(searcher.contains(haystack) == expected, needle.constData());
                QVERIFY2(TextSearcher::indexOfExact(haystack, needle) == haystack.indexOf(needle),
                         needle.constData());
                const QByteArray otherCase = needle.toUpper() == needle ? needle.toLower() : needle.toUpper();
                QVERIFY2(TextSearcher::indexOfExact(haystack, otherCase) == haystack.indexOf(otherCase),
                         otherCase.constData());
                // From just after the needle's place on: mostly without it, so the blocks must say no too.
                const QByteArray after = text.mid(start + 1, cut - start - 1);
                QVERIFY2(searcher.contains(after) == after.toLower().contains(needle.toLower()),
                         needle.constData());
                QVERIFY2(TextSearcher::indexOfExact(after, needle) == after.indexOf(needle),
                         needle.constData());
            }
            QVERIFY(!searcher.contains(text.left(start + length - 1).mid(start)));
        }
    }
}

QTEST_GUILESS_MAIN(TestJsonFieldScanner)
#include "tst_jsonfieldscanner.moc"
