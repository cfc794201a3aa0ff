#include "replaycommand.h"

#include "capture/capturefilter.h"
#include "capture/captureinput.h"
#include "capture/capturereader.h"
#include "capture/userrenamer.h"
#include "clioutput.h"
#include "connectionoptions.h"
#include "pacedpublisher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSet>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace busmon::cli {

namespace {
struct ReplaySelection
{
    QSet<EventKind> kinds; // empty: every kind
    QSet<QString> users;   // empty: every user
    double speed = 1;      // 0: as fast as possible
    std::optional<UserRenamer> rename;

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
    quint64 wanted = 0;   // let through by the selection and the filter
    quint64 badLines = 0;
    quint64 outagesSkipped = 0;
    quint64 renamed = 0;
    QString firstError;

    quint64 leftOut() const { return messages - wanted; }
};

// Why a replay published nothing, and its exit status: 1 when no line was a capture line at all.
std::pair<QString, int> nothingToReplay(const QString &file, bool fileIsEmpty, const ReplayProgress &progress,
                                        const QStringList &selection)
{
    if (progress.messages == 0 && progress.outagesSkipped == 0) {
        if (progress.badLines == 0)
            return {QStringLiteral("nothing to replay: %1 %2")
                        .arg(file, fileIsEmpty ? QStringLiteral("is empty")
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

// Reads the capture a block at a time, keeps what the selection and the filter let through, and
// releases each message when its offset from the first, scaled by speed, is due.
class ReplayQueue
{
public:
    ReplayQueue(CaptureReader *reader, ReplaySelection selection, const FilterExpression &filter,
                ReplayProgress *progress)
        : m_reader(reader)
        , m_selection(std::move(selection))
        , m_filter(filter)
        , m_progress(progress)
    {}

    PacedPublisher::Due next(qint64 elapsedMs, PacedPublisher::Message &message)
    {
        if (m_next >= m_ready.size() && !refill())
            return PacedPublisher::Due::Exhausted;
        const BusEvent &event = m_ready.at(m_next);
        if (!m_started) {
            m_started = true;
            m_firstReceivedMs = event.receivedMs;
        }
        const qint64 offsetMs = event.receivedMs - m_firstReceivedMs;
        if (m_selection.speed > 0 &&
            static_cast<double>(offsetMs) / m_selection.speed > static_cast<double>(elapsedMs))
            return PacedPublisher::Due::Later;
        message.channel = event.channel;
        message.payload = event.payload;
        if (m_selection.rename && m_selection.rename->apply(message.channel, message.payload))
            ++m_progress->renamed;
        ++m_next;
        return PacedPublisher::Due::Now;
    }

private:
    bool refill()
    {
        m_ready.clear();
        m_next = 0;
        while (m_ready.isEmpty() && !m_ended) {
            QList<StoredEvent::Entry> block;
            while (block.size() < CaptureFilter::blockSize && !m_ended) {
                switch (m_reader->readNext()) {
                case CaptureReader::Entry::End:
                    m_ended = true;
                    break;
                case CaptureReader::Entry::Error:
                    if (++m_progress->badLines <= namedBadLines)
                        CliOutput::error(QStringLiteral("skipped %1").arg(m_reader->errorString()));
                    if (m_progress->firstError.isEmpty())
                        m_progress->firstError = m_reader->errorString();
                    break;
                case CaptureReader::Entry::Outage:
                    ++m_progress->outagesSkipped;
                    break;
                case CaptureReader::Entry::Event:
                    ++m_progress->messages;
                    if (m_selection.wants(m_reader->event()))
                        block.append(m_reader->event());
                    break;
                }
            }
            const std::vector<char> passing = m_filter.matches(block);
            for (qsizetype i = 0; i < block.size(); ++i) {
                if (passing[static_cast<size_t>(i)])
                    m_ready.append(std::get<BusEvent>(block.at(i)));
            }
        }
        m_progress->wanted += static_cast<quint64>(m_ready.size());
        return !m_ready.isEmpty();
    }

    CaptureReader *m_reader;
    ReplaySelection m_selection;
    CaptureFilter m_filter;
    ReplayProgress *m_progress;
    BusEventBatch m_ready;
    qsizetype m_next = 0;
    bool m_ended = false;
    bool m_started = false;
    qint64 m_firstReceivedMs = 0;
};
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
    const QCommandLineOption filterOption(
        {QStringLiteral("f"), QStringLiteral("filter")},
        QStringLiteral("Only messages that pass this filter (the window's filter language)."),
        QStringLiteral("expr"));
    const QCommandLineOption renameOption(
        QStringLiteral("rename-user"),
        QStringLiteral("Aim OLD's messages at NEW: their channel and the payload's username are rewritten, "
                       "no other byte."),
        QStringLiteral("OLD=NEW"));
    parser.addOptions({speedOption, kindOption, userOption, filterOption, renameOption});
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

    if (parser.isSet(renameOption)) {
        selection.rename = UserRenamer::parse(parser.value(renameOption));
        if (!selection.rename) {
            CliOutput::error(QStringLiteral("--rename-user takes OLD=NEW"));
            return 2;
        }
    }
    const FilterExpression filter = FilterExpression::parse(parser.value(filterOption));
    if (!filter.isValid()) {
        CliOutput::error(QStringLiteral("bad filter: %1").arg(filter.errorMessage()));
        return 2;
    }

    CaptureInput input;
    if (!input.open(parser.positionalArguments().constFirst())) {
        CliOutput::error(input.errorString());
        return 1;
    }
    CaptureReader reader(input.device());
    ReplayProgress progress;
    auto queue = std::make_shared<ReplayQueue>(&reader, selection, filter, &progress);

    PacedPublisher publisher(
        *target, {QStringLiteral("replay"), selection.speed, parser.positionalArguments().constFirst()});
    // On a terminal, one line that keeps changing; in a script, only the summary.
    QTimer progressTimer;
    const bool onTerminal = isatty(fileno(stderr)) != 0;
    if (onTerminal) {
        progressTimer.setInterval(250);
        QObject::connect(&progressTimer, &QTimer::timeout, &publisher, [&] {
            const qint64 size = input.storedSize();
            const QString share =
                size > 0 ? QStringLiteral(", %1% of the file").arg(input.storedPosition() * 100 / size)
                         : QString();
            std::fprintf(stderr, "\rreplaying: %llu published%s   ",
                         static_cast<unsigned long long>(publisher.publishedCount()), qPrintable(share));
            std::fflush(stderr);
        });
        progressTimer.start();
    }
    const int exitCode = publisher.run([queue](qint64 elapsedMs, PacedPublisher::Message &message) {
        return queue->next(elapsedMs, message);
    });
    if (onTerminal)
        std::fputs("\r\033[K", stderr);
    if (progress.badLines > namedBadLines)
        CliOutput::error(QStringLiteral("skipped %1 more bad lines").arg(progress.badLines - namedBadLines));
    if (exitCode == 0 && progress.wanted == 0) {
        QStringList chosen;
        for (const QString &kind : parser.values(kindOption))
            chosen << QStringLiteral("--kind ") + kind;
        for (const QString &user : parser.values(userOption))
            chosen << QStringLiteral("--user ") + user;
        if (parser.isSet(filterOption))
            chosen << QStringLiteral("--filter '%1'").arg(parser.value(filterOption));
        const auto [reason, status] = nothingToReplay(parser.positionalArguments().constFirst(),
                                                      input.storedSize() == 0, progress, chosen);
        CliOutput::error(reason);
        return status;
    }
    CliOutput::info(
        QStringLiteral(
            "replayed %1 messages (of %2 read) in %3 s, %4 deliveries to subscribers; %5 left out by "
            "the selection or filter, %6 renamed, %7 bad lines skipped, %8 outage marks skipped")
            .arg(publisher.publishedCount())
            .arg(progress.messages)
            .arg(publisher.elapsedSeconds(), 0, 'f', 1)
            .arg(publisher.receiverCount())
            .arg(progress.leftOut())
            .arg(progress.renamed)
            .arg(progress.badLines)
            .arg(progress.outagesSkipped));
    if (const QString error = input.readError(); !error.isEmpty()) {
        CliOutput::error(error);
        return 1;
    }
    return exitCode;
}

} // namespace busmon::cli
