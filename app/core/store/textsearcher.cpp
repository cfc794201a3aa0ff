#include "store/textsearcher.h"

namespace busmon {

TextSearcher::TextSearcher(QByteArrayView needle)
{
    m_needle.resize(needle.size());
    for (qsizetype i = 0; i < needle.size(); ++i)
        m_needle[i] = fold(needle[i]);
    const int length = static_cast<int>(m_needle.size());
    m_skip.fill(length);
    for (int i = 0; i + 1 < length; ++i) {
        const auto folded = static_cast<unsigned char>(m_needle[i]);
        m_skip[folded] = length - 1 - i;
        // The skip table is looked up with folded bytes only, but keep upper case consistent too.
        if (folded >= 'a' && folded <= 'z')
            m_skip[folded - ('a' - 'A')] = length - 1 - i;
    }
}

bool TextSearcher::contains(QByteArrayView haystack) const
{
    const qsizetype length = m_needle.size();
    if (length == 0)
        return true;
    const qsizetype size = haystack.size();
    if (size < length)
        return false;
    const auto *text = reinterpret_cast<const unsigned char *>(haystack.data());
    const auto *needle = reinterpret_cast<const unsigned char *>(m_needle.constData());
    const unsigned char lastNeedle = needle[length - 1];
    const qsizetype lastStart = size - length;
    qsizetype at = 0;
    while (at <= lastStart) {
        const auto last = static_cast<unsigned char>(fold(static_cast<char>(text[at + length - 1])));
        if (last == lastNeedle) {
            qsizetype i = 0;
            while (i < length - 1 &&
                   static_cast<unsigned char>(fold(static_cast<char>(text[at + i]))) == needle[i])
                ++i;
            if (i == length - 1)
                return true;
        }
        at += m_skip[last];
    }
    return false;
}

} // namespace busmon
