// What the compose dialog and busmon-cli announce publish: the payload built from the form, byte for
// byte as the web app writes it, and the problems that stop it (or only warn) at their field.
#include "events/eventdecoder.h"
#include "publish/toastdraft.h"

#include <QTest>

using namespace busmon;
using Field = ToastDraft::Field;
using Severity = ToastDraft::Severity;

namespace {
ToastDraft everyone(const QString &title, const QString &message)
{
    ToastDraft draft;
    draft.title = title;
    draft.message = message;
    return draft;
}

ToastDraft toUser(const QString &username, const QString &title = QStringLiteral("T"),
                  const QString &message = QStringLiteral("M"))
{
    ToastDraft draft = everyone(title, message);
    draft.target = ToastDraft::Target::OneUser;
    draft.username = username;
    return draft;
}

// "field:severity" for each issue, in order: what a user sees at the fields.
QStringList describe(const QList<ToastDraft::Issue> &issues)
{
    QStringList result;
    for (const ToastDraft::Issue &issue : issues)
        result << QStringLiteral("%1:%2").arg(ToastDraft::fieldName(issue.field),
                                              issue.severity == Severity::Error ? QStringLiteral("error")
                                                                                : QStringLiteral("warning"));
    return result;
}
} // namespace

class TestToastDraft : public QObject
{
    Q_OBJECT
private slots:
    void payloadByteForByte_data();
    void payloadByteForByte();
    void issues_data();
    void issues();
    void reasonsNameWhatIsWrong();
    void payloadLeavesOutWhatDoesNotCheckOut();
    void publishedPayloadsPassTheCatalogue_data();
    void publishedPayloadsPassTheCatalogue();
    void fromMessage_data();
    void fromMessage();
    void fromMessageRoundTrip();
    void keepsThroughSettings();
};

void TestToastDraft::payloadByteForByte_data()
{
    QTest::addColumn<ToastDraft>("draft");
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("general") << everyone("Maintenance", "Back at 10:00 UTC") << QByteArray("__general__")
                             << QByteArray(R"({"title": "Maintenance", "message": "Back at 10:00 UTC", )"
                                           R"("system": true})");
    ToastDraft notSystem = everyone("T", "M");
    notSystem.system = false;
    QTest::newRow("system flag off") << notSystem << QByteArray("__general__")
                                     << QByteArray(R"({"title": "T", "message": "M", "system": false})");
    for (const char *type : {"info", "warning", "error", "success"}) {
        ToastDraft typed = toUser("bob");
        typed.type = QString::fromLatin1(type);
        QTest::addRow("type %s", type) << typed << QByteArray("personal.bob")
                                       << QByteArray(R"({"username": "bob", "title": "T", "message": "M", )"
                                                     R"("type": ")" +
                                                     QByteArray(type) + "\"}");
    }
    ToastDraft timed = everyone("T", "M");
    timed.type = QStringLiteral("warning");
    timed.duration = QStringLiteral("8000");
    QTest::newRow("type and duration")
        << timed << QByteArray("__general__")
        << QByteArray(
               R"({"title": "T", "message": "M", "system": true, "type": "warning", "duration": 8000})");
    QTest::newRow("unicode and emoji as json.dumps escapes them")
        << toUser(QString::fromUtf8("j\xc3\xbcrgen"), QString::fromUtf8("Caf\xc3\xa9 \xf0\x9f\x8e\x89"),
                  QString::fromUtf8("\xe2\x80\x94 ok"))
        << QByteArray("personal.j\xc3\xbcrgen")
        << QByteArray(R"({"username": "j\u00fcrgen", "title": "Caf\u00e9 \ud83c\udf89", )"
                      R"("message": "\u2014 ok"})");
    QTest::newRow("markup stays text")
        << everyone("<b>Bold</b> & <script>x</script>", "a\nb \"q\"") << QByteArray("__general__")
        << QByteArray(R"({"title": "<b>Bold</b> & <script>x</script>", )"
                      R"("message": "a\nb \"q\"", "system": true})");
    QTest::newRow("username with dots, @ and +")
        << toUser("jane.doe+test@example.com") << QByteArray("personal.jane.doe+test@example.com")
        << QByteArray(R"({"username": "jane.doe+test@example.com", "title": "T", "message": "M"})");
    QTest::newRow("username with quotes and dashes")
        << toUser("o'neil-x_y") << QByteArray("personal.o'neil-x_y")
        << QByteArray(R"({"username": "o'neil-x_y", "title": "T", "message": "M"})");
}

