#include "events/channelname.h"
#include "store/eventstore.h"
#include "store/filtermatcher.h"

#include <QTest>

using namespace busmon;

namespace {

struct Sample
{
    const char *name;
    QByteArray channel;
    QByteArray payload;
    QString summary;
    QStringList problems;
};

// A small bus: every valid expression below is checked against all of these rows, so each row
// says which rows a user would see.
QList<Sample> samples()
{
    return {
        {"alice-sync",
         "sync.alice",
         R"({"action": "sync", "username": "alice", "client": "taskwarrior 2.6.2", "port": 53412, )"
         R"("record_count": 12, "service_duration": 0.75})",
         "taskwarrior 2.6.2: 12 records in 750 ms",
         {}},
        {"bob-sync",
         "sync.bob",
         R"({"username": "bob", "record_count": 3, "service_duration": 0.2})",
         "tw: 3 records in 200 ms",
         {}},
        {"jamie-sync",
         "sync.jamie",
         R"({"username": "jamie", "record_count": 10, "service_duration": 1.5e0})",
         "tw: 10 records in 1500 ms",
         {}},
        {"alice-log-error",
         "log_message.alice",
         R"({"username": "alice", "error": true, "message": "Sync failed: connection timeout", "count": 3})",
         "error: Sync failed: connection timeout",
         {}},
        {"bob-log",
         "log_message.bob",
         R"({"username": "bob", "error": false, "message": "Synced", "count": 7})",
         "Synced",
         {}},
        {"jane-cert",
         "taskd.certificate.jane.doe@example.com",
         R"({"username": "jane.doe@example.com", "certificate_accepted": false, "certificate_recognized": true})",
         "certificate rejected",
         {}},
        {"alice-task",
         "changed_task.alice",
         R"({"username": "alice", "task_data": {"status": "pending", "description": "Buy milk", )"
         R"("tags": ["home", "errand"], "due": "20261201T000000Z"}, "changes": {"status": [null, "pending"]}})",
         "Buy milk: status",
         {}},
        {"bad-toast",
         "personal.alice",
         R"({"title": 5})",
         "",
         {"title: wrong type (number, expected string)", "message: missing"}},
        {"general",
         "__general__",
         R"({"title": "Maintenance \u00e0 10h", "message": "Back soon", "system": true})",
         "Maintenance à 10h: Back soon",
         {}},
        {"weird", "other.thing", "timeout!! \xff\xfe", "not JSON", {"payload: not UTF-8"}},
        {"mail",
         "incoming_mail.bob",
         R"({"username": "bob", "accepted": false, "rejection_reason": "passlist", "subject": "Re: \"quoted\""})",
         "rejected (passlist): Re: \"quoted\"",
         {}},
    };
}

const QStringList allMessages{"alice-sync", "bob-sync",  "jamie-sync", "alice-log-error",
                              "bob-log",    "jane-cert", "alice-task", "bad-toast",
                              "general",    "weird",     "mail"};

QStringList allBut(const QStringList &excluded)
{
    QStringList names = allMessages;
    for (const QString &name : excluded)
        names.removeAll(name);
    return names;
}

void fill(EventStore &store, QStringList &names)
{
    BusEventBatch batch;
    quint64 sequence = 0;
    for (const Sample &sample : samples()) {
        BusEvent event;
        event.sequence = ++sequence;
        event.receivedMs = 1000 * qint64(sequence);
        event.channel = sample.channel;
        const ChannelName channel = ChannelName::parse(sample.channel);
        event.kind = channel.kind();
        event.username = channel.username();
        event.payload = sample.payload;
        event.summary = sample.summary;
        event.problems = sample.problems;
        batch << event;
        names << QString::fromLatin1(sample.name);
    }
    store.append(batch);
    store.recordOutage(Outage{50'000, 60'000, QStringLiteral("connection refused")});
    names << QStringLiteral("gap");
}

} // namespace

class TestFilterExpression : public QObject
{
    Q_OBJECT
private slots:
    void matches_data();
    void matches();
    void invalid_data();
    void invalid();
    void negationInParenthesesShowsTheOtherMessages_data();
    void negationInParenthesesShowsTheOtherMessages();
    void emptyTextMatchesEverything();
    void kindConstraintKeepsGaps();
    void readsSummary_data();
    void readsSummary();
    void parallelPassMatchesSequential();
    void termBuildsWhatParses_data();
    void termBuildsWhatParses();
};

