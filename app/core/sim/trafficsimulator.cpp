#include "sim/trafficsimulator.h"

#include "events/announcement.h"
#include "events/channelname.h"
#include "events/isodatetime.h"
#include "events/pythonjsonobject.h"
#include "sim/jsoncppobject.h"

#include <QCryptographicHash>
#include <array>

namespace busmon {

namespace {

using L = QLatin1StringView;

// 2026-11-27T08:00:00Z: a fixed start keeps a seed's output the same on every run.
constexpr qint64 simulationStartMs = 1795766400000;

// As clients name themselves in the taskd protocol.
constexpr std::array clients{"task 2.6.2", "task 2.6.2",       "task 2.5.3",
                             "task 2.6.1", "Foreground 1.4.0", "TaskwarriorC2 2.0.1"};

struct LogLine
{
    bool error;
    const char *text;
};
constexpr std::array logLines{
    LogLine{false, "Lockfile manually deleted."},
    LogLine{false,
            "Tasks 3f0c2a1e-0b9d-4c8e-9f7a-6d5e4c3b2a19 merged into 8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d."},
    LogLine{false, "Bugwarrior tasks were synchronized successfully."},
    LogLine{false, "Trello board refreshed: 3 cards updated."},
    LogLine{true, "An error was encountered when attempting to sync Inthe.AM's UI with the Taskserver: "
                  "Could not connect to taskd server (timed out)."},
    LogLine{true, "Sync failed: the server rejected the certificate (code 430)."},
    LogLine{true, "Task 'Pay electricity bill' could not be parsed: invalid date \"31/11\"."},
    LogLine{true,
            "An error occurred while interacting with your task list, and your task list was recovered by "
            "rolling-back to the last known good state."},
};

struct Toast
{
    const char *title;
    const char *message;
};
// What tasks.py sends with publish_personal_announcement.
constexpr std::array webAppToasts{
    Toast{"Trello", "Trello has been successfully reset."},
    Toast{"Trello", "Synchronization completed successfully."},
    Toast{"Deduplication", "Deduplication process completed successfully."},
};
// What support sends with busmon's compose or busmon-cli announce.
constexpr std::array supportToasts{
    Toast{"Sync", "Your tasks are up to date."},
    Toast{"Certificate", "Your new certificate has been generated."},
    Toast{"Error", "We couldn't reach your taskd server.\nWe'll try again in 5 minutes."},
};

constexpr std::array announcements{
    Toast{"Scheduled maintenance", "Inthe.AM will be read-only on Sunday from 02:00 to 03:00 UTC."},
    Toast{"Welcome back", "Sync is working again. Thanks for your patience!"},
    Toast{"New feature", "You can now snooze tasks from the task list — try it."},
};

// process_email_message makes a task only of a mail whose subject is empty, "add", "create" or "new".
constexpr std::array taskSubjects{"", "add", "Add", "new", "create"};
constexpr std::array otherSubjects{"Groceries", "Fwd: invoice #2231", "call mom",       "Re: project kickoff",
                                   "Buy milk",  "🎉 party supplies",   "Renew passport", "meeting notes"};
constexpr std::array senders{"me@example.com", "assistant@example.org", "noreply@example.net",
                             "juergen@example.de"};
struct TrelloAction
{
    const char *type;
    const char *translationKey;
};
constexpr std::array trelloActions{
    TrelloAction{"updateCard", "action_renamed_card"},
    TrelloAction{"updateCard", "action_move_card_from_list_to_list"},
    TrelloAction{"createCard", "action_create_card"},
    TrelloAction{"commentCard", "action_comment_on_card"},
    TrelloAction{"updateCheckItemStateOnCard", "action_completed_checkitem"},
    TrelloAction{"addLabelToCard", "action_add_label_to_card"},
};
constexpr std::array cardNames{"Buy milk",         "Renew passport",      "Caf\u00e9 opening flyer",
                               "Plan Lisbon trip", "Reply to Mar\u00eda", "\U0001f389 party supplies"};

QString shaOf(SimRandom &random)
{
    return random.hex(40);
}

QByteArray quotedDate(qint64 ms)
{
    return '"' + IsoDateTime::formatDjango(ms) + '"';
}

} // namespace

QStringList TrafficSimulator::defaultUsers()
{
    return {
        QStringLiteral("jane.doe@example.com"),
        QStringLiteral("alice"),
        QStringLiteral("bob.smith+tasks@example.org"),
        QStringLiteral("o'neil@example.net"),
        QStringLiteral("dev_ops-7"),
        QString::fromUtf8("j\xc3\xbcrgen@example.de"),
    };
}

QString TrafficSimulator::webAppAddress()
{
    return QStringLiteral("172.18.0.5");
}

TrafficSimulator::TrafficSimulator(Options options)
    : m_random(options.seed)
    , m_nowMs(simulationStartMs)
{
    const QStringList names = options.users.isEmpty() ? defaultUsers() : options.users;
    for (const QString &name : names) {
        SimulatedUser user;
        user.name = name;
        user.client = QString::fromLatin1(m_random.pick(clients));
        user.ip = m_random.ipv4();
        user.newestKey = m_random.uuid();
        user.deviceKey = user.newestKey;
        user.webAppKey = user.newestKey;
        // get_certificate_fingerprint: SHA-512, hex.
        user.deviceFingerprint = m_random.hex(128);
        user.webFingerprint = m_random.hex(128);
        user.recordCount = m_random.between(40, 4000);
        user.head = shaOf(m_random);
        user.trelloBoardId = m_random.hex(24);
        user.trelloShortLink = m_random.hex(8);
        user.trelloWebhookId = m_random.hex(24);
        user.trelloMemberId = m_random.hex(24);
        user.trelloMemberName =
            name.section(QLatin1Char('@'), 0, 0).remove(QLatin1Char('.')) + m_random.hex(2);
        const int taskCount = m_random.between(3, 12);
        for (int i = 0; i < taskCount; ++i)
            user.tasks << SimulatedTask::create(m_random, user.nextTaskId++,
                                                m_nowMs - m_random.between(1, 90) * 86400000LL);
        m_users << user;
    }
}

SimulatedMessage TrafficSimulator::next()
{
    while (m_pending.empty())
        generate();
    SimulatedMessage message = std::move(m_pending.front());
    m_pending.pop_front();
    return message;
}

void TrafficSimulator::emitMessage(const QByteArray &channel, const QByteArray &payload)
{
    m_pending.push_back({channel, payload});
}

SimulatedUser &TrafficSimulator::anyUser()
{
    // A few users are much busier than the rest, as on any real service.
    const int count = static_cast<int>(m_users.size());
    const int index = m_random.chance(0.5) ? m_random.below(qMin(count, 2)) : m_random.below(count);
    return m_users[index];
}

qint64 TrafficSimulator::tick()
{
    return wait(5, 400);
}

qint64 TrafficSimulator::wait(int lowestMs, int highestMs)
{
    m_nowMs += m_random.between(lowestMs, highestMs);
    return m_nowMs;
}

void TrafficSimulator::generate()
{
    tick();
    const int roll = m_random.below(1000);
    if (roll < 450)
        deviceSync(anyUser());
    else if (roll < 520)
        syncNow(anyUser());
    else if (roll < 590)
        webEdit(anyUser());
    else if (roll < 760)
        logMessage(anyUser());
    else if (roll < 830)
        personalToast(anyUser());
    else if (roll < 890)
        incomingMail(anyUser());
    else if (roll < 997)
        trelloChange(anyUser());
    else
        generalAnnouncement();
}

bool TrafficSimulator::certificateCheck(SimulatedUser &user, Peer peer)
{
    // The web app's certificate is always known; a device sometimes shows an old or foreign one,
    // which taskd accepts unless inthe_am.reject_unrecognized_certificates is on.
    const bool fromWebApp = peer == Peer::WebApp;
    const int roll = fromWebApp ? 100 : m_random.below(100);
    const bool recognized = roll >= 8;
    const bool accepted = roll >= 3;
    JsoncppObject object;
    object.addString(L("username"), user.name)
        .addString(L("org"), QStringLiteral("inthe_am"))
        .addString(L("client"), fromWebApp ? QStringLiteral("task 2.5.3") : user.client)
        .addString(L("ip"), fromWebApp   ? webAppAddress()
                            : recognized ? user.ip
                                         : m_random.ipv4())
        .addInteger(L("port"), m_random.between(32768, 60999))
        .addString(L("fingerprint"), fromWebApp   ? user.webFingerprint
                                     : recognized ? user.deviceFingerprint
                                                  : m_random.hex(128))
        .addBool(L("certificate_recognized"), recognized)
        .addBool(L("certificate_accepted"), accepted);
    emitMessage(ChannelName::forUser(EventKind::TaskdCertificate, user.name), object.toJson());
    return accepted;
}

void TrafficSimulator::taskdSync(SimulatedUser &user, Peer peer, int stored, int merged, int delta)
{
    const bool fromWebApp = peer == Peer::WebApp;
    QString &key = fromWebApp ? user.webAppKey : user.deviceKey;
    const double seconds = 0.004 + m_random.uniform() * m_random.uniform() * 0.9;
    // handle_sync: branch_point is the client's sync key, record_count the lines of the user's data
    // before this sync; a sync that stores something hands out a new key.
    JsoncppObject object;
    object.addString(L("action"), QStringLiteral("sync"))
        .addString(L("username"), user.name)
        .addString(L("org"), QStringLiteral("inthe_am"))
        .addString(L("client"), fromWebApp ? QStringLiteral("task 2.5.3") : user.client)
        .addString(L("ip"), fromWebApp ? webAppAddress() : user.ip)
        .addInteger(L("port"), m_random.between(32768, 60999))
        .addString(L("client_key"), key)
        .addInteger(L("record_count"), user.recordCount)
        .addString(L("branch_point"), key)
        .addInteger(L("branch_record_count"), qMax<qint64>(user.recordCount - delta, 0))
        .addInteger(L("delta_count"), delta)
        .addInteger(L("stored_count"), stored)
        .addInteger(L("merged_count"), merged)
        .addDouble(L("service_duration"), seconds);
    emitMessage(ChannelName::forUser(EventKind::Sync, user.name), object.toJson());
    if (stored + merged > 0) {
        user.recordCount += stored + merged + 1;
        user.newestKey = m_random.uuid();
    }
    key = user.newestKey;
}

void TrafficSimulator::deviceSync(SimulatedUser &user)
{
    if (!certificateCheck(user, Peer::Device))
        return;
    const bool changed = m_random.chance(0.22);
    const int stored = changed ? m_random.between(0, 3) : 0;
    const int merged = changed && (stored == 0 || m_random.chance(0.3)) ? m_random.between(1, 2) : 0;
    const int delta = stored + merged + m_random.between(0, 2);
    taskdSync(user, Peer::Device, stored, merged, delta);
    // sync_listener hears it and calls store.sync(): sync_repository runs five seconds later.
    if (stored + merged > 0) {
        const QString debounceId = debounceIdNow();
        wait(5000, 5400);
        webAppSync(user, 0, qMax(stored, 1), debounceId);
    }
}

void TrafficSimulator::syncNow(SimulatedUser &user)
{
    const int pulled = m_random.chance(0.3) ? m_random.between(1, 2) : 0;
    webAppSync(user, 0, pulled, std::nullopt);
}

void TrafficSimulator::webEdit(SimulatedUser &user)
{
    // A git_checkpoint(sync=True) around the edit: its changed_task at once, then store.sync().
    const QString start = user.head;
    user.head = shaOf(m_random);
    QMap<QString, QByteArray> before;
    const SimulatedTask &task = changeSomeTask(user, tick(), before);
    changedTask(user, task, before, start, user.head);
    const QString debounceId = debounceIdNow();
    wait(5000, 5400);
    webAppSync(user, 1, 0, debounceId);
}

void TrafficSimulator::webAppSync(SimulatedUser &user, int pushed, int pulled,
                                  const std::optional<QString> &debounceId)
{
    // TaskStore.sync(asynchronous=False): `task sync` inside a git_checkpoint, whose exit
    // publishes one changed_task per changed task; local_sync after it. Nothing pulled, nothing
    // committed: start and head are the same.
    certificateCheck(user, Peer::WebApp);
    taskdSync(user, Peer::WebApp, pushed, 0, pulled);
    const QString start = user.head;
    if (pulled > 0)
        user.head = shaOf(m_random);
    for (int i = 0; i < pulled; ++i) {
        QMap<QString, QByteArray> before;
        const SimulatedTask &task = changeSomeTask(user, tick(), before);
        changedTask(user, task, before, start, user.head);
    }
    tick();
    emitMessage(ChannelName::forUser(EventKind::LocalSync, user.name),
                PythonJsonObject()
                    .addString(L("username"), user.name)
                    .addJson(L("debounce_id"),
                             debounceId ? PythonJsonObject::quoted(*debounceId) : QByteArrayLiteral("null"))
                    .addString(L("start"), start)
                    .addString(L("head"), user.head)
                    .toJson());
    // Keep each user's list a realistic size.
    while (user.tasks.size() > 40)
        user.tasks.removeFirst();
}

SimulatedTask &TrafficSimulator::changeSomeTask(SimulatedUser &user, qint64 atMs,
                                                QMap<QString, QByteArray> &before)
{
    if (user.tasks.isEmpty() || m_random.chance(0.35)) {
        before.clear();
        user.tasks << SimulatedTask::create(m_random, user.nextTaskId++, atMs);
        return user.tasks.last();
    }
    SimulatedTask &task = user.tasks[m_random.below(static_cast<int>(user.tasks.size()))];
    before = task.storedFields();
    task.changeSomehow(m_random, atMs);
    return task;
}

void TrafficSimulator::changedTask(SimulatedUser &user, const SimulatedTask &task,
                                   const QMap<QString, QByteArray> &before, const QString &start,
                                   const QString &head)
{
    emitMessage(ChannelName::forUser(EventKind::ChangedTask, user.name),
                PythonJsonObject()
                    .addString(L("username"), user.name)
                    .addString(L("start"), start)
                    .addString(L("head"), head)
                    .addString(L("task_id"), task.uuid)
                    .addJson(L("task_data"), task.taskData())
                    .addJson(L("changes"), SimulatedTask::changes(before, task.storedFields()))
                    .toJson());
}

QString TrafficSimulator::debounceIdNow()
{
    // str(time.time()): seconds with the microseconds the clock gives, written as repr() writes them.
    const double seconds = static_cast<double>(m_nowMs) / 1000.0 + m_random.below(1000) / 1e6;
    return QString::fromLatin1(PythonJsonObject::floatText(seconds));
}

void TrafficSimulator::logEntry(SimulatedUser &user, const QString &text, bool error, bool silent)
{
    // TaskStore._log_entry: one row per message text; TaskStoreActivityLog.save publishes before
    // Django saves, so a new row goes out twice: without dates and count 0, then dated with count 1.
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash((L("/task_data/") + user.name + text).toUtf8(), QCryptographicHash::Md5)
            .toHex());
    const auto publish = [&](const QByteArray &lastSeen, const QByteArray &created, int count) {
        emitMessage(ChannelName::forUser(EventKind::LogMessage, user.name),
                    PythonJsonObject()
                        .addString(L("username"), user.name)
                        .addString(L("md5hash"), hash)
                        .addJson(L("last_seen"), lastSeen)
                        .addJson(L("created"), created)
                        .addBool(L("error"), error)
                        .addBool(L("silent"), silent)
                        .addString(L("message"), text)
                        .addInteger(L("count"), count)
                        .toJson());
    };
    // The real table keeps every row; a bounded memory of them is enough to repeat the common ones.
    if (user.logRows.size() > 64)
        user.logRows.clear();
    SimulatedUser::LogRow &row = user.logRows[hash];
    if (row.count == 0) {
        publish("null", "null", 0);
        row.createdMs = m_nowMs;
        wait(1, 4);
    }
    ++row.count;
    publish(quotedDate(m_nowMs), quotedDate(row.createdMs), row.count);
}

