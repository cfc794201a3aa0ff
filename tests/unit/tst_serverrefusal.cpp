#include "bus/serverrefusal.h"

#include <QTest>

using namespace busmon;

class TestServerRefusal : public QObject
{
    Q_OBJECT
private slots:
    void classify_data();
    void classify();
};

void TestServerRefusal::classify_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("detailStart");
    QTest::addColumn<bool>("final");

    QTest::newRow("WRONGPASS (Redis 6+)")
        << QByteArray("WRONGPASS invalid username-password pair or user is disabled.")
        << "wrong password or user name" << true;
    QTest::newRow("invalid password (Redis 5)")
        << QByteArray("ERR invalid password") << "wrong password or user name" << true;
    QTest::newRow("NOAUTH") << QByteArray("NOAUTH Authentication required.")
                            << "the server requires a password" << true;
    QTest::newRow("NOPERM, Redis 7.0 text")
        << QByteArray("NOPERM this user has no permissions to access one of the channels used as arguments")
        << "refused by the server's ACL (server: NOPERM this user" << true;
    QTest::newRow("NOPERM, Redis 7.2 text")
        << QByteArray("NOPERM User support has no permissions to access the 'sync.*' channel")
        << "refused by the server's ACL (server: NOPERM User support" << true;
    QTest::newRow("AUTH without a configured password")
        << QByteArray(
               "ERR AUTH <password> called without any password configured for the default user. Are you "
               "sure your configuration is correct?")
        << "a password was given but the server has none set" << true;
    QTest::newRow("loading") << QByteArray("LOADING Redis is loading the dataset in memory")
                             << "the server is not ready" << false;
    QTest::newRow("too many clients")
        << QByteArray("ERR max number of clients reached") << "the server is not ready" << false;
    QTest::newRow("anything else") << QByteArray("ERR unknown command 'PSUBSCRIBE'")
                                   << "the server refused (server: ERR unknown command 'PSUBSCRIBE')" << true;
}

void TestServerRefusal::classify()
{
    QFETCH(QByteArray, reply);
    QFETCH(QString, detailStart);
    const ServerRefusal refusal = ServerRefusal::fromReply(reply);
    QVERIFY2(refusal.detail.startsWith(detailStart), qPrintable(refusal.detail));
    QTEST(refusal.final, "final");
    QVERIFY(!refusal.detail.contains(u'\n'));
}

QTEST_GUILESS_MAIN(TestServerRefusal)
#include "tst_serverrefusal.moc"
