// The socket thread's share of reading a burst, without a socket: tail-burst.sh's pmessage frames
// (the same 332-byte sync payload) fed to RespReader in the socket thread's reads of up to 256 KiB,
// each reply appended to a RawEventBatch as Subscriber::addEvent does. Prints nanoseconds a message,
// the best of several passes (the machine is shared).
//
//   bench_framing [messages] [passes] [payload-bytes]   (another size than 332: a payload of x's)
#include "bus/raweventbatch.h"
#include "bus/respreader.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace busmon;

namespace {

QByteArray burstPayload()
{
    return R"({"action": "sync", "username": "alice", "org": "inthe_am", "client": "tw 2.6.2", "ip": )"
           R"("203.0.113.7", "port": 53122, "client_key": "6c1e3a5e-2f0b-4c1d-9a7e-3f5b2d8c9e10", )"
           R"("record_count": 42, "branch_point": "5b7d9e2a1c3f", "branch_record_count": 40, "delta_count": 2, )"
           R"("stored_count": 1, "merged_count": 1, "service_duration": 0.142})";
}

QByteArray frames(int messages, int payloadBytes)
{
    const QByteArray payload = payloadBytes > 0 ? QByteArray(payloadBytes, 'x') : burstPayload();
    const QByteArray frame = "*4\r\n$8\r\npmessage\r\n$6\r\nsync.*\r\n$10\r\nsync.alice\r\n$" +
                             QByteArray::number(payload.size()) + "\r\n" + payload + "\r\n";
    return frame.repeated(messages);
}

// Nanoseconds for framing `stream` and batching its messages 4096 at a time.
qint64 framingPass(const QByteArray &stream, qsizetype &framed)
{
    constexpr qsizetype readSize = 256 * 1024;
    constexpr qsizetype batchSize = 4096;
    RespReader reader;
    RawEventBatch batch;
    framed = 0;
    QElapsedTimer timer;
    timer.start();
    for (qsizetype at = 0; at < stream.size(); at += readSize) {
        const QByteArrayView read(stream.constData() + at, std::min(readSize, stream.size() - at));
        reader.feed(read, [&](RespValue &reply) {
            if (batch.isEmpty())
                batch.reserve(batchSize, batchSize * 340);
            batch.append(at, reply.elements[2].text, reply.elements[1].text, reply.elements[3].text);
            ++framed;
            if (batch.size() == batchSize)
                batch = RawEventBatch();
        });
    }
    const qint64 elapsed = timer.nsecsElapsed();
    return elapsed;
}

} // namespace

int main(int argc, char *argv[])
{
    const int messages = argc > 1 ? std::atoi(argv[1]) : 300000;
    const int passes = argc > 2 ? std::atoi(argv[2]) : 5;
    const int payloadBytes = argc > 3 ? std::atoi(argv[3]) : 0;
    const QByteArray stream = frames(messages, payloadBytes);
    qint64 best = -1;
    for (int pass = 0; pass < passes; ++pass) {
        qsizetype framed = 0;
        const qint64 ns = framingPass(stream, framed);
        if (framed != messages) {
            std::fprintf(stderr, "framing lost messages\n");
            return 1;
        }
        best = best < 0 ? ns : std::min(best, ns);
    }
    std::printf("framing and batching: %.0f ns a message of %lld bytes (best of %d passes over %d messages, "
                "slices of %lld bytes)\n",
                double(best) / messages, static_cast<long long>(stream.size() / messages), passes, messages,
                static_cast<long long>(RespReader::sliceSize));
    return 0;
}
