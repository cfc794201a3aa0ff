#include "events/eventdecoder.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace busmon;

namespace {

const QByteArray syncPayload =
    R"({"action": "sync", "username": "alice", "org": "inthe_am", )"
    R"("client": "taskwarrior 2.6.2", "ip": "203.0.113.7", "port": 53412, )"
    R"("client_key": "b1946ac9-2e5b-4f7a-9a3c-1d2e3f4a5b6c", "record_count": 12, )"
    R"("branch_point": "6f1c2d3e-aaaa-bbbb-cccc-000000000001", "branch_record_count": 9, )"
    R"("delta_count": 3, "stored_count": 3, "merged_count": 1, "service_duration": 0.142318})";

const QByteArray localSyncPayload = R"({"username": "alice", "debounce_id": "1764234000.123", )"
                                    R"("start": "abc1234aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", )"
                                    R"("head": "def5678bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"})";

const QByteArray changedTaskPayload =
    R"({"username": "alice", "start": "abc1234aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", )"
    R"("head": "def5678bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "task_id": "0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f", )"
    R"("task_data": {"uuid": "0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f", "description": "Buy milk", )"
    R"("status": "completed", "tags": ["home"]}, )"
    R"("changes": {"status": ["pending", "completed"], "modified": [null, "20261127T090000Z"]}})";

const QByteArray logPayload =
    R"({"username": "alice", "md5hash": "5d41402abc4b2a76b9719d911017c592", )"
    R"("last_seen": "2026-11-27T09:00:00.123Z", "created": "2026-11-27T08:00:00+00:00", )"
    R"("error": true, "silent": false, "message": "Sync failed: certificate expired", )"
    R"("count": 3})";

const QByteArray mailPayload = R"({"username": "alice", "message_id": 42, "subject": "Buy bread", )"
                               R"("accepted": false, "rejection_reason": "passlist"})";

const QByteArray trelloPayload = R"({"action": {"id": "5f2b0001", "type": "updateCard", "date": "x"}, )"
                                 R"("model": {"id": "5f2b00aa", "name": "Inthe.AM"}, "extra": [1, 2]})";

const QByteArray certificatePayload =
    R"({"username": "jane.doe@example.com", "org": "inthe_am", )"
    R"("client": "taskwarrior 2.6.2", "ip": "198.51.100.9", "port": 40001, )"
    R"("fingerprint": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", )"
    R"("certificate_recognized": false, "certificate_accepted": false})";

const QByteArray personalPayload = R"({"username": "alice", "title": "Trello", )"
                                   R"("message": "Trello has been successfully reset.", "type": "success"})";

const QByteArray generalPayload =
    R"({"title": "Maintenance", "message": "Back at 10:00\nUTC", "system": true})";

QByteArray replaced(QByteArray payload, const QByteArray &from, const QByteArray &to)
{
    Q_ASSERT(payload.contains(from));
    return payload.replace(from, to);
}

BusEvent decoded(const QByteArray &channel, const QByteArray &payload)
{
    BusEvent event;
    event.channel = channel;
    event.payload = payload;
    EventDecoder::decode(event);
    return event;
}

} // namespace

class TestEventDecoder : public QObject
{
    Q_OBJECT
private slots:
    void decode_data();
    void decode();
    void summaryIsOneLine_data();
    void summaryIsOneLine();
    void deepNestingDoesNotCrash();
    void hugePayloadIsNotParsed();
    void keepsPayloadBytes();
    void batchDecodesAsOneByOne();
    void randomlyDamagedPayloadsAgreeWithQt();
};

// The live decoder parses a run of one channel's name once: what each event gets must not change,
// however the channels follow one another.
void TestEventDecoder::batchDecodesAsOneByOne()
{
    const QList<std::pair<QByteArray, QByteArray>> messages{
        {"personal.alice", personalPayload},
        {"personal.alice", personalPayload},
        {"taskd.certificate.jane.doe@example.com", certificatePayload},
        {"__general__", generalPayload},
        {"personal.bob", personalPayload},
        {"personal.bob", "not json"},
        {"", "{}"},
        {"", "{}"},
        {"personal.alice", personalPayload},
    };
    for (const auto parts : {EventDecoder::Parts::All, EventDecoder::Parts::WithoutSummary}) {
        BusEventBatch batch;
        for (const auto &[channel, payload] : messages) {
            BusEvent event;
            event.channel = channel;
            event.payload = payload;
            batch << event;
        }
        EventDecoder::decode(batch, parts);
        for (qsizetype i = 0; i < batch.size(); ++i) {
            BusEvent single;
            single.channel = messages.at(i).first;
            single.payload = messages.at(i).second;
            EventDecoder::decode(single, parts);
            QCOMPARE(batch.at(i).kind, single.kind);
            QCOMPARE(batch.at(i).username, single.username);
            QCOMPARE(batch.at(i).problems, single.problems);
            QCOMPARE(batch.at(i).summary, single.summary);
        }
    }
}

