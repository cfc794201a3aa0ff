// What the publishing path's guard costs a run of many (replay, simulate): the same burst published
// through a bare Publisher and through a PublishGuard run (channel set, counts, one audit line), in
// turns against one fresh redis-server, with at most 20,000 PUBLISH replies outstanding as busmon-cli
// keeps them. Prints messages per second for each round and the audit line written.
//
//   bench_publishguard [--count N] [--rounds R]

#include "bus/publisher.h"
#include "publish/publishguard.h"
#include "redisserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

using namespace busmon;
using busmon::test::RedisServer;

namespace {
constexpr qint64 window = 20000;

// Publishes `count` messages through `publish` keeping at most `window` unanswered; answers the
// messages per second.
template<typename Sender, typename Pending> double burst(qint64 count, Sender publish, Pending pending)
{
    const QByteArray payload(335, 'p');
    const QList<QByteArray> channels{"sync.alice", "local_sync.alice", "changed_task.alice", "personal.bob"};
    QElapsedTimer clock;
    clock.start();
    qint64 sent = 0;
    while (sent < count || pending() > 0) {
        while (sent < count && pending() < window) {
            publish(channels.at(sent % channels.size()), payload);
            ++sent;
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return double(count) * 1000.0 / double(qMax<qint64>(clock.elapsed(), 1));
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList arguments = app.arguments();
    const auto option = [&](const QString &name, qint64 fallback) {
        const qsizetype at = arguments.indexOf(name);
        return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toLongLong() : fallback;
    };
    const qint64 count = option(QStringLiteral("--count"), 500000);
    const qint64 rounds = option(QStringLiteral("--rounds"), 3);

    RedisServer server;
    if (!server.start()) {
        out << "no redis-server: " << server.errorString() << '\n';
        return 1;
    }
    QTemporaryDir audit;
    const SessionOrigin target = SessionOrigin::bus(*ConnectionSettings::fromUrl(server.url()));
    const QString auditPath = audit.filePath(QStringLiteral("audit.jsonl"));
    const auto bareBurst = [&] {
        Publisher bare(target.settings);
        return burst(
            count,
            [&](const QByteArray &channel, const QByteArray &payload) { bare.publish(channel, payload); },
            [&] { return bare.pendingCount(); });
    };
    const auto guardedBurst = [&] {
        PublishGuard guard(target, QStringLiteral("bench"), auditPath);
        if (!guard.startRun({QStringLiteral("bench"), 0, QString()}))
            return 0.0;
        const double rate = burst(
            count,
            [&](const QByteArray &channel, const QByteArray &payload) {
                guard.publishInRun(channel, payload);
            },
            [&] { return guard.pendingCount(); });
        guard.finishRun();
        return rate;
    };
    for (qint64 round = 1; round <= rounds; ++round) {
        // Turn about, so that neither always runs on a warmer server.
        double bareRate = 0;
        double guardedRate = 0;
        if (round % 2) {
            bareRate = bareBurst();
            guardedRate = guardedBurst();
        } else {
            guardedRate = guardedBurst();
            bareRate = bareBurst();
        }
        out << QStringLiteral("round %1: %2 messages: Publisher %3/s, PublishGuard run %4/s (%5%)\n")
                   .arg(round)
                   .arg(count)
                   .arg(qRound64(bareRate))
                   .arg(qRound64(guardedRate))
                   .arg(guardedRate / bareRate * 100.0, 0, 'f', 1);
        out.flush();
    }
    QFile log(auditPath);
    if (log.open(QIODevice::ReadOnly))
        out << "last audit line: " << log.readAll().split('\n').value(int(rounds) - 1) << '\n';
    return 0;
}
