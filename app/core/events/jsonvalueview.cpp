#include "events/jsonvalueview.h"

#include "events/jsonobjectview.h"
#include "events/jsonscanner.h"
#include "events/jsonstring.h"

#include <algorithm>
#include <limits>

namespace busmon {

QByteArray JsonValueView::toUtf8() const
{
    if (m_type != Type::String)
        return QByteArray();
    const QByteArrayView body = m_raw.sliced(1, m_raw.size() - 2);
    return m_escaped ? JsonString::decodeUtf8(body) : body.toByteArray();
}

QString JsonValueView::toString() const
{
    if (m_type != Type::String)
        return QString();
    const QByteArrayView body = m_raw.sliced(1, m_raw.size() - 2);
    return m_escaped ? JsonString::decode(body) : QString::fromUtf8(body);
}

bool JsonValueView::textIs(QByteArrayView utf8) const
{
    if (m_type != Type::String)
        return false;
    const QByteArrayView body = m_raw.sliced(1, m_raw.size() - 2);
    return m_escaped ? QByteArrayView(JsonString::decodeUtf8(body)) == utf8 : body == utf8;
}

double JsonValueView::toDouble() const
{
    if (m_type != Type::Number)
        return 0.0;
    bool ok = false;
    const double value = m_raw.toDouble(&ok);
    return ok ? value : beyondRange();
}

// Valid JSON that Qt refuses is a number too large or too small for a double; Qt returns 0 for both.
double JsonValueView::beyondRange() const
{
    const bool negative = m_raw.startsWith('-');
    const qsizetype exponent = std::max(m_raw.indexOf('e'), m_raw.indexOf('E'));
    const QByteArrayView mantissa = m_raw.sliced(negative ? 1 : 0);
    const bool tiny = exponent >= 0 ? m_raw.sliced(exponent + 1).startsWith('-') : mantissa.startsWith('0');
    const double magnitude = tiny ? 0.0 : std::numeric_limits<double>::infinity();
    return negative ? -magnitude : magnitude;
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
