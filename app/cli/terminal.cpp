#include "terminal.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <termios.h>
#include <unistd.h>

namespace busmon::cli {

namespace {
// What the terminal was before echo went off, for the handler to put back should the user press
// Ctrl+C at the password prompt: a signal handler can reach nothing but file-scope state.
struct termios echoingTerminal;
volatile std::sig_atomic_t echoIsOff = 0;

void restoreEchoAndDie(int signalNumber)
{
    if (echoIsOff)
        tcsetattr(STDIN_FILENO, TCSANOW, &echoingTerminal);
    std::signal(signalNumber, SIG_DFL);
    std::raise(signalNumber);
}

std::optional<QString> readLine()
{
    char *line = nullptr;
    size_t capacity = 0;
    const ssize_t length = getline(&line, &capacity, stdin);
    std::optional<QString> result;
    if (length >= 0) {
        QByteArray bytes(line, length);
        while (bytes.endsWith('\n') || bytes.endsWith('\r'))
            bytes.chop(1);
        result = QString::fromLocal8Bit(bytes);
        std::memset(line, 0, capacity);
    }
    std::free(line);
    return result;
}

void ask(const QString &prompt)
{
    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}
} // namespace

bool Terminal::isInteractive()
{
    return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

bool Terminal::confirm(const QString &question)
{
    ask(question + QStringLiteral(" [y/N] "));
    const QString answer = readLine().value_or(QString()).trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

std::optional<QString> Terminal::readSecret(const QString &prompt)
{
    struct termios silent;
    const bool canSilence = tcgetattr(STDIN_FILENO, &echoingTerminal) == 0;
    struct sigaction restore = {};
    struct sigaction previousInterrupt = {};
    struct sigaction previousTerminate = {};
    if (canSilence) {
        silent = echoingTerminal;
        silent.c_lflag &= ~tcflag_t(ECHO);
        silent.c_lflag |= ECHONL;
        restore.sa_handler = restoreEchoAndDie;
        sigaction(SIGINT, &restore, &previousInterrupt);
        sigaction(SIGTERM, &restore, &previousTerminate);
        echoIsOff = 1;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
    // Asked once echo is off: what is typed after reading the question never shows.
    ask(prompt);
    std::optional<QString> secret = readLine();
    if (canSilence) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &echoingTerminal);
        echoIsOff = 0;
        sigaction(SIGINT, &previousInterrupt, nullptr);
        sigaction(SIGTERM, &previousTerminate, nullptr);
    }
    return secret;
}

} // namespace busmon::cli
