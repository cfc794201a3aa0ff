#include "pseudoterminal.h"

#include <QDeadlineTimer>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace busmon::test {

PseudoTerminal::PseudoTerminal() = default;

PseudoTerminal::~PseudoTerminal()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    if (m_master >= 0)
        ::close(m_master);
}

bool PseudoTerminal::start(const QString &program, const QStringList &arguments,
                           const QProcessEnvironment &environment)
{
    m_master = posix_openpt(O_RDWR | O_NOCTTY);
    if (m_master < 0 || grantpt(m_master) != 0 || unlockpt(m_master) != 0) {
        m_error = QStringLiteral("no pseudo-terminal: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    fcntl(m_master, F_SETFD, FD_CLOEXEC);
    const QByteArray terminal(ptsname(m_master));
    m_process.setProcessEnvironment(environment);
    m_process.setChildProcessModifier([terminal] {
        // A session of its own whose controlling terminal is ours; stdout stays QProcess's pipe.
        setsid();
        const int slave = ::open(terminal.constData(), O_RDWR);
        if (slave < 0)
            _exit(127);
        ioctl(slave, TIOCSCTTY, 0);
        dup2(slave, STDIN_FILENO);
        dup2(slave, STDERR_FILENO);
        if (slave > STDERR_FILENO)
            ::close(slave);
    });
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(10000)) {
        m_error = m_process.errorString();
        return false;
    }
    return true;
}

void PseudoTerminal::readTerminal(int timeoutMs)
{
    pollfd watched{m_master, POLLIN, 0};
    if (poll(&watched, 1, timeoutMs) <= 0 || !(watched.revents & POLLIN))
        return;
    char buffer[4096];
    const ssize_t got = ::read(m_master, buffer, sizeof buffer);
    if (got > 0)
        m_shown.append(buffer, got);
}

bool PseudoTerminal::waitForShown(const QString &text, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!shown().contains(text)) {
        if (deadline.hasExpired())
            return false;
        readTerminal(50);
        m_process.waitForFinished(0); // lets QProcess notice an exit
    }
    return true;
}

void PseudoTerminal::type(const QByteArray &keys)
{
    qsizetype written = 0;
    while (written < keys.size()) {
        const ssize_t done = ::write(m_master, keys.constData() + written, size_t(keys.size() - written));
        if (done <= 0)
            return;
        written += done;
    }
}

bool PseudoTerminal::waitForFinished(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (m_process.state() != QProcess::NotRunning) {
        if (deadline.hasExpired())
            return false;
        readTerminal(20);
        m_process.waitForFinished(20);
    }
    readTerminal(0);
    return true;
}

} // namespace busmon::test
