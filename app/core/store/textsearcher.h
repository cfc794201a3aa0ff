#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace busmon {

// Case-insensitive search of an ASCII needle in UTF-8 bytes, the inner loop of every plain-word
// filter: 32 positions at a time (AVX2, where the CPU has it) or 16 (SSE2), testing the needle's two
// rarest bytes together and comparing the rest only where both fit. Rare bytes, not the first and
// the last: in JSON text an 'e' or a '"' fits almost everywhere, and each false candidate costs a
// full comparison. ASCII letters match either case; every other byte, including all of UTF-8's
// multi-byte sequences, matches only itself, so nothing matches by accident.
// Build once per filter; contains() is const and thread-safe.
class TextSearcher
{
public:
    TextSearcher() = default;
    explicit TextSearcher(QByteArrayView needle);

    bool contains(QByteArrayView haystack) const;
    bool isEmpty() const { return m_needle.isEmpty(); }
    const QByteArray &needle() const { return m_needle; }

    // Exact (case-sensitive) search, the same loop on the needle's first and last bytes (it is
    // called once per haystack, where ranking the bytes would cost more than it saves), no
    // allocation: the first index or -1.
    static qsizetype indexOfExact(QByteArrayView haystack, QByteArrayView needle);

    static char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

    // One of the needle's bytes as the vector loop tests it: at `offset` from a start position, the
    // haystack's byte OR-ed with `caseBit` (0x20 for a letter searched in either case) is `byte`.
    struct Probe
    {
        qsizetype offset = 0;
        char byte = 0;
        char caseBit = 0;
    };

private:
    QByteArray m_needle; // folded
    Probe m_rarest;
    Probe m_nextRarest;
};

} // namespace busmon
