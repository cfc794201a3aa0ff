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

} // namespace

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
