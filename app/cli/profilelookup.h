#pragma once

#include "session/sessionorigin.h"

#include <QString>

#include <optional>

namespace busmon::cli {

// `--profile NAME`: a connection profile saved in the window (File → Connect…), with its password
// from the desktop keychain; where the keychain has none (or there is no keychain, as over ssh),
// the password is asked for on the terminal, or REDISCLI_AUTH gives it.
class ProfileLookup
{
public:
    // nullopt after a one-line reason on standard error.
    static std::optional<SessionOrigin> resolve(const QString &name);

private:
    // The keychain's password, or an empty string and why there is none.
    static QString readKeychain(const QString &name, QString *reason);
    static bool hasSessionBus();
};

} // namespace busmon::cli
