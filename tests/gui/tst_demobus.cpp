// `busmon --demo`: a private redis-server with simulated traffic, gone when the demo bus goes.
#include "bus/busfeed.h"
#include "bus/subscription.h"
#include "demo/demobus.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace busmon;

class TestDemoBus : public QObject
{
    Q_OBJECT

private slots:
    void publishesAllKindsAndStops();
};

void TestDemoBus::publishesAllKindsAndStops()
{
    DemoBus::Options options;
    options.baseRate = 400; // enough to see every kind within a few seconds
    options.burstRate = 400;
    auto demo = std::make_unique<DemoBus>(options);
    QString error;
    QVERIFY2(demo->start(&error), qPrintable(error));
    const quint16 port = demo->port();
    QVERIFY(port > 0);

    BusFeed feed(demo->settings(), Subscription::defaultSet());
    QSet<EventKind> kinds;
    qint64 withProblems = 0;
    qint64 received = 0;
    connect(&feed, &BusFeed::eventsReceived, this, [&](const BusEventBatch &batch) {
        for (const BusEvent &event : batch) {
            kinds.insert(event.kind);
            withProblems += event.hasProblems() ? 1 : 0;
            ++received;
        }
    });
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(received >= 300, 10000);
    QVERIFY2(kinds.contains(EventKind::Sync) && kinds.contains(EventKind::LocalSync) &&
                 kinds.contains(EventKind::ChangedTask),
             "the demo shows sync chains");
    QCOMPARE(withProblems, 0); // simulated traffic is valid against the catalogue
    QVERIFY(demo->publishedCount() > 0);
    feed.stop();

    demo.reset();
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY2(!probe.waitForConnected(1000), "the demo server stops with the demo bus");
}

QTEST_MAIN(TestDemoBus)
#include "tst_demobus.moc"
