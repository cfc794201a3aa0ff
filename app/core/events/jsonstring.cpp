#include "events/jsonstring.h"

#include <cstring>

namespace busmon {

namespace {

// Four hex digits at `at`; -1 when they are not there.
int hex4(QByteArrayView text, qsizetype at)
{
    if (text.size() - at < 4)
        return -1;
    int value = 0;
    for (qsizetype i = at; i < at + 4; ++i) {
        const char c = text.at(i);
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            digit = (c | 0x20) - 'a' + 10;
        if (digit < 0)
            return -1;
        value = value * 16 + digit;
    }
    return value;
}

char simpleEscape(char e)
{
    switch (e) {
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    default:
        return e; // \" \\ \/ and anything that is no JSON escape: the character itself
    }
}

// Writes `code` as UTF-8 at `out`; returns the end of what it wrote.
char *writeUtf8(char *out, char32_t code)
{
    if (code < 0x80) {
        *out++ = static_cast<char>(code);
    } else if (code < 0x800) {
        *out++ = static_cast<char>(0xc0 | (code >> 6));
        *out++ = static_cast<char>(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
        *out++ = static_cast<char>(0xe0 | (code >> 12));
        *out++ = static_cast<char>(0x80 | ((code >> 6) & 0x3f));
        *out++ = static_cast<char>(0x80 | (code & 0x3f));
    } else {
        *out++ = static_cast<char>(0xf0 | (code >> 18));
        *out++ = static_cast<char>(0x80 | ((code >> 12) & 0x3f));
        *out++ = static_cast<char>(0x80 | ((code >> 6) & 0x3f));
        *out++ = static_cast<char>(0x80 | (code & 0x3f));
    }
    return out;
}

// Walks `body`, handing plain runs to `plain(view)` and each escape to `unit(char16_t)`, or to
// `kept(view)` when it is kept as written. Returns nothing; the callers build their own text.
template<typename Plain, typename Unit, typename Kept>
void walk(QByteArrayView body, Plain plain, Unit unit, Kept kept)
{
    const char *const data = body.data();
    const qsizetype size = body.size();
    qsizetype runStart = 0;
    qsizetype i = 0;
    while (i < size) {
        // Payloads are long runs between escapes: memchr finds the next one fastest.
        const void *found = std::memchr(data + i, '\\', static_cast<size_t>(size - i));
        if (!found)
            break;
        i = static_cast<const char *>(found) - data;
        if (i + 1 >= size)
            break;
        plain(body.sliced(runStart, i - runStart));
        const char e = data[i + 1];
        if (e != 'u') {
            unit(static_cast<char16_t>(static_cast<unsigned char>(simpleEscape(e))));
            i += 2;
        } else if (const int code = hex4(body, i + 2); code >= 0) {
            unit(static_cast<char16_t>(code));
            i += 6;
        } else {
            kept(body.sliced(i, 2));
            i += 2;
        }
        runStart = i;
    }
    plain(body.sliced(runStart));
}

// As walk(), with \u escapes joined into characters: a surrogate pair is one `character(char32_t)`,
// a lone half of one is U+FFFD. A lone half cannot be UTF-8, so both decoders give U+FFFD: the
// text shown (and offered as a filter term) is then the text the filter finds in the UTF-8.
template<typename Plain, typename Character, typename Kept>
void walkCharacters(QByteArrayView body, Plain plain, Character character, Kept kept)
{
    char16_t pendingHigh = 0;
    auto flushHigh = [&] {
        if (pendingHigh)
            character(char32_t(0xfffd));
        pendingHigh = 0;
    };
    walk(
        body,
        [&](QByteArrayView run) {
            if (!run.isEmpty())
                flushHigh();
            plain(run);
        },
        [&](char16_t unit) {
            if (QChar::isHighSurrogate(unit)) {
                flushHigh();
                pendingHigh = unit;
            } else if (QChar::isLowSurrogate(unit)) {
                character(pendingHigh ? QChar::surrogateToUcs4(pendingHigh, unit) : char32_t(0xfffd));
                pendingHigh = 0;
            } else {
                flushHigh();
                character(unit);
            }
        },
        [&](QByteArrayView asWritten) {
            flushHigh();
            kept(asWritten);
        });
    flushHigh();
}

} // namespace

QString JsonString::decode(QByteArrayView body)
{
    if (!body.contains('\\'))
        return QString::fromUtf8(body);
    QString text;
    text.reserve(body.size());
    walkCharacters(
        body, [&](QByteArrayView run) { text += QString::fromUtf8(run); },
        [&](char32_t code) {
            if (QChar::requiresSurrogates(code)) {
                text += QChar(QChar::highSurrogate(code));
                text += QChar(QChar::lowSurrogate(code));
            } else {
                text += QChar(char16_t(code));
            }
        },
        [&](QByteArrayView asWritten) { text += QString::fromUtf8(asWritten); });
    return text;
}

QByteArray JsonString::decodeUtf8(QByteArrayView body)
{
    if (!body.contains('\\'))
        return body.toByteArray();
    // Decoding never lengthens: \uXXXX (6 bytes) gives at most 3, a pair (12) gives 4, U+FFFD for
    // a lone surrogate (6) gives 3, and every other escape gives at most what it was. So the bytes
    // are written straight into memory sized once, then cut to length.
    QByteArray out(body.size(), Qt::Uninitialized);
    char *write = out.data();
    char16_t pendingHigh = 0;
    auto flushHigh = [&] {
        if (pendingHigh)
            write = writeUtf8(write, 0xfffd);
        pendingHigh = 0;
    };
    auto copy = [&](QByteArrayView bytes) {
        if (bytes.isEmpty()) // may have no data at all, and memcpy must not get null
            return;
        std::memcpy(write, bytes.data(), static_cast<size_t>(bytes.size()));
        write += bytes.size();
    };
    walk(
        body,
        [&](QByteArrayView run) {
            if (!run.isEmpty())
                flushHigh();
            copy(run);
        },
        [&](char16_t unit) {
            if (QChar::isHighSurrogate(unit)) {
                flushHigh();
                pendingHigh = unit;
            } else if (QChar::isLowSurrogate(unit)) {
                write = writeUtf8(write,
                                  pendingHigh ? QChar::surrogateToUcs4(pendingHigh, unit) : char32_t(0xfffd));
                pendingHigh = 0;
            } else {
                flushHigh();
                write = writeUtf8(write, unit);
            }
        },
        [&](QByteArrayView asWritten) {
            flushHigh();
            copy(asWritten);
        });
    flushHigh();
    out.truncate(write - out.constData());
    return out;
}

} // namespace busmon
