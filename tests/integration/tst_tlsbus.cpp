// rediss:// against a real redis-server with TLS, using certificates made with the openssl
// command for this run: a CA, a server certificate for 127.0.0.1, a client certificate (Redis
// asks for one by default), and a second CA that signed none of them.
#include "bus/busfeed.h"
#include "bus/publisher.h"
#include "redisserver.h"
#include "waituntilfinished.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace busmon;
using busmon::test::RedisServer;

class TestTlsBus : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void mutualTlsVerified();
    void publisherOverTls();
    void untrustedServerFails();
    void insecureSwitchConnects();
    void missingClientCertificateIsReported();
    void unreadableCaFileFails();
    void plainPortIsNamedQuickly();

private:
    bool openssl(const QStringList &arguments);
    bool makeCertificates();
    ConnectionSettings tlsSettings() const;
    QString file(const char *name) const { return m_directory.filePath(QLatin1String(name)); }

    QTemporaryDir m_directory;
    std::unique_ptr<RedisServer> m_server;
    quint16 m_tlsPort = 0;
};

bool TestTlsBus::openssl(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_directory.path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!busmon::test::waitUntilFinished(process, 30000) || process.exitCode() != 0) {
        qWarning() << "openssl" << arguments << "failed:" << process.readAll();
        return false;
    }
    return true;
}

bool TestTlsBus::makeCertificates()
{
    const QStringList ecKey{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    const auto selfSignedCa = [&](const QString &name) {
        return openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ecKey +
                       QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                                   QStringLiteral("-out"), name + QStringLiteral(".crt"),
                                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                                   QStringLiteral("/CN=busmon test ") + name});
    };
    const auto signedBy = [&](const QString &name, const QString &subject, const QString &extensions) {
        QFile extensionFile(m_directory.filePath(name + QStringLiteral(".ext")));
        if (!extensionFile.open(QIODevice::WriteOnly))
            return false;
        extensionFile.write(extensions.toUtf8());
        extensionFile.close();
        return openssl(QStringList{QStringLiteral("req")} + ecKey +
                       QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                                   QStringLiteral("-out"), name + QStringLiteral(".csr"),
                                   QStringLiteral("-subj"), subject}) &&
               openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                        name + QStringLiteral(".csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                        QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"),
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-out"),
                        name + QStringLiteral(".crt"), QStringLiteral("-extfile"),
                        name + QStringLiteral(".ext")});
    };
    return selfSignedCa(QStringLiteral("ca")) && selfSignedCa(QStringLiteral("other-ca")) &&
           signedBy(QStringLiteral("server"), QStringLiteral("/CN=127.0.0.1"),
                    QStringLiteral("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")) &&
           signedBy(QStringLiteral("client"), QStringLiteral("/CN=busmon"),
                    QStringLiteral("extendedKeyUsage=clientAuth\n"));
}

void TestTlsBus::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt Network has no TLS backend here");
    QVERIFY(m_directory.isValid());
    QVERIFY2(makeCertificates(), "could not make test certificates with openssl");
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        m_tlsPort = probe.serverPort();
    }
    // The fixture keeps its plain port (it checks readiness and publishes there); TLS is extra.
    m_server = std::make_unique<RedisServer>(
        QStringList{QStringLiteral("--tls-port"), QString::number(m_tlsPort),
                    QStringLiteral("--tls-cert-file"), file("server.crt"), QStringLiteral("--tls-key-file"),
                    file("server.key"), QStringLiteral("--tls-ca-cert-file"), file("ca.crt")});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

ConnectionSettings TestTlsBus::tlsSettings() const
{
    ConnectionSettings settings =
        *ConnectionSettings::fromUrl(QStringLiteral("rediss://127.0.0.1:%1").arg(m_tlsPort));
    settings.caFile = file("ca.crt");
    settings.clientCertificateFile = file("client.crt");
    settings.clientKeyFile = file("client.key");
    return settings;
}

void TestTlsBus::mutualTlsVerified()
{
    BusFeed feed(tlsSettings(), Subscription::defaultSet());
    BusEventBatch received;
    connect(&feed, &BusFeed::eventsReceived, this, [&](const BusEventBatch &batch) { received += batch; });
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
    QCOMPARE(m_server->publish("sync.alice", R"({"action":"sync"})"), 1);
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received[0].payload, QByteArray(R"({"action":"sync"})"));
    QCOMPARE(received[0].pattern, QByteArray("sync.*"));
}