void TestEventDecoder::decode_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QStringList>("problems");
    QTest::addColumn<QString>("summary"); // null: not asserted by this row

    const QStringList none;
    const QString any;

    // Valid, one per kind, with the summary an operator sees.
    QTest::newRow("sync")
        << QByteArray("sync.alice") << syncPayload << "sync"
        << "alice" << none
        << "taskwarrior 2.6.2 203.0.113.7:53412 · 12 records · stored 3 / merged 1 · 142 ms";
    QTest::newRow("sync fast")
        << QByteArray("sync.alice") << replaced(syncPayload, "0.142318", "0.0031") << "sync"
        << "alice" << none
        << "taskwarrior 2.6.2 203.0.113.7:53412 · 12 records · stored 3 / merged 1 · 3.1 ms";
    QTest::newRow("local_sync") << QByteArray("local_sync.alice") << localSyncPayload << "local_sync"
                                << "alice" << none << "start abc1234 → head def5678";
    QTest::newRow("changed_task") << QByteArray("changed_task.alice") << changedTaskPayload << "changed_task"
                                  << "alice" << none << "“Buy milk” — status, modified";
    QTest::newRow("changed_task without description")
        << QByteArray("changed_task.alice") << replaced(changedTaskPayload, "\"description\"", "\"desc\"")
        << "changed_task"
        << "alice" << none << "task 0d6f1c3e — status, modified";
    QTest::newRow("log_message error") << QByteArray("log_message.alice") << logPayload << "log_message"
                                       << "alice" << none << "ERROR: Sync failed: certificate expired (×3)";
    QTest::newRow("log_message silent info")
        << QByteArray("log_message.alice")
        << replaced(replaced(replaced(logPayload, "\"error\": true", "\"error\": false"), "\"silent\": false",
                             "\"silent\": true"),
                    "\"count\": 3", "\"count\": 1")
        << "log_message"
        << "alice" << none << "Sync failed: certificate expired · silent";
    QTest::newRow("log_message naive and space datetimes")
        << QByteArray("log_message.alice")
        << replaced(replaced(logPayload, "2026-11-27T09:00:00.123Z", "2026-11-27 09:00:00.123456"),
                    "2026-11-27T08:00:00+00:00", "2026-11-27T08:00:00.123456-05:30")
        << "log_message"
        << "alice" << none << any;
    QTest::newRow("incoming_mail rejected")
        << QByteArray("incoming_mail.alice") << mailPayload << "incoming_mail"
        << "alice" << none << "rejected (passlist): Buy bread";
    QTest::newRow("incoming_mail accepted, optionals absent")
        << QByteArray("incoming_mail.alice")
        << QByteArray(R"({"username": "alice", "message_id": 43, "subject": "Buy eggs", "accepted": true})")
        << "incoming_mail"
        << "alice" << none << "accepted: Buy eggs";
    QTest::newRow("incoming_mail optionals null")
        << QByteArray("incoming_mail.alice")
        << QByteArray(R"({"username": "alice", "message_id": 43, "subject": "Buy eggs", "accepted": true, )"
                      R"("rejection_reason": null, "task_id": null})")
        << "incoming_mail"
        << "alice" << none << "accepted: Buy eggs";
    QTest::newRow("trello with extra fields")
        << QByteArray("incoming_trello_change.alice") << trelloPayload << "incoming_trello_change"
        << "alice" << none << "updateCard on 5f2b00aa";
    QTest::newRow("certificate rejected")
        << QByteArray("taskd.certificate.jane.doe@example.com") << certificatePayload << "taskd.certificate"
        << "jane.doe@example.com" << none
        << "REJECTED, unrecognized · taskwarrior 2.6.2 from 198.51.100.9 · "
           "9f86d081884c7d65…";
    QTest::newRow("personal") << QByteArray("personal.alice") << personalPayload << "personal"
                              << "alice" << none << "Trello: Trello has been successfully reset.";
    QTest::newRow("general") << QByteArray("__general__") << generalPayload << "__general__"
                             << "" << none << "Maintenance: Back at 10:00 UTC";
    QTest::newRow("sync instant, big numbers")
        << QByteArray("sync.alice")
        << replaced(replaced(syncPayload, "0.142318", "0"), "\"record_count\": 12",
                    "\"record_count\": 1234567")
        << "sync"
        << "alice" << none
        << "taskwarrior 2.6.2 203.0.113.7:53412 · 1234567 records · stored 3 / merged 1 · 0.0 ms";
    QTest::newRow("sync slow")
        << QByteArray("sync.alice") << replaced(syncPayload, "0.142318", "12.5") << "sync"
        << "alice" << none
        << "taskwarrior 2.6.2 203.0.113.7:53412 · 12 records · stored 3 / merged 1 · 12500 ms";
    QTest::newRow("sync absurdly slow: a number, not an overflow")
        << QByteArray("sync.alice") << replaced(syncPayload, "0.142318", "8.88889e+30") << "sync"
        << "alice" << none
        << "taskwarrior 2.6.2 203.0.113.7:53412 · 12 records · stored 3 / merged 1 · 8.89e+33 ms";
    QTest::newRow("sync beyond a double")
        << QByteArray("sync.alice") << replaced(syncPayload, "0.142318", "1e999") << "sync"
        << "alice" << none
        << "taskwarrior 2.6.2 203.0.113.7:53412 · 12 records · stored 3 / merged 1 · inf ms";
    QTest::newRow("sync negative and huge")
        << QByteArray("sync.alice") << replaced(syncPayload, "0.142318", "-1e300") << "sync"
        << "alice" << none
        << "taskwarrior 2.6.2 203.0.113.7:53412 · 12 records · stored 3 / merged 1 · -1e+303 ms";
    QTest::newRow("certificate accepted but unrecognized")
        << QByteArray("taskd.certificate.jane.doe@example.com")
        << replaced(certificatePayload, "\"certificate_accepted\": false", "\"certificate_accepted\": true")
        << "taskd.certificate"
        << "jane.doe@example.com" << none
        << "accepted, unrecognized · taskwarrior 2.6.2 from 198.51.100.9 · 9f86d081884c7d65…";
    QTest::newRow("mail rejected without a reason")
        << QByteArray("incoming_mail.alice")
        << QByteArray(R"({"username": "alice", "message_id": 1, "subject": "Hi", "accepted": false})")
        << "incoming_mail"
        << "alice" << none << "rejected: Hi";
    QTest::newRow("changed_task new task, every field appears")
        << QByteArray("changed_task.alice")
        << replaced(
               changedTaskPayload,
               R"("changes": {"status": ["pending", "completed"], "modified": [null, "20261127T090000Z"]})",
               R"("changes": {"description": [null, "Buy milk"], "status": [null, "pending"]})")
        << "changed_task"
        << "alice" << none << "“Buy milk” — description, status";
    QTest::newRow("toast with escapes and markup stays plain text")
        << QByteArray("personal.alice")
        << QByteArray(
               R"({"username": "alice", "title": "<b>Sync</b>", "message": "Line 1\nLine 2 \u2014 done"})")
        << "personal"
        << "alice" << none << "<b>Sync</b>: Line 1 Line 2 — done";
    QTest::newRow("unknown channel") << QByteArray("metrics.cpu") << QByteArray(R"({"load": 0.5})")
                                     << "unknown"
                                     << "" << none << "{\"load\": 0.5}";
    QTest::newRow("unknown channel, not JSON: no problems")
        << QByteArray("something.else") << QByteArray("hello\tworld") << "unknown"
        << "" << none << "hello world";
    QTest::newRow("unknown channel, not UTF-8: no problems")
        << QByteArray("other") << QByteArray("\xff\xfe\x00", 3) << "unknown"
        << "" << none << "<3 bytes, not UTF-8>";

    // Broken payloads: each problem names its field.
    QTest::newRow("not UTF-8") << QByteArray("sync.alice") << QByteArray("{\"a\": \"\xc3\x28\"}") << "sync"
                               << "alice" << QStringList{"payload: not valid UTF-8"}
                               << "<11 bytes, not UTF-8>";
    QTest::newRow("overlong UTF-8") << QByteArray("personal.alice") << QByteArray("\xc0\xaf") << "personal"
                                    << "alice" << QStringList{"payload: not valid UTF-8"} << any;
    QTest::newRow("UTF-8 surrogate") << QByteArray("personal.alice") << QByteArray("\"\xed\xa0\x80\"")
                                     << "personal"
                                     << "alice" << QStringList{"payload: not valid UTF-8"} << any;
    QTest::newRow("not JSON") << QByteArray("personal.alice") << QByteArray(R"({"title": "unterminated)")
                              << "personal"
                              << "alice"
                              << QStringList{"payload: not JSON (unterminated string at offset 23)"}
                              << "{\"title\": \"unterminated";
    QTest::newRow("empty") << QByteArray("sync.bob") << QByteArray() << "sync"
                           << "bob" << QStringList{"payload: not JSON (empty)"} << "<empty>";
    QTest::newRow("garbage after object")
        << QByteArray("sync.bob") << QByteArray("{} x") << "sync"
        << "bob"
        << QStringList{"payload: not JSON (garbage at the end of the document "
                       "at offset 3)"}
        << "{} x";
    QTest::newRow("escaped key and non-ASCII username")
        << QByteArray("personal.j\xc3\xbcrgen")
        << QByteArray(
               R"({"user\u006eame": "j\u00fcrgen", "title": "\ud83c\udf89 \"Hi\"", "message": "a\/b"})")
        << "personal" << QString::fromUtf8("j\xc3\xbcrgen") << none
        << QString::fromUtf8("\xf0\x9f\x8e\x89 \"Hi\": a/b");
    QTest::newRow("repeated key: the last one counts")
        << QByteArray("personal.a")
        << QByteArray(R"({"username": 1, "title": "t", "message": "m", "username": "a"})") << "personal"
        << "a" << none << "t: m";
    QTest::newRow("raw control character in a string")
        << QByteArray("personal.a") << QByteArray("{\"title\": \"a\tb\"}") << "personal"
        << "a" << QStringList{"payload: not JSON (control character in string at offset 12)"} << any;
    QTest::newRow("illegal escape") << QByteArray("personal.a") << QByteArray(R"({"title": "\x41"})")
                                    << "personal"
                                    << "a"
                                    << QStringList{"payload: not JSON (illegal escape sequence at offset 11)"}
                                    << any;
    QTest::newRow("short unicode escape")
        << QByteArray("personal.a") << QByteArray(R"({"title": "\u12"})") << "personal"
        << "a" << QStringList{"payload: not JSON (illegal escape sequence at offset 11)"} << any;
    QTest::newRow("leading zero") << QByteArray("sync.a") << QByteArray(R"({"port": 01})") << "sync"
                                  << "a"
                                  << QStringList{"payload: not JSON (missing value separator at offset 10)"}
                                  << any;
    QTest::newRow("bare word") << QByteArray("sync.a") << QByteArray(R"({"port": yes})") << "sync"
                               << "a" << QStringList{"payload: not JSON (illegal value at offset 9)"} << any;
    QTest::newRow("trailing comma")
        << QByteArray("sync.a") << QByteArray(R"({"port": 1,})") << "sync"
        << "a" << QStringList{"payload: not JSON (object keys must be strings at offset 11)"} << any;
    QTest::newRow("unterminated object")
        << QByteArray("sync.a") << QByteArray(R"({"port": 1)") << "sync"
        << "a" << QStringList{"payload: not JSON (unterminated object at offset 10)"} << any;
    QTest::newRow("missing colon") << QByteArray("sync.a") << QByteArray(R"({"port" 1})") << "sync"
                                   << "a"
                                   << QStringList{"payload: not JSON (missing name separator at offset 8)"}
                                   << any;
    QTest::newRow("array") << QByteArray("sync.bob") << QByteArray("[1, 2]") << "sync"
                           << "bob" << QStringList{"payload: not a JSON object (array)"} << "[1, 2]";
    QTest::newRow("number") << QByteArray("sync.bob") << QByteArray(" 42 ") << "sync"
                            << "bob" << QStringList{"payload: not a JSON object (number)"} << "42";
    QTest::newRow("string") << QByteArray("sync.bob") << QByteArray("\"hi\"") << "sync"
                            << "bob" << QStringList{"payload: not a JSON object (string)"} << "\"hi\"";
    QTest::newRow("null") << QByteArray("sync.bob") << QByteArray("null") << "sync"
                          << "bob" << QStringList{"payload: not a JSON object (null)"} << "null";
    QTest::newRow("missing field") << QByteArray("personal.alice")
                                   << QByteArray(R"({"username": "alice", "message": "m"})") << "personal"
                                   << "alice" << QStringList{"title: missing"} << "?: m";
    QTest::newRow("wrong type number")
        << QByteArray("sync.alice") << replaced(syncPayload, "\"port\": 53412", "\"port\": \"53412\"")
        << "sync"
        << "alice" << QStringList{"port: expected a number, got string"}
        << "taskwarrior 2.6.2 203.0.113.7:? · 12 records · stored 3 / merged 1 · "
           "142 ms";
    QTest::newRow("wrong type boolean")
        << QByteArray("__general__") << QByteArray(R"({"title": "t", "message": "m", "system": 1})")
        << "__general__"
        << "" << QStringList{"system: expected a boolean, got number"} << "t: m";
    QTest::newRow("wrong type string null")
        << QByteArray("__general__") << QByteArray(R"({"title": null, "message": "m", "system": true})")
        << "__general__"
        << "" << QStringList{"title: expected a string, got null"} << "?: m";
    QTest::newRow("general missing system")
        << QByteArray("__general__") << QByteArray(R"({"title": "t", "message": "m"})") << "__general__"
        << "" << QStringList{"system: missing"} << "t: m";
    QTest::newRow("sync action not in set")
        << QByteArray("sync.alice") << replaced(syncPayload, "\"action\": \"sync\"", "\"action\": \"foo\"")
        << "sync"
        << "alice" << QStringList{"action: 'foo' is not one of 'sync'"} << any;
    QTest::newRow("rejection_reason not in set")
        << QByteArray("incoming_mail.alice") << replaced(mailPayload, "\"passlist\"", "\"x\"")
        << "incoming_mail"
        << "alice" << QStringList{"rejection_reason: 'x' is not one of 'passlist', 'subject'"}
        << "rejected (x): Buy bread";
    QTest::newRow("rejection_reason wrong type")
        << QByteArray("incoming_mail.alice") << replaced(mailPayload, "\"passlist\"", "3") << "incoming_mail"
        << "alice" << QStringList{"rejection_reason: expected a string, got number"} << "rejected: Buy bread";
    QTest::newRow("username differs")
        << QByteArray("sync.alice")
        << replaced(syncPayload, "\"username\": \"alice\"", "\"username\": \"bob\"") << "sync"
        << "alice" << QStringList{"username: 'bob' differs from the channel's 'alice'"} << any;
    QTest::newRow("channel without username")
        << QByteArray("personal.") << QByteArray(R"({"username": "alice", "title": "t", "message": "m"})")
        << "personal"
        << "" << QStringList{"channel: no username after 'personal.'"} << "t: m";
    QTest::newRow("several problems, in catalogue order")
        << QByteArray("taskd.certificate.carol")
        << QByteArray(R"({"username": "dave", "org": "o", "client": "c", "ip": "i", "port": 1, )"
                      R"("certificate_recognized": "yes", "certificate_accepted": true})")
        << "taskd.certificate"
        << "carol"
        << QStringList{"fingerprint: missing", "certificate_recognized: expected a boolean, got string",
                       "username: 'dave' differs from the channel's 'carol'"}
        << "accepted, ? · c from i · ?";
    QTest::newRow("datetime not ISO")
        << QByteArray("log_message.alice") << replaced(logPayload, "2026-11-27T09:00:00.123Z", "yesterday")
        << "log_message"
        << "alice" << QStringList{"last_seen: 'yesterday' is not an ISO-8601 datetime"} << any;
    QTest::newRow("datetime impossible date")
        << QByteArray("log_message.alice")
        << replaced(logPayload, "2026-11-27T08:00:00+00:00", "2026-02-30T08:00:00") << "log_message"
        << "alice" << QStringList{"created: '2026-02-30T08:00:00' is not an ISO-8601 datetime"} << any;
    QTest::newRow("datetime as number")
        << QByteArray("log_message.alice")
        << replaced(logPayload, "\"2026-11-27T09:00:00.123Z\"", "1764234000") << "log_message"
        << "alice" << QStringList{"last_seen: expected an ISO-8601 datetime string, got number"} << any;
    QTest::newRow("task_data not object")
        << QByteArray("changed_task.alice")
        << replaced(changedTaskPayload, R"("task_data": {"uuid")", R"("task_data": "x", "other": {"uuid")")
        << "changed_task"
        << "alice" << QStringList{"task_data: expected an object, got string"} << any;
    QTest::newRow("changes value not a pair")
        << QByteArray("changed_task.alice")
        << replaced(changedTaskPayload, R"(["pending", "completed"])", R"(["pending"])") << "changed_task"
        << "alice" << QStringList{"changes.status: expected [before, after], got 1 element"} << any;
    QTest::newRow("changes value a string")
        << QByteArray("changed_task.alice")
        << replaced(changedTaskPayload, R"(["pending", "completed"])", R"("completed")") << "changed_task"
        << "alice" << QStringList{"changes.status: expected [before, after], got string"} << any;
    QTest::newRow("changes side a number")
        << QByteArray("changed_task.alice")
        << replaced(changedTaskPayload, R"([null, "20261127T090000Z"])", "[1, 2]") << "changed_task"
        << "alice"
        << QStringList{"changes.modified: before is number, expected a string, a list of strings or null"}
        << any;
    QTest::newRow("changes not an object")
        << QByteArray("changed_task.alice")
        << replaced(
               changedTaskPayload,
               R"("changes": {"status": ["pending", "completed"], "modified": [null, "20261127T090000Z"]})",
               R"("changes": [])")
        << "changed_task"
        << "alice" << QStringList{"changes: expected an object, got array"} << "“Buy milk”";
    QTest::newRow("trello nested field missing")
        << QByteArray("incoming_trello_change.alice")
        << QByteArray(R"({"action": {"id": "a1"}, "model": {"id": 7}})") << "incoming_trello_change"
        << "alice" << QStringList{"action.type: missing", "model.id: expected a string, got number"}
        << "? on 7";
    QTest::newRow("trello model missing")
        << QByteArray("incoming_trello_change.alice")
        << QByteArray(R"({"action": {"id": "a1", "type": "t"}})") << "incoming_trello_change"
        << "alice" << QStringList{"model: missing"} << "t on ?";
    QTest::newRow("mail missing everything")
        << QByteArray("incoming_mail.alice") << QByteArray("{}") << "incoming_mail"
        << "alice"
        << QStringList{"username: missing", "message_id: missing", "subject: missing", "accepted: missing"}
        << "?: ?";
}

