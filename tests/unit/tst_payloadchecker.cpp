#include "events/payloadchecker.h"

#include <QTest>

using namespace busmon;

// What the real publishers send, read from their code, must pass clean; what departs from the
// catalogue in a way they never produce must still be flagged, each problem naming its field.
// Upstream: coddingtonbear/inthe.am (the web app, Python, json.dumps with DjangoJSONEncoder) and
// coddingtonbear/taskserver branch inthe_am_dockerized (taskd, C++, jsoncpp's StreamWriterBuilder).

namespace {

const QByteArray sha1 = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const QByteArray sha2 = "9c1185a5c5e9fc54612808977ee8f548b2258d31";

QByteArray localSync(const QByteArray &debounceId)
{
    return R"({"username": "alice", "debounce_id": )" + debounceId + R"(, "start": ")" + sha1 +
           R"(", "head": ")" + sha2 + R"("})";
}

// As context_managers.git_checkpoint publishes it: task_data is dict(task) of a taskw Task
// (dates ISO with "Z", annotations as plain strings, urgency an int when whole), changes what
// TaskStore.get_changed_tasks made of the git diff with taskw.utils.decode_task.
QByteArray changedTask(const QByteArray &changes, const QByteArray &urgency = "0")
{
    return R"({"username": "alice", "start": ")" + sha1 + R"(", "head": ")" + sha2 +
           R"(", "task_id": "0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f", "task_data": {"id": 4, )"
           R"("description": "Buy milk", "entry": "2020-12-02T09:10:11Z", "modified": "2020-12-02T12:30:11Z", )"
           R"("status": "pending", "tags": ["home", "next"], "uuid": "0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f", )"
           R"("annotations": ["Left a voicemail"], "urgency": )" +
           urgency + R"(}, "changes": )" + changes + "}";
}

QByteArray logMessage(const QByteArray &lastSeen, const QByteArray &created, const QByteArray &count)
{
    return R"({"username": "alice", "md5hash": "5d41402abc4b2a76b9719d911017c592", "last_seen": )" +
           lastSeen + R"(, "created": )" + created +
           R"(, "error": false, "silent": false, "message": "Lockfile manually deleted.", "count": )" +
           count + "}";
}

// Json::writeString(Json::StreamWriterBuilder(), description) in Daemon::handle_sync: keys sorted,
// a tab before each, " : ", doubles with 17 significant digits, no newline at the end.
QByteArray jsoncppSync(const QByteArray &port = "41234", const QByteArray &duration = "0.042000000000000003")
{
    return "{\n"
           "\t\"action\" : \"sync\",\n"
           "\t\"branch_point\" : \"0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f\",\n"
           "\t\"branch_record_count\" : 128,\n"
           "\t\"client\" : \"task 2.6.2\",\n"
           "\t\"client_key\" : \"0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f\",\n"
           "\t\"delta_count\" : 2,\n"
           "\t\"ip\" : \"192.0.2.7\",\n"
           "\t\"merged_count\" : 0,\n"
           "\t\"org\" : \"inthe_am\",\n"
           "\t\"port\" : " +
           port +
           ",\n"
           "\t\"record_count\" : 130,\n"
           "\t\"service_duration\" : " +
           duration +
           ",\n"
           "\t\"stored_count\" : 1,\n"
           "\t\"username\" : \"j\\u00fcrgen@example.de\"\n"
           "}";
}