void TestToastDraft::payloadByteForByte()
{
    QFETCH(ToastDraft, draft);
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    QCOMPARE(draft.issues().size(), 0);
    QVERIFY(draft.canPublish());
    QCOMPARE(draft.channel(), channel);
    QCOMPARE(draft.payload(), payload);
}

void TestToastDraft::issues_data()
{
    QTest::addColumn<ToastDraft>("draft");
    QTest::addColumn<QStringList>("issues");
    QTest::addColumn<bool>("canPublish");

    QTest::newRow("empty form") << ToastDraft() << QStringList{"title:error", "message:error"} << false;
    QTest::newRow("blank title") << everyone("   ", "M") << QStringList{"title:error"} << false;
    QTest::newRow("blank message") << everyone("T", "\n\t ") << QStringList{"message:error"} << false;
    QTest::newRow("no username") << toUser("") << QStringList{"username:error"} << false;
    QTest::newRow("username ignored for everyone") << everyone("T", "M") << QStringList() << true;
    QTest::newRow("space in username") << toUser("jane doe") << QStringList{"username:error"} << false;
    QTest::newRow("trailing space") << toUser("jane ") << QStringList{"username:error"} << false;
    QTest::newRow("tab in username") << toUser("jane\tdoe") << QStringList{"username:error"} << false;
    QTest::newRow("no-break space") << toUser(QStringLiteral("jane") + QChar(0xa0) + QStringLiteral("doe"))
                                    << QStringList{"username:error"} << false;
    QTest::newRow("newline") << toUser("jane\ndoe") << QStringList{"username:error"} << false;
    QTest::newRow("control character")
        << toUser(QStringLiteral("jane") + QChar(0x7)) << QStringList{"username:error"} << false;
    QTest::newRow("zero-width space") << toUser(QStringLiteral("ja") + QChar(0x200b) + QStringLiteral("ne"))
                                      << QStringList{"username:error"} << false;
    QTest::newRow("lone surrogate") << toUser(QStringLiteral("ja") + QChar(0xd800))
                                    << QStringList{"username:error"} << false;
    QTest::newRow("emoji username is fine") << toUser(QString::fromUtf8("\xf0\x9f\x90\xb1"
                                                                        "cat"))
                                            << QStringList() << true;
    QTest::newRow("a channel pasted as username")
        << toUser("personal.jane") << QStringList{"username:warning"} << true;
    QTest::newRow("long message warns") << everyone("T", QString(ToastDraft::longMessageChars + 1, u'x'))
                                        << QStringList{"message:warning"} << true;
    QTest::newRow("message at the limit")
        << everyone("T", QString(ToastDraft::longMessageChars, u'x')) << QStringList() << true;
    // 280 emoji are 560 UTF-16 units but 280 characters.
    QString emoji;
    for (int i = 0; i < ToastDraft::longMessageChars; ++i)
        emoji += QString::fromUtf8("\xf0\x9f\x8e\x89");
    QTest::newRow("emoji count as one character each") << everyone("T", emoji) << QStringList() << true;

    auto typed = [](const char *type) {
        ToastDraft draft = everyone("T", "M");
        draft.type = QString::fromLatin1(type);
        return draft;
    };
    QTest::newRow("unknown type") << typed("fatal") << QStringList{"type:error"} << false;
    QTest::newRow("type is case-sensitive") << typed("Warning") << QStringList{"type:error"} << false;

    auto timed = [](const QString &duration) {
        ToastDraft draft = everyone("T", "M");
        draft.duration = duration;
        return draft;
    };
    QTest::newRow("duration 8000") << timed("8000") << QStringList() << true;
    QTest::newRow("duration 1") << timed("1") << QStringList() << true;
    QTest::newRow("duration zero") << timed("0") << QStringList{"duration:error"} << false;
    QTest::newRow("duration negative") << timed("-5") << QStringList{"duration:error"} << false;
    QTest::newRow("duration with unit") << timed("8s") << QStringList{"duration:error"} << false;
    QTest::newRow("duration fraction") << timed("1.5") << QStringList{"duration:error"} << false;
    QTest::newRow("duration exponent") << timed("8e3") << QStringList{"duration:error"} << false;
    QTest::newRow("duration plus sign") << timed("+8000") << QStringList{"duration:error"} << false;
    QTest::newRow("duration arabic-indic digits")
        << timed(QString::fromUtf8("\xd9\xa8\xd9\xa0")) << QStringList{"duration:error"} << false;
    QTest::newRow("duration beyond 64 bits")
        << timed("99999999999999999999") << QStringList{"duration:error"} << false;
    QTest::newRow("everything wrong at once") <<
        [] {
            ToastDraft draft = toUser("a b", "", "");
            draft.type = QStringLiteral("x");
            draft.duration = QStringLiteral("soon");
            return draft;
        }() << QStringList{"username:error", "title:error", "message:error", "type:error", "duration:error"}
                                              << false;
}

