#include "audit/auditlog.h"

#include "audit/auditentry.h"
#include "capture/wholewrite.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace busmon {

AuditLog::AuditLog(const QString &path)
    : m_path(path)
{
    m_file.setFileName(path);
}

QString AuditLog::defaultPath()
{
    // Not AppDataLocation: busmon and busmon-cli have different application names, and both write here.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/busmon/audit.jsonl");
}

QString AuditLog::problem(const QString &reason) const
{
    return QCoreApplication::translate("busmon::AuditLog", "the audit log %1 cannot be written (%2)")
        .arg(QDir::toNativeSeparators(m_path), reason);
}

bool AuditLog::open(QString *error)
{
    if (m_file.isOpen())
        return true;
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = problem(QCoreApplication::translate("busmon::AuditLog", "its folder cannot be created"));
        return false;
    }
    const bool created = !info.exists();
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        if (error)
            *error = problem(m_file.errorString());
        return false;
    }
    if (created)
        m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

bool AuditLog::append(const AuditEntry &entry, QString *error)
{
    if (!open(error))
        return false;
    const QByteArray line = entry.toJsonLine();
    if (!WholeWrite::to(m_file, line)) {
        if (error)
            *error = problem(m_file.errorString());
        return false;
    }
    return true;
}

void AuditLog::close()
{
    m_file.close();
}

} // namespace busmon
