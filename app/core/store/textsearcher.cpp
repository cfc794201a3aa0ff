#include "store/textsearcher.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace busmon {

namespace {

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

} // namespace

TextSearcher::TextSearcher(QByteArrayView needle)
{
    m_needle.resize(needle.size());
    for (qsizetype i = 0; i < needle.size(); ++i)
        m_needle[i] = fold(needle[i]);
    if (!m_needle.isEmpty()) {
        m_firstCaseBit = isAsciiLetter(m_needle.front()) ? 0x20 : 0;
        m_lastCaseBit = isAsciiLetter(m_needle.back()) ? 0x20 : 0;
    }
}

bool TextSearcher::matchesAt(const char *text) const
{
    const qsizetype length = m_needle.size();
    const char *needle = m_needle.constData();
    for (qsizetype i = 0; i < length; ++i) {
        if (fold(text[i]) != needle[i])
            return false;
    }
    return true;
}

bool TextSearcher::contains(QByteArrayView haystack) const
{
    const qsizetype length = m_needle.size();
    if (length == 0)
        return true;
    const qsizetype size = haystack.size();
    if (size < length)
        return false;
    const char *text = haystack.data();
    const qsizetype lastStart = size - length;
    qsizetype at = 0;
#if defined(__SSE2__)
    // For a letter, c | 0x20 equals its lower case only when c is that letter in either case.
    const __m128i firstBit = _mm_set1_epi8(m_firstCaseBit);
    const __m128i firstByte = _mm_set1_epi8(m_needle.front());
    const __m128i lastBit = _mm_set1_epi8(m_lastCaseBit);
    const __m128i lastByte = _mm_set1_epi8(m_needle.back());
    for (; at + 15 <= lastStart; at += 16) {
        const __m128i firsts = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + at));
        const __m128i lasts = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + at + length - 1));
        const __m128i both = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(firsts, firstBit), firstByte),
                                           _mm_cmpeq_epi8(_mm_or_si128(lasts, lastBit), lastByte));
        auto candidates = static_cast<unsigned>(_mm_movemask_epi8(both));
        while (candidates) {
            const int offset = __builtin_ctz(candidates);
            if (matchesAt(text + at + offset))
                return true;
            candidates &= candidates - 1;
        }
    }
#endif
    const char first = m_needle.front();
    for (; at <= lastStart; ++at) {
        if (fold(text[at]) == first && matchesAt(text + at))
            return true;
    }
    return false;
}

qsizetype TextSearcher::indexOfExact(QByteArrayView haystack, QByteArrayView needle)
{
    const qsizetype length = needle.size();
    const qsizetype size = haystack.size();
    if (length == 0)
        return 0;
    if (size < length)
        return -1;
    const char *text = haystack.data();
    const char *wanted = needle.data();
    const qsizetype lastStart = size - length;
    qsizetype at = 0;
#if defined(__SSE2__)
    const __m128i firstByte = _mm_set1_epi8(wanted[0]);
    const __m128i lastByte = _mm_set1_epi8(wanted[length - 1]);
    for (; at + 15 <= lastStart; at += 16) {
        const __m128i firsts = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + at));
        const __m128i lasts = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + at + length - 1));
        auto candidates = static_cast<unsigned>(_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpeq_epi8(firsts, firstByte), _mm_cmpeq_epi8(lasts, lastByte))));
        while (candidates) {
            const int offset = __builtin_ctz(candidates);
            if (std::memcmp(text + at + offset, wanted, static_cast<size_t>(length)) == 0)
                return at + offset;
            candidates &= candidates - 1;
        }
    }
#endif
    for (; at <= lastStart; ++at) {
        if (text[at] == wanted[0] && std::memcmp(text + at, wanted, static_cast<size_t>(length)) == 0)
            return at;
    }
    return -1;
}

} // namespace busmon
