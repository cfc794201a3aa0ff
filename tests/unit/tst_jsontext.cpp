// JsonText::appendString writes the capture's JSON strings: what it writes must read back as the
// same bytes, whatever mix of quotes, backslashes, control characters and byte order marks the
// payload holds and wherever in a sixteen-byte block they fall.
#include "capture/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace busmon;

namespace {

// The escaping the capture format asks for, a byte at a time.
QByteArray reference(QByteArrayView utf8)
{
    QByteArray out("\"");
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<uchar>(utf8[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\b') {
            out += "\\b";
        } else if (c == '\f') {
            out += "\\f";
        } else if (c < 0x20) {
            out += "\\u00" + QByteArray::number(c, 16).rightJustified(2, '0');
        } else if (utf8.sliced(i).startsWith("\xef\xbb\xbf")) {
            out += "\\ufeff";
            i += 2;
        } else {
            out += char(c);
        }
    }
    return out + '"';
}

QByteArray escaped(QByteArrayView utf8, const QByteArray &before = {})
{
    QByteArray out = before;
    JsonText::appendString(out, utf8);
    return out.sliced(before.size());
}

} // namespace

class TestJsonText : public QObject
{
    Q_OBJECT
private slots:
    void escapesWhatJsonRequires_data();
    void escapesWhatJsonRequires();
    void randomTextReadsBackTheSame();
};

void TestJsonText::escapesWhatJsonRequires_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty") << QByteArray() << QByteArray(R"("")");
    QTest::newRow("plain") << QByteArray("alice") << QByteArray(R"("alice")");
    QTest::newRow("a payload")
        << QByteArray(R"({"action": "sync", "username": "alice", "record_count": 42})")
        << QByteArray(R"("{\"action\": \"sync\", \"username\": \"alice\", \"record_count\": 42}")");
    QTest::newRow("only quotes") << QByteArray(40, '"')
                                 << "\"" + QByteArray(40, '"').replace("\"", "\\\"") + "\"";
    QTest::newRow("backslashes") << QByteArray(R"(C:\tasks\new\ "x" \\ end of a long enough line)")
                                 << QByteArray(R"("C:\\tasks\\new\\ \"x\" \\\\ end of a long enough line")");
    QTest::newRow("newline after quotes")
        << QByteArray("\"0123456789\"abcdef\"\n\"0123456789abcdef0123456789\"")
        << QByteArray(R"("\"0123456789\"abcdef\"\n\"0123456789abcdef0123456789\"")");
    QTest::newRow("control in a long run")
        << QByteArray("0123456789abcdef0123456789abc\x01"
                      "def0123456789abcdef0123456789abcdef")
        << QByteArray(R"("0123456789abcdef0123456789abc\u0001def0123456789abcdef0123456789abcdef")");
    QTest::newRow("byte order mark among quotes")
        << QByteArray("\"\"\"\"\"\"\"\"\"\"\xef\xbb\xbf\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"")
        << "\"" + QByteArray(10, '"').replace("\"", "\\\"") + "\\ufeff" +
               QByteArray(20, '"').replace("\"", "\\\"") + "\"";
    QTest::newRow("non-ASCII")
        << QByteArray("\"caf\xc3\xa9\" \xef\xbc\xa1 \"\xf0\x9f\x98\x80\" and some more text here")
        << QByteArray(
               "\"\\\"caf\xc3\xa9\\\" \xef\xbc\xa1 \\\"\xf0\x9f\x98\x80\\\" and some more text here\"");
}

void TestJsonText::escapesWhatJsonRequires()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, json);
    QCOMPARE(escaped(text), json);
    QCOMPARE(escaped(text, "already here "), json);
}

// Every length up to about 100 and every position of the few bytes that need escaping: the result is
// what the byte-at-a-time escaping writes, and Qt's JSON parser reads the text back from it.
void TestJsonText::randomTextReadsBackTheSame()
{
    QRandomGenerator random(20261202);
    static const QList<QByteArray> pieces{
        "\"", "\"", "\"", "\\", "\n", "\t", "\x01", "\x1f",         " ",       "a",
        "b",  "c",  "d",  "{",  "}",  ":",  ",",    "\xef\xbb\xbf", "\xc3\xa9"};
    for (int round = 0; round < 20000; ++round) {
        const int length = round % 101;
        QByteArray text;
        while (text.size() < length)
            text += pieces.at(random.bounded(int(pieces.size())));
        const QByteArray json = escaped(text);
        QCOMPARE(json, reference(text));
        const QJsonDocument document = QJsonDocument::fromJson("[" + json + "]");
        QCOMPARE(document.array().at(0).toString().toUtf8(), text);
    }
}

QTEST_APPLESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
