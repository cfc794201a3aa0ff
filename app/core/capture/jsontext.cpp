#include "capture/jsontext.h"

#include "events/jsonstringrun.h"

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace busmon {

namespace {

// U+FEFF as raw bytes would be dropped by QString::fromUtf8 (and so by Qt's JSON parser) when it
// starts a run of text; written as \ufeff it comes back exactly.
bool isByteOrderMark(const uchar *data, qsizetype remaining)
{
    return remaining >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf;
}

// The letter of a two-byte escape (\" \n…); 0 for the control characters written as \u00XX.
char escapeLetter(uchar c)
{
    switch (c) {
    case '"':
    case '\\':
        return static_cast<char>(c);
    case '\b':
        return 'b';
    case '\f':
        return 'f';
    case '\n':
        return 'n';
    case '\r':
        return 'r';
    case '\t':
        return 't';
    default:
        return 0;
    }
}

#ifdef __SSE2__
// Payloads are mostly short runs between quotes: escaping them one run at a time stops at every
// quote. This escapes sixteen bytes a step instead, as long as the only bytes in them that need
// care are quotes and backslashes: the block is stored whole, and at each quote or backslash a
// backslash is written and the rest of the block stored again one place further on. Returns where
// it stopped: at a block holding a control character or 0xef, or 32 bytes before the end (the
// shifted stores read up to 31 bytes ahead). A block's stores reach 47 bytes past `written`, within
// the caller's room of two bytes for each of the 32 or more bytes left.
qsizetype escapeQuotedBlocks(const char *data, qsizetype size, char *to, qsizetype &written)
{
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i lastControl = _mm_set1_epi8(0x1f);
    const __m128i ef = _mm_set1_epi8(static_cast<char>(0xef));
    const __m128i zero = _mm_setzero_si128();
    qsizetype i = 0;
    for (; i + 32 <= size; i += 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i));
        // Unsigned "at most 0x1f": subtracting 0x1f with saturation leaves zero.
        const __m128i rare =
            _mm_or_si128(_mm_cmpeq_epi8(_mm_subs_epu8(block, lastControl), zero), _mm_cmpeq_epi8(block, ef));
        if (_mm_movemask_epi8(rare))
            break;
        auto escaped = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash))));
        char *out = to + written;
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out), block);
        qsizetype shift = 0;
        while (escaped) {
            const int at = __builtin_ctz(escaped);
            escaped &= escaped - 1;
            out[at + shift] = '\\';
            ++shift;
            _mm_storeu_si128(reinterpret_cast<__m128i *>(out + at + shift),
                             _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i + at)));
        }
        written += 16 + shift;
    }
    return i;
}
#endif

} // namespace

void JsonText::appendString(QByteArray &out, QByteArrayView utf8)
{
    // One pass, into memory sized for two bytes a byte: only the rare control characters written as
    // \u00XX take more, and make room for themselves. Sixteen bytes a step while only quotes and
    // backslashes need escaping, else run by run, each run found sixteen bytes at a time.
    const auto *data = reinterpret_cast<const uchar *>(utf8.data());
    const qsizetype size = utf8.size();
    const qsizetype start = out.size();
    out.resize(start + 2 * size + 2);
    char *base = out.data();
    qsizetype written = start;
    base[written++] = '"';
    // Invariant: written + 2 * (size - i) + 1 <= out.size(), the 1 for the closing quote.
    qsizetype i = 0;
    while (true) {
#ifdef __SSE2__
        i += escapeQuotedBlocks(utf8.data() + i, size - i, base, written);
#endif
        // There is room for size - i more bytes (twice that, in fact) at base + written.
        const qsizetype run =
            i < size ? JsonStringRun::copy(utf8.data() + i, size - i, base + written, true) : 0;
        written += run;
        i += run;
        if (i == size)
            break;
        const uchar c = data[i];
        if (c == 0xef) {
            if (isByteOrderMark(data + i, size - i)) {
                std::memcpy(base + written, "\\ufeff", 6);
                written += 6;
                i += 3;
            } else {
                base[written++] = static_cast<char>(c);
                ++i;
            }
            continue;
        }
        if (const char letter = escapeLetter(c)) {
            base[written++] = '\\';
            base[written++] = letter;
            ++i;
            continue;
        }
        const qsizetype needed = written + 6 + 2 * (size - i - 1) + 1;
        if (needed > out.size()) {
            out.resize(needed);
            base = out.data();
        }
        static constexpr char hex[] = "0123456789abcdef";
        const char escaped[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
        std::memcpy(base + written, escaped, 6);
        written += 6;
        ++i;
    }
    base[written++] = '"';
    out.truncate(written);
}

} // namespace busmon
