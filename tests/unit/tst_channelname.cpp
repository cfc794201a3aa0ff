#include "events/channelname.h"

#include <QTest>

using namespace busmon;

class TestChannelName : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void roundTrip();
};

void TestChannelName::parse_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("username");

    QTest::newRow("general") << QByteArray("__general__") << "__general__"
                             << "";
    QTest::newRow("personal") << QByteArray("personal.alice") << "personal"
                              << "alice";
    QTest::newRow("local_sync") << QByteArray("local_sync.bob") << "local_sync"
                                << "bob";
    QTest::newRow("changed_task") << QByteArray("changed_task.carol") << "changed_task"
                                  << "carol";
    QTest::newRow("log_message") << QByteArray("log_message.dave") << "log_message"
                                 << "dave";
    QTest::newRow("incoming_mail") << QByteArray("incoming_mail.erin") << "incoming_mail"
                                   << "erin";
    QTest::newRow("trello") << QByteArray("incoming_trello_change.frank") << "incoming_trello_change"
                            << "frank";
    QTest::newRow("sync") << QByteArray("sync.grace") << "sync"
                          << "grace";
    QTest::newRow("certificate with dotted user")
        << QByteArray("taskd.certificate.jane.doe@example.com") << "taskd.certificate"
        << "jane.doe@example.com";
    QTest::newRow("user with plus and quote") << QByteArray("sync.o'neil+test@x.io") << "sync"
                                              << "o'neil+test@x.io";
    QTest::newRow("sync is not local_sync") << QByteArray("local_sync.sync.x") << "local_sync"
                                            << "sync.x";
    QTest::newRow("prefix without dot") << QByteArray("syncalice") << "unknown"
                                        << "";
    QTest::newRow("prefix without user") << QByteArray("personal.") << "personal"
                                         << "";
    QTest::newRow("taskd without certificate") << QByteArray("taskd.alice") << "unknown"
                                               << "";
    QTest::newRow("general with suffix") << QByteArray("__general__.x") << "unknown"
                                         << "";
    QTest::newRow("empty") << QByteArray() << "unknown"
                           << "";
    QTest::newRow("utf-8 user") << QByteArray("sync.j\xc3\xbcrgen") << "sync"
                                << QString::fromUtf8("j\xc3\xbcrgen");
}

void TestChannelName::parse()
{
    QFETCH(QByteArray, channel);
    QFETCH(QString, kind);
    QFETCH(QString, username);
    const ChannelName name = ChannelName::parse(channel);
    QCOMPARE(QString(eventKindName(name.kind())), kind);
    QCOMPARE(name.username(), username);
    QCOMPARE(name.hasUsername(), !username.isEmpty());
}

void TestChannelName::roundTrip()
{
    for (EventKind kind : allEventKinds) {
        if (kind == EventKind::Unknown)
            continue;
        const QString user = kind == EventKind::General ? QString() : QStringLiteral("jane.doe@example.com");
        const ChannelName parsed = ChannelName::parse(ChannelName::forUser(kind, user));
        QCOMPARE(parsed.kind(), kind);
        QCOMPARE(parsed.username(), user);
        QCOMPARE(eventKindFromName(QByteArray(eventKindName(kind).data())), std::optional<EventKind>(kind));
    }
}

QTEST_GUILESS_MAIN(TestChannelName)
#include "tst_channelname.moc"
