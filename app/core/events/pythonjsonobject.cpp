#include "events/pythonjsonobject.h"

#include "events/asciijsonstring.h"

#include <QLocale>
#include <QString>
#include <cmath>

namespace busmon {

QByteArray PythonJsonObject::quoted(QStringView text)
{
    return AsciiJsonString::quoted(text);
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

template<typename Key> void PythonJsonObject::appendKey(Key key)
{
    if (!m_body.isEmpty())
        m_body.append(", ");
    AsciiJsonString::append(m_body, key);
    m_body.append(": ");
}

PythonJsonObject &PythonJsonObject::addString(QLatin1StringView key, QStringView value)
{
    appendKey(key);
    AsciiJsonString::append(m_body, value);
    return *this;
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
    appendKey(key);
    m_body.append(json);
    return *this;
}

PythonJsonObject &PythonJsonObject::addJson(QStringView key, const QByteArray &json)
{
    appendKey(key);
    m_body.append(json);
    return *this;
}

QByteArray PythonJsonObject::toJson() const
{
    QByteArray json;
    json.reserve(m_body.size() + 2);
    json.append('{').append(m_body).append('}');
    return json;
}

} // namespace busmon
