#include "events/announcement.h"
#include "events/eventdecoder.h"
#include "events/pythonjsonobject.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace busmon;

class TestAnnouncement : public QObject
{
    Q_OBJECT
private slots:
    void generalPayload();
    void personalPayload();
    void escapesLikeJsonDumps_data();
    void escapesLikeJsonDumps();
    void roundTrip_data();
    void roundTrip();
    void readsWhatTheWebUiReads_data();
    void readsWhatTheWebUiReads();
    void pythonFloats_data();
    void pythonFloats();
};

void TestAnnouncement::generalPayload()
{
    const Announcement plain{"Maintenance", "Back at 10:00", {}, {}};
    QCOMPARE(plain.generalPayload(),
             QByteArray(R"({"title": "Maintenance", "message": "Back at 10:00", "system": true})"));

    const Announcement full{"Maintenance", "Soon", Announcement::Type::Warning, 8000};
    const QByteArray payload = full.generalPayload();
    QCOMPARE(payload,
             QByteArray(R"({"title": "Maintenance", "message": "Soon", "system": true, "type": "warning", )"
                        R"("duration": 8000})"));
    BusEvent event;
    event.channel = "__general__";
    event.payload = payload;
    EventDecoder::decode(event);
    QCOMPARE(event.problems, QStringList());
    QCOMPARE(event.summary, "Maintenance: Soon");
}

void TestAnnouncement::personalPayload()
{
    const Announcement toast{"Sync", "Done", Announcement::Type::Success, {}};
    const QString user = QString::fromUtf8("j\xc3\xbcrgen@example.de");
    const QByteArray payload = toast.personalPayload(user);
    QCOMPARE(payload,
             QByteArray(R"({"username": "j\u00fcrgen@example.de", "title": "Sync", "message": "Done", )"
                        R"("type": "success"})"));
    BusEvent event;
    event.channel = "personal." + user.toUtf8();
    event.payload = payload;
    EventDecoder::decode(event);
    QCOMPARE(event.problems, QStringList());
}

void TestAnnouncement::escapesLikeJsonDumps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("dumped"); // what Python's json.dumps(text) prints

    QTest::newRow("plain") << "hello" << QByteArray(R"("hello")");
    QTest::newRow("quote and backslash") << "say \"hi\" \\o/" << QByteArray(R"("say \"hi\" \\o/")");
    QTest::newRow("newline tab") << "a\nb\tc\rd" << QByteArray(R"("a\nb\tc\rd")");
    QTest::newRow("control") << QString(QChar(0)) + QChar(0x1f) + QChar(0x7f)
                             << QByteArray(R"("\u0000\u001f\u007f")");
    QTest::newRow("backspace formfeed") << "\b\f" << QByteArray(R"("\b\f")");
    QTest::newRow("accents") << QString::fromUtf8("caf\xc3\xa9") << QByteArray(R"("caf\u00e9")");
    QTest::newRow("emoji as surrogate pair")
        << QString::fromUtf8("\xf0\x9f\x8e\x89") << QByteArray(R"("\ud83c\udf89")");
    QTest::newRow("line separator") << QString(QChar(0x2028)) << QByteArray(R"("\u2028")");
    QTest::newRow("html stays") << "<b>&</b>" << QByteArray(R"("<b>&</b>")");
}

void TestAnnouncement::escapesLikeJsonDumps()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, dumped);
    QCOMPARE(PythonJsonObject::quoted(text), dumped);
}

void TestAnnouncement::roundTrip_data()
{
    QTest::addColumn<Announcement>("announcement");
    QTest::newRow("plain") << Announcement{"T", "M", {}, {}};
    QTest::newRow("typed") << Announcement{"Error", "Disk\nfull \"now\"", Announcement::Type::Error, 3000};
    QTest::newRow("emoji") << Announcement{
        QString::fromUtf8("\xf0\x9f\x8e\x89 Party"), "", Announcement::Type::Info, {}};
    QTest::newRow("empty") << Announcement{"", "", {}, 0};
}

