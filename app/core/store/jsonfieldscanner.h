#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace busmon {

// A value found in raw JSON bytes without building a tree.
struct JsonValueRef
{
    enum class Type : quint8 { Missing, String, Number, True, False, Null, Object, Array, Invalid };
    Type type = Type::Missing;
    // The value's bytes: for a string, between the quotes and still escaped; for an object or an
    // array, the whole span with its brackets; for the rest, the literal token.
    QByteArrayView raw;
    bool escaped = false; // a string holding backslash escapes

    bool isPresent() const { return type != Type::Missing && type != Type::Invalid; }
    bool isScalar() const { return isPresent() && type != Type::Object && type != Type::Array; }
};

// Finds values in JSON text by scanning the bytes: one pass, no allocation, no recursion, so a
// filter can look at a field of a million payloads in well under a second and hostile input (deep
// nesting, truncation, garbage) only yields Missing or Invalid. It assumes nothing is valid: every
// read is bounds-checked.
class JsonFieldScanner
{
public:
    struct PathStep
    {
        QByteArray key; // UTF-8, unescaped
        int index = -1; // >= 0: an array element instead of a key
    };
    using Path = QList<PathStep>;

    // "record_count", "task_data.status", "task_data.tags[0]", "a[1][2]". nullopt when malformed.
    static std::optional<Path> parsePath(QStringView text);

    // Missing when any step is absent or the text is not the expected shape.
    static JsonValueRef find(QByteArrayView json, const Path &path);
    // The value the text starts with (after white space).
    static JsonValueRef valueAt(QByteArrayView json);

    // Members in document order; the key is raw (escaped) UTF-8. Stops when `visit` returns false.
    // false when the object is malformed.
    static bool
    forEachMember(QByteArrayView object,
                  const std::function<bool(QByteArrayView key, const JsonValueRef &value)> &visit);
    static bool forEachElement(QByteArrayView array,
                               const std::function<bool(const JsonValueRef &value)> &visit);

    // A string value unescaped (\n, \", \uXXXX with surrogate pairs). Bad escapes are kept as text.
    static QString decodeString(QByteArrayView raw);
    static QByteArray decodeStringUtf8(QByteArrayView raw);
    // The whole text with every JSON escape decoded: what a person reads in the payload, for searching
    // words written as \uXXXX by Python's json.dumps.
    static QString readableText(QByteArrayView json);
};

} // namespace busmon