void TestToastDraft::issues()
{
    QFETCH(ToastDraft, draft);
    QFETCH(QStringList, issues);
    QFETCH(bool, canPublish);
    QCOMPARE(describe(draft.issues()), issues);
    QCOMPARE(draft.canPublish(), canPublish);
}

void TestToastDraft::reasonsNameWhatIsWrong()
{
    const QList<ToastDraft::Issue> spaced = toUser("jane doe").issuesOf(Field::Username);
    QCOMPARE(spaced.size(), 1);
    QVERIFY2(spaced.first().reason.contains(QLatin1String("no spaces")), qPrintable(spaced.first().reason));
    const QList<ToastDraft::Issue> invisible =
        toUser(QStringLiteral("ja") + QChar(0x200b) + QStringLiteral("ne")).issuesOf(Field::Username);
    QVERIFY2(invisible.first().reason.contains(QLatin1String("U+200B")),
             qPrintable(invisible.first().reason));
    const ToastDraft longOne = everyone("T", QString(400, u'x'));
    QVERIFY2(longOne.issuesOf(Field::Message).first().reason.contains(QLatin1String("400 characters")),
             qPrintable(longOne.issuesOf(Field::Message).first().reason));
    ToastDraft badDuration = everyone("T", "M");
    badDuration.duration = QStringLiteral("soon");
    QVERIFY(badDuration.issuesOf(Field::Duration).first().reason.contains(QLatin1String("milliseconds")));
    QVERIFY(badDuration.issuesOf(Field::Title).isEmpty());
}

void TestToastDraft::payloadLeavesOutWhatDoesNotCheckOut()
{
    // The preview and the JSON view follow the form as it is typed, problems and all.
    ToastDraft draft = everyone("T", "M");
    draft.type = QStringLiteral("fatal");
    draft.duration = QStringLiteral("8s");
    QCOMPARE(draft.payload(), QByteArray(R"({"title": "T", "message": "M", "system": true})"));
}

void TestToastDraft::publishedPayloadsPassTheCatalogue_data()
{
    QTest::addColumn<ToastDraft>("draft");
    ToastDraft full = everyone("T", "M");
    full.type = QStringLiteral("error");
    full.duration = QStringLiteral("3000");
    QTest::newRow("general, all fields") << full;
    QTest::newRow("general, system off") << [] {
        ToastDraft draft = everyone("T", "M");
        draft.system = false;
        return draft;
    }();
    QTest::newRow("personal") << toUser("jane.doe@example.com");
}

