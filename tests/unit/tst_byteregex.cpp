#include "store/byteregex.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>
#include <QThread>
#include <memory>
#include <vector>

using namespace busmon;

Q_DECLARE_METATYPE(QRegularExpression::PatternOptions)

namespace {

// What a filter regex answered before ByteRegex: QRegularExpression on the decoded text.
bool qtMatches(const QString &pattern, QRegularExpression::PatternOptions options, const QByteArray &subject)
{
    return QRegularExpression(pattern, options).match(QString::fromUtf8(subject)).hasMatch();
}

struct Case
{
    QString pattern;
    QRegularExpression::PatternOptions options;
    QByteArray subject;
    bool expected;
};

} // namespace

class TestByteRegex : public QObject
{
    Q_OBJECT

private slots:
    void matchesAsQtDoesOnDecodedText_data();
    void matchesAsQtDoesOnDecodedText();
    void pathologicalPatternGivesUpQuickly_data();
    void pathologicalPatternGivesUpQuickly();
    void deepBacktrackingAnswersAsQtDoes();
    void invalidPatternSaysWhereAndMatchesNothing_data();
    void invalidPatternSaysWhereAndMatchesNothing();
    void copiesOutliveTheOriginal();
    void threadsGetTheSameAnswers();
};

void TestByteRegex::matchesAsQtDoesOnDecodedText_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QRegularExpression::PatternOptions>("options");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<bool>("expected");
    const QRegularExpression::PatternOptions none = QRegularExpression::NoPatternOption;
    const QRegularExpression::PatternOptions caseless = QRegularExpression::CaseInsensitiveOption;
    const auto u = [](const char *text) { return QString::fromUtf8(text); };

    QTest::newRow("plain, found") << "client.*2\\.6" << none
                                  << QByteArray(R"({"client": "taskwarrior 2.6.2"})") << true;
    QTest::newRow("plain, not found")
        << "client.*2\\.6" << none << QByteArray(R"({"client": "taskwarrior 3.0"})") << false;
    QTest::newRow("start anchor, at the start") << "^ja" << none << QByteArray("jamie") << true;
    QTest::newRow("start anchor, further in") << "^ja" << none << QByteArray("benjamin") << false;
    QTest::newRow("end anchor") << "ie$" << none << QByteArray("jamie") << true;
    QTest::newRow("end anchor, not at the end") << "ja$" << none << QByteArray("jamie") << false;
    QTest::newRow("case matters without i") << "TIMEOUT" << none << QByteArray("timeout!") << false;
    QTest::newRow("i, ASCII") << "TIME(OUT)?!" << caseless << QByteArray("timeout!") << true;
    QTest::newRow("i, non-ASCII") << u("jürgen") << caseless << QByteArray("Hello JÜRGEN") << true;
    QTest::newRow("i, non-ASCII the other way") << u("ÉTÉ") << caseless << QByteArray("un été chaud") << true;
    QTest::newRow("no i, non-ASCII case differs") << u("jürgen") << none << QByteArray("JÜRGEN") << false;
    QTest::newRow("dot is one character, not one byte") << "^j.rgen$" << none << QByteArray("jürgen") << true;
    QTest::newRow("class of non-ASCII letters") << u("^[äöü]+$") << none << QByteArray("üöä") << true;
    QTest::newRow("emoji is one character") << "^.$" << none << QByteArray("\xf0\x9f\x98\x80") << true;
    QTest::newRow("invalid UTF-8: the valid part is found")
        << "timeout" << none << QByteArray("timeout!! \xff\xfe") << true;
    QTest::newRow("invalid UTF-8: a bad byte is one character, as fromUtf8 reads it") << "^a.b$" << none
                                                                                      << QByteArray("a\xff"
                                                                                                    "b")
                                                                                      << true;
    QTest::newRow("invalid UTF-8: a bad byte reads as U+FFFD")
        << "\\x{FFFD}" << none << QByteArray("caf\xc3") << true;
    QTest::newRow("invalid UTF-8: anchors still hold") << "^ok$" << none << QByteArray("ok\xff") << false;
    QTest::newRow("invalid UTF-8: i after the bad byte")
        << u("jürgen") << caseless << QByteArray("\xfe JÜRGEN") << true;
    QTest::newRow("encoded surrogate is not UTF-8")
        << "^x.y$" << none << QByteArray("x\xed\xa0\x80y") << qtMatches("^x.y$", none, "x\xed\xa0\x80y");
    QTest::newRow("empty subject, empty match") << "^$" << none << QByteArray() << true;
    QTest::newRow("empty subject, star") << "a*" << none << QByteArray("") << true;
    QTest::newRow("empty subject, needs a letter") << "a" << none << QByteArray() << false;
    QTest::newRow("NUL byte in the subject") << "a.b" << none << QByteArray("a\0b", 3) << true;
    QTest::newRow("dot stops at a newline") << "\\A.*\\z" << none << QByteArray("two\nlines") << false;
    QTest::newRow("unless dot matches everything")
        << "\\A.*\\z" << QRegularExpression::PatternOptions(QRegularExpression::DotMatchesEverythingOption)
        << QByteArray("two\nlines") << true;
    QTest::newRow("alternation") << "jamie|jane" << none << QByteArray("jane-cert") << true;
    QTest::newRow("greedy run backs up to what follows")
        << "client.*2\\.6" << none << QByteArray("client 2.6.2, client 3.0") << true;
    QTest::newRow("lazy quantifier") << "<.+?>$" << none << QByteArray("<a><b>") << true;
    QTest::newRow("backreference") << "^(a+)b\\1$" << none << QByteArray("aabaa") << true;
    QTest::newRow("backreference, no match") << "^(a+)b\\1$" << none << QByteArray("aaba") << false;
    QTest::newRow("atomic group commits to the longest run")
        << "(?>a*)a" << none << QByteArray("aaa") << false;
    QTest::newRow("possessive quantifier") << "^a*+a" << none << QByteArray("aaa") << false;
    QTest::newRow("lookahead holding a capture") << "^(?=(a+?))\\1b" << none << QByteArray("aab") << false;
    QTest::newRow("non-capturing group") << "^(?:ab)+$" << none << QByteArray("abab") << true;
    QTest::newRow("escaped slash") << "\\/|10h" << none << QByteArray("a/b") << true;
}

