// A burst of sync events (redis-benchmark PUBLISH, pipelined) read by a BusFeed on `sync.*`, then
// the same burst read by `redis-cli psubscribe`, each against its own fresh redis-server with
// default limits. Prints what each received and whether Redis dropped it for a too-slow read
// ("overcoming of output buffer limits").
//
//   bench_busfeed [--count N] [--skip-redis-cli]

#include "bus/busfeed.h"
#include "redisserver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTextStream>
#include <QThread>
#include <QTimer>

using namespace busmon;
using busmon::test::RedisServer;

namespace {
const char overLimitText[] = "overcoming of output buffer limits";

// A sync event as taskd writes it, padded (in `client`) to the benchmark's 335 bytes.
QByteArray syncPayload()
{
    const QByteArray head = R"({"action": "sync", "username": "alice", "org": "inthe_am", "client": ")";
    const QByteArray tail =
        R"(", "ip": "10.1.2.3", "port": 53124, "client_key": )"
        R"("9b7a4c1e-2f5d-4e8a-b3c6-7d1e0f2a9c84", "record_count": 1532, "branch_point": )"
        R"("4f1c2b9e", "branch_record_count": 1529, "delta_count": 3, )"
        R"("stored_count": 3, "merged_count": 0, "service_duration": 0.04})";
    const QByteArray client =
        QByteArray("taskwarrior 2.6.2").leftJustified(335 - head.size() - tail.size(), ' ', true);
    return head + client + tail;
}

QStringList benchmarkArguments(const RedisServer &server, int count)
{
    return {QStringLiteral("-h"),         server.host(),
            QStringLiteral("-p"),         QString::number(server.port()),
            QStringLiteral("-n"),         QString::number(count),
            QStringLiteral("-P"),         QStringLiteral("32"),
            QStringLiteral("-c"),         QStringLiteral("4"),
            QStringLiteral("-q"),         QStringLiteral("PUBLISH"),
            QStringLiteral("sync.alice"), QString::fromUtf8(syncPayload())};
}

// Runs the event loop (sleeping between checks, so that the burst gets the CPU) until `done` or
// until `idleMs` pass without `progress` changing.
template<typename Done, typename Progress> void waitFor(Done done, Progress progress, int idleMs)
{
    auto last = progress();
    QElapsedTimer sinceChange;
    sinceChange.start();
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        const auto now = progress();
        if (now != last) {
            last = now;
            sinceChange.restart();
        }
        if (done() || sinceChange.elapsed() >= idleMs)
            loop.quit();
    });
    check.start(50);
    loop.exec();
}

struct Result
{
    quint64 received = 0;
    quint64 delivered = 0;
    quint64 dropped = 0;
    double burstSeconds = 0;
    double receiveSeconds = 0;
    double readSeconds = 0; // from the burst's start until the socket thread had read everything
    bool overLimit = false;
};

bool runBenchmark(const RedisServer &server, int count, double *seconds)
{
    QProcess benchmark;
    benchmark.setProgram(QStringLiteral(BUSMON_REDIS_BENCHMARK));
    benchmark.setArguments(benchmarkArguments(server, count));
    benchmark.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QObject::connect(&benchmark, &QProcess::finished, &loop, &QEventLoop::quit);
    benchmark.start();
    if (!benchmark.waitForStarted(5000))
        return false;
    loop.exec();
    *seconds = double(clock.nsecsElapsed()) / 1e9;
    return benchmark.exitStatus() == QProcess::NormalExit && benchmark.exitCode() == 0;
}

