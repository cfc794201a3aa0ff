#include "bus/respframeguard.h"

#include <algorithm>
#include <cstring>

namespace busmon {

namespace {
// Parses an announced size: an optional minus sign and at most 18 digits, nothing else.
bool parseSize(QByteArrayView text, qint64 *value)
{
    bool negative = false;
    if (text.startsWith('-')) {
        negative = true;
        text = text.sliced(1);
    }
    if (text.isEmpty() || text.size() > 18)
        return false;
    qint64 result = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        result = result * 10 + (c - '0');
    }
    *value = negative ? -result : result;
    return true;
}

QString printable(QByteArrayView bytes)
{
    QString text;
    for (char c : bytes.first(qMin<qsizetype>(bytes.size(), 40))) {
        const auto u = static_cast<unsigned char>(c);
        text +=
            (u >= 0x20 && u < 0x7f) ? QString(QChar(u)) : QStringLiteral("\\x%1").arg(u, 2, 16, QChar('0'));
    }
    return text;
}
} // namespace

void RespFrameGuard::reset()
{
    m_state = State::TypeByte;
    m_type = 0;
    m_lineLength = 0;
    m_bulkLeft = 0;
    m_error.clear();
}

qsizetype RespFrameGuard::failLongLine()
{
    fail(QStringLiteral("protocol error: a reply line is longer than %1 bytes").arg(m_limits.maxLineLength));
    return m_headerStart;
}

bool RespFrameGuard::fail(const QString &reason)
{
    m_error = reason;
    return false;
}

qsizetype RespFrameGuard::check(QByteArrayView bytes)
{
    if (!m_error.isEmpty())
        return 0;
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    m_headerStart = 0;
    while (p < end) {
        switch (m_state) {
        case State::TypeByte:
            m_headerStart = p - bytes.data();
            m_type = *p++;
            if (m_type != '$' && m_type != '*' && m_type != ':' && m_type != '+' && m_type != '-') {
                fail(QStringLiteral("protocol error: a reply cannot start with '%1'")
                         .arg(printable(QByteArrayView(p - 1, 1))));
                return m_headerStart;
            }
            m_lineLength = 0;
            m_lastByte = 0;
            m_state = State::HeaderLine;
            break;
        case State::HeaderLine: {
            // Most headers ("$332\r\n") are short and whole in this slice: read in place.
            if (m_lineLength == 0) {
                const char *limit = p + std::min<qsizetype>(end - p, qsizetype(m_size.size()));
                const char *newline = p;
                while (newline < limit && *newline != '\n')
                    ++newline;
                if (newline < limit) {
                    const QByteArrayView line(p, newline - p);
                    p = newline + 1;
                    if (line.size() > m_limits.maxLineLength + 1)
                        return failLongLine();
                    if (!finishHeader(line))
                        return m_headerStart;
                    break;
                }
            }
            const auto *newline = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
            const char *stop = newline ? newline : end;
            if (stop > p) {
                const qint64 kept = qMin<qint64>(stop - p, qint64(m_size.size()) - m_lineLength);
                if (kept > 0)
                    std::memcpy(m_size.data() + m_lineLength, p, size_t(kept));
                m_lineLength += stop - p;
                m_lastByte = stop[-1];
            }
            p = newline ? newline + 1 : end;
            if (m_lineLength > m_limits.maxLineLength + 1)
                return failLongLine();
            if (newline && !finishHeader(QByteArrayView(m_size.data(),
                                                        qMin<qint64>(m_lineLength, qint64(m_size.size()))),
                                         m_lastByte))
                return m_headerStart;
            break;
        }
        case State::BulkBody: {
            const qint64 skip = qMin<qint64>(m_bulkLeft, end - p);
            p += skip;
            m_bulkLeft -= skip;
            if (m_bulkLeft == 0)
                m_state = State::TypeByte;
            break;
        }
        }
    }
    return bytes.size();
}

bool RespFrameGuard::finishHeader(QByteArrayView line)
{
    return finishHeader(line, line.isEmpty() ? 0 : line.back());
}

// `line` is the header without its type byte and newline, or its first bytes when it is longer.
bool RespFrameGuard::finishHeader(QByteArrayView lineStart, char lastByte)
{
    if (lastByte != '\r')
        return fail(QStringLiteral("protocol error: a reply line does not end with CRLF"));
    m_state = State::TypeByte;
    if (m_type == '+' || m_type == '-' || m_type == ':')
        return true; // hiredis reads integers itself; only sizes are trusted with memory
    const QByteArrayView line = lineStart.first(lineStart.size() - 1);
    qint64 size = 0;
    if (!parseSize(line, &size))
        return fail(QStringLiteral("protocol error: '%1' is not a number").arg(printable(line)));
    if (m_type == '$') {
        if (size < -1)
            return fail(QStringLiteral("protocol error: negative string length %1").arg(size));
        if (size > m_limits.maxBulkLength) {
            return fail(
                QStringLiteral("the server announced a string of %1 bytes, above the limit of %2 bytes")
                    .arg(size)
                    .arg(m_limits.maxBulkLength));
        }
        if (size >= 0) {
            m_bulkLeft = size + 2;
            m_state = State::BulkBody;
        }
    } else if (m_type == '*') {
        if (size < -1)
            return fail(QStringLiteral("protocol error: negative array length %1").arg(size));
        if (size > m_limits.maxArrayElements) {
            return fail(QStringLiteral("the server announced an array of %1 elements, above the limit of %2")
                            .arg(size)
                            .arg(m_limits.maxArrayElements));
        }
    }
    return true;
}

} // namespace busmon