void TestEventDecoder::decode()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    QFETCH(QString, kind);
    QFETCH(QString, username);
    QFETCH(QStringList, problems);
    QFETCH(QString, summary);

    const BusEvent event = decoded(channel, payload);
    QCOMPARE(QString(eventKindName(event.kind)), kind);
    QCOMPARE(event.username, username);
    QCOMPARE(event.problems, problems);
    QCOMPARE(event.hasProblems(), !problems.isEmpty());
    if (!summary.isNull())
        QCOMPARE(event.summary, summary);
}

void TestEventDecoder::summaryIsOneLine_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("newlines in a toast")
        << QByteArray("personal.a") << QByteArray(R"({"title": "a\nb", "message": "c\r\nd\u2028e\u0000f"})");
    QTest::newRow("long toast") << QByteArray("__general__")
                                << QByteArray(R"({"title": "t", "message": ")") + QByteArray(5000, 'x') +
                                       QByteArray(R"(", "system": true})");
    QTest::newRow("long emoji toast at the cut") << QByteArray("__general__")
                                                 << QByteArray(R"({"title": "t", "message": ")") +
                                                        QByteArray(300, 'x')
                                                            .replace(0, 197, QByteArray(197, 'y'))
                                                            .insert(197, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80") +
                                                        QByteArray(R"(", "system": true})");
    QTest::newRow("long raw text") << QByteArray("x") << QByteArray(10000, '\n') + QByteArray(500, 'z');
    QTest::newRow("long JSON error") << QByteArray("sync.x") << QByteArray(600, '{');
}

