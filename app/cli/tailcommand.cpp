#include "tailcommand.h"

#include "bus/busfeed.h"
#include "capture/wholewrite.h"
#include "clioutput.h"
#include "connectionoptions.h"
#include "events/onelinetext.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace busmon::cli {

int TailCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Record every message on the bus as JSON Lines: channel, pattern, received, kind, "
                       "username, problems and the payload byte for byte.\n"
                       "By default subscribes to __general__ and the eight <kind>.* patterns."));
    parser.addHelpOption();
    ConnectionOptions connection;
    connection.addTo(parser);
    const QCommandLineOption channelOption(QStringLiteral("channel"),
                                           QStringLiteral("SUBSCRIBE to this channel (repeatable)."),
                                           QStringLiteral("name"));
    const QCommandLineOption patternOption(QStringLiteral("pattern"),
                                           QStringLiteral("PSUBSCRIBE to this pattern (repeatable)."),
                                           QStringLiteral("glob"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
                                          QStringLiteral("Write to this file instead of standard output."),
                                          QStringLiteral("file"));
    const QCommandLineOption countOption(
        QStringLiteral("count"), QStringLiteral("Stop after this many messages."), QStringLiteral("n"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
                                            QStringLiteral("Stop after this many seconds."),
                                            QStringLiteral("seconds"));
    const QCommandLineOption formatOption(
        QStringLiteral("format"),
        QStringLiteral(
            "jsonl (default): the capture format, one JSON object a line; text: one aligned line a "
            "message for reading, not for parsing."),
        QStringLiteral("format"), QStringLiteral("jsonl"));
    const QCommandLineOption healthCheckOption(
        QStringLiteral("health-check"),
        QStringLiteral("Take a server silent this long for lost and reconnect (default 5). On a quiet bus, "
                       "busmon PINGs it after a tenth of this."),
        QStringLiteral("seconds"));
    parser.addOptions({channelOption, patternOption, outputOption, countOption, durationOption, formatOption,
                       healthCheckOption});
    parser.process(arguments);

    std::optional<ConnectionSettings> settings = connection.settings(parser);
    if (!settings)
        return 2;
    bool ok = true;
    if (parser.isSet(healthCheckOption)) {
        const double seconds = parser.value(healthCheckOption).toDouble(&ok);
        const double ms = seconds * 1000;
        if (!ok || ms < ConnectionSettings::minHealthCheckMs || ms > ConnectionSettings::maxHealthCheckMs) {
            CliOutput::error(QStringLiteral("--health-check takes a number of seconds from %1 to %2")
                                 .arg(ConnectionSettings::minHealthCheckMs / 1000.0)
                                 .arg(ConnectionSettings::maxHealthCheckMs / 1000));
            return 2;
        }
        settings->healthCheckMs = int(ms);
    }
    if (parser.isSet(countOption)) {
        m_limit = parser.value(countOption).toULongLong(&ok);
        if (!ok || m_limit == 0) {
            CliOutput::error(QStringLiteral("--count takes a positive whole number"));
            return 2;
        }
    }
    double durationSeconds = 0;
    if (parser.isSet(durationOption)) {
        durationSeconds = parser.value(durationOption).toDouble(&ok);
        if (!ok || durationSeconds <= 0) {
            CliOutput::error(QStringLiteral("--duration takes a positive number of seconds"));
            return 2;
        }
    }

    Subscription subscription;
    for (const QString &channel : parser.values(channelOption))
        subscription.channels.append(channel.toUtf8());
    for (const QString &pattern : parser.values(patternOption))
        subscription.patterns.append(pattern.toUtf8());
    if (subscription.isEmpty())
        subscription = Subscription::defaultSet();
    for (const QString &warning : subscription.overlapWarnings())
        CliOutput::error(QStringLiteral("warning: %1").arg(warning));

    const QString format = parser.value(formatOption);
    if (format != QLatin1String("jsonl") && format != QLatin1String("text")) {
        CliOutput::error(QStringLiteral("--format is jsonl or text"));
        return 2;
    }
    if (!openOutput(parser.value(outputOption), format == QLatin1String("text")))
        return 1;

    m_displayUrl = settings->displayUrl();
    m_feed = new BusFeed(*settings, subscription, this);
    FeedOptions options;
    // The capture format holds no summary, and its lines are written from the batches in place.
    options.summarize = format == QLatin1String("text");
    options.deliverChecked = !options.summarize;
    m_feed->setOptions(options);
    connect(m_feed, &BusFeed::eventsReceived, this, &TailCommand::writeEvents);
    connect(m_feed, &BusFeed::checkedReceived, this, &TailCommand::writeChecked);
    connect(m_feed, &BusFeed::statusChanged, this, &TailCommand::handleStatus);
    connect(m_feed, &BusFeed::outageBegan, this, [this](const Outage &outage) { m_openOutage = outage; });
    connect(m_feed, &BusFeed::outageEnded, this, &TailCommand::recordOutage);
    connect(m_feed, &BusFeed::dropped, this, [this](quint64 total) { m_dropped = total; });
    connect(m_feed, &BusFeed::subscriptionRefused, this, &TailCommand::recordRefusal);

    SignalWatcher interruptions;
    connect(&interruptions, &SignalWatcher::interrupted, this, [this] { finish(0); });
    if (durationSeconds > 0)
        QTimer::singleShot(static_cast<int>(durationSeconds * 1000), this, [this] { finish(0); });

    m_feed->start();
    return QCoreApplication::exec();
}

bool TailCommand::openOutput(const QString &path, bool asText)
{
    const bool opened = path.isEmpty() ? m_output.open(stdout, QIODevice::WriteOnly)
                                       : (m_output.setFileName(path), m_output.open(QIODevice::WriteOnly));
    if (!opened) {
        CliOutput::error(
            QStringLiteral("cannot write %1: %2")
                .arg(path.isEmpty() ? QStringLiteral("standard output") : path, m_output.errorString()));
        return false;
    }
    if (asText)
        m_textWriter = std::make_unique<TextLineWriter>(&m_output);
    else
        m_writer = std::make_unique<CaptureWriter>(&m_output);
    return true;
}

bool TailCommand::writeText(const BusEventBatch &events)
{
    for (const BusEvent &event : events) {
        if (!m_textWriter->write(event))
            return false;
    }
    return true;
}

QString TailCommand::writeError() const
{
    return m_textWriter ? m_textWriter->errorString() : m_writer->errorString();
}

void TailCommand::writeEvents(const BusEventBatch &events)
{
    if (m_finished || m_writeFailed)
        return;
    const qsizetype taken = takenOf(events.size());
    const BusEventBatch written = taken == events.size() ? events : events.first(taken);
    if (!(m_writer ? m_writer->write(written) : writeText(written))) {
        failWriting(writeError());
        return;
    }
    if (!flushOutput())
        return;
    for (const BusEvent &event : written)
        m_summary.count(event);
    finishAtLimit();
}

void TailCommand::writeChecked(const CheckedBatch &batch)
{
    if (m_finished || m_writeFailed)
        return;
    const qsizetype taken = takenOf(batch.size());
    if (!m_writer->write(batch, taken)) {
        failWriting(writeError());
        return;
    }
    if (!flushOutput())
        return;
    for (qsizetype i = 0; i < taken; ++i)
        m_summary.count(batch.kind(i), batch.hasProblems(i));
    finishAtLimit();
}

// How many of `received` messages fit under --count.
qsizetype TailCommand::takenOf(qsizetype received) const
{
    if (m_limit == 0)
        return received;
    return qsizetype(std::min<quint64>(quint64(received), m_limit - m_summary.messageCount()));
}

void TailCommand::finishAtLimit()
{
    if (m_limit > 0 && m_summary.messageCount() >= m_limit)
        finish(0);
}

// Lines the file's buffer took are on disk only once flushed: a full disk shows up here.
bool TailCommand::flushOutput()
{
    if (WholeWrite::flush(m_output))
        return true;
    failWriting(m_output.errorString());
    return false;
}

void TailCommand::failWriting(const QString &reason)
{
    if (std::exchange(m_writeFailed, true))
        return;
    CliOutput::error(QStringLiteral("cannot write the capture: %1").arg(reason));
    finish(1);
}

void TailCommand::handleStatus(const ConnectionStatus &status)
{
    if (!status.detail.isEmpty() && status.state != ConnectionState::Subscribed &&
        status.state != ConnectionState::Connecting)
        m_lastProblem = status.detail;
    switch (status.state) {
    case ConnectionState::Subscribed:
        if (m_everSubscribed)
            CliOutput::info(QStringLiteral("busmon-cli: connected again to %1").arg(m_displayUrl));
        m_everSubscribed = true;
        break;
    case ConnectionState::Failed:
        CliOutput::error(QStringLiteral("%1: %2").arg(m_displayUrl, status.detail));
        finish(1);
        break;
    case ConnectionState::Reconnecting:
        if (!m_everSubscribed) {
            CliOutput::error(QStringLiteral("cannot connect to %1: %2").arg(m_displayUrl, status.detail));
            finish(1);
        } else {
            CliOutput::info(QStringLiteral("busmon-cli: connection to %1 lost (%2); retrying in %3 ms")
                                .arg(m_displayUrl, status.detail)
                                .arg(status.retryInMs));
        }
        break;
    case ConnectionState::Connecting:
    case ConnectionState::Disconnected:
        break;
    }
}

void TailCommand::recordOutage(const Outage &outage)
{
    if (m_finished || m_writeFailed)
        return;
    m_openOutage.reset();
    m_summary.countOutage(outage);
    if (writeOutage(outage))
        flushOutput();
}

bool TailCommand::writeOutage(const Outage &outage)
{
    const bool written = m_textWriter ? m_textWriter->writeOutage(outage) : m_writer->writeOutage(outage);
    if (!written)
        failWriting(writeError());
    return written;
}

// Stopped while the server is away: the capture says the outage began and has no end, so that
// whoever reads it knows the silence after the last message is not a quiet bus.
void TailCommand::recordOpenOutage()
{
    const Outage outage = *std::exchange(m_openOutage, std::nullopt);
    m_summary.countOpenOutage(outage, QDateTime::currentMSecsSinceEpoch());
    writeOutage(outage);
}

void TailCommand::recordRefusal(const SubscriptionRefusal &refusal)
{
    if (m_finished || m_writeFailed)
        return;
    CliOutput::error(QStringLiteral("the server refused the %1 (%2); monitoring the rest")
                         .arg(refusal.describe(), OneLineText::from(refusal.reason)));
    if (m_writer) { // text output is for reading: standard error said it
        if (!m_writer->writeRefusal(refusal))
            failWriting(m_writer->errorString());
        else
            flushOutput();
    }
}

void TailCommand::finish(int exitCode)
{
    if (std::exchange(m_stopping, true))
        return;
    if (!m_everSubscribed && exitCode == 0) {
        // Stopped by --duration or an interrupt before the bus ever answered: nothing was recorded.
        CliOutput::error(QStringLiteral("never connected to %1: %2")
                             .arg(m_displayUrl, m_lastProblem.isEmpty()
                                                    ? QStringLiteral("no answer from the server yet")
                                                    : m_lastProblem));
        exitCode = 1;
    }
    m_feed->stop();
    // What the feed received before it stopped is still queued to us (messages, the outage that
    // began): it goes into the capture like the rest.
    QCoreApplication::sendPostedEvents(m_feed, QEvent::MetaCall);
    m_finished = true;
    if (!m_writeFailed && m_openOutage && m_everSubscribed)
        recordOpenOutage();
    if (!m_writeFailed)
        flushOutput();
    if (m_writeFailed)
        exitCode = 1; // failWriting() said why
    if (m_everSubscribed)
        CliOutput::info(m_summary.text(m_dropped));
    // Queued, so that a failure reported before the event loop runs still ends it.
    QTimer::singleShot(0, this, [exitCode] { QCoreApplication::exit(exitCode); });
}

} // namespace busmon::cli
