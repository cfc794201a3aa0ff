#include "audit/auditentry.h"

#include "events/isodatetime.h"
#include "events/pythonjsonobject.h"

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace busmon {

namespace {
using L = QLatin1StringView;

void addTarget(PythonJsonObject &line, const SessionOrigin &target)
{
    if (target.profileName.isEmpty())
        line.addNull(L("profile"));
    else
        line.addString(L("profile"), target.profileName);
    if (target.kind == SessionOrigin::Kind::Demo)
        line.addString(L("bus"), QStringLiteral("demo"));
    line.addString(L("url"), target.settings.displayUrl());
    line.addString(L("host"), target.settings.host);
    line.addInteger(L("port"), target.settings.port);
}

void addBytes(PythonJsonObject &line, QLatin1StringView key, QLatin1StringView base64Key,
              const QByteArray &bytes)
{
    if (QByteArrayView(bytes).isValidUtf8())
        line.addString(key, QString::fromUtf8(bytes));
    else
        line.addJson(base64Key, PythonJsonObject::quoted(QString::fromLatin1(bytes.toBase64())));
}
} // namespace

QByteArray AuditEntry::toJsonLine() const
{
    PythonJsonObject line;
    line.addJson(L("time"), '"' + IsoDateTime::formatUtcMs(timeMs) + '"');
    line.addString(L("tool"), tool).addString(L("os_user"), osUser);
    addTarget(line, target);
    if (action.isEmpty()) {
        addBytes(line, L("channel"), L("channel_base64"), channel);
        addBytes(line, L("payload"), L("payload_base64"), payload);
    } else {
        line.addString(L("action"), action);
        if (!source.isEmpty())
            line.addString(L("source"), source);
        QList<QByteArray> names;
        for (const QByteArray &name : channels)
            names.append(PythonJsonObject::quoted(QString::fromUtf8(name)));
        line.addJson(L("channels"), PythonJsonObject::array(names));
        line.addInteger(L("channel_count"), channelCount);
        line.addInteger(L("messages"), messageCount);
        line.addFloat(L("speed"), speed);
        line.addInteger(L("duration_ms"), durationMs);
        if (unansweredCount > 0)
            line.addInteger(L("unanswered"), unansweredCount);
    }
    if (receivers)
        line.addInteger(L("receivers"), *receivers);
    if (!refusal.isEmpty()) {
        line.addString(L("refused"), refusal);
        if (!action.isEmpty())
            line.addInteger(L("refused_messages"), refusedCount);
    }
    return line.toJson() + '\n';
}

QString AuditEntry::currentOsUser()
{
#ifdef Q_OS_UNIX
    if (const passwd *entry = getpwuid(geteuid()); entry && entry->pw_name)
        return QString::fromLocal8Bit(entry->pw_name);
#endif
    for (const char *name : {"USER", "LOGNAME", "USERNAME"}) {
        if (const QString value = qEnvironmentVariable(name); !value.isEmpty())
            return value;
    }
    return QStringLiteral("unknown");
}

} // namespace busmon
