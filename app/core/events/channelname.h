#pragma once

#include "events/eventkind.h"

#include <QByteArray>
#include <QString>

namespace busmon {

// What a channel name says: `<prefix>.<username>` or `__general__`. The username is everything
// after the prefix and its dot, dots and all (`taskd.certificate.jane.doe@example.com`).
class ChannelName
{
public:
    static ChannelName parse(const QByteArray &channel);
    static QByteArray forUser(EventKind kind, const QString &username);

    EventKind kind() const { return m_kind; }
    bool hasUsername() const { return m_hasUsername; }
    // Empty when the channel has none (`__general__`, unknown channels, `personal.`).
    const QString &username() const { return m_username; }
    QByteArrayView usernameUtf8() const { return m_usernameUtf8; } // the channel's bytes

private:
    EventKind m_kind = EventKind::Unknown;
    bool m_hasUsername = false;
    QString m_username;
    QByteArray m_usernameUtf8;
};

} // namespace busmon
