#include "bus/globpattern.h"
#include "bus/subscription.h"

#include <QTest>

using namespace busmon;

class TestSubscription : public QObject
{
    Q_OBJECT
private slots:
    void defaultSetCoversTheNineKinds();
    void defaultSetHasNoOverlap();
    void globMatches_data();
    void globMatches();
    void overlapWarnings_data();
    void overlapWarnings();
};

void TestSubscription::defaultSetCoversTheNineKinds()
{
    const Subscription subscription = Subscription::defaultSet();
    QCOMPARE(subscription.channels, QList<QByteArray>{"__general__"});
    const QList<QByteArray> expected{"personal.*",    "local_sync.*",       "changed_task.*",
                                     "log_message.*", "incoming_mail.*",    "incoming_trello_change.*",
                                     "sync.*",        "taskd.certificate.*"};
    QCOMPARE(subscription.patterns, expected);
}

void TestSubscription::defaultSetHasNoOverlap()
{
    QCOMPARE(Subscription::defaultSet().overlapWarnings(), QStringList());
}

void TestSubscription::globMatches_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("matches");

    QTest::newRow("star matches all") << QByteArray("*") << QByteArray("sync.alice") << true;
    QTest::newRow("prefix star") << QByteArray("sync.*") << QByteArray("sync.jane.doe@example.com") << true;
    QTest::newRow("prefix star, other kind")
        << QByteArray("sync.*") << QByteArray("local_sync.alice") << false;
    QTest::newRow("prefix star, empty rest") << QByteArray("sync.*") << QByteArray("sync.") << true;
    QTest::newRow("star in the middle") << QByteArray("a*z") << QByteArray("abcz") << true;
    QTest::newRow("star backtracks") << QByteArray("*ab") << QByteArray("aab") << true;
    QTest::newRow("question mark") << QByteArray("s?nc.*") << QByteArray("sync.x") << true;
    QTest::newRow("question mark needs a byte") << QByteArray("sync?") << QByteArray("sync") << false;
    QTest::newRow("set") << QByteArray("[ps]ync") << QByteArray("pync") << true;
    QTest::newRow("set, no match") << QByteArray("[ps]ync") << QByteArray("tync") << false;
    QTest::newRow("range") << QByteArray("user[0-9]") << QByteArray("user7") << true;
    QTest::newRow("backward range") << QByteArray("user[9-0]") << QByteArray("user7") << true;
    QTest::newRow("negated set") << QByteArray("[^a]x") << QByteArray("bx") << true;
    QTest::newRow("negated set, no match") << QByteArray("[^a]x") << QByteArray("ax") << false;
    QTest::newRow("escaped star") << QByteArray("a\\*") << QByteArray("a*") << true;
    QTest::newRow("escaped star is literal") << QByteArray("a\\*") << QByteArray("ab") << false;
    QTest::newRow("escape in a set") << QByteArray("[\\]]") << QByteArray("]") << true;
    QTest::newRow("escaped question mark") << QByteArray("\\?") << QByteArray("x") << false;
    QTest::newRow("no wildcard is exact") << QByteArray("__general__") << QByteArray("__general__") << true;
    QTest::newRow("no wildcard, longer text") << QByteArray("sync") << QByteArray("sync.a") << false;
    QTest::newRow("utf-8 bytes") << QByteArray("sync.j?rgen") << QByteArray("sync.j\xc3\xbcrgen") << false;
    QTest::newRow("utf-8 bytes with star")
        << QByteArray("sync.j*rgen") << QByteArray("sync.j\xc3\xbcrgen") << true;
}

void TestSubscription::globMatches()
{
    QFETCH(QByteArray, pattern);
    QFETCH(QByteArray, text);
    QTEST(GlobPattern(pattern).matches(text), "matches");
}

void TestSubscription::overlapWarnings_data()
{
    QTest::addColumn<QList<QByteArray>>("channels");
    QTest::addColumn<QList<QByteArray>>("patterns");
    QTest::addColumn<QStringList>("warnings");

    using List = QList<QByteArray>;
    QTest::newRow("star beside sync.*")
        << List{} << List{"*", "sync.*"}
        << QStringList{"'sync.alice' matches both '*' and 'sync.*': each such message is delivered twice"};
    QTest::newRow("channel also matched by a pattern")
        << List{"sync.alice"} << List{"sync.*"}
        << QStringList{"'sync.alice' is subscribed as a channel and also matches the pattern 'sync.*': "
                       "each message on it is delivered twice"};
    QTest::newRow("patterns sharing only some channels")
        << List{} << List{"s*", "*c"}
        << QStringList{"'sc' matches both 's*' and '*c': each such message is delivered twice"};
    QTest::newRow("disjoint patterns") << List{} << List{"sync.*", "local_sync.*"} << QStringList{};
    QTest::newRow("disjoint sets") << List{} << List{"user[0-4]", "user[5-9]"} << QStringList{};
    QTest::newRow("overlapping sets")
        << List{} << List{"user[0-5]", "user[5-9]"}
        << QStringList{"'user5' matches both 'user[0-5]' and 'user[5-9]': each such "
                       "message is delivered twice"};
    QTest::newRow("same pattern twice is one subscription")
        << List{} << List{"sync.*", "sync.*"} << QStringList{};
    QTest::newRow("channel not matched") << List{"__general__"} << List{"sync.*"} << QStringList{};
    QTest::newRow("escaped star is not a wildcard")
        << List{"a*"} << List{"a\\*", "ab*"}
        << QStringList{"'a*' is subscribed as a channel and also matches "
                       "the pattern 'a\\*': each message on it is "
                       "delivered twice"};
}

void TestSubscription::overlapWarnings()
{
    QFETCH(QList<QByteArray>, channels);
    QFETCH(QList<QByteArray>, patterns);
    Subscription subscription;
    subscription.channels = channels;
    subscription.patterns = patterns;
    QTEST(subscription.overlapWarnings(), "warnings");
}

QTEST_GUILESS_MAIN(TestSubscription)
#include "tst_subscription.moc"