void TestFilterExpression::readsSummary_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("readsSummary"); // busmon-cli read makes summaries only then
    QTest::newRow("empty") << "" << false;
    QTest::newRow("plain word") << "alice" << true;
    QTest::newRow("regex") << "/time(out|d)/" << true;
    QTest::newRow("summary field") << "summary:records" << true;
    QTest::newRow("summary regex") << "summary:/^tw/" << true;
    QTest::newRow("fields only") << "user:alice kind:sync record_count>40" << false;
    QTest::newRow("has") << "has:problems or has:gap" << false;
    QTest::newRow("deep inside") << "user:alice and not (kind:sync or summary:x)" << true;
    QTest::newRow("word under not") << "kind:sync -alice" << true;
}

void TestFilterExpression::readsSummary()
{
    QFETCH(QString, text);
    QFETCH(bool, readsSummary);
    const FilterExpression expression = FilterExpression::parse(text);
    QVERIFY2(expression.isValid(), qPrintable(expression.errorMessage()));
    QCOMPARE(expression.readsSummary(), readsSummary);
}

void TestFilterExpression::matches_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected"); // gap rows show unless has:gap is mentioned

    const QString g = QStringLiteral("gap");
    QTest::newRow("plain word, channel or payload")
        << "alice" << QStringList{"alice-sync", "alice-log-error", "alice-task", "bad-toast", g};
    QTest::newRow("plain word, any case")
        << "ALICE" << QStringList{"alice-sync", "alice-log-error", "alice-task", "bad-toast", g};
    QTest::newRow("plain word in summary only") << "rejected" << QStringList{"jane-cert", "mail", g};
    QTest::newRow("quoted phrase") << "\"connection timeout\"" << QStringList{"alice-log-error", g};
    QTest::newRow("non-ASCII word, escaped in payload") << "À 10H" << QStringList{"general", g};
    QTest::newRow("user exact") << "user:alice"
                                << QStringList{"alice-sync", "alice-log-error", "alice-task", "bad-toast", g};
    QTest::newRow("user is not a substring") << "user:ali" << QStringList{g};
    QTest::newRow("user glob") << "user:ja*" << QStringList{"jamie-sync", "jane-cert", g};
    QTest::newRow("user regex") << "user:/^ja/" << QStringList{"jamie-sync", "jane-cert", g};
    QTest::newRow("user with dots and at, quoted")
        << "user:\"jane.doe@example.com\"" << QStringList{"jane-cert", g};
    QTest::newRow("user with dots and at, bare")
        << "user:jane.doe@example.com" << QStringList{"jane-cert", g};
    QTest::newRow("kind") << "kind:sync" << QStringList{"alice-sync", "bob-sync", "jamie-sync", g};
    QTest::newRow("kind glob") << "kind:*sync" << QStringList{"alice-sync", "bob-sync", "jamie-sync", g};
    QTest::newRow("kind unknown") << "kind:unknown" << QStringList{"weird", g};
    QTest::newRow("kind general") << "kind:__general__" << QStringList{"general", g};
    QTest::newRow("channel glob") << "channel:personal.*" << QStringList{"bad-toast", g};
    QTest::newRow("channel glob with dotted prefix")
        << "channel:taskd.certificate.*" << QStringList{"jane-cert", g};
    QTest::newRow("greater") << "record_count>10" << QStringList{"alice-sync", g};
    QTest::newRow("greater or equal") << "record_count>=10" << QStringList{"alice-sync", "jamie-sync", g};
    QTest::newRow("less") << "count<5" << QStringList{"alice-log-error", g};
    QTest::newRow("float, exponent") << "service_duration>=0.5" << QStringList{"alice-sync", "jamie-sync", g};
    QTest::newRow("numeric equality") << "record_count:10.0" << QStringList{"jamie-sync", g};
    QTest::newRow("number field with ':'") << "port:53412" << QStringList{"alice-sync", g};
    QTest::newRow("user and field") << "user:alice and service_duration>=0.5" << QStringList{"alice-sync", g};
    QTest::newRow("implicit and") << "user:alice service_duration>=0.5" << QStringList{"alice-sync", g};
    QTest::newRow("&&") << "alice && kind:sync" << QStringList{"alice-sync", g};
    QTest::newRow("bool true") << "error:true" << QStringList{"alice-log-error", g};
    QTest::newRow("bool false") << "error:false" << QStringList{"bob-log", g};
    QTest::newRow("certificate") << "certificate_accepted:false" << QStringList{"jane-cert", g};
    QTest::newRow("quoted value, escaped in payload")
        << "title:\"Maintenance à 10h\"" << QStringList{"general", g};
    QTest::newRow("quoted value with quotes") << "subject:\"Re: \\\"quoted\\\"\"" << QStringList{"mail", g};
    QTest::newRow("string value any case") << "rejection_reason:PASSLIST" << QStringList{"mail", g};
    QTest::newRow("glob on a string field") << "client:taskwarrior*" << QStringList{"alice-sync", g};
    QTest::newRow("glob suffix") << "message:*timeout" << QStringList{"alice-log-error", g};
    QTest::newRow("nested") << "task_data.status:pending" << QStringList{"alice-task", g};
    QTest::newRow("array, any element") << "task_data.tags:errand" << QStringList{"alice-task", g};
    QTest::newRow("array index") << "task_data.tags[1]:errand" << QStringList{"alice-task", g};
    QTest::newRow("array index, other element") << "task_data.tags[0]:errand" << QStringList{g};
    QTest::newRow("null in a change pair") << "changes.status[0]:null" << QStringList{"alice-task", g};
    QTest::newRow("string compared in order (dates)")
        << "task_data.due>20261130" << QStringList{"alice-task", g};
    QTest::newRow("not equal includes rows without the field")
        << "record_count!=12" << QStringList(allBut({"alice-sync"}) << g);
    QTest::newRow("has problems") << "has:problems" << QStringList{"bad-toast", "weird", g};
    QTest::newRow("has field") << "has:task_data.due" << QStringList{"alice-task", g};
    QTest::newRow("has gap") << "has:gap" << QStringList{g};
    QTest::newRow("not has gap") << "not has:gap" << allMessages;
    QTest::newRow("gap or errors") << "has:gap or error:true" << QStringList{"alice-log-error", g};
    QTest::newRow("minus") << "-user:alice kind:sync" << QStringList{"bob-sync", "jamie-sync", g};
    QTest::newRow("bang") << "!kind:sync user:bob" << QStringList{"bob-log", "mail", g};
    QTest::newRow("not with parentheses")
        << "not (user:alice or user:bob)" << QStringList{"jamie-sync", "jane-cert", "general", "weird", g};
    QTest::newRow("or") << "bob or jane" << QStringList{"bob-sync", "bob-log", "jane-cert", "mail", g};
    QTest::newRow("precedence: and binds tighter")
        << "user:bob kind:sync or error:true" << QStringList{"bob-sync", "alice-log-error", g};
    QTest::newRow("parentheses change it")
        << "user:bob (kind:sync or kind:log_message)" << QStringList{"bob-sync", "bob-log", g};
    QTest::newRow("keywords in capitals")
        << "user:bob AND NOT kind:sync" << QStringList{"bob-log", "mail", g};
    QTest::newRow("regex on payload and non-JSON payload")
        << "/timeout/" << QStringList{"alice-log-error", "weird", g};
    QTest::newRow("regex is case-sensitive") << "/TIMEOUT/" << QStringList{g};
    QTest::newRow("regex with i flag") << "/TIME(OUT)?!/i" << QStringList{"weird", g};
    QTest::newRow("regex alternation") << "/jamie|jane/" << QStringList{"jamie-sync", "jane-cert", g};
    QTest::newRow("regex on channel")
        << "/^sync\\./" << QStringList{"alice-sync", "bob-sync", "jamie-sync", g};
    QTest::newRow("regex with escaped slash") << "/\\/|10h/" << QStringList{"general", g};
    QTest::newRow("regex with i flag, non-ASCII") << "/À 10H/i" << QStringList{"general", g};
    QTest::newRow("regex without i flag, non-ASCII case differs") << "/À 10H/" << QStringList{g};
    QTest::newRow("regex dot is one character, not one byte")
        << "/Maintenance . 10h/" << QStringList{"general", g};
    QTest::newRow("regex across bytes that are not UTF-8") << "/timeout!! ..$/" << QStringList{"weird", g};
    QTest::newRow("regex sees a bad byte as U+FFFD") << "/\\x{FFFD}/" << QStringList{"weird", g};
    // A regex is tried only on rows holding a literal run it needs: escapes, braces and classes are
    // not such runs.
    QTest::newRow("regex with a counted repeat") << "/o{1,2}ut!/" << QStringList{"weird", g};
    QTest::newRow("regex with a counted class") << "/\\d{1,2}h/" << QStringList{"general", g};
    QTest::newRow("regex with hex escapes") << "/\\x4d\\x61intenance/" << QStringList{"general", g};
    QTest::newRow("regex with ']' first in a class") << "/[] ]10h/" << QStringList{"general", g};
    QTest::newRow("regex with a POSIX class") << "/[[:digit:]]0h/" << QStringList{"general", g};
    QTest::newRow("regex with quoted text") << "/\\Q10h\\E/" << QStringList{"general", g};
    QTest::newRow("user regex, case-sensitive") << "user:/^JA/" << QStringList{g};
    QTest::newRow("user regex with i flag") << "user:/^JA/i" << QStringList{"jamie-sync", "jane-cert", g};
    QTest::newRow("user regex, anchored at both ends")
        << "user:/^bob$/" << QStringList{"bob-sync", "bob-log", "mail", g};
    QTest::newRow("field regex on an escaped JSON string")
        << "title:/^Maintenance à/" << QStringList{"general", g};
    QTest::newRow("summary regex, non-ASCII") << "summary:/à \\d+h/" << QStringList{"general", g};
    QTest::newRow("field regex, !=") << "username!=/^(alice|bob)$/"
                                     << QStringList{"jamie-sync", "jane-cert", "bad-toast",
                                                    "general",    "weird",     g};
    QTest::newRow("summary contains")
        << "summary:records" << QStringList{"alice-sync", "bob-sync", "jamie-sync", g};
    QTest::newRow("problem contains") << "problem:missing" << QStringList{"bad-toast", g};
    QTest::newRow("problem equals one line") << "problem=\"message: missing\"" << QStringList{"bad-toast", g};
    QTest::newRow("missing field matches nothing") << "nosuchfield:1" << QStringList{g};
    QTest::newRow("field of a non-JSON payload") << "timeout:1" << QStringList{g};
}

