#pragma once

#include "sim/simrandom.h"
#include "sim/simulateduser.h"

#include <QByteArray>
#include <QStringList>
#include <deque>

namespace busmon {

struct SimulatedMessage
{
    QByteArray channel;
    QByteArray payload;
};

// Realistic Inthe.AM bus traffic, all nine kinds, valid against the catalogue and written as
// Python's json.dumps writes it. Mostly syncs; a sync that stored or merged records is followed
// by `local_sync.<user>` and one `changed_task.<user>` per changed task, the last two sharing the
// `start` and `head` SHAs. Now and then an error in a log, a rejected mail, a rejected certificate,
// a toast, a Trello change; rarely an announcement. The same seed gives the same messages.
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

private:
    void generate();
    SimulatedUser &anyUser();
    qint64 tick();

    void emitMessage(const QByteArray &channel, const QByteArray &payload);
    void sync(SimulatedUser &user);
    void localSyncChain(SimulatedUser &user, int changedTasks, QString start); // start: a copy, head moves on
    void logMessage(SimulatedUser &user);
    void personalToast(SimulatedUser &user);
    void generalAnnouncement();
    void incomingMail(SimulatedUser &user);
    void trelloChange(SimulatedUser &user);
    void certificate(SimulatedUser &user);

    SimRandom m_random;
    QList<SimulatedUser> m_users;
    std::deque<SimulatedMessage> m_pending;
    qint64 m_nowMs;
    qint64 m_nextMailId = 1200;
};

} // namespace busmon
