#pragma once

class QProcess;

namespace busmon::test {

// QProcess::waitForFinished() returns false for a process that already ended while an event loop
// ran (QTRY_*, qWait, QSignalSpy::wait): on a loaded machine that is when it ends. True here when
// the process ended, before this call or within timeoutMs; false when it timed out or never started.
bool waitUntilFinished(QProcess &process, int timeoutMs = 30000);

} // namespace busmon::test
