#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace busmon {
struct ConnectionProfile;
}

namespace busmon::test {

class PseudoTerminal;

// busmon-cli run as a user runs it, in a home of its own: its settings (the window's profiles) and
// its audit log live in a temporary folder, no desktop keychain is reachable unless one is given,
// and no REDISCLI_AUTH leaks in from the test's environment.
class CliRunner
{
public:
    struct Result
    {
        int exitCode = -1; // -1: it did not finish in time
        QString output;
        QString errors;
    };

    CliRunner();

    // Standard input is a pipe (not a terminal) holding `input`.
    Result run(const QStringList &arguments, const QByteArray &input = QByteArray()) const;
    // On a pseudo-terminal, for questions and passwords.
    std::unique_ptr<PseudoTerminal> runOnTerminal(const QStringList &arguments) const;

    void setEnvironment(const QString &name, const QString &value) { m_environment.insert(name, value); }
    QProcessEnvironment environment() const { return m_environment; }

    // As the window saves it (File → Connect…), in the settings file busmon-cli reads.
    void saveProfiles(const QList<ConnectionProfile> &profiles) const;
    QString auditPath() const;
    QList<QJsonObject> auditLines() const;
    // Makes the audit log impossible to write: its folder is a plain file.
    void breakAuditLog() const;

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_environment;
};

} // namespace busmon::test
