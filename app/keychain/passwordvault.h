#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace busmon {

// Passwords of connection profiles in the desktop keychain (qtkeychain: Secret Service, KWallet).
// Where none exists, nothing is stored: read() answers with an empty password and the caller asks.
// Never falls back to a plain-text file. Every reason it gives is a sentence meant for the user;
// the keychain's own words go to the busmon.keychain log.
class PasswordVault : public QObject
{
    Q_OBJECT
public:
    explicit PasswordVault(QObject *parent = nullptr);

    static bool isCompiledIn();

    // `done` runs on this thread with the password, or an empty string and a reason when there is none
    // (nothing saved for the profile, or the keychain failed; the latter also emits readFailed).
    // Requests run one after the other, in the order they were made.
    void read(const QString &profileName,
              std::function<void(const QString &password, const QString &error)> done);
    // `done`, when given, runs on this thread with an empty string once the password is saved, or the
    // reason it is not (writeFailed is emitted too).
    void write(const QString &profileName, const QString &password,
               std::function<void(const QString &error)> done = {});
    void remove(const QString &profileName);

signals:
    void readFailed(const QString &reason); // the keychain failed; not sent when nothing is saved
    void writeFailed(const QString &reason);
    void removeFailed(const QString &reason);
};

} // namespace busmon
