#include "replaycommand.h"

#include "capture/capturereader.h"
#include "clioutput.h"
#include "connectionoptions.h"
#include "pacedpublisher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSet>

namespace busmon::cli {

namespace {
struct ReplaySelection
{
    QSet<EventKind> kinds; // empty: every kind
    QSet<QString> users;   // empty: every user
    double speed = 1;      // 0: as fast as possible

    bool wants(const BusEvent &event) const
    {
        return (kinds.isEmpty() || kinds.contains(event.kind)) &&
               (users.isEmpty() || users.contains(event.username));
    }
};

// Bad lines are named one by one up to this many; the rest are counted.
constexpr quint64 namedBadLines = 5;

struct ReplayProgress
{
    quint64 messages = 0; // message lines read, wanted or not
    quint64 wanted = 0;
    quint64 badLines = 0;
    quint64 outagesSkipped = 0;
    QString firstError;
};

// Why a replay published nothing, and its exit status: 1 when no line was a capture line at all.
std::pair<QString, int> nothingToReplay(const QFile &capture, const ReplayProgress &progress,
                                        const QStringList &selection)
{
    const QString file = capture.fileName();
    if (progress.messages == 0 && progress.outagesSkipped == 0) {
        if (progress.badLines == 0)
            return {QStringLiteral("nothing to replay: %1 %2")
                        .arg(file, capture.size() == 0 ? QStringLiteral("is empty")
                                                       : QStringLiteral("holds only blank lines")),
                    1};
        return {QStringLiteral("nothing to replay: no line of %1 (%2 read) is a capture line (%3)")
                    .arg(file)
                    .arg(progress.badLines)
                    .arg(progress.firstError),
                1};
    }
    if (progress.messages == 0)
        return {QStringLiteral("nothing to replay: %1 holds only outage marks (%2), no messages")
                    .arg(file)
                    .arg(progress.outagesSkipped),
                0};
    return {QStringLiteral("nothing to replay: no message in %1 (%2 read) matches %3")
                .arg(file)
                .arg(progress.messages)
                .arg(selection.join(u' ')),
            0};
}

// Reads ahead one wanted event and releases it when its offset from the first, scaled by speed, is due.
PacedPublisher::Source replaySource(std::shared_ptr<CaptureReader> reader, ReplaySelection selection,
                                    std::shared_ptr<ReplayProgress> progress)
{
    struct State
    {
        bool pending = false;
        bool started = false;
        qint64 firstReceivedMs = 0;
        BusEvent next;
    };
    auto state = std::make_shared<State>();
    return [=](qint64 elapsedMs, PacedPublisher::Message &message) {
        while (!state->pending) {
            switch (reader->readNext()) {
            case CaptureReader::Entry::End:
                return PacedPublisher::Due::Exhausted;
            case CaptureReader::Entry::Error:
                if (++progress->badLines <= namedBadLines)
                    CliOutput::error(QStringLiteral("skipped %1").arg(reader->errorString()));
                if (progress->firstError.isEmpty())
                    progress->firstError = reader->errorString();
                continue;
            case CaptureReader::Entry::Outage:
                ++progress->outagesSkipped;
                continue;
            case CaptureReader::Entry::Event:
                ++progress->messages;
                if (!selection.wants(reader->event()))
                    continue;
                ++progress->wanted;
                state->next = reader->event();
                state->pending = true;
                if (!state->started) {
                    state->started = true;
                    state->firstReceivedMs = state->next.receivedMs;
                }
            }
        }
        const qint64 offsetMs = state->next.receivedMs - state->firstReceivedMs;
        if (selection.speed > 0 &&
            static_cast<double>(offsetMs) / selection.speed > static_cast<double>(elapsedMs))
            return PacedPublisher::Due::Later;
        message.channel = state->next.channel;
        message.payload = state->next.payload;
        state->pending = false;
        return PacedPublisher::Due::Now;
    };
}
} // namespace

int ReplayCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Publish the messages of a capture (written by 'busmon-cli tail') again, byte for byte, "
        "to the channels they were received on."));
    parser.addHelpOption();
    ConnectionOptions connection;
    connection.addTo(parser);
    const QCommandLineOption speedOption(
        QStringLiteral("speed"),
        QStringLiteral(
            "Pace relative to the capture: 1 as recorded, 10 ten times faster, 0 as fast as possible."),
        QStringLiteral("factor"), QStringLiteral("1"));
    const QCommandLineOption kindOption(QStringLiteral("kind"),
                                        QStringLiteral("Only messages of this kind (repeatable)."),
                                        QStringLiteral("kind"));
    const QCommandLineOption userOption(QStringLiteral("user"),
                                        QStringLiteral("Only messages on this user's channels (repeatable)."),
                                        QStringLiteral("name"));
    parser.addOptions({speedOption, kindOption, userOption});
    parser.addPositionalArgument(QStringLiteral("capture"),
                                 QStringLiteral("The JSON Lines capture to publish."));
    parser.process(arguments);

    int refusedWith = 0;
    const std::optional<SessionOrigin> target = connection.publishTarget(parser, &refusedWith);
    if (!target)
        return refusedWith;
    if (parser.positionalArguments().size() != 1) {
        CliOutput::error(QStringLiteral("replay takes one capture file"));
        return 2;
    }
    ReplaySelection selection;
    bool speedOk = false;
    selection.speed = parser.value(speedOption).toDouble(&speedOk);
    if (!speedOk || selection.speed < 0) {
        CliOutput::error(QStringLiteral("--speed takes a non-negative number"));
        return 2;
    }
    for (const QString &name : parser.values(kindOption)) {
        const std::optional<EventKind> kind = eventKindFromName(name.toUtf8());
        if (!kind) {
            CliOutput::error(QStringLiteral("unknown kind '%1'").arg(name));
            return 2;
        }
        selection.kinds.insert(*kind);
    }
    for (const QString &user : parser.values(userOption))
        selection.users.insert(user);

    QFile file(parser.positionalArguments().constFirst());
    if (!file.open(QIODevice::ReadOnly)) {
        CliOutput::error(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        return 1;
    }
    auto reader = std::make_shared<CaptureReader>(&file);
    auto progress = std::make_shared<ReplayProgress>();

    PacedPublisher publisher(*target, {QStringLiteral("replay"), selection.speed, file.fileName()});
    const int exitCode = publisher.run(replaySource(reader, selection, progress));
    if (progress->badLines > namedBadLines)
        CliOutput::error(QStringLiteral("skipped %1 more bad lines").arg(progress->badLines - namedBadLines));
    if (exitCode == 0 && progress->wanted == 0) {
        QStringList chosen;
        for (const QString &kind : parser.values(kindOption))
            chosen << QStringLiteral("--kind ") + kind;
        for (const QString &user : parser.values(userOption))
            chosen << QStringLiteral("--user ") + user;
        const auto [reason, status] = nothingToReplay(file, *progress, chosen);
        CliOutput::error(reason);
        return status;
    }
    CliOutput::info(
        QStringLiteral("replayed %1 messages in %2 s, %3 deliveries to subscribers; %4 bad lines skipped, "
                       "%5 outage marks skipped")
            .arg(publisher.publishedCount())
            .arg(publisher.elapsedSeconds(), 0, 'f', 1)
            .arg(publisher.receiverCount())
            .arg(progress->badLines)
            .arg(progress->outagesSkipped));
    return exitCode;
}

} // namespace busmon::cli
