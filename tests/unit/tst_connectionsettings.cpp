#include "bus/connectionsettings.h"

#include <QTest>

using namespace busmon;

class TestConnectionSettings : public QObject
{
    Q_OBJECT
private slots:
    void validUrls_data();
    void validUrls();
    void invalidUrls_data();
    void invalidUrls();
    void passwordFromEnvironment();
    void urlPasswordWinsOverEnvironment();
    void displayUrlHidesPassword_data();
    void displayUrlHidesPassword();
};

void TestConnectionSettings::validUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");

    QTest::newRow("host only") << "redis://bus.example"
                               << "bus.example" << 6379 << false << ""
                               << "";
    QTest::newRow("host and port") << "redis://bus.example:6380"
                                   << "bus.example" << 6380 << false << ""
                                   << "";
    QTest::newRow("tls") << "rediss://bus.example:6390"
                         << "bus.example" << 6390 << true << ""
                         << "";
    QTest::newRow("scheme in capitals") << "REDIS://h:1"
                                        << "h" << 1 << false << ""
                                        << "";
    QTest::newRow("password alone") << "redis://:s3cret@h"
                                    << "h" << 6379 << false << ""
                                    << "s3cret";
    QTest::newRow("user and password") << "redis://monitor:pw@h:7000"
                                       << "h" << 7000 << false << "monitor"
                                       << "pw";
    QTest::newRow("user alone") << "redis://monitor@h"
                                << "h" << 6379 << false << "monitor"
                                << "";
    QTest::newRow("percent-encoded password") << "redis://u%40x:p%3Aa%2Fss%20w%25rd@h"
                                              << "h" << 6379 << false << "u@x"
                                              << "p:a/ss w%rd";
    QTest::newRow("at sign in password kept by the last @") << "redis://u:p@ss@h"
                                                            << "h" << 6379 << false << "u"
                                                            << "p@ss";
    QTest::newRow("utf-8 password") << "redis://:%C3%BC@h"
                                    << "h" << 6379 << false << "" << QString::fromUtf8("\xc3\xbc");
    QTest::newRow("ipv6 loopback") << "redis://[::1]:6379"
                                   << "::1" << 6379 << false << ""
                                   << "";
    QTest::newRow("ipv6 without port") << "rediss://[fe80::1]"
                                       << "fe80::1" << 6379 << true << ""
                                       << "";
    QTest::newRow("database number ignored") << "redis://h:6379/0"
                                             << "h" << 6379 << false << ""
                                             << "";
    QTest::newRow("trailing slash") << "redis://h/"
                                    << "h" << 6379 << false << ""
                                    << "";
    QTest::newRow("surrounding spaces") << "  redis://h:1  "
                                        << "h" << 1 << false << ""
                                        << "";
    QTest::newRow("highest port") << "redis://h:65535"
                                  << "h" << 65535 << false << ""
                                  << "";
}

void TestConnectionSettings::validUrls()
{
    QFETCH(QString, url);
    QString error;
    const auto settings = ConnectionSettings::fromUrl(url, &error);
    QVERIFY2(settings, qPrintable(error));
    QTEST(settings->host, "host");
    QTEST(int(settings->port), "port");
    QTEST(settings->tls, "tls");
    QTEST(settings->user, "user");
    QTEST(settings->password, "password");
    QVERIFY(!settings->insecure);
}

void TestConnectionSettings::invalidUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("error");

    QTest::newRow("unknown scheme") << "http://h:6379"
                                    << "unknown scheme 'http' (use redis:// or rediss://)";
    QTest::newRow("no scheme") << "bus.example:6379"
                               << "not a URL: 'bus.example:6379'";
    QTest::newRow("empty") << ""
                           << "not a URL";
    QTest::newRow("empty host") << "redis://:6379"
                                << "no host";
    QTest::newRow("empty host after credentials") << "redis://u:p@"
                                                  << "no host";
    QTest::newRow("port with letters") << "redis://h:63a9"
                                       << "bad port '63a9' (1 to 65535)";
    QTest::newRow("port zero") << "redis://h:0"
                               << "bad port '0'";
    QTest::newRow("port too high") << "redis://h:65536"
                                   << "bad port '65536'";
    QTest::newRow("negative port") << "redis://h:-1"
                                   << "bad port '-1'";
    QTest::newRow("empty port") << "redis://h:"
                                << "empty port";
    QTest::newRow("ipv6 without brackets") << "redis://::1:6379"
                                           << "put an IPv6 address in brackets";
    QTest::newRow("unclosed bracket") << "redis://[::1:6379"
                                      << "without closing ']'";
    QTest::newRow("not ipv6 in brackets") << "redis://[bus]:1"
                                          << "'bus' is not an IPv6 address";
    QTest::newRow("junk after brackets") << "redis://[::1]x"
                                         << "unexpected 'x' after the IPv6 address";
    QTest::newRow("path") << "redis://h/channels"
                          << "unexpected path '/channels'";
    QTest::newRow("query") << "redis://h?db=1"
                           << "query and fragment are not supported";
}

void TestConnectionSettings::invalidUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, error);
    QString reason;
    QVERIFY(!ConnectionSettings::fromUrl(url, &reason));
    QVERIFY2(reason.contains(error), qPrintable(reason));
    QVERIFY(!reason.contains(u'\n'));
}

void TestConnectionSettings::passwordFromEnvironment()
{
    qputenv("REDISCLI_AUTH", "from-env");
    auto settings = ConnectionSettings::fromUrl(QStringLiteral("redis://monitor@h"));
    QVERIFY(settings);
    settings->applyEnvironment();
    QCOMPARE(settings->password, QStringLiteral("from-env"));
    QCOMPARE(settings->user, QStringLiteral("monitor"));
    qunsetenv("REDISCLI_AUTH");
}

void TestConnectionSettings::urlPasswordWinsOverEnvironment()
{
    qputenv("REDISCLI_AUTH", "from-env");
    auto settings = ConnectionSettings::fromUrl(QStringLiteral("redis://:from-url@h"));
    QVERIFY(settings);
    settings->applyEnvironment();
    QCOMPARE(settings->password, QStringLiteral("from-url"));
    qunsetenv("REDISCLI_AUTH");
    auto plain = ConnectionSettings::fromUrl(QStringLiteral("redis://h"));
    plain->applyEnvironment();
    QCOMPARE(plain->password, QString());
}

void TestConnectionSettings::displayUrlHidesPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("display");

    QTest::newRow("plain") << "redis://h"
                           << "redis://h:6379";
    QTest::newRow("password") << "redis://:secret@h:1"
                              << "redis://:***@h:1";
    QTest::newRow("user and password") << "rediss://mon:secret@h:2"
                                       << "rediss://mon:***@h:2";
    QTest::newRow("ipv6") << "redis://[::1]:3"
                          << "redis://[::1]:3";
}

void TestConnectionSettings::displayUrlHidesPassword()
{
    QFETCH(QString, url);
    const auto settings = ConnectionSettings::fromUrl(url);
    QVERIFY(settings);
    QTEST(settings->displayUrl(), "display");
    QVERIFY(!settings->displayUrl().contains(QLatin1String("secret")));
    // What is displayed parses back to the same place.
    const auto again = ConnectionSettings::fromUrl(settings->displayUrl());
    QVERIFY(again);
    QCOMPARE(again->host, settings->host);
    QCOMPARE(again->port, settings->port);
}

QTEST_GUILESS_MAIN(TestConnectionSettings)
#include "tst_connectionsettings.moc"