void TestFilterExpression::matches()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    EventStore store;
    QStringList names;
    fill(store, names);

    const FilterExpression expression = FilterExpression::parse(text);
    QVERIFY2(expression.isValid(), qPrintable(expression.errorMessage()));
    FilterMatcher matcher(std::nullopt, {expression});
    QStringList matched;
    for (quint64 rowId : matcher.matchingRowIds(store, 0, store.size()))
        matched << names.at(store.indexOfRowId(rowId));
    matched.sort();
    expected.sort();
    QCOMPARE(matched, expected);
}

namespace {

QStringList matchingNames(const QString &text)
{
    EventStore store;
    QStringList names;
    fill(store, names);
    const FilterExpression expression = FilterExpression::parse(text);
    if (!expression.isValid())
        return {QStringLiteral("invalid: ") + expression.errorMessage()};
    FilterMatcher matcher(std::nullopt, {expression});
    QStringList matched;
    for (quint64 rowId : matcher.matchingRowIds(store, 0, store.size()))
        matched << names.at(store.indexOfRowId(rowId));
    matched.removeAll(QStringLiteral("gap"));
    matched.sort();
    return matched;
}

} // namespace

// Wrapping a filter that works in "not (…)" must show exactly the messages it hid.
void TestFilterExpression::negationInParenthesesShowsTheOtherMessages_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    // No sample holds a '-': as text it matches nothing, and its negation everything.
    QTest::newRow("a lone minus is text") << "-" << QStringList{};
    QTest::newRow("minus at the end is text") << "kind:sync -" << QStringList{};
    QTest::newRow("minus before a term negates")
        << "-user:alice kind:sync" << QStringList{"bob-sync", "jamie-sync"};
    QTest::newRow("regex at the end") << "user:/^bob$/" << QStringList{"bob-log", "bob-sync", "mail"};
    QTest::newRow("quoted at the end") << "\"Back soon\"" << QStringList{"general"};
}