// The whole webhook body Trello posts, as process_trello_action publishes it again (json.loads of
// the request body in incoming_trello, then json.dumps: non-ASCII as \u escapes, nulls kept).
QByteArray trelloWebhook(const QByteArray &modelId = R"("id": "5fc7a4f2e1b3c2a1d0e9f8a7", )")
{
    return R"({"action": {"id": "5fc7b1a0e1b3c2a1d0e9f8b0", "idMemberCreator": "5a1b2c3d4e5f6a7b8c9d0e1f", )"
           R"("data": {"old": {"idList": "5fc7a4f2e1b3c2a1d0e9f8a8"}, "card": {"idList": "5fc7a4f2e1b3c2a1d0e9f8a9", )"
           R"("id": "5fc7b0ffe1b3c2a1d0e9f8af", "name": "Caf\u00e9 \ud83c\udf89", "idShort": 12, "shortLink": "AbCdEf12"}, )"
           R"("board": {"id": "5fc7a4f2e1b3c2a1d0e9f8a7", "name": "Inthe.AM", "shortLink": "XyZ12345"}, )"
           R"("listBefore": {"id": "5fc7a4f2e1b3c2a1d0e9f8a8", "name": "To Do"}, )"
           R"("listAfter": {"id": "5fc7a4f2e1b3c2a1d0e9f8a9", "name": "Done"}}, "type": "updateCard", )"
           R"("date": "2020-12-02T12:30:11.123Z", "limits": {}, "display": {"translationKey": )"
           R"("action_move_card_from_list_to_list", "entities": {"card": {"type": "card", "idList": )"
           R"("5fc7a4f2e1b3c2a1d0e9f8a9", "id": "5fc7b0ffe1b3c2a1d0e9f8af", "text": "Caf\u00e9"}}}, )"
           R"("memberCreator": {"id": "5a1b2c3d4e5f6a7b8c9d0e1f", "activityBlocked": false, "avatarHash": null, )"
           R"("avatarUrl": null, "fullName": "J\u00fcrgen M\u00fcller", "idMemberReferrer": null, )"
           R"("initials": "JM", "nonPublic": {}, "nonPublicAvailable": true, "username": "jurgenmuller"}}, )"
           R"("model": {)" +
           modelId +
           R"("name": "Inthe.AM", "desc": "Tasks listed on your Inthe.AM account", )"
           R"("descData": null, "closed": false, "idOrganization": null, "pinned": false, )"
           R"("url": "https://trello.com/b/XyZ12345/inthe-am", "shortUrl": "https://trello.com/b/XyZ12345", )"
           R"("prefs": {"permissionLevel": "private", "background": "blue", "backgroundImage": null, )"
           R"("backgroundImageScaled": null, "backgroundTile": false, "canBePublic": true}, )"
           R"("labelNames": {"green": "", "yellow": "", "orange": "", "red": "", "purple": "", "blue": ""}}, )"
           R"("webhook": {"id": "5fc7a5a0e1b3c2a1d0e9f8aa", "description": "", )"
           R"("idModel": "5fc7a4f2e1b3c2a1d0e9f8a7", "callbackURL": )"
           R"("https://inthe.am/api/v2/tasks/trello/incoming/2b5c8e2d/", "active": true, )"
           R"("consecutiveFailures": 0, "firstConsecutiveFailDate": null}})";
}

} // namespace

class TestPayloadChecker : public QObject
{
    Q_OBJECT
private slots:
    void realAppTrafficPassesClean_data();
    void realAppTrafficPassesClean();
    void departuresAreFlagged_data();
    void departuresAreFlagged();
};