void TrafficSimulator::logMessage(SimulatedUser &user)
{
    const bool wantError = m_random.chance(0.25);
    LogLine line = m_random.pick(logLines);
    while (line.error != wantError)
        line = m_random.pick(logLines);
    logEntry(user, QString::fromUtf8(line.text), line.error, line.error && m_random.chance(0.3));
}

void TrafficSimulator::personalToast(SimulatedUser &user)
{
    const QByteArray channel = ChannelName::forUser(EventKind::Personal, user.name);
    if (m_random.chance(0.75)) {
        // publish_personal_announcement adds the username after title and message.
        const Toast toast = m_random.pick(webAppToasts);
        emitMessage(channel, PythonJsonObject()
                                 .addString(L("title"), QString::fromUtf8(toast.title))
                                 .addString(L("message"), QString::fromUtf8(toast.message))
                                 .addString(L("username"), user.name)
                                 .toJson());
        return;
    }
    const Toast toast = m_random.pick(supportToasts);
    Announcement announcement{QString::fromUtf8(toast.title), QString::fromUtf8(toast.message), {}, {}};
    if (m_random.chance(0.6))
        announcement.type = static_cast<Announcement::Type>(m_random.below(4));
    if (m_random.chance(0.3))
        announcement.duration = m_random.between(2, 15) * 1000;
    emitMessage(channel, announcement.personalPayload(user.name));
}