void TestFilterExpression::negationInParenthesesShowsTheOtherMessages()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(matchingNames(text), expected);
    QStringList others = allBut(expected);
    others.sort();
    QCOMPARE(matchingNames(QStringLiteral("not (%1)").arg(text)), others);
    QCOMPARE(matchingNames(QStringLiteral("(%1)").arg(text)), expected);
}

void TestFilterExpression::invalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("column");

    QTest::newRow("unclosed parenthesis") << "(user:alice"
                                          << "expected ')' at column 12" << 12;
    QTest::newRow("unclosed, inner or") << "(a or (b c) d"
                                        << "expected ')' at column 14" << 14;
    QTest::newRow("stray parenthesis") << "user:alice)"
                                       << "unexpected ')' at column 11" << 11;
    QTest::newRow("missing value") << "user:"
                                   << "missing value after 'user:' at column 6" << 6;
    QTest::newRow("missing number") << "record_count> 3"
                                    << "missing value after 'record_count>' at column 14" << 14;
    QTest::newRow("unterminated quote") << "title:\"open"
                                        << "unterminated quoted text starting at column 7" << 7;
    QTest::newRow("unterminated regex") << "a /abc"
                                        << "unterminated regular expression starting at column 3" << 3;
    QTest::newRow("empty regex") << "//"
                                 << "empty regular expression at column 1" << 1;
    QTest::newRow("junk after regex")
        << "/x/y"
        << "expected a space or ')' after the regular expression at column 4" << 4;
    QTest::newRow("unknown kind")
        << "kind:synk"
        << "unknown kind 'synk' (kinds: __general__, personal, local_sync, changed_task, "
           "log_message, incoming_mail, incoming_trello_change, sync, taskd.certificate, "
           "unknown) at column 6"
        << 6;
    QTest::newRow("dangling and") << "alice and"
                                  << "expected a term after 'and' at column 10" << 10;
    QTest::newRow("dangling or") << "user:alice or "
                                 << "expected a term after 'or' at column 15" << 15;
    QTest::newRow("leading or") << "or alice"
                                << "expected a term before 'or' at column 1" << 1;
    QTest::newRow("dangling not") << "kind:sync not"
                                  << "expected a term after 'not' at column 14" << 14;
    QTest::newRow("empty parentheses") << "a ()"
                                       << "empty parentheses at column 3" << 3;
    QTest::newRow("regex with an ordering") << "count</x/"
                                            << "a regular expression needs ':', '=' or '!=' at column 1" << 1;
    QTest::newRow("bad field path") << "a..b:1"
                                    << "bad field name 'a..b' at column 1" << 1;
    QTest::newRow("nested too deep") << (QString(65, QLatin1Char('(')) + "a" + QString(65, QLatin1Char(')')))
                                     << "nested more than 64 deep at column 65" << 65;
    QTest::newRow("negated too deep") << QString("not ").repeated(100) + "a"
                                      << "nested more than 64 deep at column 257" << 257;
    QTest::newRow("has with a regex") << "has:/x/"
                                      << "'has' takes a name, not a regular expression at column 5" << 5;
}

