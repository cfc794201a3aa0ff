#include "simulatecommand.h"

#include "clioutput.h"
#include "connectionoptions.h"
#include "pacedpublisher.h"
#include "sim/trafficprefetcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace busmon::cli {

namespace {
struct SimulationLimits
{
    double rate = 20;      // messages per second; 0: as fast as the server takes them
    quint64 count = 0;     // 0: no limit
    qint64 durationMs = 0; // 0: no limit
};

PacedPublisher::Source simulationSource(std::shared_ptr<TrafficPrefetcher> simulator, SimulationLimits limits)
{
    auto sent = std::make_shared<quint64>(0);
    return [=](qint64 elapsedMs, PacedPublisher::Message &message) {
        if ((limits.count > 0 && *sent >= limits.count) ||
            (limits.durationMs > 0 && elapsedMs >= limits.durationMs))
            return PacedPublisher::Due::Exhausted;
        if (limits.rate > 0 &&
            static_cast<double>(*sent) >= limits.rate * static_cast<double>(elapsedMs) / 1000.0 + 1)
            return PacedPublisher::Due::Later;
        SimulatedMessage next = simulator->next();
        message.channel = std::move(next.channel);
        message.payload = std::move(next.payload);
        ++*sent;
        return PacedPublisher::Due::Now;
    };
}
} // namespace

int SimulateCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Publish realistic Inthe.AM traffic: syncs and the local_sync and changed_task "
        "chains they cause, log messages, mail, Trello changes, certificate checks and toasts."));
    parser.addHelpOption();
    ConnectionOptions connection;
    connection.addTo(parser);
    const QCommandLineOption rateOption(
        QStringLiteral("rate"),
        QStringLiteral("Messages per second; 0 for as fast as possible (default 20)."), QStringLiteral("n"),
        QStringLiteral("20"));
    const QCommandLineOption countOption(
        QStringLiteral("count"), QStringLiteral("Stop after this many messages."), QStringLiteral("n"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
                                            QStringLiteral("Stop after this many seconds."),
                                            QStringLiteral("seconds"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Random seed: the same seed gives the same traffic."),
                                        QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption userOption(
        QStringLiteral("user"), QStringLiteral("A user to simulate (repeatable; default: a handful)."),
        QStringLiteral("name"));
    parser.addOptions({rateOption, countOption, durationOption, seedOption, userOption});
    parser.process(arguments);

    int refusedWith = 0;
    const std::optional<SessionOrigin> target = connection.publishTarget(parser, &refusedWith);
    if (!target)
        return refusedWith;
    SimulationLimits limits;
    bool rateOk = false;
    bool countOk = true;
    bool durationOk = true;
    bool seedOk = false;
    limits.rate = parser.value(rateOption).toDouble(&rateOk);
    if (parser.isSet(countOption))
        limits.count = parser.value(countOption).toULongLong(&countOk);
    if (parser.isSet(durationOption)) {
        const double seconds = parser.value(durationOption).toDouble(&durationOk);
        // Ten years is forever for a simulation; beyond 2^63 ms the conversion itself is undefined.
        durationOk = durationOk && seconds >= 0 && seconds <= 10.0 * 365 * 24 * 3600;
        limits.durationMs = durationOk ? static_cast<qint64>(seconds * 1000) : 0;
    }
    TrafficSimulator::Options options;
    options.seed = parser.value(seedOption).toUInt(&seedOk);
    options.users = parser.values(userOption);
    if (!rateOk || limits.rate < 0 || !countOk || !durationOk || limits.durationMs < 0 || !seedOk) {
        CliOutput::error(QStringLiteral("--rate, --count, --duration and --seed take non-negative numbers"));
        return 2;
    }

    PacedPublisher publisher(
        *target, {QStringLiteral("simulate"), limits.rate, QStringLiteral("seed %1").arg(options.seed)});
    const int exitCode =
        publisher.run(simulationSource(std::make_shared<TrafficPrefetcher>(options), limits));
    const double seconds = publisher.elapsedSeconds();
    CliOutput::info(
        QStringLiteral("published %1 messages in %2 s (%3/s), %4 deliveries to subscribers")
            .arg(publisher.publishedCount())
            .arg(seconds, 0, 'f', 1)
            .arg(seconds > 0 ? static_cast<double>(publisher.publishedCount()) / seconds : 0.0, 0, 'f', 0)
            .arg(publisher.receiverCount()));
    return exitCode;
}

} // namespace busmon::cli
