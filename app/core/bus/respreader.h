#pragma once

#include "bus/respframeguard.h"
#include "bus/respvalue.h"

#include <QByteArrayView>
#include <QString>

#include <array>
#include <vector>

struct redisReader;

namespace busmon {

// Frames RESP2 replies with hiredis's redisReader. Bytes are checked by RespFrameGuard first and
// fed to hiredis in slices, draining complete replies after each: hiredis moves its unread buffer
// after every reply, so one big feed costs time quadratic in its size.
class RespReader
{
public:
    // hiredis moves what is left of its buffer after a reply once 1 KiB of it is consumed: with
    // slices below that, what it moves is less than a slice. bench_framing, 332-byte payloads:
    // 16 KiB slices about 530 ns a message, 512 bytes about 400; 20-byte, 4 KB and 1 MB payloads
    // framed as fast either way.
    static constexpr qsizetype sliceSize = 512;

    explicit RespReader(const RespLimits &limits = {});
    ~RespReader();
    RespReader(const RespReader &) = delete;
    RespReader &operator=(const RespReader &) = delete;

    // Appends every reply completed by `bytes` to `replies`. false on a protocol error or a frame
    // above the limits: errorString() says why, and the reader stays failed until reset().
    bool feed(QByteArrayView bytes, std::vector<RespValue> &replies);
    // The same without collecting: onReply(RespValue &) gets each reply as it completes and may
    // move its contents out. The value is reused for the next reply, saving allocations.
    template<typename OnReply> bool feed(QByteArrayView bytes, OnReply &&onReply)
    {
        if (hasError())
            return false;
        while (!bytes.isEmpty()) {
            const QByteArrayView slice = bytes.first(qMin(bytes.size(), sliceSize));
            bytes = bytes.sliced(slice.size());
            // Replies completed before a bad header still count; then the error stands.
            const qsizetype sound = m_guard.check(slice);
            if (!feedHiredis(slice.first(sound)))
                return false;
            for (;;) {
                const int got = nextReply();
                if (got < 0)
                    return false;
                if (got == 0)
                    break;
                onReply(m_root);
            }
            if (m_guard.hasError()) {
                m_error = m_guard.errorString();
                return false;
            }
        }
        return true;
    }
    bool hasError() const { return !m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }
    // Forgets partial frames and errors, for a fresh connection.
    void reset();

    // Used by the hiredis callbacks (they get the reader through its privdata).
    RespValue *createValue(const void *task, RespValue::Type type);
    // Channel and pattern names repeat in every message: their bytes are shared, not allocated.
    void setInternedText(QByteArray &target, const char *text, size_t length);
    // A payload (the last element of an array) in the buffer the element already has, instead of
    // an allocation a message; up to maxReusedLength, so that one huge payload is not kept.
    static void setReusedText(QByteArray &target, const char *text, size_t length);
    static constexpr size_t maxReusedLength = 64 * 1024;

private:
    bool feedHiredis(QByteArrayView slice);
    int nextReply(); // 1: m_root holds a reply, 0: need more bytes, -1: error

    redisReader *m_reader = nullptr;
    RespFrameGuard m_guard;
    RespValue m_root; // the reply under construction: hiredis builds one at a time
    QString m_error;
    std::array<QByteArray, 8> m_recentTexts; // interned, for channels that take turns
    size_t m_nextRecent = 0;
};

} // namespace busmon