void TestEventDecoder::summaryIsOneLine()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    const BusEvent event = decoded(channel, payload);
    QVERIFY(!event.summary.isEmpty());
    QVERIFY2(event.summary.size() <= 200, qPrintable(QString::number(event.summary.size())));
    for (const QChar c : event.summary) {
        QVERIFY2(c.unicode() >= 0x20 && c != QChar(0x2028) && c != QChar(0x2029) && c != QChar(0x7f),
                 qPrintable(event.summary));
    }
    QVERIFY(!event.summary.back().isHighSurrogate());
    QVERIFY(event.summary.isValidUtf16());
}

void TestEventDecoder::deepNestingDoesNotCrash()
{
    const QByteArray deepArrays = QByteArray(10000, '[') + QByteArray(10000, ']');
    const BusEvent arrays = decoded("sync.alice", deepArrays);
    QCOMPARE(arrays.problems, QStringList{"payload: not JSON (too deeply nested at offset 512)"});

    QByteArray deepObject = R"({"title": "t", "message": "m", "system": true, "x": )";
    for (int i = 0; i < 10000; ++i)
        deepObject += R"({"a": )";
    deepObject += "1" + QByteArray(10001, '}');
    const BusEvent object = decoded("__general__", deepObject);
    QCOMPARE(object.problems.size(), 1);
    QVERIFY2(object.problems.first().startsWith("payload: not JSON ("), qPrintable(object.problems.first()));
    QVERIFY(!object.summary.isEmpty());
}

