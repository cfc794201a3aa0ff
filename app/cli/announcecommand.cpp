#include "announcecommand.h"

#include "bus/publisher.h"
#include "clioutput.h"
#include "connectionoptions.h"
#include "events/announcement.h"
#include "events/channelname.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QList>
#include <QTimer>

#include <cstdio>
#include <utility>

namespace busmon::cli {

namespace {
constexpr int replyTimeoutMs = 10000;

struct Delivery
{
    QByteArray channel;
    QByteArray payload;
};

QList<Delivery> deliveriesFor(const Announcement &announcement, const QStringList &users)
{
    if (users.isEmpty())
        return {{ChannelName::forUser(EventKind::General, QString()), announcement.generalPayload()}};
    QList<Delivery> deliveries;
    for (const QString &user : users)
        deliveries.append(
            {ChannelName::forUser(EventKind::Personal, user), announcement.personalPayload(user)});
    return deliveries;
}

int publishAll(const ConnectionSettings &settings, const QList<Delivery> &deliveries)
{
    Publisher publisher(settings);
    bool done = false;
    auto finish = [&done](int exitCode) {
        if (!std::exchange(done, true))
            QCoreApplication::exit(exitCode);
    };
    QObject::connect(
        &publisher, &Publisher::published, &publisher, [](const QByteArray &channel, qint64 receivers) {
            if (receivers == 0)
                CliOutput::info(
                    QStringLiteral(
                        "%1: published, but no subscriber received it (is the web app on this bus?)")
                        .arg(QString::fromUtf8(channel)));
            else
                CliOutput::info(QStringLiteral("%1: received by %2 subscriber(s)")
                                    .arg(QString::fromUtf8(channel))
                                    .arg(receivers));
        });
    QObject::connect(&publisher, &Publisher::drained, &publisher, [&] { finish(0); });
    QObject::connect(&publisher, &Publisher::failed, &publisher, [&](const QString &reason) {
        CliOutput::error(reason);
        finish(1);
    });
    QTimer::singleShot(replyTimeoutMs, &publisher, [&] {
        CliOutput::error(QStringLiteral("%1: no answer within %2 s")
                             .arg(settings.displayUrl())
                             .arg(replyTimeoutMs / 1000));
        finish(1);
    });
    for (const Delivery &delivery : deliveries)
        publisher.publish(delivery.channel, delivery.payload);
    return QCoreApplication::exec();
}
} // namespace

int AnnounceCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Publish a toast: to every signed-in user on __general__, or with --user to those users "
        "on personal.<username>. The web UI shows the title in bold, a colon, then the message."));
    parser.addHelpOption();
    ConnectionOptions connection;
    connection.addTo(parser);
    const QCommandLineOption titleOption(QStringLiteral("title"), QStringLiteral("The toast's title."),
                                         QStringLiteral("text"));
    const QCommandLineOption messageOption(QStringLiteral("message"), QStringLiteral("The toast's text."),
                                           QStringLiteral("text"));
    const QCommandLineOption typeOption(
        QStringLiteral("type"),
        QStringLiteral("info, warning, error or success (default: none, shown as info)."),
        QStringLiteral("type"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
                                            QStringLiteral("How long the web UI shows it, in milliseconds."),
                                            QStringLiteral("ms"));
    const QCommandLineOption userOption(
        QStringLiteral("user"), QStringLiteral("Send to this user only, on personal.<user> (repeatable)."),
        QStringLiteral("name"));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"),
                                          QStringLiteral("Print channel and payload instead of publishing."));
    parser.addOptions({titleOption, messageOption, typeOption, durationOption, userOption, dryRunOption});
    parser.process(arguments);

    Announcement announcement;
    announcement.title = parser.value(titleOption);
    announcement.message = parser.value(messageOption);
    if (announcement.title.trimmed().isEmpty() || announcement.message.trimmed().isEmpty()) {
        CliOutput::error(QStringLiteral("announce needs a --title and a --message"));
        return 2;
    }
    if (parser.isSet(typeOption)) {
        const QString type = parser.value(typeOption);
        announcement.type = Announcement::typeFromName(type);
        if (Announcement::typeName(*announcement.type) != type) {
            CliOutput::error(QStringLiteral("--type is one of info, warning, error, success"));
            return 2;
        }
    }
    if (parser.isSet(durationOption)) {
        bool ok = false;
        announcement.duration = parser.value(durationOption).toLongLong(&ok);
        if (!ok || *announcement.duration <= 0) {
            CliOutput::error(QStringLiteral("--duration takes a positive number of milliseconds"));
            return 2;
        }
    }
    const QStringList users = parser.values(userOption);
    for (const QString &user : users) {
        if (user.isEmpty()) {
            CliOutput::error(QStringLiteral("--user needs a username"));
            return 2;
        }
    }
    const QList<Delivery> deliveries = deliveriesFor(announcement, users);
    if (parser.isSet(dryRunOption)) {
        for (const Delivery &delivery : deliveries)
            std::printf("%s %s\n", delivery.channel.constData(), delivery.payload.constData());
        return 0;
    }
    const std::optional<ConnectionSettings> settings = connection.settings(parser);
    if (!settings)
        return 2;
    return publishAll(*settings, deliveries);
}

} // namespace busmon::cli
