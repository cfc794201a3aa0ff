#include "events/channelname.h"

namespace busmon {

ChannelName ChannelName::parse(const QByteArray &channel)
{
    ChannelName result;
    if (channel == "__general__") {
        result.m_kind = EventKind::General;
        return result;
    }
    for (EventKind kind : allEventKinds) {
        const QLatin1StringView prefix = eventKindPrefix(kind);
        if (prefix.isEmpty())
            continue;
        const qsizetype prefixLength = prefix.size();
        if (channel.size() > prefixLength && channel.at(prefixLength) == '.' &&
            QByteArrayView(channel).first(prefixLength) == QByteArrayView(prefix.data(), prefixLength)) {
            result.m_kind = kind;
            result.m_usernameUtf8 = channel.sliced(prefixLength + 1);
            result.m_username = QString::fromUtf8(result.m_usernameUtf8);
            result.m_hasUsername = !result.m_username.isEmpty();
            return result;
        }
    }
    return result;
}

QByteArray ChannelName::forUser(EventKind kind, const QString &username)
{
    if (kind == EventKind::General)
        return QByteArrayLiteral("__general__");
    const QLatin1StringView prefix = eventKindPrefix(kind);
    return QByteArray(prefix.data(), prefix.size()) + '.' + username.toUtf8();
}

} // namespace busmon
