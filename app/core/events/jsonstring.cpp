#include "events/jsonstring.h"

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

// Copies bytes from `from` to `to` up to the first backslash (or `available`), and says how many.
// Sixteen bytes a step where SSE2 is there: `to` must have room for `available` bytes, as a
// block is stored whole before looking for the backslash in it.
qsizetype copyPlainRun(const char *from, qsizetype available, char *to)
{
    qsizetype n = 0;
#ifdef __SSE2__
    const __m128i backslash = _mm_set1_epi8('\\');
    for (; n + 16 <= available; n += 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i *>(from + n));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(to + n), block);
        if (const int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(block, backslash)))
            return n + __builtin_ctz(static_cast<unsigned>(mask));
    }
#endif
    for (; n < available && from[n] != '\\'; ++n)
        to[n] = from[n];
    return n;
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
    const char *const data = body.data();
    const qsizetype size = body.size();
    const void *firstEscape = size > 0 ? std::memchr(data, '\\', static_cast<size_t>(size)) : nullptr;
    if (!firstEscape)
        return body.toByteArray();
    // Decoding never lengthens: \uXXXX (6 bytes) gives at most 3, a pair (12) gives 4, U+FFFD for
    // a lone surrogate (6) gives 3, and every other escape gives at most what it was. So the bytes
    // are written straight into memory sized once, then cut to length; and since what is written
    // never runs ahead of what is read, a run may be copied sixteen bytes at a time.
    QByteArray out(size, Qt::Uninitialized);
    char *write = out.data();
    qsizetype i = static_cast<const char *>(firstEscape) - data;
    std::memcpy(write, data, static_cast<size_t>(i));
    write += i;
    char16_t pendingHigh = 0;
    const auto flushHigh = [&] {
        if (pendingHigh)
            write = writeUtf8(write, 0xfffd);
        pendingHigh = 0;
    };
    while (i < size) {
        if (data[i] != '\\') {
            flushHigh();
            const qsizetype run = copyPlainRun(data + i, size - i, write);
            i += run;
            write += run;
            continue;
        }
        if (i + 1 >= size) { // a backslash that ends the text is kept as it is
            flushHigh();
            *write++ = '\\';
            break;
        }
        const char e = data[i + 1];
        if (const char simple = simpleEscape(e); e != 'u' && static_cast<uchar>(simple) < 0x80) {
            flushHigh(); // \" above all: payloads in captures are full of them
            *write++ = simple;
            i += 2;
            continue;
        }
        const int code = e == 'u' ? hex4(body, i + 2) : static_cast<unsigned char>(simpleEscape(e));
        if (code < 0) { // "\u" without four hex digits: kept as written
            flushHigh();
            *write++ = '\\';
            *write++ = 'u';
            i += 2;
            continue;
        }
        i += e == 'u' ? 6 : 2;
        const auto unit = static_cast<char16_t>(code);
        if (QChar::isHighSurrogate(unit)) {
            flushHigh();
            pendingHigh = unit;
        } else if (QChar::isLowSurrogate(unit)) {
            write =
                writeUtf8(write, pendingHigh ? QChar::surrogateToUcs4(pendingHigh, unit) : char32_t(0xfffd));
            pendingHigh = 0;
        } else {
            flushHigh();
            write = writeUtf8(write, unit);
        }
    }
    flushHigh();
    out.truncate(write - out.constData());
    return out;
}

} // namespace busmon