void TestAnnouncement::roundTrip()
{
    QFETCH(Announcement, announcement);
    QCOMPARE(Announcement::fromPayload(announcement.generalPayload()), std::optional(announcement));
    QCOMPARE(Announcement::fromPayload(announcement.personalPayload("bob")), std::optional(announcement));
}

void TestAnnouncement::readsWhatTheWebUiReads_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("preview");
    QTest::addColumn<int>("type");
    QTest::addColumn<qint64>("duration"); // -1: none

    QTest::newRow("warning") << QByteArray(
                                    R"({"title": "T", "message": "M", "type": "warning", "duration": 5000})")
                             << true << "T: M" << int(Announcement::Type::Warning) << qint64(5000);
    QTest::newRow("unknown type is info") << QByteArray(R"({"title": "T", "message": "M", "type": "danger"})")
                                          << true << "T: M" << int(Announcement::Type::Info) << qint64(-1);
    QTest::newRow("type not a string") << QByteArray(R"({"title": "T", "message": "M", "type": 3})") << true
                                       << "T: M" << int(Announcement::Type::Info) << qint64(-1);
    QTest::newRow("case matters") << QByteArray(R"({"title": "T", "message": "M", "type": "Error"})") << true
                                  << "T: M" << int(Announcement::Type::Info) << qint64(-1);
    QTest::newRow("duration not a number")
        << QByteArray(R"({"title": "T", "message": "M", "duration": "5s"})") << true << "T: M"
        << int(Announcement::Type::Info) << qint64(-1);
    QTest::newRow("duration beyond any toast: none")
        << QByteArray(R"({"title": "T", "message": "M", "duration": 8.8e33})") << true << "T: M"
        << int(Announcement::Type::Info) << qint64(-1);
    QTest::newRow("negative duration: none")
        << QByteArray(R"({"title": "T", "message": "M", "duration": -5000})") << true << "T: M"
        << int(Announcement::Type::Info) << qint64(-1);
    QTest::newRow("multi-line message, one-line preview")
        << QByteArray(R"({"title": "T", "message": "a\nb"})") << true << "T: a b"
        << int(Announcement::Type::Info) << qint64(-1);
    QTest::newRow("missing title") << QByteArray(R"({"message": "M"})") << true << ": M"
                                   << int(Announcement::Type::Info) << qint64(-1);
    QTest::newRow("not an object") << QByteArray("[1]") << false << "" << 0 << qint64(-1);
    QTest::newRow("not JSON") << QByteArray("{") << false << "" << 0 << qint64(-1);
}

void TestAnnouncement::readsWhatTheWebUiReads()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, valid);
    QFETCH(QString, preview);
    QFETCH(int, type);
    QFETCH(qint64, duration);

    const std::optional<Announcement> announcement = Announcement::fromPayload(payload);
    QCOMPARE(announcement.has_value(), valid);
    if (!valid)
        return;
    QCOMPARE(announcement->previewText(), preview);
    QCOMPARE(int(announcement->effectiveType()), type);
    QCOMPARE(announcement->duration.value_or(-1), duration);
}

void TestAnnouncement::pythonFloats_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("repr");
    QTest::newRow("duration") << 0.142318 << QByteArray("0.142318");
    QTest::newRow("whole") << 3.0 << QByteArray("3.0");
    QTest::newRow("small") << 0.00001 << QByteArray("1e-05");
    QTest::newRow("tenth") << 0.1 << QByteArray("0.1");
    QTest::newRow("big") << 1e16 << QByteArray("1e+16");
}

void TestAnnouncement::pythonFloats()
{
    QFETCH(double, value);
    QFETCH(QByteArray, repr);
    QCOMPARE(PythonJsonObject::floatText(value), repr);
}

QTEST_APPLESS_MAIN(TestAnnouncement)
#include "tst_announcement.moc"