void TestByteRegex::matchesAsQtDoesOnDecodedText()
{
    QFETCH(QString, pattern);
    QFETCH(QRegularExpression::PatternOptions, options);
    QFETCH(QByteArray, subject);
    QFETCH(bool, expected);

    const ByteRegex regex(pattern, options);
    QVERIFY2(regex.isValid(), qPrintable(regex.errorString()));
    QCOMPARE(regex.matches(subject), expected);
    QCOMPARE(qtMatches(pattern, options, subject), expected);
    QCOMPARE(ByteRegex(QRegularExpression(pattern, options)).matches(subject), expected);
}

void TestByteRegex::pathologicalPatternGivesUpQuickly_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<bool>("expected");
    const QByteArray as(40, 'a');
    // 2^40 ways to split the a's: without a limit this would run for days; the limit says no match.
    QTest::newRow("(a+)+$ on a...ab") << "(a+)+$" << (as + 'b') << false;
    QTest::newRow("(a|aa)+$ on a...ab") << "(a|aa)+$" << (as + 'b') << false;
    QTest::newRow("^(\\w+\\s?)*$ on a...a!") << "^(\\w+\\s?)*$" << (as + '!') << false;
    // The same pattern where it can match straight away still does.
    QTest::newRow("(a+)+$ on a...a") << "(a+)+$" << as << true;
    QTest::newRow("(a+)+b on a...ab") << "(a+)+b" << (as + 'b') << true;
}

void TestByteRegex::pathologicalPatternGivesUpQuickly()
{
    QFETCH(QString, pattern);
    QFETCH(QByteArray, subject);
    QFETCH(bool, expected);

    const ByteRegex regex(pattern);
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(regex.matches(subject), expected);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QStringLiteral("took %1 ms").arg(clock.elapsed())));
}

