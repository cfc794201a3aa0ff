// The one JSON string decoder: every escape, surrogates whole and alone, and bodies that were
// never validated (taken from payloads as they are) decoded without loss.
#include "events/jsonstring.h"

#include <QTest>

using namespace busmon;

class TestJsonString : public QObject
{
    Q_OBJECT
private slots:
    void decodes_data();
    void decodes();
};

void TestJsonString::decodes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("text");    // decode()
    QTest::addColumn<QByteArray>("utf8"); // decodeUtf8()
    const QString replacement(QChar::ReplacementCharacter);
    QTest::newRow("plain") << QByteArray("Sync failed") << QStringLiteral("Sync failed")
                           << QByteArray("Sync failed");
    QTest::newRow("raw UTF-8") << QByteArray("Zürich ✓") << QString::fromUtf8("Zürich ✓")
                               << QByteArray("Zürich ✓");
    QTest::newRow("simple escapes") << QByteArray(R"(a\"b\\c\/d\be\ff\ng\rh\ti)")
                                    << QStringLiteral("a\"b\\c/d\be\ff\ng\rh\ti")
                                    << QByteArray("a\"b\\c/d\be\ff\ng\rh\ti");
    QTest::newRow("json.dumps non-ASCII")
        << QByteArray(R"(caf\u00e9 \u2713)") << QString::fromUtf8("café ✓") << QByteArray("café ✓");
    QTest::newRow("upper-case hex") << QByteArray(R"(\u00C9)") << QString::fromUtf8("É") << QByteArray("É");
    QTest::newRow("surrogate pair") << QByteArray(R"(\ud83d\ude00!)") << QString::fromUtf8("😀!")
                                    << QByteArray("😀!");
    // A lone half (json.dumps writes one for bytes decoded with surrogateescape) is U+FFFD in the
    // text too: the tree showed the half, and its "filter on this value" found nothing (fuzz_jsontree).
    QTest::newRow("lone high surrogate")
        << QByteArray(R"(a\ud83db)") << (QStringLiteral("a") + replacement + u'b')
        << QByteArray("a") + replacement.toUtf8() + "b";
    QTest::newRow("lone high surrogate at the end")
        << QByteArray(R"(a\ud83d)") << (QStringLiteral("a") + replacement)
        << QByteArray("a") + replacement.toUtf8();
    QTest::newRow("lone low surrogate") << QByteArray(R"(\ude00)") << replacement << replacement.toUtf8();
    QTest::newRow("high then plain escape")
        << QByteArray(R"(\ud83d\n)") << (replacement + u'\n') << replacement.toUtf8() + "\n";
    QTest::newRow("pair the wrong way round")
        << QByteArray(R"(\ude00\ud83d)") << replacement + replacement << (replacement + replacement).toUtf8();
    QTest::newRow("two highs then a low")
        << QByteArray(R"(\ud83d\ud83d\ude00)") << replacement + QString::fromUtf8("😀")
        << replacement.toUtf8() + QByteArray("😀");
    QTest::newRow("not hex: kept as written")
        << QByteArray(R"(\uzzzz)") << QStringLiteral("\\uzzzz") << QByteArray("\\uzzzz");
    QTest::newRow("cut \\u: kept") << QByteArray(R"(ab\u12)") << QStringLiteral("ab\\u12")
                                   << QByteArray("ab\\u12");
    QTest::newRow("unknown escape: the character")
        << QByteArray(R"(\q)") << QStringLiteral("q") << QByteArray("q");
    QTest::newRow("trailing backslash kept")
        << QByteArray("end\\") << QStringLiteral("end\\") << QByteArray("end\\");
    QTest::newRow("empty") << QByteArray() << QString() << QByteArray();
}

void TestJsonString::decodes()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, text);
    QFETCH(QByteArray, utf8);
    QCOMPARE(JsonString::decode(body), text);
    QCOMPARE(JsonString::decodeUtf8(body), utf8);
    QCOMPARE(JsonString::decode(body), QString::fromUtf8(JsonString::decodeUtf8(body)));
}

QTEST_GUILESS_MAIN(TestJsonString)
#include "tst_jsonstring.moc"