void TestFilterExpression::invalid()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(int, column);
    const FilterExpression expression = FilterExpression::parse(text);
    QVERIFY(!expression.isValid());
    QVERIFY(!expression.isEmpty());
    QCOMPARE(expression.errorMessage(), message);
    QCOMPARE(expression.errorColumn(), column);
    QCOMPARE(expression.errorPosition(), column - 1);
}

void TestFilterExpression::emptyTextMatchesEverything()
{
    QVERIFY(FilterExpression::parse(QString(64, QLatin1Char('(')) + "a" + QString(64, QLatin1Char(')')))
                .isValid());
    QVERIFY(FilterExpression::parse(QString(100'000, QLatin1Char('('))).errorMessage().startsWith("nested"));
    for (const QString &text : {QString(), QStringLiteral("   ")}) {
        const FilterExpression expression = FilterExpression::parse(text);
        QVERIFY(expression.isValid());
        QVERIFY(expression.isEmpty());
        QCOMPARE(expression.errorColumn(), 0);
    }
    const FilterExpression broken = FilterExpression::parse(QStringLiteral("/a(b/"));
    QVERIFY(broken.errorMessage().startsWith(QLatin1String("invalid regular expression: ")));
    QCOMPARE(broken.errorColumn(), 5); // just after the pattern: where the ')' is missing
}

void TestFilterExpression::kindConstraintKeepsGaps()
{
    EventStore store;
    QStringList names;
    fill(store, names);
    FilterMatcher syncTab(EventKind::Sync, {FilterExpression::parse(QStringLiteral("record_count>5"))});
    QStringList matched;
    for (quint64 rowId : syncTab.matchingRowIds(store, 0, store.size()))
        matched << names.at(store.indexOfRowId(rowId));
    QCOMPARE(matched, (QStringList{"alice-sync", "jamie-sync", "gap"}));
    // Both expressions must hold: the tab's saved filter and the bar's.
    FilterMatcher twoFilters(std::nullopt,
                             {FilterExpression::parse(QStringLiteral("user:alice")),
                              FilterExpression::parse(QStringLiteral("has:problems or not has:gap"))});
    matched.clear();
    for (quint64 rowId : twoFilters.matchingRowIds(store, 0, store.size()))
        matched << names.at(store.indexOfRowId(rowId));
    QCOMPARE(matched, (QStringList{"alice-sync", "alice-log-error", "alice-task", "bad-toast"}));
}

void TestFilterExpression::parallelPassMatchesSequential()
{
    // Enough rows for the pass to be split over the thread pool: the result must be the same rows,
    // in order, as row-by-row matching.
    EventStore store;
    BusEventBatch batch;
    for (int i = 0; i < 100'000; ++i) {
        BusEvent event;
        event.sequence = quint64(i) + 1;
        event.channel = i % 3 ? QByteArray("sync.alice") : QByteArray("sync.bob");
        event.kind = EventKind::Sync;
        event.username = i % 3 ? QStringLiteral("alice") : QStringLiteral("bob");
        event.payload = QByteArray(R"({"record_count": )") + QByteArray::number(i % 17) + "}";
        batch << event;
    }
    store.append(batch);
    FilterMatcher matcher(std::nullopt,
                          {FilterExpression::parse(QStringLiteral("user:alice record_count>12"))});
    const std::vector<quint64> parallel = matcher.matchingRowIds(store, 0, store.size());
    std::vector<quint64> sequential;
    for (int i = 0; i < store.size(); ++i) {
        if (matcher.matches(store.row(i)))
            sequential.push_back(store.row(i).rowId);
    }
    QVERIFY(!sequential.empty());
    QVERIFY(parallel == sequential);
}

void TestFilterExpression::termBuildsWhatParses_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("term");
    QTest::newRow("plain") << "user"
                           << "alice"
                           << "user:alice";
    QTest::newRow("space") << "title"
                           << "two words"
                           << "title:\"two words\"";
    QTest::newRow("quote and backslash") << "subject"
                                         << "a \"b\" \\c"
                                         << "subject:\"a \\\"b\\\" \\\\c\"";
    QTest::newRow("glob characters are literal") << "user"
                                                 << "a*b"
                                                 << "user:\"a*b\"";
    QTest::newRow("looks like a regex") << "user"
                                        << "/x/"
                                        << "user:\"/x/\"";
    QTest::newRow("empty") << "title"
                           << ""
                           << "title:\"\"";
}

void TestFilterExpression::termBuildsWhatParses()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, term);
    QCOMPARE(FilterExpression::term(field, value), term);
    const FilterExpression parsed = FilterExpression::parse(term);
    QVERIFY2(parsed.isValid(), qPrintable(parsed.errorMessage()));
    QCOMPARE(parsed.root()->value, value);
    QCOMPARE(parsed.root()->field, field);
}

QTEST_GUILESS_MAIN(TestFilterExpression)
#include "tst_filterexpression.moc"
