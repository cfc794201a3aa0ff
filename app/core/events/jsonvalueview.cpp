#include "events/jsonvalueview.h"

#include "events/jsonobjectview.h"
#include "events/jsonscanner.h"

namespace busmon {

namespace {

char16_t hexValue(QByteArrayView digits)
{
    char16_t value = 0;
    for (const char c : digits) {
        value = static_cast<char16_t>(value << 4);
        if (c >= '0' && c <= '9')
            value = static_cast<char16_t>(value | (c - '0'));
        else
            value = static_cast<char16_t>(value | ((c | 0x20) - 'a' + 10));
    }
    return value;
}

// The body of a validated JSON string (between its quotes) as text.
QString decodeString(QByteArrayView body, bool escaped)
{
    if (!escaped)
        return QString::fromUtf8(body);
    QString text;
    text.reserve(body.size());
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < body.size(); ++i) {
        if (body.at(i) != '\\')
            continue;
        text += QString::fromUtf8(body.sliced(runStart, i - runStart));
        const char e = body.at(i + 1);
        switch (e) {
        case 'b':
            text += QChar(u'\b');
            break;
        case 'f':
            text += QChar(u'\f');
            break;
        case 'n':
            text += QChar(u'\n');
            break;
        case 'r':
            text += QChar(u'\r');
            break;
        case 't':
            text += QChar(u'\t');
            break;
        case 'u':
            // UTF-16 units as written: a surrogate pair comes back as the pair it was.
            text += QChar(hexValue(body.sliced(i + 2, 4)));
            i += 4;
            break;
        default:
            text += QLatin1Char(e);
            break;
        }
        ++i;
        runStart = i + 1;
    }
    text += QString::fromUtf8(body.sliced(runStart));
    return text;
}

void appendUtf8(QByteArray &out, char32_t code)
{
    if (code < 0x80) {
        out.append(static_cast<char>(code));
    } else if (code < 0x800) {
        out.append(static_cast<char>(0xc0 | (code >> 6)));
        out.append(static_cast<char>(0x80 | (code & 0x3f)));
    } else if (code < 0x10000) {
        out.append(static_cast<char>(0xe0 | (code >> 12)));
        out.append(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
        out.append(static_cast<char>(0x80 | (code & 0x3f)));
    } else {
        out.append(static_cast<char>(0xf0 | (code >> 18)));
        out.append(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
        out.append(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
        out.append(static_cast<char>(0x80 | (code & 0x3f)));
    }
}

QByteArray decodeUtf8(QByteArrayView body, bool escaped)
{
    if (!escaped)
        return body.toByteArray();
    QByteArray out;
    out.reserve(body.size());
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < body.size(); ++i) {
        if (body.at(i) != '\\')
            continue;
        out.append(body.sliced(runStart, i - runStart));
        const char e = body.at(i + 1);
        switch (e) {
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'u': {
            char32_t code = hexValue(body.sliced(i + 2, 4));
            i += 4;
            if (QChar::isHighSurrogate(code) && i + 7 < body.size() && body.at(i + 2) == '\\' &&
                body.at(i + 3) == 'u') {
                const char16_t low = hexValue(body.sliced(i + 4, 4));
                if (QChar::isLowSurrogate(low)) {
                    code = QChar::surrogateToUcs4(static_cast<char16_t>(code), low);
                    i += 6;
                }
            }
            appendUtf8(out, QChar::isSurrogate(code) ? char32_t(0xfffd) : code);
            break;
        }
        default:
            out.append(e);
            break;
        }
        ++i;
        runStart = i + 1;
    }
    out.append(body.sliced(runStart));
    return out;
}

} // namespace

QByteArray JsonValueView::toUtf8() const
{
    if (m_type != Type::String)
        return QByteArray();
    return decodeUtf8(m_raw.sliced(1, m_raw.size() - 2), m_escaped);
}

QString JsonValueView::toString() const
{
    if (m_type != Type::String)
        return QString();
    return decodeString(m_raw.sliced(1, m_raw.size() - 2), m_escaped);
}

double JsonValueView::toDouble() const
{
    return m_type == Type::Number ? m_raw.toDouble() : 0.0;
}

JsonObjectView JsonValueView::toObject() const
{
    return m_type == Type::Object ? JsonScanner::members(m_raw) : JsonObjectView();
}

QList<JsonValueView> JsonValueView::toArray() const
{
    return m_type == Type::Array ? JsonScanner::elements(m_raw) : QList<JsonValueView>();
}

qsizetype JsonValueView::arraySize() const
{
    return m_type == Type::Array ? JsonScanner::arraySize(m_raw) : 0;
}

JsonValueView JsonValueView::arrayAt(qsizetype index) const
{
    return m_type == Type::Array ? JsonScanner::arrayAt(m_raw, index) : JsonValueView();
}

QLatin1StringView JsonValueView::typeName(Type type)
{
    switch (type) {
    case Type::Missing:
        break;
    case Type::Null:
        return QLatin1StringView("null");
    case Type::Bool:
        return QLatin1StringView("boolean");
    case Type::Number:
        return QLatin1StringView("number");
    case Type::String:
        return QLatin1StringView("string");
    case Type::Array:
        return QLatin1StringView("array");
    case Type::Object:
        return QLatin1StringView("object");
    }
    return QLatin1StringView("nothing");
}

} // namespace busmon
