#include "events/onelinetext.h"

#include <QTest>

using namespace busmon;

class TestOneLineText : public QObject
{
    Q_OBJECT
private slots:
    void escaped_data();
    void escaped();
    void escapedKeepsCleanTextAsItIs();
    void from_data();
    void from();
};

void TestOneLineText::escaped_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<QString>("shown");

    QTest::newRow("plain") << QStringLiteral("jane.doe@example.com") << 200
                           << QStringLiteral("jane.doe@example.com");
    QTest::newRow("escape sequence and newline fake a line")
        << QStringLiteral("ev\u001b[1mil\nfake line") << 200 << QStringLiteral("ev\\x1b[1mil\\nfake line");
    QTest::newRow("carriage return, tab, bell, NUL")
        << QStringLiteral("a\rb\tc") + QChar(0x07) + QStringLiteral("d") + QChar(0) + QStringLiteral("e")
        << 200 << QStringLiteral("a\\rb\\tc\\x07d\\x00e");
    QTest::newRow("DEL and the C1 CSI")
        << QStringLiteral("a\u007fb\u009b31mc") << 200 << QStringLiteral("a\\x7fb\\x9b31mc");
    QTest::newRow("bidi override and isolate")
        << QStringLiteral("\u202eadmin\u2066x\u2069") << 200 << QStringLiteral("\\u202eadmin\\u2066x\\u2069");
    QTest::newRow("line separator") << QStringLiteral("a\u2028b") << 200 << QStringLiteral("a\\u2028b");
    QTest::newRow("non-ASCII and emoji stay")
        << QStringLiteral("j\u00fcrgen \U0001F389") << 200 << QStringLiteral("j\u00fcrgen \U0001F389");
    QTest::newRow("backslash stays") << QStringLiteral("a\\nb") << 200 << QStringLiteral("a\\nb");
    QTest::newRow("cut, with an ellipsis")
        << QStringLiteral("abcdefghij") << 4 << QStringLiteral("abcd\u2026");
    QTest::newRow("an escape is kept whole or not at all")
        << QStringLiteral("abc\u001bdef") << 5 << QStringLiteral("abc\u2026");
    QTest::newRow("a surrogate pair is never split")
        << QStringLiteral("abc\U0001F389def") << 4 << QStringLiteral("abc\u2026");
    QTest::newRow("unlimited") << QString(300, u'x') + QChar(0x1b) << int(-1)
                               << QString(300, u'x') + QStringLiteral("\\x1b");
}

void TestOneLineText::escaped()
{
    QFETCH(QString, text);
    QFETCH(int, maxLength);
    QFETCH(QString, shown);
    const qsizetype limit = maxLength < 0 ? OneLineText::unlimited : maxLength;
    QCOMPARE(OneLineText::escaped(QStringView(text), limit), shown);
    QCOMPARE(OneLineText::escaped(text, limit), shown);
}

void TestOneLineText::escapedKeepsCleanTextAsItIs()
{
    const QString clean = QString::fromLatin1("personal.jane.doe@example.com");
    QVERIFY(OneLineText::escaped(clean).isSharedWith(clean));
}

void TestOneLineText::from_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxLength"); // -1: unlimited
    QTest::addColumn<QString>("shown");
    QTest::newRow("newlines and tabs") << QStringLiteral(" a\n\tb  c ") << 200 << QStringLiteral("a b c");
    QTest::newRow("escape sequence") << QStringLiteral("A\u001b[2J: x") << 200 << QStringLiteral("A [2J: x");
    QTest::newRow("bidi override reorders nothing")
        << QStringLiteral("Pay \u202eevil\u202c now") << 200 << QStringLiteral("Pay evil now");
    QTest::newRow("cut, with an ellipsis") << QStringLiteral("a\nbcdefg") << 4 << QStringLiteral("a b\u2026");
    // The status bar shows a server's whole reason this way.
    QTest::newRow("unlimited") << QString(300, u'x') + QStringLiteral("\n y") << int(-1)
                               << QString(300, u'x') + QStringLiteral(" y");
}

void TestOneLineText::from()
{
    QFETCH(QString, text);
    QFETCH(int, maxLength);
    QFETCH(QString, shown);
    const qsizetype limit = maxLength < 0 ? OneLineText::unlimited : maxLength;
    QCOMPARE(OneLineText::from(QStringView(text), limit), shown);
    QCOMPARE(OneLineText::from(text, limit), shown);
}

QTEST_APPLESS_MAIN(TestOneLineText)
#include "tst_onelinetext.moc"