void TestTlsBus::publisherOverTls()
{
    Publisher publisher(tlsSettings());
    QSignalSpy published(&publisher, &Publisher::published);
    QSignalSpy failed(&publisher, &Publisher::failed);
    publisher.publish("__general__", "{}");
    QTRY_COMPARE(published.size(), 1);
    QVERIFY(failed.isEmpty());
}

void TestTlsBus::untrustedServerFails()
{
    ConnectionSettings settings = tlsSettings();
    settings.caFile = file("other-ca.crt");
    BusFeed feed(settings, Subscription::defaultSet());
    QList<ConnectionState> states;
    connect(&feed, &BusFeed::statusChanged, this, [&](const ConnectionStatus &s) { states.append(s.state); });
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Failed);
    const QString detail = feed.status().detail;
    QVERIFY2(detail.startsWith(QStringLiteral("TLS handshake with 127.0.0.1:%1 failed: ").arg(m_tlsPort)),
             qPrintable(detail));
    QVERIFY2(detail.contains(QLatin1String("certificate"), Qt::CaseInsensitive), qPrintable(detail));
    QVERIFY(!detail.contains(u'\n'));
    QVERIFY(!states.contains(ConnectionState::Reconnecting));
}

void TestTlsBus::insecureSwitchConnects()
{
    ConnectionSettings settings = tlsSettings();
    settings.caFile.clear();  // nothing to verify the server with…
    settings.insecure = true; // …and the user said not to
    BusFeed feed(settings, Subscription::defaultSet());
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Subscribed);
}

void TestTlsBus::missingClientCertificateIsReported()
{
    ConnectionSettings settings = tlsSettings();
    settings.clientCertificateFile.clear();
    settings.clientKeyFile.clear();
    FeedOptions options;
    options.firstRetryMs = 50;
    BusFeed feed(settings, Subscription::defaultSet());
    feed.setOptions(options);
    QStringList details;
    connect(&feed, &BusFeed::statusChanged, this,
            [&](const ConnectionStatus &s) { details.append(s.detail); });
    feed.start();
    // Redis refuses a TLS client without a certificate (its default): final, and it says why.
    QTRY_VERIFY(feed.status().state == ConnectionState::Failed);
    QVERIFY2(feed.status().detail.contains(
                 QLatin1String("the server requires a client certificate and none was given")),
             qPrintable(feed.status().detail));
}

void TestTlsBus::unreadableCaFileFails()
{
    ConnectionSettings settings = tlsSettings();
    settings.caFile = file("missing.crt");
    BusFeed feed(settings, Subscription::defaultSet());
    feed.start();
    QTRY_VERIFY(feed.status().state == ConnectionState::Failed);
    QVERIFY2(feed.status().detail.startsWith(QLatin1String("cannot read the CA file")),
             qPrintable(feed.status().detail));
}

void TestTlsBus::plainPortIsNamedQuickly()
{
    // rediss:// to the fixture's plain port: Redis reads the TLS hello as the start of an inline
    // command and waits for its end, or answers it with an error in plain text.
    ConnectionSettings settings = tlsSettings();
    settings.port = m_server->port();
    BusFeed feed(settings, Subscription::defaultSet());
    QElapsedTimer clock;
    clock.start();
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(feed.status().state == ConnectionState::Reconnecting ||
                                 feed.status().state == ConnectionState::Failed,
                             5000);
    const qint64 elapsedMs = clock.elapsed();
    const QString detail = feed.status().detail;
    QVERIFY2(
        detail.startsWith(QStringLiteral("TLS handshake with 127.0.0.1:%1 failed: ").arg(m_server->port())) &&
            detail.endsWith(QLatin1String("(is it a plain redis:// port?)")),
        qPrintable(detail));
    QVERIFY2(elapsedMs < 2000, qPrintable(QString::number(elapsedMs)));
}

QTEST_GUILESS_MAIN(TestTlsBus)
#include "tst_tlsbus.moc"
