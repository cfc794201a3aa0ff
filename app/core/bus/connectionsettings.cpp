#include "bus/connectionsettings.h"

#include <QHostAddress>

namespace busmon {

namespace {
bool fail(QString *error, const QString &reason)
{
    if (error)
        *error = reason;
    return false;
}

QString percentDecoded(QStringView text)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(text.toUtf8()));
}

// host[:port] or [ipv6][:port]
bool parseHostAndPort(QStringView text, ConnectionSettings &settings, QString *error)
{
    QStringView portText;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0)
            return fail(error, QStringLiteral("IPv6 address without closing ']'"));
        settings.host = text.sliced(1, close - 1).toString();
        if (QHostAddress(settings.host).protocol() != QAbstractSocket::IPv6Protocol)
            return fail(error, QStringLiteral("'%1' is not an IPv6 address").arg(settings.host));
        const QStringView rest = text.sliced(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':'))
            return fail(error, QStringLiteral("unexpected '%1' after the IPv6 address").arg(rest));
        if (!rest.isEmpty())
            portText = rest.sliced(1);
        if (rest == u":")
            return fail(error, QStringLiteral("empty port"));
    } else {
        const qsizetype colon = text.indexOf(u':');
        if (colon >= 0 && text.indexOf(u':', colon + 1) >= 0)
            return fail(error, QStringLiteral("put an IPv6 address in brackets: redis://[::1]:6379"));
        settings.host = (colon >= 0 ? text.first(colon) : text).toString();
        if (colon >= 0) {
            portText = text.sliced(colon + 1);
            if (portText.isEmpty())
                return fail(error, QStringLiteral("empty port"));
        }
    }
    if (settings.host.isEmpty())
        return fail(error, QStringLiteral("no host"));
    if (!portText.isNull()) {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        const bool digitsOnly =
            std::all_of(portText.begin(), portText.end(), [](QChar c) { return c.isDigit(); });
        if (!ok || !digitsOnly || port == 0 || port > 65535)
            return fail(error, QStringLiteral("bad port '%1' (1 to 65535)").arg(portText));
        settings.port = quint16(port);
    }
    return true;
}
} // namespace

std::optional<ConnectionSettings> ConnectionSettings::fromUrl(const QString &url, QString *error)
{
    const QString trimmed = url.trimmed();
    const qsizetype schemeEnd = trimmed.indexOf(QLatin1String("://"));
    if (schemeEnd < 0) {
        fail(error, QStringLiteral("not a URL: '%1' (expected redis://host:port or rediss://host:port)")
                        .arg(trimmed));
        return std::nullopt;
    }
    ConnectionSettings settings;
    const QString scheme = trimmed.first(schemeEnd).toLower();
    if (scheme == QLatin1String("rediss")) {
        settings.tls = true;
    } else if (scheme != QLatin1String("redis")) {
        fail(error,
             QStringLiteral("unknown scheme '%1' (use redis:// or rediss://)").arg(trimmed.first(schemeEnd)));
        return std::nullopt;
    }
    QStringView rest = QStringView(trimmed).sliced(schemeEnd + 3);
    if (rest.contains(u'?') || rest.contains(u'#')) {
        fail(error, QStringLiteral("query and fragment are not supported: '%1'").arg(rest));
        return std::nullopt;
    }
    const qsizetype slash = rest.indexOf(u'/');
    if (slash >= 0) {
        // A database number (/0) is allowed and ignored: Pub/Sub does not depend on it.
        const QStringView path = rest.sliced(slash + 1);
        if (!std::all_of(path.begin(), path.end(), [](QChar c) { return c.isDigit(); })) {
            fail(error, QStringLiteral("unexpected path '/%1'").arg(path));
            return std::nullopt;
        }
        rest = rest.first(slash);
    }
    const qsizetype at = rest.lastIndexOf(u'@');
    if (at >= 0) {
        const QStringView userInfo = rest.first(at);
        const qsizetype colon = userInfo.indexOf(u':');
        settings.user = percentDecoded(colon >= 0 ? userInfo.first(colon) : userInfo);
        if (colon >= 0)
            settings.password = percentDecoded(userInfo.sliced(colon + 1));
        rest = rest.sliced(at + 1);
    }
    if (!parseHostAndPort(rest, settings, error))
        return std::nullopt;
    return settings;
}

void ConnectionSettings::applyEnvironment()
{
    if (password.isEmpty() && qEnvironmentVariableIsSet("REDISCLI_AUTH"))
        password = qEnvironmentVariable("REDISCLI_AUTH");
}

QString ConnectionSettings::displayUrl() const
{
    QString text = tls ? QStringLiteral("rediss://") : QStringLiteral("redis://");
    if (!user.isEmpty() || !password.isEmpty()) {
        text += QString::fromUtf8(user.toUtf8().toPercentEncoding());
        if (!password.isEmpty())
            text += QLatin1String(":***");
        text += u'@';
    }
    text += host.contains(u':') ? QStringLiteral("[%1]").arg(host) : host;
    text += u':' + QString::number(port);
    return text;
}

} // namespace busmon
