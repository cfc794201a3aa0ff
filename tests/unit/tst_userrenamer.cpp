#include "capture/userrenamer.h"

#include <QTest>

using namespace busmon;

class TestUserRenamer : public QObject
{
    Q_OBJECT
private slots:
    void rewrites_data();
    void rewrites();
    void parse();
};

void TestUserRenamer::rewrites_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("applies");
    QTest::addColumn<QByteArray>("expectedChannel");
    QTest::addColumn<QByteArray>("expectedPayload");
    // taskd's spacing and key order stay; only the username's value changes.
    QTest::newRow("taskd sync")
        << QByteArray("sync.jane.doe@example.com")
        << QByteArray("{\n\t\"action\" : \"sync\",\n\t\"username\" : \"jane.doe@example.com\"\n}") << true
        << QByteArray("sync.tester")
        << QByteArray("{\n\t\"action\" : \"sync\",\n\t\"username\" : \"tester\"\n}");
    QTest::newRow("toast, name elsewhere stays")
        << QByteArray("personal.jane.doe@example.com")
        << QByteArray(R"({"username": "jane.doe@example.com", "message": "hi jane.doe@example.com"})") << true
        << QByteArray("personal.tester")
        << QByteArray(R"({"username": "tester", "message": "hi jane.doe@example.com"})");
    QTest::newRow("nested username stays") << QByteArray("changed_task.jane.doe@example.com")
                                           << QByteArray(R"({"task": {"username": "jane.doe@example.com"}})")
                                           << true << QByteArray("changed_task.tester")
                                           << QByteArray(R"({"task": {"username": "jane.doe@example.com"}})");
    QTest::newRow("not json") << QByteArray("log_message.jane.doe@example.com") << QByteArray("\xff\xfe raw")
                              << true << QByteArray("log_message.tester") << QByteArray("\xff\xfe raw");
    QTest::newRow("other user") << QByteArray("sync.bob") << QByteArray(R"({"username": "bob"})") << false
                                << QByteArray("sync.bob") << QByteArray(R"({"username": "bob"})");
    QTest::newRow("general") << QByteArray("__general__")
                             << QByteArray(R"({"username": "jane.doe@example.com"})") << false
                             << QByteArray("__general__")
                             << QByteArray(R"({"username": "jane.doe@example.com"})");
}

void TestUserRenamer::rewrites()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    QFETCH(bool, applies);
    QFETCH(QByteArray, expectedChannel);
    QFETCH(QByteArray, expectedPayload);
    const UserRenamer renamer(QStringLiteral("jane.doe@example.com"), QStringLiteral("tester"));
    QCOMPARE(renamer.apply(channel, payload), applies);
    QCOMPARE(channel, expectedChannel);
    QCOMPARE(payload, expectedPayload);
}

void TestUserRenamer::parse()
{
    QVERIFY(UserRenamer::parse(QStringLiteral("a=b")).has_value());
    QVERIFY(!UserRenamer::parse(QStringLiteral("ab")).has_value());
    QVERIFY(!UserRenamer::parse(QStringLiteral("=b")).has_value());
    QVERIFY(!UserRenamer::parse(QStringLiteral("a=")).has_value());
}

QTEST_GUILESS_MAIN(TestUserRenamer)
#include "tst_userrenamer.moc"
