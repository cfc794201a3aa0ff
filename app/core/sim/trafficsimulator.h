#pragma once

#include "sim/simrandom.h"
#include "sim/simulateduser.h"

#include <QByteArray>
#include <QStringList>
#include <deque>
#include <optional>

namespace busmon {

struct SimulatedMessage
{
    QByteArray channel;
    QByteArray payload;
};

// Realistic Inthe.AM bus traffic, all nine kinds, as the real publishers write it: taskd's `sync.`
// and `taskd.certificate.` in jsoncpp's layout, the web app's kinds as Python's json.dumps with
// Django's encoder. What happens follows upstream's code:
// - taskd checks a client's certificate before every sync; a rejected one ends the sync;
// - a device's sync that stored or merged records makes the web app sync a few seconds later
//   (certificate, sync, one `changed_task` per changed task, then `local_sync`, the last two
//   sharing the `start` and `head` SHAs; `debounce_id` is null when the user pressed "sync now");
// - an edit in the web UI publishes its `changed_task` at once and syncs after;
// - a new activity-log row is published twice, first without dates and with count 0;
// - mail and Trello webhooks, toasts, rarely an announcement.
// The same seed gives the same messages.
class TrafficSimulator
{
public:
    struct Options
    {
        QStringList users; // empty: defaultUsers()
        quint32 seed = 1;
    };

    explicit TrafficSimulator(Options options);

    SimulatedMessage next();

    // A realistic handful, with the dots, `@`, `+`, quotes and non-ASCII that real usernames hold.
    static QStringList defaultUsers();
    // Where the web app's own syncs with taskd come from (its container's address).
    static QString webAppAddress();

private:
    enum class Peer : quint8 { Device, WebApp };

    void generate();
    SimulatedUser &anyUser();
    qint64 tick();
    qint64 wait(int lowestMs, int highestMs);
    void emitMessage(const QByteArray &channel, const QByteArray &payload);

    // taskd
    bool certificateCheck(SimulatedUser &user, Peer peer); // true when accepted
    void taskdSync(SimulatedUser &user, Peer peer, int stored, int merged, int delta);
    // What users do
    void deviceSync(SimulatedUser &user);
    void syncNow(SimulatedUser &user);
    void webEdit(SimulatedUser &user);
    void logMessage(SimulatedUser &user);
    void personalToast(SimulatedUser &user);
    void generalAnnouncement();
    void incomingMail(SimulatedUser &user);
    void trelloChange(SimulatedUser &user);
    // What the web app does in response
    void webAppSync(SimulatedUser &user, int pushed, int pulled, const std::optional<QString> &debounceId);
    SimulatedTask &changeSomeTask(SimulatedUser &user, qint64 atMs, QMap<QString, QByteArray> &before);
    void changedTask(SimulatedUser &user, const SimulatedTask &task, const QMap<QString, QByteArray> &before,
                     const QString &start, const QString &head);
    void logEntry(SimulatedUser &user, const QString &text, bool error, bool silent);
    QString debounceIdNow(); // str(time.time()) when the web app queues a sync

    SimRandom m_random;
    QList<SimulatedUser> m_users;
    std::deque<SimulatedMessage> m_pending;
    qint64 m_nowMs;
    qint64 m_nextMailId = 1200;
};

} // namespace busmon
