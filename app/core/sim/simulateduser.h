#pragma once

#include "sim/simulatedtask.h"

#include <QList>
#include <QString>

namespace busmon {

// What the simulator remembers about one user between messages: the device that syncs, the
// repository head the next sync starts from, the task list.
struct SimulatedUser
{
    QString name;
    QString client; // "taskwarrior 2.6.2"
    QString ip;
    QString clientKey;
    QString fingerprint;
    qint64 recordCount = 0;
    QString head; // git SHA of the task store
    QList<SimulatedTask> tasks;
    int nextTaskId = 1;
};

} // namespace busmon
