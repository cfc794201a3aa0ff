#pragma once

#include "sim/simulatedtask.h"

#include <QHash>
#include <QList>
#include <QString>

namespace busmon {

// What the simulator remembers about one user between messages: the device that syncs, the
// certificates taskd knows, the repository head the next sync starts from, the task list, the
// rows of the activity log.
struct SimulatedUser
{
    struct LogRow
    {
        int count = 0;
        qint64 createdMs = 0;
    };

    QString name;
    QString client; // "task 2.6.2"
    QString ip;
    // taskd's sync keys: each replica sends the one it got back last, where its next sync branches
    // off, and gets the newest back; a sync that stores records makes a new one.
    QString deviceKey;
    QString webAppKey;
    QString newestKey;
    QString deviceFingerprint;
    QString webFingerprint; // the certificate the web app syncs this user's task list with
    qint64 recordCount = 0;
    QString head; // git SHA of the task store
    QList<SimulatedTask> tasks;
    int nextTaskId = 1;
    QHash<QString, LogRow> logRows; // by md5hash
    QString trelloBoardId;
    QString trelloShortLink;
    QString trelloWebhookId;
    QString trelloMemberId;
    QString trelloMemberName;
};

} // namespace busmon
