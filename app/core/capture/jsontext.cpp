#include "capture/jsontext.h"

#include <array>
#include <cstring>

namespace busmon {

namespace {

// U+FEFF as raw bytes would be dropped by QString::fromUtf8 (and so by Qt's JSON parser) when it
// starts a run of text; written as \ufeff it comes back exactly.
bool isByteOrderMark(const uchar *data, qsizetype remaining)
{
    return remaining >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf;
}

// Extra bytes each byte costs when escaped: 0 for most, 1 for \" \\ \n…, 5 for \u00XX.
constexpr auto escapeCosts = [] {
    std::array<quint8, 256> costs{};
    for (int c = 0; c < 0x20; ++c)
        costs[c] = 5;
    for (const char c : {'\b', '\f', '\n', '\r', '\t', '"', '\\'})
        costs[static_cast<uchar>(c)] = 1;
    return costs;
}();

char *writeEscaped(char *out, uchar c)
{
    static constexpr char hex[] = "0123456789abcdef";
    *out++ = '\\';
    switch (c) {
    case '"':
    case '\\':
        *out++ = static_cast<char>(c);
        return out;
    case '\n':
        *out++ = 'n';
        return out;
    case '\r':
        *out++ = 'r';
        return out;
    case '\t':
        *out++ = 't';
        return out;
    case '\b':
        *out++ = 'b';
        return out;
    case '\f':
        *out++ = 'f';
        return out;
    default:
        break;
    }
    *out++ = 'u';
    *out++ = '0';
    *out++ = '0';
    *out++ = hex[c >> 4];
    *out++ = hex[c & 0xf];
    return out;
}

} // namespace

void JsonText::appendString(QByteArray &out, QByteArrayView utf8)
{
    // Two passes: count what escaping adds, then write into memory sized once. Payloads are full of
    // quotes, and appending between each of them cost more than the scan.
    const auto *data = reinterpret_cast<const uchar *>(utf8.data());
    const qsizetype size = utf8.size();
    qsizetype extra = 0;
    for (qsizetype i = 0; i < size; ++i) {
        extra += escapeCosts[data[i]];
        if (data[i] == 0xef && isByteOrderMark(data + i, size - i))
            extra += 3; // 3 bytes become the 6 of \ufeff
    }
    const qsizetype start = out.size();
    out.resize(start + size + extra + 2);
    char *write = out.data() + start;
    *write++ = '"';
    if (extra == 0) {
        if (size > 0) // an empty view may have no data at all, and memcpy must not get null
            memcpy(write, data, static_cast<size_t>(size));
        write += size;
    } else {
        for (qsizetype i = 0; i < size; ++i) {
            const uchar c = data[i];
            if (c == 0xef && isByteOrderMark(data + i, size - i)) {
                memcpy(write, "\\ufeff", 6);
                write += 6;
                i += 2;
            } else if (escapeCosts[c] != 0) {
                write = writeEscaped(write, c);
            } else {
                *write++ = static_cast<char>(c);
            }
        }
    }
    *write = '"';
}

} // namespace busmon
