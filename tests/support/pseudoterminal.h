#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace busmon::test {

// A program run as a person at a terminal runs it: its standard input and standard error are a
// pseudo-terminal (isatty() says yes, echo can be turned off), its standard output stays a pipe.
// What the terminal shows (the program's questions and the echo of what is typed) is read from
// the terminal's master side.
class PseudoTerminal
{
public:
    PseudoTerminal();
    ~PseudoTerminal();
    PseudoTerminal(const PseudoTerminal &) = delete;
    PseudoTerminal &operator=(const PseudoTerminal &) = delete;

    bool start(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment);
    // Waits until the terminal has shown `text`.
    bool waitForShown(const QString &text, int timeoutMs = 10000);
    // Types on the keyboard: "y\n".
    void type(const QByteArray &keys);
    bool waitForFinished(int timeoutMs = 15000);

    int exitCode() const { return m_process.exitCode(); }
    QString shown() const { return QString::fromUtf8(m_shown); } // everything the terminal showed
    QByteArray standardOutput() { return m_process.readAllStandardOutput(); }
    QString errorString() const { return m_error; }

private:
    void readTerminal(int timeoutMs);

    int m_master = -1;
    QProcess m_process;
    QByteArray m_shown;
    QString m_error;
};

} // namespace busmon::test
