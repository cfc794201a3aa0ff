#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace busmon {

// Case-insensitive search of an ASCII needle in UTF-8 bytes, the inner loop of every plain-word
// filter: 16 positions at a time (SSE2), testing the needle's first and last bytes together and
// comparing the rest only where both fit. ASCII letters match either case; every other byte,
// including all of UTF-8's multi-byte sequences, matches only itself, so nothing matches by accident.
// Build once per filter; contains() is const and thread-safe.
class TextSearcher
{
public:
    TextSearcher() = default;
    explicit TextSearcher(QByteArrayView needle);

    bool contains(QByteArrayView haystack) const;
    bool isEmpty() const { return m_needle.isEmpty(); }
    const QByteArray &needle() const { return m_needle; }

    // Exact (case-sensitive) search, same technique, no allocation: the first index or -1.
    static qsizetype indexOfExact(QByteArrayView haystack, QByteArrayView needle);

    static char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

private:
    bool matchesAt(const char *text) const;

    QByteArray m_needle;     // folded
    char m_firstCaseBit = 0; // 0x20 when the first byte is a letter: OR-ing it in folds the haystack
    char m_lastCaseBit = 0;
};

} // namespace busmon
