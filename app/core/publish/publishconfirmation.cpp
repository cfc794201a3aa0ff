#include "publish/publishconfirmation.h"

#include "events/channelname.h"

#include <QCoreApplication>
#include <QLocale>

namespace busmon {

namespace {
QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("busmon::PublishConfirmation", text, nullptr, n);
}

QString hostAndPort(const ConnectionSettings &settings)
{
    const QString host =
        settings.host.contains(u':') ? QStringLiteral("[%1]").arg(settings.host) : settings.host;
    return QStringLiteral("%1:%2").arg(host).arg(settings.port);
}

QString audienceOf(const QByteArray &channel)
{
    const ChannelName name = ChannelName::parse(channel);
    switch (name.kind()) {
    case EventKind::General:
        return tr("Every signed-in user will see it.");
    case EventKind::Personal:
        return tr("Only %1 will see it, in every browser signed in as that user.").arg(name.username());
    default:
        return tr("Every subscriber of %1 will receive it.").arg(QString::fromUtf8(channel));
    }
}

QString audienceOf(const QList<QByteArray> &channels)
{
    qsizetype personal = 0;
    bool general = false;
    for (const QByteArray &channel : channels) {
        const EventKind kind = ChannelName::parse(channel).kind();
        general = general || kind == EventKind::General;
        personal += kind == EventKind::Personal ? 1 : 0;
    }
    QStringList parts;
    if (general)
        parts << tr("Toasts on __general__ are shown to every signed-in user.");
    if (personal > 0)
        parts << (personal == 1
                      ? tr("Toasts on 1 personal channel are shown to its user.")
                      : tr("Toasts on %L1 personal channels are shown to those users.").arg(personal));
    if (parts.isEmpty())
        parts << tr("Subscribers of those channels receive them as if they were new.");
    return parts.join(u' ');
}
} // namespace

QString PublishConfirmation::describeTarget(const SessionOrigin &target)
{
    if (target.kind == SessionOrigin::Kind::Demo)
        return tr("the demo bus (%1)").arg(hostAndPort(target.settings));
    if (!target.profileName.isEmpty())
        return tr("profile “%1” (%2)").arg(target.profileName, hostAndPort(target.settings));
    return target.settings.displayUrl();
}

PublishConfirmation PublishConfirmation::forMessage(const SessionOrigin &target, const QByteArray &channel,
                                                    const QByteArray &payload)
{
    PublishConfirmation confirmation;
    const EventKind kind = ChannelName::parse(channel).kind();
    confirmation.title = kind == EventKind::General ? tr("Publish an announcement") : tr("Publish a message");
    confirmation.question =
        tr("Publish to %1 on %2?").arg(QString::fromUtf8(channel), describeTarget(target));
    confirmation.audience = audienceOf(channel);
    confirmation.payload = payload;
    return confirmation;
}

PublishConfirmation PublishConfirmation::forRun(const SessionOrigin &target, const QString &action,
                                                qint64 messages, const QList<QByteArray> &channels,
                                                double speed)
{
    PublishConfirmation confirmation;
    const QLocale locale;
    const QString pace = speed > 0 ? tr("at ×%1").arg(locale.toString(speed)) : tr("as fast as possible");
    const QString messageCount =
        messages == 1 ? tr("1 message") : tr("%1 messages").arg(locale.toString(messages));
    const QString channelCount =
        channels.size() == 1 ? tr("1 channel") : tr("%1 channels").arg(locale.toString(channels.size()));
    confirmation.title = tr("Publish %1").arg(messageCount);
    confirmation.question = tr("%1: publish %2 to %3 on %4, %5?")
                                .arg(action, messageCount, channelCount, describeTarget(target), pace);
    confirmation.audience = audienceOf(channels);
    return confirmation;
}

QString PublishConfirmation::text() const
{
    QStringList lines{question, audience};
    if (!payload.isEmpty())
        lines << QString::fromUtf8(payload);
    return lines.join(u'\n');
}

} // namespace busmon
