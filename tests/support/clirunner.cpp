#include "clirunner.h"

#include "jsonlines.h"
#include "pseudoterminal.h"

#include "profiles/connectionprofile.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>

namespace busmon::test {

CliRunner::CliRunner()
    : m_environment(QProcessEnvironment::systemEnvironment())
{
    const QString home = m_home.path();
    m_environment.insert(QStringLiteral("HOME"), home);
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    m_environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/run"));
    // No keychain, no password and no desktop (qtkeychain picks KWallet on KDE) from the test's own.
    for (const char *name :
         {"DBUS_SESSION_BUS_ADDRESS", "REDISCLI_AUTH", "QT_LOGGING_RULES", "XDG_CURRENT_DESKTOP",
          "DESKTOP_SESSION", "KDE_FULL_SESSION", "KDE_SESSION_VERSION", "GNOME_DESKTOP_SESSION_ID"})
        m_environment.remove(QString::fromLatin1(name));
}

CliRunner::Result CliRunner::run(const QStringList &arguments, const QByteArray &input) const
{
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(BUSMON_CLI_PATH), arguments);
    Result result;
    if (!process.waitForStarted(10000))
        return result;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output = QString::fromUtf8(process.readAllStandardOutput());
    result.errors = QString::fromUtf8(process.readAllStandardError());
    return result;
}

std::unique_ptr<PseudoTerminal> CliRunner::runOnTerminal(const QStringList &arguments) const
{
    auto terminal = std::make_unique<PseudoTerminal>();
    if (!terminal->start(QStringLiteral(BUSMON_CLI_PATH), arguments, m_environment))
        qWarning("busmon-cli on a pseudo-terminal: %s", qPrintable(terminal->errorString()));
    return terminal;
}

void CliRunner::saveProfiles(const QList<ConnectionProfile> &profiles) const
{
    const QString folder = m_environment.value(QStringLiteral("XDG_CONFIG_HOME")) + QStringLiteral("/busmon");
    QDir().mkpath(folder);
    QSettings settings(folder + QStringLiteral("/busmon.conf"), QSettings::IniFormat);
    ConnectionProfile::saveAll(settings, profiles);
}

QString CliRunner::auditPath() const
{
    return m_environment.value(QStringLiteral("XDG_DATA_HOME")) + QStringLiteral("/busmon/audit.jsonl");
}

QList<QJsonObject> CliRunner::auditLines() const
{
    return JsonLines::read(auditPath());
}

void CliRunner::breakAuditLog() const
{
    const QString data = m_environment.value(QStringLiteral("XDG_DATA_HOME"));
    QDir().mkpath(data);
    QFile blocker(data + QStringLiteral("/busmon"));
    if (blocker.open(QIODevice::WriteOnly))
        blocker.write("not a folder\n");
}

} // namespace busmon::test
