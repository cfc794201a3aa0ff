#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <array>

namespace busmon {

// Case-insensitive search of an ASCII needle in UTF-8 bytes (Boyer-Moore-Horspool on ASCII-folded
// bytes): a filter word is looked for in a million payloads in about a tenth of a second. Bytes
// above 0x7F are compared exactly, so UTF-8 sequences in the haystack never match by accident.
// Build once per filter; contains() is const and thread-safe.
class TextSearcher
{
public:
    TextSearcher() = default;
    explicit TextSearcher(QByteArrayView needle);

    bool contains(QByteArrayView haystack) const;
    bool isEmpty() const { return m_needle.isEmpty(); }
    const QByteArray &needle() const { return m_needle; }

    static char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

private:
    QByteArray m_needle; // folded
    std::array<int, 256> m_skip{};
};

} // namespace busmon
