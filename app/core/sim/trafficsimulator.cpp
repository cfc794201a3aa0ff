#include "sim/trafficsimulator.h"

#include "events/announcement.h"
#include "events/channelname.h"
#include "events/isodatetime.h"
#include "events/pythonjsonobject.h"

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
    LogLine{false, "Synchronization completed successfully."},
    LogLine{false, "Local changes were pushed to the server."},
    LogLine{false, "Bugwarrior tasks were synchronized successfully."},
    LogLine{false, "Trello board refreshed: 3 cards updated."},
    LogLine{true, "Error while syncing tasks: Could not connect to taskd server (timed out)."},
    LogLine{true, "Sync failed: the server rejected the certificate (code 430)."},
    LogLine{true, "Task 'Pay electricity bill' could not be parsed: invalid date \"31/11\"."},
    LogLine{true, "Repository lock held for more than 60 seconds; skipping sync."},
};

struct Toast
{
    const char *title;
    const char *message;
};
constexpr std::array toasts{
    Toast{"Trello", "Trello has been successfully reset."},
    Toast{"Bugwarrior", "Synchronization started..."},
    Toast{"Sync", "Your tasks are up to date."},
    Toast{"Email", "A task was created from your e-mail \"Groceries\"."},
    Toast{"Certificate", "Your new certificate has been generated."},
    Toast{"Error", "We couldn't reach your taskd server.\nWe'll try again in 5 minutes."},
};

constexpr std::array announcements{
    Toast{"Scheduled maintenance", "Inthe.AM will be read-only on Sunday from 02:00 to 03:00 UTC."},
    Toast{"Welcome back", "Sync is working again. Thanks for your patience!"},
    Toast{"New feature", "You can now snooze tasks from the task list — try it."},
};

constexpr std::array subjects{"Groceries", "Fwd: invoice #2231", "call mom",       "Re: project kickoff",
                              "Buy milk",  "🎉 party supplies",   "Renew passport", "meeting notes"};
constexpr std::array trelloActions{
    "updateCard",     "updateCard", "createCard", "commentCard", "updateCheckItemStateOnCard",
    "addLabelToCard", "updateList"};

QString shaOf(SimRandom &random)
{
    return random.hex(40);
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
        user.clientKey = m_random.uuid();
        user.fingerprint = m_random.hex(40);
        user.recordCount = m_random.between(40, 4000);
        user.head = shaOf(m_random);
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
    m_nowMs += m_random.between(5, 400);
    return m_nowMs;
}

void TrafficSimulator::generate()
{
    tick();
    const int roll = m_random.below(1000);
    if (roll < 560)
        sync(anyUser());
    else if (roll < 680)
        certificate(anyUser());
    else if (roll < 800)
        logMessage(anyUser());
    else if (roll < 870)
        personalToast(anyUser());
    else if (roll < 930)
        incomingMail(anyUser());
    else if (roll < 997)
        trelloChange(anyUser());
    else
        generalAnnouncement();
}

void TrafficSimulator::sync(SimulatedUser &user)
{
    const bool changed = m_random.chance(0.22);
    const int stored = changed ? m_random.between(0, 3) : 0;
    const int merged = changed && (stored == 0 || m_random.chance(0.3)) ? m_random.between(1, 2) : 0;
    const int delta = stored + merged + m_random.between(0, 2);
    user.recordCount += stored;
    const double seconds = 0.02 + m_random.uniform() * m_random.uniform() * 0.9;

    PythonJsonObject object;
    object.addString(L("action"), QStringLiteral("sync"))
        .addString(L("username"), user.name)
        .addString(L("org"), QStringLiteral("inthe_am"))
        .addString(L("client"), user.client)
        .addString(L("ip"), user.ip)
        .addInteger(L("port"), m_random.between(32768, 60999))
        .addString(L("client_key"), user.clientKey)
        .addInteger(L("record_count"), user.recordCount)
        .addString(L("branch_point"), m_random.uuid())
        .addInteger(L("branch_record_count"), user.recordCount - delta)
        .addInteger(L("delta_count"), delta)
        .addInteger(L("stored_count"), stored)
        .addInteger(L("merged_count"), merged)
        .addFloat(L("service_duration"), std::round(seconds * 1e6) / 1e6);
    emitMessage(ChannelName::forUser(EventKind::Sync, user.name), object.toJson());

    if (stored + merged > 0)
        localSyncChain(user, qMax(stored, 1), user.head);
}

void TrafficSimulator::localSyncChain(SimulatedUser &user, int changedTasks, QString start)
{
    const QString head = shaOf(m_random);
    user.head = head;
    const qint64 now = tick();
    emitMessage(ChannelName::forUser(EventKind::LocalSync, user.name),
                PythonJsonObject()
                    .addString(L("username"), user.name)
                    .addString(L("debounce_id"), QString::fromLatin1(PythonJsonObject::floatText(
                                                     static_cast<double>(now) / 1000.0)))
                    .addString(L("start"), start)
                    .addString(L("head"), head)
                    .toJson());

    for (int i = 0; i < changedTasks; ++i) {
        const qint64 at = tick();
        QMap<QString, QString> before;
        SimulatedTask *task = nullptr;
        if (user.tasks.isEmpty() || m_random.chance(0.35)) {
            user.tasks << SimulatedTask::create(m_random, user.nextTaskId++, at);
            task = &user.tasks.last();
        } else {
            task = &user.tasks[m_random.below(static_cast<int>(user.tasks.size()))];
            before = task->fieldTexts();
            task->changeSomehow(m_random, at);
        }
        emitMessage(ChannelName::forUser(EventKind::ChangedTask, user.name),
                    PythonJsonObject()
                        .addString(L("username"), user.name)
                        .addString(L("start"), start)
                        .addString(L("head"), head)
                        .addString(L("task_id"), task->uuid)
                        .addJson(L("task_data"), task->taskData())
                        .addJson(L("changes"), SimulatedTask::changes(before, task->fieldTexts()))
                        .toJson());
    }
    // Keep each user's list a realistic size.
    while (user.tasks.size() > 40)
        user.tasks.removeFirst();
}

