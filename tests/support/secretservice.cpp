#include "secretservice.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLibrary>
#include <QStandardPaths>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

namespace busmon::test {

namespace {
const QString secretsName = QStringLiteral("org.freedesktop.secrets");
const QString secretsPath = QStringLiteral("/org/freedesktop/secrets");
const QString collectionPrefix = QStringLiteral("/org/freedesktop/secrets/collection/");

// No <standard_session_servicedirs/>: a Secret Service that is gone must stay gone, where the
// desktop's bus would start gnome-keyring-daemon again on the first call.
QByteArray busConfiguration(const QString &socketPath)
{
    return QStringLiteral(R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)")
        .arg(socketPath)
        .toUtf8();
}

void stopProcess(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

// A daemon must not outlive a test that crashed.
void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}
} // namespace

SecretService::SecretService()
{
    dieWithParent(m_bus);
    dieWithParent(m_keyring);
}

SecretService::~SecretService()
{
    stopProcess(m_keyring);
    stopProcess(m_bus);
}

QString SecretService::programPath(const QString &name, const QString &package)
{
    const QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty() && m_error.isEmpty())
        m_error = QStringLiteral("%1 not found: install the Debian package %2 (packaging/install-deps)")
                      .arg(name, package);
    return path;
}

bool SecretService::start()
{
    m_error.clear();
    m_dbusDaemon = programPath(QStringLiteral("dbus-daemon"), QStringLiteral("dbus-daemon"));
    m_dbusSend = programPath(QStringLiteral("dbus-send"), QStringLiteral("dbus-bin"));
    m_keyringDaemon = programPath(QStringLiteral("gnome-keyring-daemon"), QStringLiteral("gnome-keyring"));
    m_secretTool = programPath(QStringLiteral("secret-tool"), QStringLiteral("libsecret-tools"));
    if (!m_error.isEmpty())
        return false;
    if (!m_directory.isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    const QDir root(m_directory.path());
    for (const QString &folder : {QStringLiteral("home/.local/share"), QStringLiteral("home/.config"),
                                  QStringLiteral("home/.cache"), QStringLiteral("run")}) {
        if (!root.mkpath(folder)) {
            m_error = QStringLiteral("cannot create %1").arg(root.filePath(folder));
            return false;
        }
    }
    // gnome-keyring-daemon refuses a runtime folder others may enter.
    QFile::setPermissions(root.filePath(QStringLiteral("run")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return startBus() && startKeyring();
}

bool SecretService::startBus()
{
    const QString configPath = m_directory.filePath(QStringLiteral("bus.conf"));
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly) ||
        config.write(busConfiguration(m_directory.filePath(QStringLiteral("run/bus")))) < 0) {
        m_error = QStringLiteral("cannot write %1").arg(configPath);
        return false;
    }
    config.close();
    m_bus.setProgram(m_dbusDaemon);
    m_bus.setArguments({QStringLiteral("--config-file=%1").arg(configPath), QStringLiteral("--nofork"),
                        QStringLiteral("--print-address=1")});
    m_bus.start();
    const QDeadlineTimer deadline(10000);
    while (!m_bus.canReadLine() && !deadline.hasExpired() && m_bus.state() != QProcess::NotRunning)
        m_bus.waitForReadyRead(100);
    m_busAddress = QString::fromUtf8(m_bus.readLine()).trimmed();
    if (m_busAddress.isEmpty()) {
        m_error = QStringLiteral("dbus-daemon printed no address: %1")
                      .arg(QString::fromUtf8(m_bus.readAllStandardError()));
        return false;
    }
    return true;
}

QProcessEnvironment SecretService::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString home = m_directory.filePath(QStringLiteral("home"));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_directory.filePath(QStringLiteral("run")));
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_busAddress);
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "GNOME_KEYRING_CONTROL", "SSH_AUTH_SOCK"})
        environment.remove(QString::fromLatin1(name));
    return environment;
}