void TestByteRegex::deepBacktrackingAnswersAsQtDoes()
{
    // Each repetition leaves a backtracking point on the JIT stack: 200,000 of them need more than
    // its 512 KiB, as they do in QRegularExpression, which gives up the same way.
    QByteArray subject;
    for (int i = 0; i < 100'000; ++i)
        subject += "ab";
    const QString pattern = QStringLiteral("^(a|b)*$");
    const ByteRegex regex(pattern);
    QCOMPARE(regex.matches(subject), qtMatches(pattern, QRegularExpression::NoPatternOption, subject));
    // A short subject is well within the limits.
    QVERIFY(regex.matches("abba"));
}

void TestByteRegex::invalidPatternSaysWhereAndMatchesNothing_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<qsizetype>("offset");
    QTest::newRow("unclosed group") << "(abc" << qsizetype(4);
    QTest::newRow("after non-ASCII letters") << QString::fromUtf8("jürgen(") << qsizetype(7);
    QTest::newRow("nothing to repeat") << QString::fromUtf8("ü*+?") << qsizetype(3);
}

void TestByteRegex::invalidPatternSaysWhereAndMatchesNothing()
{
    QFETCH(QString, pattern);
    QFETCH(qsizetype, offset);

    const ByteRegex regex(pattern);
    QVERIFY(!regex.isValid());
    QVERIFY(!regex.errorString().isEmpty());
    QCOMPARE(regex.errorOffset(), offset);
    const QRegularExpression qt(pattern);
    QCOMPARE(regex.errorOffset(), qt.patternErrorOffset());
    QCOMPARE(regex.errorString(), qt.errorString());
    QVERIFY(!regex.matches("abc"));
    QVERIFY(!ByteRegex().matches(""));
}

void TestByteRegex::copiesOutliveTheOriginal()
{
    ByteRegex copy;
    {
        const ByteRegex original(QStringLiteral("^ja"), QRegularExpression::CaseInsensitiveOption);
        copy = original;
    }
    QVERIFY(copy.matches("JAmie"));
    QVERIFY(!copy.matches("benjamin"));
}

void TestByteRegex::threadsGetTheSameAnswers()
{
    const QByteArray as(12, 'a'); // backtracks a lot, well within the limit
    const std::vector<Case> cases{
        {QStringLiteral("client.*2\\.6"), {}, R"({"client": "taskwarrior 2.6.2"})", true},
        {QStringLiteral("client.*2\\.6"), {}, R"({"client": "taskwarrior 3.0"})", false},
        {QString::fromUtf8("jürgen"), QRegularExpression::CaseInsensitiveOption, "JÜRGEN", true},
        {QStringLiteral("^a.b$"),
         {},
         "a\xff"
         "b",
         true},
        {QStringLiteral("^ja"), {}, "benjamin", false},
        {QStringLiteral("(a+)+$"), {}, as + 'b', false},
        {QStringLiteral("^$"), {}, "", true},
    };
    std::vector<ByteRegex> regexes;
    for (const Case &c : cases)
        regexes.emplace_back(c.pattern, c.options);

    // Every thread runs every case many times, interleaved with the others, on shared regexes.
    constexpr int threadCount = 4;
    std::vector<int> wrongAnswers(threadCount, 0);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < threadCount; ++t) {
        threads.emplace_back(QThread::create([&, t] {
            for (int round = 0; round < 300; ++round) {
                for (size_t i = 0; i < cases.size(); ++i) {
                    const size_t k = (i + static_cast<size_t>(t)) % cases.size();
                    if (regexes[k].matches(cases[k].subject) != cases[k].expected)
                        ++wrongAnswers[static_cast<size_t>(t)];
                }
            }
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        QVERIFY(thread->wait(60'000));
    QCOMPARE(wrongAnswers, std::vector<int>(threadCount, 0));
}

QTEST_GUILESS_MAIN(TestByteRegex)
#include "tst_byteregex.moc"
