#include "capture/jsontext.h"

namespace busmon {

namespace {
bool needsEscape(uchar c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

// U+FEFF as raw bytes would be dropped by QString::fromUtf8 (and so by Qt's JSON parser) when it
// starts a run of text; written as \ufeff it comes back exactly.
bool isByteOrderMark(const char *data, qsizetype remaining)
{
    return remaining >= 3 && static_cast<uchar>(data[0]) == 0xef && static_cast<uchar>(data[1]) == 0xbb &&
           static_cast<uchar>(data[2]) == 0xbf;
}

void appendEscaped(QByteArray &out, uchar c)
{
    static constexpr char hex[] = "0123456789abcdef";
    switch (c) {
    case '"':
        out.append("\\\"", 2);
        return;
    case '\\':
        out.append("\\\\", 2);
        return;
    case '\n':
        out.append("\\n", 2);
        return;
    case '\r':
        out.append("\\r", 2);
        return;
    case '\t':
        out.append("\\t", 2);
        return;
    case '\b':
        out.append("\\b", 2);
        return;
    case '\f':
        out.append("\\f", 2);
        return;
    default:
        break;
    }
    const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
    out.append(escape, sizeof escape);
}
} // namespace

void JsonText::appendString(QByteArray &out, QByteArrayView utf8)
{
    out.append('"');
    const char *data = utf8.data();
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const uchar c = static_cast<uchar>(data[i]);
        if (c == 0xef && isByteOrderMark(data + i, utf8.size() - i)) {
            out.append(data + runStart, i - runStart);
            out.append("\\ufeff", 6);
            i += 2;
            runStart = i + 1;
            continue;
        }
        if (!needsEscape(c))
            continue;
        out.append(data + runStart, i - runStart);
        appendEscaped(out, c);
        runStart = i + 1;
    }
    out.append(data + runStart, utf8.size() - runStart);
    out.append('"');
}

} // namespace busmon