void TestPayloadChecker::realAppTrafficPassesClean_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");

    // models/taskstore.py TaskStore.sync: `debounce_id = kwargs.get("debounce_id") if kwargs else
    // None`; viewsets/task.py TaskViewSet.sync ("sync now") calls store.sync(asynchronous=False).
    QTest::newRow("local_sync from 'sync now': debounce_id null")
        << QByteArray("local_sync.alice") << localSync("null");
    // tasks.py sync_repository passes the debounce_id TaskStore.sync set: str(time.time()).
    QTest::newRow("local_sync from the sync task: debounce_id str(time.time())")
        << QByteArray("local_sync.alice") << localSync(R"("1606938611.2365353")");
    // models/taskstore.py get_changed_tasks: decode_task splits `tags` into a list.
    QTest::newRow("changed_task tags: both sides lists")
        << QByteArray("changed_task.alice")
        << changedTask(R"({"modified": ["1606901411", "1606912211"], "tags": [["home"], ["home", "next"]]})");
    QTest::newRow("changed_task tags added to a task without tags")
        << QByteArray("changed_task.alice")
        << changedTask(R"({"modified": ["1606901411", "1606912211"], "tags": [null, ["next"]]})");
    QTest::newRow("changed_task tags removed")
        << QByteArray("changed_task.alice")
        << changedTask(R"({"modified": ["1606901411", "1606912211"], "tags": [["next"], null]})");
    // get_changed_tasks: a field only in the new line has before None; Taskwarrior's data files
    // hold dates as epoch seconds and one `annotation_<entry epoch>` attribute per annotation.
    QTest::newRow("changed_task new task, annotation_<epoch> key")
        << QByteArray("changed_task.alice")
        << changedTask(
               R"({"description": [null, "Buy milk"], "entry": [null, "1606900211"], )"
               R"("modified": [null, "1606900211"], "status": [null, "pending"], )"
               R"("tags": [null, ["home", "next"]], "uuid": [null, "0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f"], )"
               R"("annotation_1606938611": [null, "Left a voicemail"]})");
    // taskw's NumericField: Taskwarrior exports a whole urgency as 5, json.dumps keeps it an int.
    QTest::newRow("changed_task whole-number urgency")
        << QByteArray("changed_task.alice")
        << changedTask(R"({"priority": [null, "H"], "modified": ["1606901411", "1606912211"]})", "5");
    QTest::newRow("changed_task fractional urgency")
        << QByteArray("changed_task.alice")
        << changedTask(R"({"status": ["pending", "completed"], "end": [null, "1606912211"]})", "4.8986");
    // models/taskstoreactivitylog.py TaskStoreActivityLog.save publishes before super().save(): a new
    // row (get_or_create in TaskStore._log_entry, default count 0) has no dates yet; _log_entry then
    // sets count 1 and last_seen and saves again.
    QTest::newRow("log_message new row, first publish")
        << QByteArray("log_message.alice") << logMessage("null", "null", "0");
    QTest::newRow("log_message new row, second publish")
        << QByteArray("log_message.alice")
        << logMessage(R"("2020-12-02T12:30:11.123Z")", R"("2020-12-02T12:30:11.120Z")", "1");
    QTest::newRow("log_message seen again, Django drops a zero fraction")
        << QByteArray("log_message.alice")
        << logMessage(R"("2020-12-03T08:00:00Z")", R"("2020-12-02T12:30:11.120Z")", "2");
    // taskserver src/daemon.cpp Daemon::handle_sync, branch inthe_am_dockerized.
    QTest::newRow("sync as jsoncpp writes it")
        << QByteArray("sync.j\xc3\xbcrgen@example.de") << jsoncppSync();
    // The same function, before the sync: the certificate check. get_certificate_fingerprint
    // returns "" for a certificate that is not X.509.
    QTest::newRow("taskd.certificate as jsoncpp writes it")
        << QByteArray("taskd.certificate.o'neil@example.net")
        << QByteArray(
               "{\n\t\"certificate_accepted\" : true,\n\t\"certificate_recognized\" : false,\n"
               "\t\"client\" : \"task 2.5.3\",\n\t\"fingerprint\" : \"\",\n\t\"ip\" : \"198.51.100.9\",\n"
               "\t\"org\" : \"inthe_am\",\n\t\"port\" : 40001,\n\t\"username\" : \"o'neil@example.net\"\n}");
    // models/taskstore.py publish_personal_announcement adds `username` after title and message;
    // json.dumps escapes non-ASCII, a character outside the BMP as a surrogate pair.
    QTest::newRow("personal with \\u escapes")
        << QByteArray("personal.j\xc3\xbcrgen@example.de")
        << QByteArray(R"({"title": "Trello", "message": "Caf\u00e9 list synced \ud83c\udf89", )"
                      R"("username": "j\u00fcrgen@example.de"})");
    QTest::newRow("sync action written with an escape")
        << QByteArray("sync.j\xc3\xbcrgen@example.de")
        << jsoncppSync().replace("\"action\" : \"sync\"", R"("action" : "sy\u006ec")");
    // tasks.py process_email_message: `task_id` only when accepted, `rejection_reason` only when not.
    QTest::newRow("incoming_mail accepted")
        << QByteArray("incoming_mail.alice")
        << QByteArray(R"({"username": "alice", "message_id": 1201, "subject": "", "accepted": true, )"
                      R"("task_id": "0d6f1c3e-8a7b-4c2d-9e1f-2a3b4c5d6e7f"})");
    QTest::newRow("incoming_mail rejected by subject")
        << QByteArray("incoming_mail.alice")
        << QByteArray(R"({"username": "alice", "message_id": 1202, "subject": "Fwd: invoice", )"
                      R"("accepted": false, "rejection_reason": "subject"})");
    // tasks.py process_trello_action publishes the webhook body incoming_trello received.
    QTest::newRow("incoming_trello_change: the whole webhook body")
        << QByteArray("incoming_trello_change.alice") << trelloWebhook();
}

