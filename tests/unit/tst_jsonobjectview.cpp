// JsonObjectView::values finds many keys in one pass, guessing that the members come in the keys'
// order: whatever the order really is, and however keys repeat or are escaped, it must find for each
// key just what value() finds, the last member with that key (as Python's json.loads reads it).
#include "events/jsonscanner.h"

#include <QRandomGenerator>
#include <QTest>

using namespace busmon;

namespace {

using L = QLatin1StringView;

const std::array<L, 5> keys{L("action"), L("username"), L("ip"), L("port"), L("service_duration")};

// What values() found for each key, as "key=raw" ("key missing" where there is none), or why not.
QStringList found(const QByteArray &json)
{
    const JsonScanner::Result scanned = JsonScanner::scan(json);
    if (!scanned.ok)
        return {scanned.error};
    std::array<JsonValueView, keys.size()> values;
    scanned.object.values(
        std::span<const L>(keys), [](L key) { return key; }, std::span<JsonValueView>(values));
    QStringList result;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const JsonValueView reference = scanned.object.value(keys[i]);
        if (values[i].type() != reference.type() || values[i].raw().data() != reference.raw().data() ||
            values[i].raw() != reference.raw())
            return {keys[i] + L(": not what value() finds")};
        result << (values[i].isMissing() ? keys[i] + L(" missing")
                                         : keys[i] + L("=") + QString::fromUtf8(values[i].raw()));
    }
    return result;
}

} // namespace

class TestJsonObjectView : public QObject
{
    Q_OBJECT
private slots:
    void valuesFindsTheLastOfEachKey_data();
    void valuesFindsTheLastOfEachKey();
    void valuesAgreesWithValueInAnyOrder();
};

void TestJsonObjectView::valuesFindsTheLastOfEachKey_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("expected");

    const QStringList all{"action=\"sync\"", "username=\"alice\"", "ip=\"192.0.2.7\"", "port=41234",
                          "service_duration=0.5"};
    QTest::newRow("in the keys' order")
        << QByteArray(R"({"action": "sync", "username": "alice", "ip": "192.0.2.7", "port": 41234, )"
                      R"("service_duration": 0.5})")
        << all;
    QTest::newRow("backwards")
        << QByteArray(R"({"service_duration": 0.5, "port": 41234, "ip": "192.0.2.7", "username": "alice", )"
                      R"("action": "sync"})")
        << all;
    QTest::newRow("sorted, with others between")
        << QByteArray(R"({"action": "sync", "client": "t", "ip": "192.0.2.7", "org": "o", "port": 41234, )"
                      R"("service_duration": 0.5, "username": "alice"})")
        << all;
    QTest::newRow("none of them") << QByteArray(R"({"a": 1, "user": "alice", "portable": true})")
                                  << QStringList{"action missing", "username missing", "ip missing",
                                                 "port missing", "service_duration missing"};
    QTest::newRow("empty") << QByteArray("{}")
                           << QStringList{"action missing", "username missing", "ip missing", "port missing",
                                          "service_duration missing"};
    QTest::newRow("repeated in order: the last counts")
        << QByteArray(
               R"({"action": 1, "username": 2, "ip": "192.0.2.7", "action": "sync", "username": "alice", )"
               R"("port": 41234, "service_duration": 0.5})")
        << all;
    QTest::newRow("repeated next to each other")
        << QByteArray(
               R"({"action": "sync", "username": 1, "username": 2, "username": "alice", "ip": "192.0.2.7", )"
               R"("port": 41234, "port": 41234, "service_duration": 0.5})")
        << all;
    QTest::newRow("repeated, the last one escaped")
        << QByteArray(R"({"action": "sync", "username": "bob", "ip": "192.0.2.7", "port": 41234, )"
                      R"("service_duration": 0.5, "us\u0065rname": "alice"})")
        << all;
    QTest::newRow("a prefix of a key and a key with a longer tail")
        << QByteArray(R"({"act": 1, "action": "sync", "actions": 2, "username": "alice", "ip": "192.0.2.7", )"
                      R"("i": 3, "port": 41234, "service_duration": 0.5, "service_duratioN": 4})")
        << all;
}

void TestJsonObjectView::valuesFindsTheLastOfEachKey()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, expected);
    QCOMPARE(found(json), expected);
}

// Random objects of the keys and a few others, repeated and shuffled: values() agrees with value().
void TestJsonObjectView::valuesAgreesWithValueInAnyOrder()
{
    QRandomGenerator random(20261202);
    const QList<QByteArray> names{"action", "username",       "ip",   "port", "service_duration",
                                  "org",    "us\\u0065rname", "ipv6", "p"};
    for (int round = 0; round < 5000; ++round) {
        QByteArray json = "{";
        const int members = random.bounded(12);
        int start = random.bounded(int(names.size()));
        for (int i = 0; i < members; ++i) {
            const int name =
                random.bounded(4) == 0 ? random.bounded(int(names.size())) : start++ % names.size();
            json += (i ? ", \"" : "\"") + names.at(name) + "\": " + QByteArray::number(i);
        }
        json += "}";
        const QStringList result = found(json);
        QVERIFY2(!result.first().endsWith(QLatin1String("not what value() finds")), json.constData());
    }
}

QTEST_APPLESS_MAIN(TestJsonObjectView)
#include "tst_jsonobjectview.moc"
