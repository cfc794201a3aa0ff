#include "sim/jsoncppobject.h"

#include <QTest>

using namespace busmon;

// The expected bytes were written by libjsoncpp 1.9.5 (Debian 12's libjsoncpp25) itself:
// Json::writeString(Json::StreamWriterBuilder(), value), the call taskd's Daemon::handle_sync makes.
class TestJsoncppObject : public QObject
{
    Q_OBJECT
private slots:
    void syncAsTaskdWritesIt();
    void stringsAsJsoncppEscapesThem();
    void emptyObject();
    void doubles_data();
    void doubles();
};

void TestJsoncppObject::syncAsTaskdWritesIt()
{
    // Added in handle_sync's order; jsoncpp sorts the keys.
    const QByteArray json =
        JsoncppObject()
            .addString(QLatin1StringView("action"), u"sync")
            .addString(QLatin1StringView("username"), u"j\u00fcrgen@example.de")
            .addString(QLatin1StringView("org"), u"inthe_am")
            .addString(QLatin1StringView("client"), u"task 2.6.2")
            .addString(QLatin1StringView("ip"), u"192.0.2.7")
            .addInteger(QLatin1StringView("port"), 41234)
            .addString(QLatin1StringView("client_key"), u"0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f")
            .addInteger(QLatin1StringView("record_count"), 130)
            .addString(QLatin1StringView("branch_point"), u"0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f")
            .addInteger(QLatin1StringView("branch_record_count"), 128)
            .addInteger(QLatin1StringView("delta_count"), 2)
            .addInteger(QLatin1StringView("stored_count"), 1)
            .addInteger(QLatin1StringView("merged_count"), 0)
            .addDouble(QLatin1StringView("service_duration"), 0.042)
            .toJson();
    QCOMPARE(
        json,
        QByteArray(
            "{\n\t\"action\" : \"sync\",\n\t\"branch_point\" : \"0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f\",\n"
            "\t\"branch_record_count\" : 128,\n\t\"client\" : \"task 2.6.2\",\n"
            "\t\"client_key\" : \"0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f\",\n\t\"delta_count\" : 2,\n"
            "\t\"ip\" : \"192.0.2.7\",\n\t\"merged_count\" : 0,\n\t\"org\" : \"inthe_am\",\n"
            "\t\"port\" : 41234,\n\t\"record_count\" : 130,\n"
            "\t\"service_duration\" : 0.042000000000000003,\n\t\"stored_count\" : 1,\n"
            "\t\"username\" : \"j\\u00fcrgen@example.de\"\n}"));
}

void TestJsoncppObject::stringsAsJsoncppEscapesThem()
{
    QCOMPARE(JsoncppObject()
                 .addBool(QLatin1StringView("certificate_accepted"), false)
                 .addBool(QLatin1StringView("certificate_recognized"), true)
                 .addString(QLatin1StringView("fingerprint"), u"")
                 .addInteger(QLatin1StringView("port"), 41234)
                 .addString(QLatin1StringView("username"), u"o'neil \U0001F389 \"q\" \u0001 \t")
                 .toJson(),
             QByteArray("{\n\t\"certificate_accepted\" : false,\n\t\"certificate_recognized\" : true,\n"
                        "\t\"fingerprint\" : \"\",\n\t\"port\" : 41234,\n"
                        "\t\"username\" : \"o'neil \\ud83c\\udf89 \\\"q\\\" \\u0001 \\t\"\n}"));
    // Keys by their bytes (upper case first); DEL and '/' raw, unlike Python's json.dumps.
    QCOMPARE(
        JsoncppObject()
            .addString(QLatin1StringView("client"), u"a\u007f/b\\c\r\n\b\f")
            .addInteger(QLatin1StringView("alpha"), -5)
            .addInteger(QLatin1StringView("Zeta"), 1)
            .toJson(),
        QByteArray("{\n\t\"Zeta\" : 1,\n\t\"alpha\" : -5,\n\t\"client\" : \"a\x7f/b\\\\c\\r\\n\\b\\f\"\n}"));
}

void TestJsoncppObject::emptyObject()
{
    QCOMPARE(JsoncppObject().toJson(), QByteArray("{}"));
}

void TestJsoncppObject::doubles_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("0.1") << 0.1 << QByteArray("0.10000000000000001");
    QTest::newRow("0.25") << 0.25 << QByteArray("0.25");
    QTest::newRow("whole") << 1.0 << QByteArray("1.0");
    QTest::newRow("three") << 3.0 << QByteArray("3.0");
    QTest::newRow("short") << 0.0123456 << QByteArray("0.0123456");
    QTest::newRow("tiny") << 1e-5 << QByteArray("1.0000000000000001e-05");
    QTest::newRow("big") << 123456.789 << QByteArray("123456.789");
    QTest::newRow("0.3") << 0.3 << QByteArray("0.29999999999999999");
}

void TestJsoncppObject::doubles()
{
    QFETCH(double, value);
    QFETCH(QByteArray, text);
    QCOMPARE(JsoncppObject::doubleText(value), text);
}

QTEST_APPLESS_MAIN(TestJsoncppObject)
#include "tst_jsoncppobject.moc"
