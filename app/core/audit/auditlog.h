#pragma once

#include <QFile>
#include <QString>

namespace busmon {

struct AuditEntry;

// The audit log: one JSON line for every publish, and one for every run of many (replay, simulate),
// appended by busmon and busmon-cli to the same file: audit.jsonl in busmon's data folder
// (~/.local/share/busmon/audit.jsonl on Linux; XDG_DATA_HOME moves it). Only its owner may read it.
// Nothing may be published without it: a caller opens it first, and publishes only when that worked.
class AuditLog
{
public:
    explicit AuditLog(const QString &path = defaultPath());
    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    static QString defaultPath();
    const QString &path() const { return m_path; }

    // Creates the folder and the file (0600) when need be and opens it for appending. False, with a
    // sentence for the user in *error, when it cannot be written.
    bool open(QString *error = nullptr);
    bool isOpen() const { return m_file.isOpen(); }
    // Opens when need be. One line goes out in one write, so lines that busmon and busmon-cli append
    // at the same time never interleave.
    bool append(const AuditEntry &entry, QString *error = nullptr);
    void close();

private:
    QString problem(const QString &reason) const;

    QString m_path;
    QFile m_file;
};

} // namespace busmon
