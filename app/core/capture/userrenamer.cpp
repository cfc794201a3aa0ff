#include "capture/userrenamer.h"

#include "capture/jsontext.h"
#include "events/channelname.h"
#include "events/jsonscanner.h"

namespace busmon {

std::optional<UserRenamer> UserRenamer::parse(const QString &text)
{
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    if (equals <= 0 || equals == text.size() - 1)
        return std::nullopt;
    return UserRenamer(text.left(equals), text.mid(equals + 1));
}

UserRenamer::UserRenamer(const QString &from, const QString &to)
    : m_from(from)
    , m_to(to)
{
    JsonText::appendString(m_quotedTo, to.toUtf8());
}

bool UserRenamer::apply(QByteArray &channel, QByteArray &payload) const
{
    const ChannelName name = ChannelName::parse(channel);
    if (!name.hasUsername() || name.username() != m_from)
        return false;
    channel = ChannelName::forUser(name.kind(), m_to);
    if (!QByteArrayView(payload).isValidUtf8())
        return true;
    const JsonScanner::Result scanned = JsonScanner::scan(payload);
    if (!scanned.ok || !scanned.value.isObject())
        return true;
    const JsonValueView username = scanned.object.value(QLatin1StringView("username"));
    if (!username.isString() || username.toString() != m_from)
        return true;
    const QByteArrayView raw = username.raw();
    payload.replace(raw.data() - payload.constData(), raw.size(), m_quotedTo);
    return true;
}

} // namespace busmon