Result measureBusFeed(int count)
{
    Result result;
    RedisServer server;
    if (!server.start())
        qFatal("redis-server: %s", qPrintable(server.errorString()));
    Subscription subscription;
    subscription.patterns = {"sync.*"};
    BusFeed feed(*ConnectionSettings::fromUrl(server.url()), subscription);
    QElapsedTimer firstToLast;
    QObject::connect(&feed, &BusFeed::eventsReceived, &feed, [&](const BusEventBatch &batch) {
        if (!firstToLast.isValid())
            firstToLast.start();
        result.delivered += quint64(batch.size());
    });
    feed.start();
    waitFor([&] { return feed.status().state == ConnectionState::Subscribed; }, [] { return 0; }, 10000);
    QElapsedTimer sinceBurst;
    QTimer sampler; // when did the socket thread have it all (the decoder may still be busy)
    QObject::connect(&sampler, &QTimer::timeout, &feed, [&] {
        if (result.readSeconds == 0 && feed.receivedCount() >= quint64(count))
            result.readSeconds = double(sinceBurst.nsecsElapsed()) / 1e9;
    });
    sampler.start(10);
    sinceBurst.start();
    if (!runBenchmark(server, count, &result.burstSeconds))
        qFatal("redis-benchmark failed");
    waitFor([&] { return result.delivered + feed.droppedCount() >= quint64(count); },
            [&] { return result.delivered; }, 3000);
    result.receiveSeconds = firstToLast.isValid() ? double(firstToLast.nsecsElapsed()) / 1e9 : 0;
    result.received = feed.receivedCount();
    result.dropped = feed.droppedCount();
    feed.stop();
    result.overLimit = server.logText().contains(QLatin1String(overLimitText));
    return result;
}

Result measureRedisCli(int count)
{
    Result result;
    RedisServer server;
    if (!server.start())
        qFatal("redis-server: %s", qPrintable(server.errorString()));
    const QString output = server.directory() + QStringLiteral("/redis-cli.out");
    QProcess cli;
    cli.setProgram(QStringLiteral(BUSMON_REDIS_CLI));
    cli.setArguments({QStringLiteral("-p"), QString::number(server.port()), QStringLiteral("psubscribe"),
                      QStringLiteral("sync.*")});
    cli.setStandardOutputFile(output);
    cli.start();
    cli.waitForStarted(5000);
    QDeadlineTimer deadline(10000);
    while (server.command({"PUBSUB", "NUMPAT"}).integer < 1 && !deadline.hasExpired())
        QThread::msleep(10);
    if (!runBenchmark(server, count, &result.burstSeconds))
        qFatal("redis-benchmark failed");
    const auto fileSize = [&] { return QFile(output).size(); };
    waitFor([&] { return cli.state() == QProcess::NotRunning; }, fileSize, 2000);
    cli.kill();
    cli.waitForFinished(5000);
    QFile file(output);
    file.open(QIODevice::ReadOnly);
    while (!file.atEnd()) {
        if (file.readLine() == "pmessage\n") // without a terminal: one line per element
            ++result.received;
    }
    result.delivered = result.received;
    result.overLimit = server.logText().contains(QLatin1String(overLimitText));
    return result;
}

void print(QTextStream &out, const char *who, const Result &result, int count)
{
    out << who << ": received " << result.received << "/" << count << " sent";
    if (result.receiveSeconds > 0) {
        out << ", delivered " << result.delivered << ", dropped " << result.dropped << ", "
            << qRound64(double(result.delivered) / result.receiveSeconds) << " msg/s first to last delivery ("
            << QString::number(result.receiveSeconds, 'f', 2) << " s)";
        if (result.readSeconds > 0)
            out << ", all read from the socket " << QString::number(result.readSeconds, 'f', 2)
                << " s after the burst began";
    }
    out << "; burst took " << QString::number(result.burstSeconds, 'f', 2) << " s ("
        << qRound64(count / result.burstSeconds) << " publishes/s)"
        << "; server log " << (result.overLimit ? "HAS" : "has no") << " \"" << overLimitText << "\"\n";
    out.flush();
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = QCoreApplication::arguments();
    int count = 1000000;
    const qsizetype countAt = arguments.indexOf(QLatin1String("--count"));
    if (countAt > 0 && countAt + 1 < arguments.size())
        count = arguments.at(countAt + 1).toInt();
    QTextStream out(stdout);
    out << "redis-benchmark -n " << count << " -P 32 -c 4 PUBLISH sync.alice '<" << syncPayload().size()
        << "-byte sync JSON>' against a private redis-server with default limits\n";
    out.flush();
    print(out, "busmon BusFeed (PSUBSCRIBE sync.*)", measureBusFeed(count), count);
    if (!arguments.contains(QLatin1String("--skip-redis-cli")))
        print(out, "redis-cli psubscribe 'sync.*'", measureRedisCli(count), count);
    return 0;
}