void TrafficSimulator::generalAnnouncement()
{
    const Toast toast = m_random.pick(announcements);
    Announcement announcement{QString::fromUtf8(toast.title), QString::fromUtf8(toast.message), {}, {}};
    if (m_random.chance(0.5))
        announcement.type = Announcement::Type::Warning;
    emitMessage(ChannelName::forUser(EventKind::General, QString()), announcement.generalPayload());
}

void TrafficSimulator::incomingMail(SimulatedUser &user)
{
    // process_email_message: the pass list first, then the subject decides.
    const qint64 id = m_nextMailId++;
    const QString sender = QString::fromLatin1(m_random.pick(senders));
    const int verdict = m_random.below(10);
    const bool passed = verdict >= 2;
    const bool accepted = passed && verdict >= 4;
    const QString subject =
        QString::fromUtf8(accepted ? m_random.pick(taskSubjects) : m_random.pick(otherSubjects));
    PythonJsonObject object;
    object.addString(L("username"), user.name)
        .addInteger(L("message_id"), id)
        .addString(L("subject"), subject)
        .addBool(L("accepted"), accepted);
    if (!passed) {
        logEntry(user,
                 QStringLiteral("Incoming task creation e-mail (ID: %1) from '%2' does not match email "
                                "whitelist and was ignored.")
                     .arg(id)
                     .arg(sender),
                 false, false);
        object.addString(L("rejection_reason"), QStringLiteral("passlist"));
    } else if (!accepted) {
        logEntry(user,
                 QStringLiteral("Unable to process e-mail %1 from %2; unknown subject '%3': %4")
                     .arg(id)
                     .arg(sender, subject, QStringLiteral("Don't forget the receipts.")),
                 false, false);
        object.addString(L("rejection_reason"), QStringLiteral("subject"));
    } else {
        const QString start = user.head;
        user.head = shaOf(m_random);
        const qint64 at = tick();
        user.tasks << SimulatedTask::create(m_random, user.nextTaskId++, at);
        changedTask(user, user.tasks.last(), {}, start, user.head);
        logEntry(user,
                 QStringLiteral("Added task %1 via e-mail %2 from %3.")
                     .arg(user.tasks.last().uuid)
                     .arg(id)
                     .arg(sender),
                 false, false);
        object.addString(L("task_id"), user.tasks.last().uuid);
    }
    emitMessage(ChannelName::forUser(EventKind::IncomingMail, user.name), object.toJson());
    if (accepted) {
        const QString debounceId = debounceIdNow();
        wait(5000, 5400);
        webAppSync(user, 1, 0, debounceId);
    }
}

