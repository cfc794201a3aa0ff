#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1StringView>
#include <QList>
#include <QString>

namespace busmon {

class JsonObjectView;

// One JSON value inside a payload that JsonScanner has already validated: its type and its raw
// text, nothing decoded until asked. Views into the payload's bytes; they must outlive it.
class JsonValueView
{
public:
    enum class Type : quint8 { Missing, Null, Bool, Number, String, Array, Object };

    JsonValueView() = default;
    JsonValueView(Type type, QByteArrayView raw, bool escaped = false)
        : m_raw(raw)
        , m_type(type)
        , m_escaped(escaped)
    {}

    Type type() const { return m_type; }
    QByteArrayView raw() const { return m_raw; } // strings with their quotes
    bool isMissing() const { return m_type == Type::Missing; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    QString toString() const; // the decoded text of a string; empty for anything else
    // A string whose text is exactly these UTF-8 bytes; without decoding it when it has no escape.
    bool textIs(QByteArrayView utf8) const;
    // The same as UTF-8, without a detour through UTF-16; a lone surrogate escape becomes U+FFFD.
    QByteArray toUtf8() const;
    double toDouble() const; // 0 for anything but a number, ±infinity past a double's range
    bool toBool() const { return m_type == Type::Bool && m_raw.startsWith('t'); }
    JsonObjectView toObject() const;      // members of an object; empty for anything else
    QList<JsonValueView> toArray() const; // elements of an array; empty for anything else
    qsizetype arraySize() const;          // elements of an array; 0 for anything else
    JsonValueView arrayAt(qsizetype index) const;

    static QLatin1StringView typeName(Type type); // "string", "number", …

private:
    double beyondRange() const;

    QByteArrayView m_raw;
    Type m_type = Type::Missing;
    bool m_escaped = false;
};

} // namespace busmon
