// RESP framing: RespReader (RespFrameGuard ahead of hiredis's redisReader) fed what a server, or
// anything posing as one, may send. Besides crashes, leaks and sanitizer reports it checks:
// - slicing: the same bytes fed whole or cut at arbitrary places give the same replies, and fail or
//   not alike (a TCP stream is cut wherever the network likes). The error's wording may differ when
//   two faults meet in one header: RespFrameGuard refuses a line once it is whole, hiredis a nesting
//   depth at the type byte, so which speaks first depends on where the cut falls;
// - hiredis agrees: bytes our reader frames without error give exactly the replies hiredis's own
//   reader builds, so our callbacks (interned names, reused root) lose and invent nothing.
#include "bus/respreader.h"
#include "fuzzinput.h"

#include <hiredis/hiredis.h>

#include <vector>

using namespace busmon;

namespace {

// Small limits, so that inputs of a few hundred bytes reach them.
const RespLimits limits{1024, 16, 64};

QByteArray dump(const RespValue &value)
{
    switch (value.type) {
    case RespValue::Type::Nil:
        return "nil";
    case RespValue::Type::String:
        return '"' + value.text.toHex() + '"';
    case RespValue::Type::Status:
        return '+' + value.text.toHex();
    case RespValue::Type::Error:
        return '-' + value.text.toHex();
    case RespValue::Type::Integer:
        return ':' + QByteArray::number(value.integer);
    case RespValue::Type::Array: {
        QByteArray text = "[";
        for (const RespValue &element : value.elements)
            text += dump(element) + ',';
        return text + ']';
    }
    }
    return "?";
}

QByteArray dump(const redisReply *reply)
{
    switch (reply->type) {
    case REDIS_REPLY_NIL:
        return "nil";
    case REDIS_REPLY_STRING:
        return '"' + QByteArray(reply->str, qsizetype(reply->len)).toHex() + '"';
    case REDIS_REPLY_STATUS:
        return '+' + QByteArray(reply->str, qsizetype(reply->len)).toHex();
    case REDIS_REPLY_ERROR:
        return '-' + QByteArray(reply->str, qsizetype(reply->len)).toHex();
    case REDIS_REPLY_INTEGER:
        return ':' + QByteArray::number(reply->integer);
    case REDIS_REPLY_ARRAY: {
        QByteArray text = "[";
        for (size_t i = 0; i < reply->elements; ++i)
            text += dump(reply->element[i]) + ',';
        return text + ']';
    }
    }
    return "?";
}

struct Outcome
{
    QByteArray replies;
    QString error;
};

// Cuts at places drawn from the input itself, so a crash input replays the same cuts.
Outcome feedInSlices(QByteArrayView bytes, bool whole)
{
    RespReader reader(limits);
    Outcome outcome;
    auto collect = [&outcome](RespValue &reply) { outcome.replies += dump(reply) + ' '; };
    quint32 state = 2166136261u;
    for (char c : bytes)
        state = (state ^ quint8(c)) * 16777619u;
    while (!bytes.isEmpty()) {
        state = state * 1103515245u + 12345u;
        const qsizetype cut = whole ? bytes.size() : qMin<qsizetype>(bytes.size(), 1 + (state >> 16) % 37);
        if (!reader.feed(bytes.first(cut), collect))
            break;
        bytes = bytes.sliced(cut);
    }
    outcome.error = reader.errorString();
    return outcome;
}

QByteArray hiredisReplies(QByteArrayView bytes)
{
    redisReader *reader = redisReaderCreate();
    QByteArray replies;
    redisReaderFeed(reader, bytes.data(), size_t(bytes.size()));
    void *reply = nullptr;
    while (redisReaderGetReply(reader, &reply) == REDIS_OK && reply) {
        replies += dump(static_cast<redisReply *>(reply)) + ' ';
        freeReplyObject(reply);
    }
    redisReaderFree(reader);
    return replies;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::FuzzInput input(data, size);
    const Outcome whole = feedInSlices(input.bytes, true);
    const Outcome sliced = feedInSlices(input.bytes, false);
    BUSMON_FUZZ_CHECK(whole.replies == sliced.replies, whole.replies + "\nsliced:\n" + sliced.replies);
    BUSMON_FUZZ_CHECK(whole.error.isEmpty() == sliced.error.isEmpty(),
                      whole.error.toUtf8() + "\nsliced:\n" + sliced.error.toUtf8());
    if (whole.error.isEmpty()) {
        const QByteArray expected = hiredisReplies(input.bytes);
        BUSMON_FUZZ_CHECK(whole.replies == expected, whole.replies + "\nhiredis:\n" + expected);
    }
    return 0;
}
