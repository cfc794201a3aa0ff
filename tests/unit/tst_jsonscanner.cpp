// JsonScanner validates every payload at ingest. A user sees what it says of a broken payload ("not
// JSON (unterminated string at offset 8)") and what it accepts; Qt's own parser is the reference for
// the latter, but for the few things Qt lets pass that RFC 8259 does not.
#include "events/jsonscanner.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace busmon;

class TestJsonScanner : public QObject
{
    Q_OBJECT
private slots:
    void errorsSayWhatAndWhere_data();
    void errorsSayWhatAndWhere();
    void membersAreFoundWhateverTheSpacing_data();
    void membersAreFoundWhateverTheSpacing();
    void acceptsWhatQtAccepts();
};

void TestJsonScanner::errorsSayWhatAndWhere_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qsizetype>("offset");

    const auto row = [](const char *json, const char *error, qsizetype offset) {
        QTest::newRow(json) << QByteArray(json) << QString::fromLatin1(error) << offset;
    };
    row("", "value expected, end of text found", 0);
    row(R"({"a": "b\)", "unterminated string", 8);
    row(R"({"a": "b)", "unterminated string", 8);
    row(R"({"a": "\u12"})", "illegal escape sequence", 7);
    row(R"({"a": "\q"})", "illegal escape sequence", 7);
    row("{\"a\": \"b\tc\"}", "control character in string", 8);
    row(R"({"a": -})", "illegal value", 7);
    row(R"({"a": 1.})", "illegal number", 8);
    row(R"({"a": 1e+})", "illegal number", 9);
    row(R"({"a": 01})", "missing value separator", 7);
    row(R"({"a": 1 "b": 2})", "missing value separator", 8);
    row(R"({"a" 1})", "missing name separator", 5);
    row(R"({"a": 1,})", "object keys must be strings", 8);
    row(R"({1: 2})", "object keys must be strings", 1);
    row(R"({"a": 1)", "unterminated object", 7);
    row(R"({"a": 1 )", "unterminated object", 8);
    row(R"({"a": tru})", "illegal value", 6);
    row(R"({"a": [1, {"b": nul}]})", "illegal value", 16);
    row("[1 2]", "missing value separator", 3);
    row("[1,", "unterminated array", 3);
    row(R"({"a": "b"} x)", "garbage at the end of the document", 11);
}

void TestJsonScanner::errorsSayWhatAndWhere()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QFETCH(qsizetype, offset);
    const JsonScanner::Result result = JsonScanner::scan(json);
    QVERIFY(!result.ok);
    QCOMPARE(result.error, error);
    QCOMPARE(result.offset, offset);
    QVERIFY(result.object.isEmpty());
}

void TestJsonScanner::membersAreFoundWhateverTheSpacing_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("none") << QByteArray(R"({"k\"ey":"v","n":-0.5e-3,"a":[1,{}],"t":true})");
    QTest::newRow("json.dumps") << QByteArray(R"({"k\"ey": "v", "n": -0.5e-3, "a": [1, {}], "t": true})");
    QTest::newRow("jsoncpp") << QByteArray(
        "{\n\t\"k\\\"ey\" : \"v\",\n\t\"n\" : -0.5e-3,\n\t\"a\" : [1, {}],\n\t\"t\" : true\n}");
    QTest::newRow("runs everywhere") << QByteArray(
        " \r\n{  \"k\\\"ey\"\t:\t\"v\" ,\n\"n\"  :  -0.5e-3 ,\"a\":[ 1 ,{ } ]  ,  \"t\" :true }\n");
}

void TestJsonScanner::membersAreFoundWhateverTheSpacing()
{
    QFETCH(QByteArray, json);
    const JsonScanner::Result result = JsonScanner::scan(json);
    QVERIFY2(result.ok, qPrintable(result.error));
    QStringList members;
    for (qsizetype i = 0; i < result.object.size(); ++i) {
        const JsonObjectView::Member &member = result.object.at(i);
        members << member.keyText() + QLatin1Char('=') +
                       QString::fromUtf8(member.value.raw()).remove(QLatin1Char(' '));
    }
    QCOMPARE(members, (QStringList{"k\"ey=\"v\"", "n=-0.5e-3", "a=[1,{}]", "t=true"}));
}

// Random texts of JSON's pieces, valid and broken, inside an array: the scanner accepts just what
// Qt accepts. Qt lets through control characters and unknown escapes in strings, and refuses
// numbers past a double's range, which RFC 8259 allows: those are left out of the comparison.
void TestJsonScanner::acceptsWhatQtAccepts()
{
    QRandomGenerator random(20261202);
    const QList<QByteArray> pieces{
        "{",     "}",   "[",        "]",       "\"",         "\"",      "\"a\"",       ":",
        ",",     ",",   " ",        "  ",      "\r\n",       "\t",      "1",           "0",
        "-",     "e",   "E",        "+",       "1.5",        "-0.5e+3", "true",        "false",
        "null",  "tru", "nul",      "\\",      "\\n",        "\\\"",    "\\u00e9",     "\\ud83c",
        "\\u12", "a",   "\xc3\xa9", "\"k\": ", "{\"a\": 1}", "[1, 2]",  "\"s\\u0041\""};
    int accepted = 0;
    for (int round = 0; round < 100000; ++round) {
        QByteArray json = "[";
        for (int i = random.bounded(12); i > 0; --i)
            json += pieces.at(random.bounded(int(pieces.size())));
        json += "]";
        const JsonScanner::Result ours = JsonScanner::scan(json);
        QJsonParseError qt;
        QJsonDocument::fromJson(json, &qt);
        const bool qtAccepts = qt.error == QJsonParseError::NoError;
        if (!ours.ok && qtAccepts &&
            (ours.error == QLatin1String("control character in string") ||
             ours.error == QLatin1String("illegal escape sequence")))
            continue;
        if (ours.ok && qt.error == QJsonParseError::IllegalNumber)
            continue;
        QVERIFY2(ours.ok == qtAccepts, qPrintable(QString::fromUtf8(json) + QLatin1String(": ") +
                                                  (ours.ok ? qt.errorString() : ours.error)));
        accepted += ours.ok;
    }
    // Both kinds are there in number.
    QCOMPARE_GT(accepted, 10000);
    QCOMPARE_LT(accepted, 90000);
}

QTEST_APPLESS_MAIN(TestJsonScanner)
#include "tst_jsonscanner.moc"
