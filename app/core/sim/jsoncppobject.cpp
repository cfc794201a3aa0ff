#include "sim/jsoncppobject.h"

#include "events/asciijsonstring.h"

#include <cstdio>

namespace busmon {

JsoncppObject &JsoncppObject::addString(QLatin1StringView key, QStringView value)
{
    m_members.insert(QByteArray(key.data(), key.size()),
                     AsciiJsonString::quoted(value, AsciiJsonString::Delete::Raw));
    return *this;
}

JsoncppObject &JsoncppObject::addInteger(QLatin1StringView key, qint64 value)
{
    m_members.insert(QByteArray(key.data(), key.size()), QByteArray::number(value));
    return *this;
}

JsoncppObject &JsoncppObject::addDouble(QLatin1StringView key, double value)
{
    m_members.insert(QByteArray(key.data(), key.size()), doubleText(value));
    return *this;
}

JsoncppObject &JsoncppObject::addBool(QLatin1StringView key, bool value)
{
    m_members.insert(QByteArray(key.data(), key.size()),
                     value ? QByteArrayLiteral("true") : QByteArrayLiteral("false"));
    return *this;
}

QByteArray JsoncppObject::toJson() const
{
    if (m_members.isEmpty())
        return QByteArrayLiteral("{}");
    qsizetype size = 4;
    for (auto it = m_members.cbegin(); it != m_members.cend(); ++it)
        size += it.key().size() + it.value().size() + 8;
    QByteArray out;
    out.reserve(size);
    out.append("{\n");
    for (auto it = m_members.cbegin(); it != m_members.cend(); ++it) {
        if (it != m_members.cbegin())
            out.append(",\n");
        out.append("\t\"").append(it.key()).append("\" : ").append(it.value());
    }
    out.append("\n}");
    return out;
}

QByteArray JsoncppObject::doubleText(double value)
{
    char buffer[32];
    const int length = std::snprintf(buffer, sizeof buffer, "%.17g", value);
    QByteArray text(buffer, length);
    // jsoncpp keeps a whole double recognisable as one.
    if (!text.contains('.') && !text.contains('e'))
        text += ".0";
    return text;
}

} // namespace busmon
