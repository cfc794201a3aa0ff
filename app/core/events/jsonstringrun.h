#pragma once

#include <QtGlobal>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace busmon {

// The hot loop of reading and writing JSON strings: how far a run of bytes goes that needs no
// escaping, i.e. holds no quote, backslash or control character (and, when asked, no 0xef, which
// may start a byte order mark). Sixteen bytes a step where SSE2 is there (every x86-64), one
// otherwise. Payloads are full of short runs between quotes, so this is about all the two do.
class JsonStringRun
{
public:
    static qsizetype length(const char *data, qsizetype size, bool stopAtEf = false)
    {
        return run(data, size, nullptr, stopAtEf);
    }

    // The same run copied to `to` on the way, which must have room for `size` bytes: a block of
    // sixteen is stored whole before the end of the run is looked for in it (the bytes after the
    // run are left for the caller to overwrite). Cheaper than finding the run, then copying it.
    static qsizetype copy(const char *data, qsizetype size, char *to, bool stopAtEf = false)
    {
        return run(data, size, to, stopAtEf);
    }

private:
    static qsizetype run(const char *data, qsizetype size, char *to, bool stopAtEf)
    {
        qsizetype i = 0;
#ifdef __SSE2__
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i backslash = _mm_set1_epi8('\\');
        const __m128i lastControl = _mm_set1_epi8(0x1f);
        const __m128i ef = _mm_set1_epi8(static_cast<char>(stopAtEf ? 0xef : '"'));
        const __m128i zero = _mm_setzero_si128();
        for (; i + 16 <= size; i += 16) {
            const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i));
            if (to)
                _mm_storeu_si128(reinterpret_cast<__m128i *>(to + i), block);
            // Unsigned "at most 0x1f": subtracting 0x1f with saturation leaves zero.
            const __m128i special =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash)),
                             _mm_or_si128(_mm_cmpeq_epi8(_mm_subs_epu8(block, lastControl), zero),
                                          _mm_cmpeq_epi8(block, ef)));
            if (const int mask = _mm_movemask_epi8(special))
                return i + __builtin_ctz(static_cast<unsigned>(mask));
        }
#endif
        for (; i < size; ++i) {
            const auto c = static_cast<uchar>(data[i]);
            if (c == '"' || c == '\\' || c < 0x20 || (stopAtEf && c == 0xef))
                return i;
            if (to)
                to[i] = data[i];
        }
        return size;
    }
};

} // namespace busmon