void TestPayloadChecker::realAppTrafficPassesClean()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    const QStringList problems =
        PayloadChecker::check(ChannelName::parse(channel), PayloadDocument::parse(payload));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1String("; "))));
}

void TestPayloadChecker::departuresAreFlagged_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QStringList>("problems");

    QTest::newRow("local_sync debounce_id missing")
        << QByteArray("local_sync.alice")
        << QByteArray(R"({"username": "alice", "start": ")" + sha1 + R"(", "head": ")" + sha2 + R"("})")
        << QStringList{"debounce_id: missing"};
    QTest::newRow("local_sync debounce_id a number, never str(time.time())")
        << QByteArray("local_sync.alice") << localSync("1606938611.2365353")
        << QStringList{"debounce_id: expected a string, got number"};
    // As Python's json.loads reads a repeated key: the last one counts, wherever the others stand.
    QTest::newRow("local_sync repeated keys: the last ones count")
        << QByteArray("local_sync.alice")
        << QByteArray(R"({"username": "alice", "debounce_id": 5, "start": ")" + sha1 + R"(", "head": ")" +
                      sha2 + R"(", "debounce_id": "1606938611.2365353", "start": 7})")
        << QStringList{"start: expected a string, got number"};
    QTest::newRow("local_sync repeated keys, fields backwards, one escaped")
        << QByteArray("local_sync.alice")
        << QByteArray(
               R"({"head": ")" + sha2 + R"(", "start": ")" + sha1 +
               R"(", "debounce_id": null, "username": "alice", "h\u0065ad": [], "debounce_id": false})")
        << QStringList{"debounce_id: expected a string, got boolean", "head: expected a string, got array"};
    QTest::newRow("changed_task a side a number")
        << QByteArray("changed_task.alice") << changedTask(R"({"priority": [1, "H"]})")
        << QStringList{"changes.priority: before is number, expected a string, a list of strings or null"};
    QTest::newRow("changed_task tags holding numbers")
        << QByteArray("changed_task.alice") << changedTask(R"({"tags": [["home"], ["home", 2]]})")
        << QStringList{
               "changes.tags: after is a list holding more than strings, expected a string, a list of "
               "strings or null"};
    QTest::newRow("changed_task a side an object")
        << QByteArray("changed_task.alice") << changedTask(R"({"due": [null, {"epoch": 1606912211}]})")
        << QStringList{"changes.due: after is object, expected a string, a list of strings or null"};
    QTest::newRow("changed_task a change of three")
        << QByteArray("changed_task.alice") << changedTask(R"({"tags": [["a"], ["b"], ["c"]]})")
        << QStringList{"changes.tags: expected [before, after], got 3 elements"};
    QTest::newRow("changed_task changes a list")
        << QByteArray("changed_task.alice") << changedTask(R"([["tags", ["a"], ["b"]]])")
        << QStringList{"changes: expected an object, got array"};
    QTest::newRow("log_message null dates with a count: never published so")
        << QByteArray("log_message.alice") << logMessage("null", "null", "4")
        << QStringList{"last_seen: null, yet count is 4 (only a new row, with count 0, has no date yet)",
                       "created: null, yet count is 4 (only a new row, with count 0, has no date yet)"};
    QTest::newRow("log_message last_seen not a date")
        << QByteArray("log_message.alice") << logMessage(R"("yesterday")", "null", "0")
        << QStringList{"last_seen: 'yesterday' is not an ISO-8601 datetime"};
    QTest::newRow("log_message count a string")
        << QByteArray("log_message.alice") << logMessage("null", "null", R"("1")")
        << QStringList{"count: expected a number, got string"};
    QTest::newRow("sync port a string")
        << QByteArray("sync.j\xc3\xbcrgen@example.de") << jsoncppSync(R"("41234")")
        << QStringList{"port: expected a number, got string"};
    QTest::newRow("sync cut off") << QByteArray("sync.j\xc3\xbcrgen@example.de") << jsoncppSync().chopped(40)
                                  << QStringList{"payload: not JSON (unterminated object at offset 380)"};
    QTest::newRow("sync not UTF-8") << QByteArray("sync.alice") << QByteArray("{\"client\" : \"t\xe4sk\"}")
                                    << QStringList{"payload: not valid UTF-8"};
    QTest::newRow("sync not an object") << QByteArray("sync.alice") << QByteArray("[\n\t\"sync\"\n]")
                                        << QStringList{"payload: not a JSON object (array)"};
    QTest::newRow("sync null service_duration")
        << QByteArray("sync.j\xc3\xbcrgen@example.de") << jsoncppSync("41234", "null")
        << QStringList{"service_duration: expected a number, got null"};
    QTest::newRow("sync action not sync")
        << QByteArray("sync.j\xc3\xbcrgen@example.de")
        << jsoncppSync().replace("\"action\" : \"sync\"", "\"action\" : \"synced\"")
        << QStringList{"action: 'synced' is not one of 'sync'"};
    QTest::newRow("sync action escaped, not sync")
        << QByteArray("sync.j\xc3\xbcrgen@example.de")
        << jsoncppSync().replace("\"action\" : \"sync\"", R"("action" : "sync\u0065d")")
        << QStringList{"action: 'synced' is not one of 'sync'"};
    QTest::newRow("sync username of someone else")
        << QByteArray("sync.alice") << jsoncppSync()
        << QStringList{QString::fromUtf8("username: 'j\xc3\xbcrgen@example.de' differs from the channel's "
                                         "'alice'")};
    QTest::newRow("personal escaped username of someone else")
        << QByteArray("personal.jurgen@example.de")
        << QByteArray(R"({"title": "T", "message": "M", "username": "j\u00fcrgen@example.de"})")
        << QStringList{QString::fromUtf8("username: 'j\xc3\xbcrgen@example.de' differs from the channel's "
                                         "'jurgen@example.de'")};
    QTest::newRow("trello webhook body without model.id")
        << QByteArray("incoming_trello_change.alice") << trelloWebhook("")
        << QStringList{"model.id: missing"};
}

void TestPayloadChecker::departuresAreFlagged()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    QFETCH(QStringList, problems);
    QCOMPARE(PayloadChecker::check(ChannelName::parse(channel), PayloadDocument::parse(payload)), problems);
}

QTEST_APPLESS_MAIN(TestPayloadChecker)
#include "tst_payloadchecker.moc"
