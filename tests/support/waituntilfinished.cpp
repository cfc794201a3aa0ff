#include "waituntilfinished.h"

#include <QProcess>

namespace busmon::test {

bool waitUntilFinished(QProcess &process, int timeoutMs)
{
    if (process.state() == QProcess::NotRunning)
        return process.error() != QProcess::FailedToStart;
    return process.waitForFinished(timeoutMs);
}

} // namespace busmon::test
