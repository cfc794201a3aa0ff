// The baseline for tests/bench/tail-burst.sh: the least a reader of a Pub/Sub burst can do with
// hiredis. One blocking connection, PSUBSCRIBE, then redisGetReply() in a loop; each message's
// payload is written to the output file (one line each, through stdio's buffer) so that it does the
// same kind of work as `busmon-cli tail --output` without decoding, checking or JSON. Stops after
// `count` messages and prints how many it read and in how long, from the first message on.
//
//   bare_hiredis_reader PORT PATTERN COUNT OUTPUT
#include <hiredis/hiredis.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char *argv[])
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s PORT PATTERN COUNT OUTPUT\n", argv[0]);
        return 2;
    }
    const int port = std::atoi(argv[1]);
    const long long count = std::atoll(argv[3]);
    redisContext *context = redisConnect("127.0.0.1", port);
    if (!context || context->err) {
        std::fprintf(stderr, "cannot connect: %s\n", context ? context->errstr : "out of memory");
        return 1;
    }
    FILE *output = std::fopen(argv[4], "wb");
    if (!output) {
        std::perror(argv[4]);
        return 1;
    }
    auto *subscribed = static_cast<redisReply *>(redisCommand(context, "PSUBSCRIBE %s", argv[2]));
    if (!subscribed) {
        std::fprintf(stderr, "PSUBSCRIBE failed: %s\n", context->errstr);
        return 1;
    }
    freeReplyObject(subscribed);
    long long received = 0;
    std::chrono::steady_clock::time_point first;
    while (received < count) {
        void *raw = nullptr;
        if (redisGetReply(context, &raw) != REDIS_OK) {
            std::fprintf(stderr, "connection lost after %lld messages: %s\n", received, context->errstr);
            break;
        }
        auto *reply = static_cast<redisReply *>(raw);
        if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 4 &&
            std::strcmp(reply->element[0]->str, "pmessage") == 0) {
            if (received == 0)
                first = std::chrono::steady_clock::now();
            const redisReply *payload = reply->element[3];
            std::fwrite(payload->str, 1, payload->len, output);
            std::fputc('\n', output);
            ++received;
        }
        freeReplyObject(reply);
    }
    std::fclose(output);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - first).count();
    std::printf("%lld %.3f\n", received, seconds);
    redisFree(context);
    return received == count ? 0 : 1;
}
