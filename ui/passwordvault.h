#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace busmon {

// Passwords of connection profiles in the desktop keychain (qtkeychain: Secret Service, KWallet).
// Where none exists, nothing is stored: read() answers with an empty password and the caller asks.
// Never falls back to a plain-text file.
class PasswordVault : public QObject
{
    Q_OBJECT
public:
    explicit PasswordVault(QObject *parent = nullptr);

    static bool isCompiledIn();

    // `done` runs on this thread with the password, or an empty string and a reason when there is none.
    void read(const QString &profileName,
              std::function<void(const QString &password, const QString &error)> done);
    void write(const QString &profileName, const QString &password);
    void remove(const QString &profileName);

signals:
    void writeFailed(const QString &reason);
};

} // namespace busmon
