#include "store/textsearcher.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>
#include <utility>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace busmon {

namespace {

// Bytes of bus payloads from the most frequent to the least, letters folded (counted over the
// simulator's traffic: JSON punctuation, hex SHAs, ISO times); bytes not listed are rarer still.
constexpr std::string_view bytesByFrequency =
    "\" eact:dr1n,2i054o97368fbs\nlu\t.-m_pghk{}yzv/x[]j@w\\'+()q#;!";

constexpr std::array<quint8, 256> frequencyRanks = [] {
    std::array<quint8, 256> ranks{};
    for (std::size_t i = 0; i < bytesByFrequency.size(); ++i)
        ranks[static_cast<unsigned char>(bytesByFrequency[i])] =
            static_cast<quint8>(bytesByFrequency.size() - i);
    return ranks;
}();

int frequencyRank(char c)
{
    return frequencyRanks[static_cast<unsigned char>(c)];
}

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

using Probe = TextSearcher::Probe;

// What one search looks for: the needle (folded when caseless) and its two rarest bytes, in order
// of offset; a one-byte needle probes its byte twice.
struct Pattern
{
    QByteArrayView needle;
    bool caseless = false;
    Probe first;
    Probe second;
};

Probe probeAt(QByteArrayView needle, qsizetype offset, bool caseless)
{
    const char byte = needle[offset];
    return Probe{offset, byte, caseless && isAsciiLetter(byte) ? char(0x20) : char(0)};
}

std::pair<Probe, Probe> rarestProbes(QByteArrayView needle, bool caseless)
{
    qsizetype rarest = 0;
    for (qsizetype i = 1; i < needle.size(); ++i) {
        if (frequencyRank(needle[i]) < frequencyRank(needle[rarest]))
            rarest = i;
    }
    qsizetype next = rarest == 0 ? needle.size() - 1 : 0;
    for (qsizetype i = 0; i < needle.size(); ++i) {
        if (i != rarest && frequencyRank(needle[i]) < frequencyRank(needle[next]))
            next = i;
    }
    return {probeAt(needle, std::min(rarest, next), caseless),
            probeAt(needle, std::max(rarest, next), caseless)};
}

bool matchesAt(const Pattern &pattern, const char *text)
{
    if (!pattern.caseless)
        return std::memcmp(text, pattern.needle.data(), static_cast<size_t>(pattern.needle.size())) == 0;
    for (qsizetype i = 0; i < pattern.needle.size(); ++i) {
        if (TextSearcher::fold(text[i]) != pattern.needle[i])
            return false;
    }
    return true;
}

// The first start position among `candidates` (bit i: position at + i) where the needle is.
qsizetype firstMatch(const Pattern &pattern, const char *text, qsizetype at, unsigned candidates)
{
    while (candidates) {
        const qsizetype position = at + __builtin_ctz(candidates);
        if (matchesAt(pattern, text + position))
            return position;
        candidates &= candidates - 1;
    }
    return -1;
}

#if defined(__SSE2__)
unsigned candidates16(const Pattern &pattern, const char *text, qsizetype at)
{
    const auto probe = [&](const Probe &p) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + at + p.offset));
        return _mm_cmpeq_epi8(_mm_or_si128(bytes, _mm_set1_epi8(p.caseBit)), _mm_set1_epi8(p.byte));
    };
    return static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(probe(pattern.first), probe(pattern.second))));
}

#if defined(__GNUC__)
#define BUSMON_HAS_AVX2_SEARCH 1
// Start positions from `at` on, 32 at a time while a whole block fits; `at` is left after the last.
__attribute__((target("avx2"))) qsizetype findInBlocks32(const Pattern &pattern, const char *text,
                                                         qsizetype &at, qsizetype lastStart)
{
    const char *firstBytes = text + pattern.first.offset;
    const char *secondBytes = text + pattern.second.offset;
    const __m256i firstBit = _mm256_set1_epi8(pattern.first.caseBit);
    const __m256i firstByte = _mm256_set1_epi8(pattern.first.byte);
    const __m256i secondBit = _mm256_set1_epi8(pattern.second.caseBit);
    const __m256i secondByte = _mm256_set1_epi8(pattern.second.byte);
    qsizetype position = at;
    for (; position + 31 <= lastStart; position += 32) {
        const __m256i firsts = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(firstBytes + position));
        const __m256i seconds = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(secondBytes + position));
        const auto candidates = static_cast<unsigned>(_mm256_movemask_epi8(
            _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_or_si256(firsts, firstBit), firstByte),
                             _mm256_cmpeq_epi8(_mm256_or_si256(seconds, secondBit), secondByte))));
        if (candidates) [[unlikely]] {
            if (const qsizetype found = firstMatch(pattern, text, position, candidates); found >= 0)
                return found;
        }
    }
    at = position;
    return -1;
}

bool cpuHasAvx2()
{
    static const bool has = __builtin_cpu_supports("avx2");
    return has;
}
#endif
#endif

qsizetype find(const Pattern &pattern, QByteArrayView haystack)
{
    const qsizetype length = pattern.needle.size();
    if (length == 0)
        return 0;
    if (haystack.size() < length)
        return -1;
    const char *text = haystack.data();
    const qsizetype lastStart = haystack.size() - length;
    qsizetype at = 0;
#if defined(BUSMON_HAS_AVX2_SEARCH)
    if (cpuHasAvx2()) {
        if (const qsizetype found = findInBlocks32(pattern, text, at, lastStart); found >= 0)
            return found;
    }
#endif
#if defined(__SSE2__)
    if (lastStart >= 15) {
        for (; at + 15 <= lastStart; at += 16) {
            if (const qsizetype found = firstMatch(pattern, text, at, candidates16(pattern, text, at));
                found >= 0)
                return found;
        }
        // The last positions in one block that overlaps the previous one: those repeated did not
        // match there and do not now.
        if (at <= lastStart)
            return firstMatch(pattern, text, lastStart - 15, candidates16(pattern, text, lastStart - 15));
        return -1;
    }
#endif
    for (; at <= lastStart; ++at) {
        if (matchesAt(pattern, text + at))
            return at;
    }
    return -1;
}

} // namespace

TextSearcher::TextSearcher(QByteArrayView needle)
{
    m_needle.resize(needle.size());
    for (qsizetype i = 0; i < needle.size(); ++i)
        m_needle[i] = fold(needle[i]);
    if (!m_needle.isEmpty())
        std::tie(m_rarest, m_nextRarest) = rarestProbes(m_needle, true);
}

bool TextSearcher::contains(QByteArrayView haystack) const
{
    return find(Pattern{m_needle, true, m_rarest, m_nextRarest}, haystack) >= 0;
}

qsizetype TextSearcher::indexOfExact(QByteArrayView haystack, QByteArrayView needle)
{
    if (needle.isEmpty())
        return 0;
    return find(Pattern{needle, false, probeAt(needle, 0, false), probeAt(needle, needle.size() - 1, false)},
                haystack);
}

} // namespace busmon
