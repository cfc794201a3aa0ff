#include "bus/serverrefusal.h"

namespace busmon {

ServerRefusal ServerRefusal::fromReply(QByteArrayView errorText)
{
    const QString said =
        QString::fromUtf8(errorText.first(qMin<qsizetype>(errorText.size(), 300))).simplified();
    const auto startsWith = [&](const char *prefix) { return errorText.startsWith(QByteArrayView(prefix)); };
    if (startsWith("WRONGPASS") || startsWith("ERR invalid password") ||
        errorText.contains(QByteArrayView("invalid username-password"))) {
        return {QStringLiteral("wrong password or user name (server: %1)").arg(said), true, true};
    }
    if (startsWith("NOAUTH"))
        return {QStringLiteral("the server requires a password; none was given (server: %1)").arg(said), true,
                true};
    // The text after NOPERM changed in Redis 7.2: only the prefix is stable.
    if (startsWith("NOPERM"))
        return {QStringLiteral("refused by the server's ACL (server: %1)").arg(said), true};
    if (startsWith("ERR AUTH") && errorText.contains(QByteArrayView("without any password configured")))
        return {QStringLiteral("a password was given but the server has none set (server: %1)").arg(said),
                true};
    if (startsWith("LOADING") || startsWith("BUSY") || startsWith("MASTERDOWN") || startsWith("TRYAGAIN") ||
        errorText.contains(QByteArrayView("max number of clients reached"))) {
        return {QStringLiteral("the server is not ready (server: %1)").arg(said), false};
    }
    return {QStringLiteral("the server refused (server: %1)").arg(said), true};
}

} // namespace busmon
