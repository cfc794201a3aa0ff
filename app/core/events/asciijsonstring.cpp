#include "events/asciijsonstring.h"

namespace busmon {

namespace {
// Writes the literal at `out` (room for 6 bytes a unit and the quotes) and answers its end. Called
// for every string of every simulated message: one pass over raw bytes, no call per character.
template<typename Unit>
char *writeQuoted(char *out, const Unit *begin, const Unit *end, AsciiJsonString::Delete del)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char16_t lastRaw = del == AsciiJsonString::Delete::Escaped ? 0x7e : 0x7f;
    *out++ = '"';
    for (const Unit *unit = begin; unit != end; ++unit) {
        const auto c = static_cast<char16_t>(*unit);
        if (c >= 0x20 && c <= lastRaw && c != u'"' && c != u'\\') {
            *out++ = static_cast<char>(c);
            continue;
        }
        *out++ = '\\';
        switch (c) {
        case u'"':
            *out++ = '"';
            break;
        case u'\\':
            *out++ = '\\';
            break;
        case u'\n':
            *out++ = 'n';
            break;
        case u'\r':
            *out++ = 'r';
            break;
        case u'\t':
            *out++ = 't';
            break;
        case u'\b':
            *out++ = 'b';
            break;
        case u'\f':
            *out++ = 'f';
            break;
        default:
            // UTF-16 units are what both escape: a character outside the BMP becomes a surrogate pair.
            *out++ = 'u';
            *out++ = hex[(c >> 12) & 0xf];
            *out++ = hex[(c >> 8) & 0xf];
            *out++ = hex[(c >> 4) & 0xf];
            *out++ = hex[c & 0xf];
        }
    }
    *out++ = '"';
    return out;
}

template<typename Unit>
void appendQuoted(QByteArray &out, const Unit *begin, qsizetype size, AsciiJsonString::Delete del)
{
    const qsizetype start = out.size();
    out.resize(start + 2 + 6 * size);
    char *const end = writeQuoted(out.data() + start, begin, begin + size, del);
    out.truncate(end - out.constData());
}
} // namespace

QByteArray AsciiJsonString::quoted(QStringView text, Delete del)
{
    QByteArray out;
    append(out, text, del);
    return out;
}

void AsciiJsonString::append(QByteArray &out, QStringView text, Delete del)
{
    appendQuoted(out, text.utf16(), text.size(), del);
}

void AsciiJsonString::append(QByteArray &out, QLatin1StringView text, Delete del)
{
    appendQuoted(out, reinterpret_cast<const uchar *>(text.data()), text.size(), del);
}

} // namespace busmon
