#include "capture/capturereader.h"
#include "capture/captureredactor.h"
#include "capture/capturewriter.h"
#include "events/eventdecoder.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace busmon;

namespace {
BusEvent makeEvent(const QByteArray &channel, const QByteArray &payload)
{
    BusEvent event;
    event.sequence = 1;
    event.receivedMs = 1795770000123;
    event.channel = channel;
    event.payload = payload;
    EventDecoder::decode(event);
    return event;
}

const QByteArray syncPayload =
    R"({"action": "sync", "username": "jane.doe@example.com", "org": "inthe_am", "client": "tw 2.6.2", )"
    R"("ip": "203.0.113.7", "port": 53122, "client_key": "6c1e3a5e-2f0b-4c1d-9a7e-3f5b2d8c9e10", "record_count": 42})";
const QByteArray certificatePayload =
    R"({"username": "bob", "fingerprint": "AB:CD:EF:01:23", "nested": {"ip": "198.51.100.9", "list": [{"client_key": "k-123456"}]}, "note": "seen from 203.0.113.7"})";
} // namespace

class TestCaptureRedactor : public QObject
{
    Q_OBJECT
private slots:
    void masksDefaultFieldsAtAnyDepth();
    void masksExtraFieldsAndValuesElsewhere();
    void pseudonymsAreStableWithinOneRedactor();
    void leavesNonJsonPayloadsMostlyAlone();
    void headerLineIsReadBackAndNotAnEvent();
    void headerOnlyCountsAsFirstLine();
};

void TestCaptureRedactor::masksDefaultFieldsAtAnyDepth()
{
    CaptureRedactor redactor(CaptureRedactor::Options{});
    const BusEvent out = redactor.redact(makeEvent("sync.jane.doe@example.com", syncPayload));
    QVERIFY(!out.payload.contains("203.0.113.7"));
    QVERIFY(!out.payload.contains("6c1e3a5e"));
    // Still JSON, the other fields as they were.
    const QJsonObject object = QJsonDocument::fromJson(out.payload).object();
    QCOMPARE(object.value(QLatin1String("ip")).toString(), QStringLiteral("[redacted]"));
    QCOMPARE(object.value(QLatin1String("record_count")).toInt(), 42);
    QCOMPARE(object.value(QLatin1String("username")).toString(), QStringLiteral("jane.doe@example.com"));
    QCOMPARE(out.channel, QByteArray("sync.jane.doe@example.com"));

    const BusEvent certificate = redactor.redact(makeEvent("taskd.certificate.bob", certificatePayload));
    for (const char *secret : {"AB:CD:EF", "198.51.100.9", "k-123456", "203.0.113.7"})
        QVERIFY2(!certificate.payload.contains(secret), secret);
    QVERIFY(QJsonDocument::fromJson(certificate.payload).isObject());
}

void TestCaptureRedactor::masksExtraFieldsAndValuesElsewhere()
{
    CaptureRedactor::Options options;
    options.maskedFields << QStringLiteral("org");
    CaptureRedactor redactor(options);
    const BusEvent first = redactor.redact(makeEvent("sync.jane.doe@example.com", syncPayload));
    QVERIFY(!first.payload.contains("inthe_am"));
    // A value masked once is masked wherever it appears later, in payload or summary.
    const BusEvent log = redactor.redact(makeEvent(
        "log_message.jane.doe@example.com",
        R"({"username": "jane.doe@example.com", "message": "sync from 203.0.113.7 for inthe_am", "error": false})"));
    QVERIFY2(!log.payload.contains("203.0.113.7") && !log.payload.contains("inthe_am"),
             log.payload.constData());
    QVERIFY2(!log.summary.contains(QLatin1String("203.0.113.7")), qPrintable(log.summary));
}

void TestCaptureRedactor::pseudonymsAreStableWithinOneRedactor()
{
    CaptureRedactor::Options options;
    options.pseudonymizeUsers = true;
    CaptureRedactor redactor(options);
    const BusEvent a1 = redactor.redact(makeEvent("sync.jane.doe@example.com", syncPayload));
    const BusEvent b = redactor.redact(makeEvent("taskd.certificate.bob", certificatePayload));
    const BusEvent a2 = redactor.redact(makeEvent(
        "personal.jane.doe@example.com",
        R"({"username": "jane.doe@example.com", "title": "Hi", "message": "for jane.doe@example.com"})"));
    QCOMPARE(a1.username, QStringLiteral("user-1"));
    QCOMPARE(b.username, QStringLiteral("user-2"));
    QCOMPARE(a2.username, QStringLiteral("user-1"));
    QCOMPARE(a1.channel, QByteArray("sync.user-1"));
    QCOMPARE(a2.channel, QByteArray("personal.user-1"));
    QCOMPARE(b.channel, QByteArray("taskd.certificate.user-2"));
    for (const BusEvent &event : {a1, b, a2}) {
        QVERIFY2(!event.payload.contains("jane.doe") && !event.payload.contains("\"bob\""),
                 event.payload.constData());
        QVERIFY(!event.summary.contains(QLatin1String("jane.doe")));
    }
    QCOMPARE(QJsonDocument::fromJson(a2.payload).object().value(QLatin1String("message")).toString(),
             QStringLiteral("for user-1"));
    // Another redactor (another file) starts its own numbering.
    CaptureRedactor other(options);
    QCOMPARE(other.redact(makeEvent("taskd.certificate.bob", certificatePayload)).username,
             QStringLiteral("user-1"));
}

void TestCaptureRedactor::leavesNonJsonPayloadsMostlyAlone()
{
    CaptureRedactor redactor(CaptureRedactor::Options{});
    redactor.redact(makeEvent("sync.jane", syncPayload));
    const BusEvent raw = redactor.redact(makeEvent("sync.jane", "not json \xff but 203.0.113.7 leaks"));
    QCOMPARE(raw.payload, QByteArray("not json \xff but [redacted] leaks"));
}

void TestCaptureRedactor::headerLineIsReadBackAndNotAnEvent()
{
    CaptureRedactor::Options options;
    options.maskedFields << QStringLiteral("org");
    options.pseudonymizeUsers = true;
    CaptureRedactor redactor(options);
    QByteArray text = redactor.header().line();
    text += CaptureWriter::line(redactor.redact(makeEvent("sync.jane", syncPayload)));
    QBuffer buffer(&text);
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader(&buffer);
    QCOMPARE(reader.readNext(), CaptureReader::Entry::Event);
    QCOMPARE(reader.event().channel, QByteArray("sync.user-1"));
    QCOMPARE(reader.lineNumber(), 2);
    QVERIFY(reader.header().has_value());
    QVERIFY(reader.header()->redacted);
    QVERIFY(reader.header()->pseudonymizedUsers);
    QCOMPARE(reader.header()->maskedFields,
             (QStringList{QStringLiteral("client_key"), QStringLiteral("ip"), QStringLiteral("fingerprint"),
                          QStringLiteral("org")}));
    QCOMPARE(reader.readNext(), CaptureReader::Entry::End);
}

void TestCaptureRedactor::headerOnlyCountsAsFirstLine()
{
    QByteArray text = CaptureWriter::line(makeEvent("sync.jane", "{}")) + CaptureRedactor({}).header().line();
    QBuffer buffer(&text);
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader(&buffer);
    QCOMPARE(reader.readNext(), CaptureReader::Entry::Event);
    QCOMPARE(reader.readNext(), CaptureReader::Entry::Error); // a header in the middle is no message
    QVERIFY(!reader.header().has_value());
}

QTEST_GUILESS_MAIN(TestCaptureRedactor)
#include "tst_captureredactor.moc"
