#include "events/pythonjsonobject.h"

#include <QLocale>
#include <QString>
#include <cmath>

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

QByteArray PythonJsonObject::quoted(QStringView text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out.append('"');
    // UTF-16 units are what Python escapes too: a character outside the BMP becomes a surrogate pair.
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
            if (c < 0x20 || c > 0x7e)
                appendUnicodeEscape(out, c);
            else
                out.append(static_cast<char>(c));
        }
    }
    out.append('"');
    return out;
}

QByteArray PythonJsonObject::floatText(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("Infinity") : QByteArrayLiteral("-Infinity");
    QByteArray text = QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
    if (!text.contains('.') && !text.contains('e') && !text.contains("inf"))
        text += ".0";
    return text;
}

QByteArray PythonJsonObject::array(const QList<QByteArray> &items)
{
    QByteArray out("[");
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out.append(", ");
        out.append(items.at(i));
    }
    out.append(']');
    return out;
}

void PythonJsonObject::appendKey(const QByteArray &quotedKey)
{
    if (!m_body.isEmpty())
        m_body.append(", ");
    m_body.append(quotedKey);
    m_body.append(": ");
}

PythonJsonObject &PythonJsonObject::addString(QLatin1StringView key, QStringView value)
{
    return addJson(key, quoted(value));
}

PythonJsonObject &PythonJsonObject::addInteger(QLatin1StringView key, qint64 value)
{
    return addJson(key, QByteArray::number(value));
}

PythonJsonObject &PythonJsonObject::addFloat(QLatin1StringView key, double value)
{
    return addJson(key, floatText(value));
}

PythonJsonObject &PythonJsonObject::addBool(QLatin1StringView key, bool value)
{
    return addJson(key, value ? QByteArrayLiteral("true") : QByteArrayLiteral("false"));
}

PythonJsonObject &PythonJsonObject::addNull(QLatin1StringView key)
{
    return addJson(key, QByteArrayLiteral("null"));
}

PythonJsonObject &PythonJsonObject::addJson(QLatin1StringView key, const QByteArray &json)
{
    return addJson(QString(key), json);
}

PythonJsonObject &PythonJsonObject::addJson(QStringView key, const QByteArray &json)
{
    appendKey(quoted(key));
    m_body.append(json);
    return *this;
}

QByteArray PythonJsonObject::toJson() const
{
    return '{' + m_body + '}';
}

} // namespace busmon