void TrafficSimulator::logMessage(SimulatedUser &user)
{
    const bool wantError = m_random.chance(0.25);
    LogLine line = m_random.pick(logLines);
    while (line.error != wantError)
        line = m_random.pick(logLines);
    const QString text = QString::fromUtf8(line.text);
    const int count = m_random.chance(0.7) ? 1 : m_random.between(2, 40);
    const QByteArray hash = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Md5).toHex();
    PythonJsonObject object;
    object.addString(L("username"), user.name)
        .addString(L("md5hash"), QString::fromLatin1(hash))
        .addJson(L("last_seen"), '"' + IsoDateTime::formatDjango(m_nowMs) + '"')
        .addJson(L("created"),
                 '"' +
                     IsoDateTime::formatDjango(m_nowMs - (count - 1) * m_random.between(60, 3600) * 1000LL) +
                     '"')
        .addBool(L("error"), line.error)
        .addBool(L("silent"), m_random.chance(0.1))
        .addString(L("message"), text)
        .addInteger(L("count"), count);
    emitMessage(ChannelName::forUser(EventKind::LogMessage, user.name), object.toJson());
}

void TrafficSimulator::personalToast(SimulatedUser &user)
{
    const Toast toast = m_random.pick(toasts);
    Announcement announcement{QString::fromUtf8(toast.title), QString::fromUtf8(toast.message), {}, {}};
    if (m_random.chance(0.4))
        announcement.type = static_cast<Announcement::Type>(m_random.below(4));
    if (m_random.chance(0.2))
        announcement.duration = m_random.between(2, 15) * 1000;
    emitMessage(ChannelName::forUser(EventKind::Personal, user.name),
                announcement.personalPayload(user.name));
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
    const int verdict = m_random.below(10);
    const bool accepted = verdict < 7;
    PythonJsonObject object;
    object.addString(L("username"), user.name)
        .addInteger(L("message_id"), m_nextMailId++)
        .addString(L("subject"), QString::fromUtf8(m_random.pick(subjects)))
        .addBool(L("accepted"), accepted);
    if (accepted)
        object.addString(L("task_id"), m_random.uuid());
    else
        object.addString(L("rejection_reason"),
                         verdict < 9 ? QStringLiteral("passlist") : QStringLiteral("subject"));
    emitMessage(ChannelName::forUser(EventKind::IncomingMail, user.name), object.toJson());
}

void TrafficSimulator::trelloChange(SimulatedUser &user)
{
    const QString boardId = m_random.hex(24);
    const QByteArray action =
        PythonJsonObject()
            .addString(L("id"), m_random.hex(24))
            .addString(L("idMemberCreator"), m_random.hex(24))
            .addJson(L("data"), PythonJsonObject()
                                    .addJson(L("card"), PythonJsonObject()
                                                            .addString(L("id"), m_random.hex(24))
                                                            .addString(L("name"), QStringLiteral("Buy milk"))
                                                            .toJson())
                                    .addJson(L("board"), PythonJsonObject()
                                                             .addString(L("id"), boardId)
                                                             .addString(L("name"), QStringLiteral("Inthe.AM"))
                                                             .toJson())
                                    .toJson())
            .addString(L("type"), QString::fromLatin1(m_random.pick(trelloActions)))
            .addJson(L("date"), '"' + IsoDateTime::formatUtcMs(m_nowMs) + '"')
            .toJson();
    const QByteArray model = PythonJsonObject()
                                 .addString(L("id"), boardId)
                                 .addString(L("name"), QStringLiteral("Inthe.AM"))
                                 .addBool(L("closed"), false)
                                 .addString(L("url"), QStringLiteral("https://trello.com/b/") +
                                                          m_random.hex(8) + QStringLiteral("/inthe-am"))
                                 .toJson();
    emitMessage(ChannelName::forUser(EventKind::IncomingTrelloChange, user.name),
                PythonJsonObject().addJson(L("action"), action).addJson(L("model"), model).toJson());
}

void TrafficSimulator::certificate(SimulatedUser &user)
{
    // Mostly the user's own device; sometimes an old or foreign certificate.
    const int roll = m_random.below(100);
    const bool recognized = roll >= 8;
    const bool accepted = roll >= 11;
    PythonJsonObject object;
    object.addString(L("username"), user.name)
        .addString(L("org"), QStringLiteral("inthe_am"))
        .addString(L("client"), user.client)
        .addString(L("ip"), recognized ? user.ip : m_random.ipv4())
        .addInteger(L("port"), m_random.between(32768, 60999))
        .addString(L("fingerprint"), recognized ? user.fingerprint : m_random.hex(40))
        .addBool(L("certificate_recognized"), recognized)
        .addBool(L("certificate_accepted"), accepted);
    emitMessage(ChannelName::forUser(EventKind::TaskdCertificate, user.name), object.toJson());
}

} // namespace busmon
