#include "capture/jsontext.h"

#include "events/jsonstringrun.h"

#include <cstring>

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

} // namespace

void JsonText::appendString(QByteArray &out, QByteArrayView utf8)
{
    // One pass, into memory sized for two bytes a byte: only the rare control characters written as
    // \u00XX take more, and make room for themselves. Payloads are short runs between quotes; the
    // runs are found sixteen bytes at a time and copied whole.
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
