#pragma once

#include <QByteArrayView>
#include <QString>

namespace busmon {

// What an error reply from Redis means for the user, and whether trying again could help.
struct ServerRefusal
{
    QString detail; // one line, naming the cause
    bool final = true;
    bool credentialsRefused = false; // the password (or user) was missing or wrong: ask for it

    static ServerRefusal fromReply(QByteArrayView errorText);
};

} // namespace busmon
