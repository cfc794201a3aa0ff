#include "events/asciijsonstring.h"

namespace busmon {

namespace {
void appendUnicodeEscape(QByteArray &out, char16_t unit)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char escape[] = {
        '\\', 'u', hex[(unit >> 12) & 0xf], hex[(unit >> 8) & 0xf], hex[(unit >> 4) & 0xf], hex[unit & 0xf]};
    out.append(escape, sizeof escape);
}
} // namespace

QByteArray AsciiJsonString::quoted(QStringView text, Delete del)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out.append('"');
    // UTF-16 units are what both escape: a character outside the BMP becomes a surrogate pair.
    for (const QChar qc : text) {
        const char16_t c = qc.unicode();
        switch (c) {
        case u'"':
            out.append("\\\"", 2);
            break;
        case u'\\':
            out.append("\\\\", 2);
            break;
        case u'\n':
            out.append("\\n", 2);
            break;
        case u'\r':
            out.append("\\r", 2);
            break;
        case u'\t':
            out.append("\\t", 2);
            break;
        case u'\b':
            out.append("\\b", 2);
            break;
        case u'\f':
            out.append("\\f", 2);
            break;
        default:
            if (c < 0x20 || c > 0x7f || (c == 0x7f && del == Delete::Escaped))
                appendUnicodeEscape(out, c);
            else
                out.append(static_cast<char>(c));
        }
    }
    out.append('"');
    return out;
}

} // namespace busmon