void TestEventDecoder::hugePayloadIsNotParsed()
{
    // Valid JSON that would be expensive to parse; it must not be, only flagged.
    QByteArray huge =
        R"({"title": "t", "message": ")" + QByteArray(12.3 * 1024 * 1024, 'x') + R"(", "system": true})";
    const BusEvent event = decoded("__general__", huge);
    QCOMPARE(event.problems, QStringList{"payload: 12.3 MiB, too large to check"});
    QVERIFY2(event.summary.startsWith("<12.3 MiB> {\"title\": \"t\""), qPrintable(event.summary));
    QVERIFY(event.summary.size() <= 200);
}

void TestEventDecoder::keepsPayloadBytes()
{
    const QByteArray payload("\x00\xff{\"a\"", 6);
    const BusEvent event = decoded("sync.alice", payload);
    QCOMPARE(event.payload, payload);
    QCOMPARE(event.channel, QByteArray("sync.alice"));
}

void TestEventDecoder::randomlyDamagedPayloadsAgreeWithQt()
{
    // Differential check of the scanner against QJsonDocument on damaged copies of real payloads:
    // no crash, and the same verdict on "is this a JSON object". Raw control characters in strings
    // unknown escapes ("\\c") and numbers like "3." or ".5" are the known differences: RFC 8259
    // (and Python's json) reject them, Qt lets them through.
    const QList<QByteArray> seeds{syncPayload, changedTaskPayload, logPayload, trelloPayload, generalPayload};
    const QByteArray alphabet = QByteArray("{}[]\",:0123456789.-+eEtrufalsn \\u\t\n", 35);
    QRandomGenerator random(2026);
    for (int round = 0; round < 20000; ++round) {
        QByteArray payload = seeds.at(random.bounded(int(seeds.size())));
        const int edits = 1 + random.bounded(4);
        for (int e = 0; e < edits && !payload.isEmpty(); ++e) {
            const int at = random.bounded(int(payload.size()));
            switch (random.bounded(3)) {
            case 0:
                payload[at] = alphabet.at(random.bounded(int(alphabet.size())));
                break;
            case 1:
                payload.remove(at, 1 + random.bounded(3));
                break;
            default:
                payload.insert(at, alphabet.at(random.bounded(int(alphabet.size()))));
                break;
            }
        }
        const BusEvent event = decoded("changed_task.alice", payload);
        QVERIFY(event.summary.size() <= 200);
        const bool weSayNotJson =
            !event.problems.isEmpty() && event.problems.first().startsWith("payload: not JSON");
        const bool weSayNotObject =
            !event.problems.isEmpty() && event.problems.first().startsWith("payload: not a JSON object");
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
        // Never more lenient than Qt: what we take for an object, Qt does too, except numbers out
        // of a double's range (valid JSON; Python reads them as inf).
        if (!weSayNotJson && !weSayNotObject && error.error != QJsonParseError::IllegalNumber)
            QVERIFY2(document.isObject(), payload.constData());
        if (weSayNotObject)
            QVERIFY(!document.isObject());
        // Stricter only where the RFC is.
        if (document.isObject() && weSayNotJson) {
            const QString problem = event.problems.first();
            const bool rfc = problem.contains("control character") || problem.contains("illegal escape") ||
                             problem.contains("illegal number") || problem.contains("illegal value");
            QVERIFY2(rfc, qPrintable(payload + " -> " + problem));
        }
    }
}

QTEST_APPLESS_MAIN(TestEventDecoder)
#include "tst_eventdecoder.moc"