void TestToastDraft::publishedPayloadsPassTheCatalogue()
{
    // What busmon publishes, busmon reads back without a problem: the same checks as live traffic.
    QFETCH(ToastDraft, draft);
    BusEvent event;
    event.channel = draft.channel();
    event.payload = draft.payload();
    EventDecoder::decode(event);
    QCOMPARE(event.problems, QStringList());
    QCOMPARE(event.summary, QStringLiteral("T: M"));
}

void TestToastDraft::fromMessage_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("offered");
    QTest::addColumn<ToastDraft>("draft");

    ToastDraft personal = toUser("jane.doe@example.com", "Sync <b>failed</b>", "try again");
    personal.type = QStringLiteral("error");
    personal.duration = QStringLiteral("5000");
    QTest::newRow("personal, from the channel's user")
        << QByteArray("personal.jane.doe@example.com")
        << QByteArray(
               R"({"username": "someone.else", "title": "Sync <b>failed</b>", "message": "try again", )"
               R"("type": "error", "duration": 5000})")
        << true << personal;
    ToastDraft general = everyone("Maintenance", "Soon");
    general.system = false;
    QTest::newRow("general, system off")
        << QByteArray("__general__")
        << QByteArray(R"({"title": "Maintenance", "message": "Soon", "system": false})") << true << general;
    ToastDraft unknownType = everyone("T", "M");
    unknownType.type = QStringLiteral("info");
    QTest::newRow("unknown type reads as what the web UI showed")
        << QByteArray("__general__") << QByteArray(R"({"title": "T", "message": "M", "type": "danger"})")
        << true << unknownType;
    ToastDraft notJson = toUser("bob", QString(), QString());
    QTest::newRow("payload not JSON: the user is kept")
        << QByteArray("personal.bob") << QByteArray("{broken") << true << notJson;
    QTest::newRow("a sync is no toast")
        << QByteArray("sync.bob") << QByteArray(R"({"title": "T"})") << false << ToastDraft();
    QTest::newRow("unknown channel") << QByteArray("other") << QByteArray("{}") << false << ToastDraft();
}

void TestToastDraft::fromMessage()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    QFETCH(bool, offered);
    QFETCH(ToastDraft, draft);
    const std::optional<ToastDraft> prefilled = ToastDraft::fromMessage(channel, payload);
    QCOMPARE(prefilled.has_value(), offered);
    if (offered)
        QCOMPARE(*prefilled, draft);
}

void TestToastDraft::fromMessageRoundTrip()
{
    // Sent again unchanged, a toast busmon published goes out byte for byte the same.
    ToastDraft original = toUser(QString::fromUtf8("j\xc3\xbcrgen+1@example.de"),
                                 QString::fromUtf8("\xf0\x9f\x8e\x89 <i>Done</i>"), "line\nbreak");
    original.type = QStringLiteral("success");
    original.duration = QStringLiteral("1500");
    const std::optional<ToastDraft> again = ToastDraft::fromMessage(original.channel(), original.payload());
    QVERIFY(again);
    QCOMPARE(again->payload(), original.payload());
    QCOMPARE(again->channel(), original.channel());
}

void TestToastDraft::keepsThroughSettings()
{
    ToastDraft draft = toUser("a@b", "t", "m");
    draft.system = false;
    draft.type = QStringLiteral("warning");
    draft.duration = QStringLiteral("soon"); // kept as typed, problems and all
    QCOMPARE(ToastDraft::fromVariantMap(draft.toVariantMap()), draft);
    QCOMPARE(ToastDraft::fromVariantMap({}), ToastDraft());
}

QTEST_APPLESS_MAIN(TestToastDraft)
#include "tst_toastdraft.moc"