void TrafficSimulator::trelloChange(SimulatedUser &user)
{
    // process_trello_action publishes the body Trello posted to the webhook, whole.
    const QByteArray boardId = PythonJsonObject::quoted(user.trelloBoardId);
    const QByteArray board = PythonJsonObject()
                                 .addJson(L("id"), boardId)
                                 .addString(L("name"), QStringLiteral("Inthe.AM"))
                                 .addString(L("shortLink"), user.trelloShortLink)
                                 .toJson();
    const QString cardName = QString::fromUtf8(m_random.pick(cardNames));
    const QString cardId = m_random.hex(24);
    const QByteArray card = PythonJsonObject()
                                .addString(L("id"), cardId)
                                .addString(L("name"), cardName)
                                .addInteger(L("idShort"), m_random.between(1, 400))
                                .addString(L("shortLink"), m_random.hex(8))
                                .toJson();
    const TrelloAction action = m_random.pick(trelloActions);
    const QByteArray member = PythonJsonObject()
                                  .addString(L("id"), user.trelloMemberId)
                                  .addBool(L("activityBlocked"), false)
                                  .addNull(L("avatarHash"))
                                  .addNull(L("avatarUrl"))
                                  .addString(L("fullName"), user.name.section(QLatin1Char('@'), 0, 0))
                                  .addNull(L("idMemberReferrer"))
                                  .addString(L("initials"), user.name.left(1).toUpper())
                                  .addJson(L("nonPublic"), "{}")
                                  .addBool(L("nonPublicAvailable"), true)
                                  .addString(L("username"), user.trelloMemberName)
                                  .toJson();
    const QByteArray body =
        PythonJsonObject()
            .addJson(
                L("action"),
                PythonJsonObject()
                    .addString(L("id"), m_random.hex(24))
                    .addString(L("idMemberCreator"), user.trelloMemberId)
                    .addJson(L("data"),
                             PythonJsonObject().addJson(L("card"), card).addJson(L("board"), board).toJson())
                    .addString(L("type"), QString::fromLatin1(action.type))
                    .addJson(L("date"), '"' + IsoDateTime::formatUtcMs(m_nowMs) + '"')
                    .addJson(L("limits"), "{}")
                    .addJson(
                        L("display"),
                        PythonJsonObject()
                            .addString(L("translationKey"), QString::fromLatin1(action.translationKey))
                            .addJson(L("entities"),
                                     PythonJsonObject()
                                         .addJson(L("card"), PythonJsonObject()
                                                                 .addString(L("type"), QStringLiteral("card"))
                                                                 .addString(L("id"), cardId)
                                                                 .addString(L("text"), cardName)
                                                                 .toJson())
                                         .toJson())
                            .toJson())
                    .addJson(L("memberCreator"), member)
                    .toJson())
            .addJson(
                L("model"),
                PythonJsonObject()
                    .addJson(L("id"), boardId)
                    .addString(L("name"), QStringLiteral("Inthe.AM"))
                    .addString(L("desc"), QStringLiteral("Tasks listed on your Inthe.AM account"))
                    .addNull(L("descData"))
                    .addBool(L("closed"), false)
                    .addNull(L("idOrganization"))
                    .addBool(L("pinned"), false)
                    .addString(L("url"), QStringLiteral("https://trello.com/b/") + user.trelloShortLink +
                                             QStringLiteral("/inthe-am"))
                    .addString(L("shortUrl"), QStringLiteral("https://trello.com/b/") + user.trelloShortLink)
                    .toJson())
            .addJson(L("webhook"),
                     PythonJsonObject()
                         .addString(L("id"), user.trelloWebhookId)
                         .addString(L("description"), QString())
                         .addJson(L("idModel"), boardId)
                         .addString(L("callbackURL"),
                                    QStringLiteral("https://inthe.am/api/v2/tasks/trello/incoming/") +
                                        user.trelloWebhookId.left(8) + QLatin1Char('/'))
                         .addBool(L("active"), true)
                         .addInteger(L("consecutiveFailures"), 0)
                         .addNull(L("firstConsecutiveFailDate"))
                         .toJson())
            .toJson();
    emitMessage(ChannelName::forUser(EventKind::IncomingTrelloChange, user.name), body);
}

} // namespace busmon
