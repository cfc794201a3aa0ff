#include "statscommand.h"

#include "activity/activityfacts.h"
#include "activity/activityreport.h"
#include "activity/parallelcapturereader.h"
#include "bus/busfeed.h"
#include "capture/captureinput.h"
#include "clioutput.h"
#include "connectionoptions.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace busmon::cli {

namespace {
constexpr int badLinesShown = 20;
} // namespace

int StatsCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Sync activity figures, as the window's charts show them: syncs per minute (those that stored or "
        "merged records apart), service_duration percentiles (nearest rank), the busiest users, "
        "certificate checks, incoming mail and error log lines.\n"
        "Reads a capture (written by 'busmon-cli tail'; '-' for standard input), or the live bus with --url "
        "for --duration seconds."));
    parser.addHelpOption();
    ConnectionOptions connection;
    connection.addTo(parser);
    const QCommandLineOption durationOption(
        QStringLiteral("duration"),
        QStringLiteral("With --url: listen this many seconds, then print (without it, until Ctrl+C)."),
        QStringLiteral("seconds"));
    const QCommandLineOption windowOption(
        QStringLiteral("window"),
        QStringLiteral("5m, 1h, 24h or all (default): how far back from the newest message to look."),
        QStringLiteral("window"), QStringLiteral("all"));
    const QCommandLineOption filterOption(
        QStringLiteral("filter"),
        QStringLiteral("Count only messages that pass this filter (the window's filter language)."),
        QStringLiteral("expr"));
    const QCommandLineOption formatOption(
        QStringLiteral("format"), QStringLiteral("text (default): aligned, for reading; json: for scripts."),
        QStringLiteral("format"), QStringLiteral("text"));
    parser.addOptions({durationOption, windowOption, filterOption, formatOption});
    parser.addPositionalArgument(QStringLiteral("capture"),
                                 QStringLiteral("A JSON Lines capture; or use --url."),
                                 QStringLiteral("[capture]"));
    parser.process(arguments);

    const std::optional<ActivityWindow> window = activityWindowFromName(parser.value(windowOption));
    if (!window) {
        CliOutput::error(QStringLiteral("--window is 5m, 1h, 24h or all"));
        return 2;
    }
    m_window = *window;
    const QString format = parser.value(formatOption);
    if (format != QLatin1String("text") && format != QLatin1String("json")) {
        CliOutput::error(QStringLiteral("--format is text or json"));
        return 2;
    }
    m_format = format == QLatin1String("json") ? Format::Json : Format::Text;
    const FilterExpression filter = FilterExpression::parse(parser.value(filterOption));
    if (!filter.isValid()) {
        CliOutput::error(QStringLiteral("--filter: %1").arg(filter.errorMessage()));
        return 2;
    }
    m_counter = std::make_unique<ActivityCounter>(filter);

    const QStringList captures = parser.positionalArguments();
    const bool live = parser.isSet(QStringLiteral("url"));
    if (captures.size() > 1 || (captures.isEmpty() == !live)) {
        CliOutput::error(QStringLiteral("stats reads one capture file, or the bus with --url"));
        return 2;
    }
    if (!live) {
        if (parser.isSet(durationOption)) {
            CliOutput::error(QStringLiteral("--duration goes with --url"));
            return 2;
        }
        return countCapture(captures.constFirst());
    }
    const std::optional<ConnectionSettings> settings = connection.settings(parser);
    if (!settings)
        return 2;
    double durationSeconds = 0;
    if (parser.isSet(durationOption)) {
        bool ok = false;
        durationSeconds = parser.value(durationOption).toDouble(&ok);
        if (!ok || durationSeconds <= 0) {
            CliOutput::error(QStringLiteral("--duration takes a positive number of seconds"));
            return 2;
        }
    }
    return countLive(*settings, durationSeconds);
}

int StatsCommand::countCapture(const QString &path)
{
    CaptureInput input; // plain or gzip, a file or "-" for standard input
    if (!input.open(path)) {
        CliOutput::error(input.errorString());
        return 1;
    }
    qint64 badLines = 0;
    ParallelCaptureReader::Options options;
    options.summaries = m_counter->needsSummaries();
    options.wantsPayload = &ActivityFacts::counts;
    const bool read = ParallelCaptureReader::read(
        input.device(), [this](const BusEventBatch &events) { m_counter->count(events); },
        [&](const QString &error) {
            if (++badLines <= badLinesShown)
                CliOutput::error(QStringLiteral("%1: %2 (skipped)").arg(path, error));
        },
        nullptr, options);
    if (badLines > badLinesShown)
        CliOutput::error(
            QStringLiteral("%1: %2 more bad lines skipped").arg(path).arg(badLines - badLinesShown));
    const QString readError = input.readError();
    if (!read || !readError.isEmpty()) {
        CliOutput::error(QStringLiteral("cannot read %1: %2")
                             .arg(path, readError.isEmpty() ? input.device()->errorString() : readError));
        return 1;
    }
    return print(std::nullopt) ? 0 : 1;
}

int StatsCommand::countLive(const ConnectionSettings &settings, double durationSeconds)
{
    m_displayUrl = settings.displayUrl();
    m_feed = new BusFeed(settings, Subscription::defaultSet(), this);
    connect(m_feed, &BusFeed::eventsReceived, this, [this](const BusEventBatch &events) {
        if (!m_finished)
            m_counter->count(events);
    });
    connect(m_feed, &BusFeed::statusChanged, this, &StatsCommand::handleStatus);
    SignalWatcher interruptions;
    connect(&interruptions, &SignalWatcher::interrupted, this, [this] { finishLive(0); });
    if (durationSeconds > 0)
        QTimer::singleShot(static_cast<int>(durationSeconds * 1000), this, [this] { finishLive(0); });
    m_feed->start();
    return QCoreApplication::exec();
}

void StatsCommand::handleStatus(const ConnectionStatus &status)
{
    if (status.state == ConnectionState::Subscribed) {
        m_everSubscribed = true;
    } else if (status.state == ConnectionState::Failed ||
               (status.state == ConnectionState::Reconnecting && !m_everSubscribed)) {
        CliOutput::error(QStringLiteral("cannot read %1: %2").arg(m_displayUrl, status.detail));
        finishLive(1);
    }
}

void StatsCommand::finishLive(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_feed->stop();
    if (exitCode == 0 && !print(QDateTime::currentMSecsSinceEpoch()))
        exitCode = 1;
    QTimer::singleShot(0, this, [exitCode] { QCoreApplication::exit(exitCode); });
}

bool StatsCommand::print(std::optional<qint64> nowMs) const
{
    const ActivitySnapshot snapshot = m_counter->snapshot(m_window, nowMs);
    const QByteArray text = m_format == Format::Json ? ActivityReport::toJson(snapshot)
                                                     : ActivityReport::toText(snapshot).toUtf8();
    const bool written = std::fwrite(text.constData(), 1, static_cast<size_t>(text.size()), stdout) ==
                             static_cast<size_t>(text.size()) &&
                         std::fflush(stdout) == 0;
    if (!written)
        CliOutput::error(
            QStringLiteral("cannot write the output: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    return written;
}

} // namespace busmon::cli
