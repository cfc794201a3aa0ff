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

// Whether values() finds for each of `names` what value() finds, with the first difference if not.
QString agreement(const QByteArray &json, std::span<const L> names)
{
    const JsonObjectView object = JsonScanner::scan(json).object;
    QVarLengthArray<JsonValueView, 64> values(qsizetype(names.size()));
    object.values(names, values);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const JsonValueView reference = object.value(names[i]);
        if (values[qsizetype(i)].type() != reference.type() ||
            values[qsizetype(i)].raw().data() != reference.raw().data() ||
            values[qsizetype(i)].raw() != reference.raw())
            return names[i] + L(": not what value() finds in ") + QString::fromUtf8(json);
    }
    return L("agrees");
}

// What values() found for each of `keys`, as "key=raw" ("key missing" where there is none), or
// where it differs from value().
QStringList found(const QByteArray &json)
{
    if (const QString differs = agreement(json, keys); differs != L("agrees"))
        return {differs};
    std::array<JsonValueView, keys.size()> values;
    JsonScanner::scan(json).object.values(keys, values);
    QStringList result;
    for (std::size_t i = 0; i < keys.size(); ++i) {
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

// Random objects of keys, some of one length, and others, repeated, escaped and shuffled; with few
// keys and with more than the 32 that values() indexes by length.
void TestJsonObjectView::valuesAgreesWithValueInAnyOrder()
{
    QRandomGenerator random(20261202);
    QList<QByteArray> names{"action",
                            "client",
                            "username",
                            "ip",
                            "port",
                            "record_count",
                            "stored_count",
                            "merged_count",
                            "service_duration",
                            "org",
                            "us\\u0065rname",
                            "ipv6",
                            "p"};
    for (int i = 0; i < 36; ++i)
        names << "key" + QByteArray::number(i);
    // The keys looked for: the first nine names, or all but the escaped one.
    std::vector<L> few, many;
    for (const QByteArray &name : std::as_const(names)) {
        if (few.size() < 9)
            few.emplace_back(name);
        if (!name.contains('\\'))
            many.emplace_back(name);
    }
    for (int round = 0; round < 4000; ++round) {
        const int pool = round % 2 ? int(names.size()) : 13;
        QByteArray json = "{";
        const int members = random.bounded(pool + 4);
        int next = random.bounded(pool);
        for (int i = 0; i < members; ++i) {
            const int name = random.bounded(4) == 0 ? random.bounded(pool) : next++ % pool;
            json += (i ? ", \"" : "\"") + names.at(name) + "\": " + QByteArray::number(i);
        }
        json += "}";
        QCOMPARE(agreement(json, round % 2 ? std::span<const L>(many) : std::span<const L>(few)),
                 QString("agrees"));
    }
}

QTEST_APPLESS_MAIN(TestJsonObjectView)
#include "tst_jsonobjectview.moc"