bool SecretService::startKeyring()
{
    m_keyring.setProgram(m_keyringDaemon);
    // --unlock reads the login keyring's password from standard input and creates the keyring
    // with it when there is none yet, so the default collection exists and is open.
    m_keyring.setArguments(
        {QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
    m_keyring.setProcessEnvironment(environment());
    m_keyring.start();
    if (!m_keyring.waitForStarted(5000)) {
        m_error = QStringLiteral("gnome-keyring-daemon did not start: %1").arg(m_keyring.errorString());
        return false;
    }
    // Written now: this object runs no event loop that would flush it later.
    m_keyring.write("busmon test keyring password");
    m_keyring.waitForBytesWritten(5000);
    m_keyring.closeWriteChannel();
    return waitForDefaultCollection();
}

bool SecretService::waitForDefaultCollection()
{
    const QDeadlineTimer deadline(10000);
    QString reply;
    while (!deadline.hasExpired()) {
        if (m_keyring.state() == QProcess::NotRunning) {
            m_error = QStringLiteral("gnome-keyring-daemon exited: %1")
                          .arg(QString::fromUtf8(m_keyring.readAllStandardError()));
            return false;
        }
        reply = run(m_dbusSend, {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                                 QStringLiteral("--dest=%1").arg(secretsName), secretsPath,
                                 QStringLiteral("org.freedesktop.Secret.Service.ReadAlias"),
                                 QStringLiteral("string:default")});
        if (reply.contains(collectionPrefix))
            return true;
        QThread::msleep(20);
    }
    m_error = QStringLiteral("gnome-keyring-daemon offered no default collection within 10 s: %1 %2")
                  .arg(reply, QString::fromUtf8(m_keyring.readAllStandardError()));
    return false;
}

void SecretService::stopKeyring()
{
    stopProcess(m_keyring);
    // The bus drops the name when it sees the socket close; wait for that, not for luck.
    const QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        const QString reply = run(m_dbusSend, {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                                               QStringLiteral("--dest=org.freedesktop.DBus"),
                                               QStringLiteral("/org/freedesktop/DBus"),
                                               QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
                                               QStringLiteral("string:%1").arg(secretsName)});
        if (reply.contains(QStringLiteral("boolean false")))
            return;
        QThread::msleep(20);
    }
}

bool SecretService::restartKeyring()
{
    stopKeyring();
    if (!startKeyring())
        return false;
    // libsecret keeps one connection to the Secret Service per process, with an encryption session
    // the old daemon opened and the new one does not know. A program started now would not have it.
    using Disconnect = void (*)();
    const auto disconnect = reinterpret_cast<Disconnect>(
        QLibrary::resolve(QStringLiteral("secret-1"), 0, "secret_service_disconnect"));
    if (!disconnect) {
        m_error = QStringLiteral("libsecret (libsecret-1.so.0) has no secret_service_disconnect");
        return false;
    }
    disconnect();
    return true;
}

bool SecretService::lockDefaultCollection()
{
    const QString alias = run(m_dbusSend, {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                                           QStringLiteral("--dest=%1").arg(secretsName), secretsPath,
                                           QStringLiteral("org.freedesktop.Secret.Service.ReadAlias"),
                                           QStringLiteral("string:default")});
    const qsizetype start = alias.indexOf(collectionPrefix);
    if (start < 0) {
        m_error = QStringLiteral("no default collection to lock: %1").arg(alias);
        return false;
    }
    const QString collection = alias.mid(start).section(QLatin1Char('"'), 0, 0);
    int exitCode = -1;
    const QString reply = run(m_dbusSend,
                              {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                               QStringLiteral("--dest=%1").arg(secretsName), secretsPath,
                               QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                               QStringLiteral("array:objpath:%1").arg(collection)},
                              {}, &exitCode);
    if (exitCode != 0 || !reply.contains(collection)) {
        m_error = QStringLiteral("the Secret Service did not lock %1: %2").arg(collection, reply);
        return false;
    }
    return true;
}

std::optional<QString> SecretService::lookup(const QStringList &attributes) const
{
    int exitCode = -1;
    const QString password =
        run(m_secretTool, QStringList{QStringLiteral("lookup")} + attributes, {}, &exitCode);
    if (exitCode != 0)
        return std::nullopt;
    return password;
}

bool SecretService::store(const QString &label, const QString &password, const QStringList &attributes) const
{
    int exitCode = -1;
    run(m_secretTool,
        QStringList{QStringLiteral("store"), QStringLiteral("--label=%1").arg(label)} + attributes,
        password.toUtf8(), &exitCode);
    return exitCode == 0;
}

QString SecretService::run(const QString &program, const QStringList &arguments, const QByteArray &input,
                           int *exitCode) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setProcessEnvironment(environment());
    process.start(program, arguments);
    if (!process.waitForStarted(5000))
        return QString();
    process.write(input);
    process.waitForBytesWritten(5000);
    process.closeWriteChannel();
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(1000);
        return QString();
    }
    if (exitCode)
        *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return QString::fromUtf8(process.readAllStandardOutput());
}

} // namespace busmon::test
