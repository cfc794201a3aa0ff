// The question asked before anything is published names the profile, the host and the channel, and
// says who will see it.
#include "publish/publishconfirmation.h"

#include <QLocale>
#include <QTest>

using namespace busmon;

namespace {
SessionOrigin production(bool readOnly = false)
{
    return SessionOrigin::bus(
        *ConnectionSettings::fromUrl(QStringLiteral("redis://admin:pw@bus.example:6380")),
        QStringLiteral("production"), readOnly);
}
} // namespace

class TestPublishConfirmation : public QObject
{
    Q_OBJECT
private slots:
    void namesProfileHostAndChannel_data();
    void namesProfileHostAndChannel();
    void runSaysHowManyAndHowFast();
};

void TestPublishConfirmation::namesProfileHostAndChannel_data()
{
    QTest::addColumn<SessionOrigin>("target");
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QStringList>("said");

    QTest::newRow("general on a profile")
        << production() << QByteArray("__general__")
        << QStringList{"__general__", "profile “production”", "bus.example:6380",
                       "Every signed-in user will see it."};
    QTest::newRow("personal on a profile")
        << production() << QByteArray("personal.jane.doe@example.com")
        << QStringList{"personal.jane.doe@example.com", "production", "bus.example:6380",
                       "Only jane.doe@example.com will see it"};
    QTest::newRow("a URL, never its password")
        << SessionOrigin::bus(*ConnectionSettings::fromUrl(QStringLiteral("redis://u:secret@10.0.0.5:6379")))
        << QByteArray("__general__") << QStringList{"redis://u:***@10.0.0.5:6379", "__general__"};
    SessionOrigin demo;
    demo.kind = SessionOrigin::Kind::Demo;
    demo.settings.port = 41234;
    QTest::newRow("the demo bus") << demo << QByteArray("__general__")
                                  << QStringList{"the demo bus (127.0.0.1:41234)"};
}

void TestPublishConfirmation::namesProfileHostAndChannel()
{
    QFETCH(SessionOrigin, target);
    QFETCH(QByteArray, channel);
    QFETCH(QStringList, said);
    const QByteArray payload = R"({"title": "T", "message": "M", "system": true})";
    const PublishConfirmation confirmation = PublishConfirmation::forMessage(target, channel, payload);
    const QString text = confirmation.text();
    for (const QString &part : said)
        QVERIFY2(text.contains(part), qPrintable(QStringLiteral("'%1' not in:\n%2").arg(part, text)));
    QVERIFY2(!text.contains(QLatin1String("pw")) && !text.contains(QLatin1String("secret")),
             qPrintable(text));
    QCOMPARE(confirmation.payload, payload);
    QVERIFY(text.endsWith(QString::fromUtf8(payload)));
}

void TestPublishConfirmation::runSaysHowManyAndHowFast()
{
    const PublishConfirmation confirmation = PublishConfirmation::forRun(
        production(), QStringLiteral("Replay"), 12345, {"__general__", "personal.bob", "sync.bob"}, 10);
    QVERIFY2(confirmation.question.contains(QLocale().toString(12345)), qPrintable(confirmation.question));
    QVERIFY(confirmation.question.contains(QLatin1String("3 channels")));
    QCOMPARE(confirmation.title, QStringLiteral("Publish %1 messages").arg(QLocale().toString(12345)));
    QVERIFY(confirmation.question.contains(QStringLiteral("×10")));
    QVERIFY(confirmation.question.contains(QLatin1String("production")));
    QVERIFY2(confirmation.audience.contains(QLatin1String("every signed-in user")),
             qPrintable(confirmation.audience));
    QVERIFY(confirmation.audience.contains(QLatin1String("1 personal channel")));
    const PublishConfirmation fast =
        PublishConfirmation::forRun(production(), QStringLiteral("Replay"), 5, {"sync.bob"}, 0);
    QVERIFY(fast.question.contains(QLatin1String("as fast as possible")));
    QVERIFY(fast.audience.contains(QLatin1String("as if they were new")));
}

QTEST_GUILESS_MAIN(TestPublishConfirmation)
#include "tst_publishconfirmation.moc"
