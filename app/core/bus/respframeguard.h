#pragma once

#include <QByteArrayView>
#include <QString>

#include <array>

namespace busmon {

// Limits on what one RESP frame may announce.
struct RespLimits
{
    qint64 maxBulkLength = qint64(512) * 1024 * 1024; // as Redis's own proto-max-bulk-len
    qint64 maxArrayElements = 1024 * 1024;
    qint64 maxLineLength = 16 * 1024; // a status, error or integer line
};

// Walks the raw bytes ahead of hiredis and checks every header it passes. hiredis 0.14 trusts
// the sizes a server announces (it would grow its buffer for a 10 GB bulk string, or allocate an
// array of a billion pointers), so a broken server must be stopped before hiredis sees the bytes.
// Only the headers are read; bulk bodies are skipped by length, so the cost is a few bytes a frame.
class RespFrameGuard
{
public:
    explicit RespFrameGuard(const RespLimits &limits = {})
        : m_limits(limits)
    {}

    // How many leading bytes are sound: bytes.size() when all are. Otherwise the bytes from the
    // offending header on cannot be RESP2 within the limits, and errorString() says why; what
    // comes before it may still complete good replies.
    qsizetype check(QByteArrayView bytes);
    bool hasError() const { return !m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }
    void reset();

private:
    enum class State : quint8 { TypeByte, HeaderLine, BulkBody };

    bool finishHeader(QByteArrayView line);
    bool finishHeader(QByteArrayView lineStart, char lastByte);
    bool fail(const QString &reason);
    qsizetype failLongLine();    // where the bytes stop being sound
    qsizetype m_headerStart = 0; // offset of the current header's type byte in this slice (0 if earlier)

    RespLimits m_limits;
    State m_state = State::TypeByte;
    char m_type = 0;
    // The header line read so far (without the type byte): its length, its last byte, and its
    // first bytes (a valid size is short; a longer line is refused anyway).
    qint64 m_lineLength = 0;
    char m_lastByte = 0;
    std::array<char, 24> m_size{};
    qint64 m_bulkLeft = 0; // body bytes plus CRLF still to skip
    QString m_error;
};

} // namespace busmon
