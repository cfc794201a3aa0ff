#include "store/jsonfieldscanner.h"

#include "store/textsearcher.h"

#include "events/jsonstring.h"

#include <cstring>
#include <string.h> // memmem

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace busmon {

namespace {

using Type = JsonValueRef::Type;

const char *skipWhiteSpace(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        ++p;
    return p;
}

// p points at the opening quote; returns the position after the closing quote, or nullptr.
const char *skipString(const char *p, const char *end, bool *escaped = nullptr)
{
    const char *q = p + 1;
    bool sawEscape = false;
    while (q < end) {
        const char *quote = static_cast<const char *>(std::memchr(q, '"', static_cast<size_t>(end - q)));
        if (!quote)
            return nullptr;
        const char *back = quote;
        while (back > p + 1 && back[-1] == '\\')
            --back;
        if (back != quote)
            sawEscape = true;
        if ((quote - back) % 2 == 0) {
            if (escaped)
                *escaped =
                    sawEscape || std::memchr(p + 1, '\\', static_cast<size_t>(quote - p - 1)) != nullptr;
            return quote + 1;
        }
        q = quote + 1;
    }
    return nullptr;
}

bool isDelimiter(char c)
{
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ':';
}

// Skips nested brackets iteratively; strings inside are skipped as wholes.
const char *skipContainer(const char *p, const char *end)
{
    qsizetype depth = 0;
    while (p < end) {
        const char c = *p;
        if (c == '"') {
            p = skipString(p, end);
            if (!p)
                return nullptr;
            continue;
        }
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return p + 1;
            if (depth < 0)
                return nullptr;
        }
        ++p;
    }
    return nullptr;
}

// Classifies the value at p (no white space before it) and sets *next past it.
JsonValueRef readValue(const char *p, const char *end, const char **next)
{
    JsonValueRef value;
    *next = nullptr;
    if (p >= end) {
        value.type = Type::Invalid;
        return value;
    }
    const char c = *p;
    if (c == '"') {
        bool escaped = false;
        const char *after = skipString(p, end, &escaped);
        if (!after) {
            value.type = Type::Invalid;
            return value;
        }
        value.type = Type::String;
        value.raw = QByteArrayView(p + 1, after - p - 2);
        value.escaped = escaped;
        *next = after;
        return value;
    }
    if (c == '{' || c == '[') {
        const char *after = skipContainer(p, end);
        if (!after) {
            value.type = Type::Invalid;
            return value;
        }
        value.type = c == '{' ? Type::Object : Type::Array;
        value.raw = QByteArrayView(p, after - p);
        *next = after;
        return value;
    }
    const char *q = p;
    while (q < end && !isDelimiter(*q))
        ++q;
    const QByteArrayView token(p, q - p);
    if (token == "true")
        value.type = Type::True;
    else if (token == "false")
        value.type = Type::False;
    else if (token == "null")
        value.type = Type::Null;
    else if (!token.isEmpty() && (c == '-' || (c >= '0' && c <= '9')))
        value.type = Type::Number;
    else
        value.type = Type::Invalid;
    if (value.type != Type::Invalid) {
        value.raw = token;
        *next = q;
    }
    return value;
}

bool keyEquals(QByteArrayView rawKey, bool escaped, const QByteArray &wanted)
{
    if (!escaped)
        return rawKey == QByteArrayView(wanted);
    return JsonFieldScanner::decodeStringUtf8(rawKey) == wanted;
}

// Any of { } [ ] in [p, end): c | 0x20 is '{' exactly for '[' and '{', '}' for ']' and '}'.
bool hasBracket(const char *p, const char *end)
{
#if defined(__SSE2__)
    const __m128i caseBit = _mm_set1_epi8(0x20);
    const __m128i open = _mm_set1_epi8('{');
    const __m128i close = _mm_set1_epi8('}');
    for (; end - p >= 16; p += 16) {
        const __m128i bytes = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)), caseBit);
        if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(bytes, open), _mm_cmpeq_epi8(bytes, close))))
            return true;
    }
#endif
    for (; p < end; ++p) {
        const char c = static_cast<char>(*p | 0x20);
        if (c == '{' || c == '}')
            return true;
    }
    return false;
}

bool needsEscaping(const QByteArray &key)
{
    for (char c : key) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\')
            return true;
    }
    return false;
}

enum class Shortcut { Found, Absent, Unsure };

// The common case without walking the object: find `"key":` by memmem and accept it when nothing
// between the object's `{` and the key opens or closes a container, so the key is one of this
// object's own members. A key absent from the bytes is absent from the object (as json.dumps writes
// keys: ASCII ones unescaped). Anything else is left to the walk.
Shortcut findMemberFast(const char *objectOpen, const char *end, const QByteArray &key, const char **value)
{
    if (key.isEmpty() || needsEscaping(key))
        return Shortcut::Unsure;
    const char *from = objectOpen + 1;
    const qsizetype keyLength = key.size();
    for (;;) {
        const qsizetype index = TextSearcher::indexOfExact(QByteArrayView(from, end - from),
                                                           QByteArrayView(key.constData(), key.size()));
        const char *hit = index < 0 ? nullptr : from + index;
        if (!hit)
            return Shortcut::Absent;
        from = hit + 1;
        const char *afterKey = hit + keyLength;
        if (hit - 1 <= objectOpen || hit[-1] != '"' || afterKey >= end || *afterKey != '"')
            continue;
        const char *backslash = hit - 1;
        while (backslash > objectOpen && backslash[-1] == '\\')
            --backslash;
        if ((hit - 1 - backslash) % 2 != 0)
            continue; // an escaped quote: inside some string
        const char *colon = skipWhiteSpace(afterKey + 1, end);
        if (colon >= end || *colon != ':')
            continue; // a string value that happens to be the key's name
        if (hasBracket(objectOpen + 1, hit - 1))
            return Shortcut::Unsure;
        *value = skipWhiteSpace(colon + 1, end);
        return Shortcut::Found;
    }
}

} // namespace

std::optional<JsonFieldScanner::Path> JsonFieldScanner::parsePath(QStringView text)
{
    Path path;
    qsizetype i = 0;
    const qsizetype n = text.size();
    if (n == 0)
        return std::nullopt;
    while (i < n) {
        if (text[i] == QLatin1Char('[')) {
            const qsizetype close = text.indexOf(QLatin1Char(']'), i);
            if (close < 0)
                return std::nullopt;
            bool ok = false;
            const int index = text.mid(i + 1, close - i - 1).toInt(&ok);
            if (!ok || index < 0)
                return std::nullopt;
            path.append(PathStep{QByteArray(), index});
            i = close + 1;
            if (i < n && text[i] == QLatin1Char('.'))
                ++i;
            continue;
        }
        qsizetype stop = i;
        while (stop < n && text[stop] != QLatin1Char('.') && text[stop] != QLatin1Char('['))
            ++stop;
        if (stop == i)
            return std::nullopt;
        path.append(PathStep{text.mid(i, stop - i).toUtf8(), -1});
        i = stop;
        if (i < n && text[i] == QLatin1Char('.')) {
            ++i;
            if (i == n)
                return std::nullopt;
        }
    }
    return path;
}

JsonValueRef JsonFieldScanner::valueAt(QByteArrayView json)
{
    const char *end = json.data() + json.size();
    const char *next = nullptr;
    return readValue(skipWhiteSpace(json.data(), end), end, &next);
}

JsonValueRef JsonFieldScanner::find(QByteArrayView json, const Path &path)
{
    const char *p = json.data();
    const char *end = p + json.size();
    JsonValueRef missing;
    for (const PathStep &step : path) {
        p = skipWhiteSpace(p, end);
        if (p >= end)
            return missing;
        if (step.index < 0) {
            if (*p != '{')
                return missing;
            const char *fastValue = nullptr;
            const Shortcut shortcut = findMemberFast(p, end, step.key, &fastValue);
            if (shortcut == Shortcut::Absent)
                return missing;
            if (shortcut == Shortcut::Found) {
                p = fastValue;
                continue;
            }
            p = skipWhiteSpace(p + 1, end);
            bool found = false;
            while (p < end && *p == '"') {
                bool escaped = false;
                const char *keyEnd = skipString(p, end, &escaped);
                if (!keyEnd)
                    return missing;
                const QByteArrayView key(p + 1, keyEnd - p - 2);
                p = skipWhiteSpace(keyEnd, end);
                if (p >= end || *p != ':')
                    return missing;
                p = skipWhiteSpace(p + 1, end);
                if (keyEquals(key, escaped, step.key)) {
                    found = true;
                    break;
                }
                const char *next = nullptr;
                const JsonValueRef skipped = readValue(p, end, &next);
                if (!next || !skipped.isPresent())
                    return missing;
                p = skipWhiteSpace(next, end);
                if (p < end && *p == ',')
                    p = skipWhiteSpace(p + 1, end);
                else
                    return missing;
            }
            if (!found)
                return missing;
        } else {
            if (*p != '[')
                return missing;
            p = skipWhiteSpace(p + 1, end);
            for (int i = 0; i < step.index; ++i) {
                const char *next = nullptr;
                const JsonValueRef skipped = readValue(p, end, &next);
                if (!next || !skipped.isPresent())
                    return missing;
                p = skipWhiteSpace(next, end);
                if (p < end && *p == ',')
                    p = skipWhiteSpace(p + 1, end);
                else
                    return missing;
            }
            if (p < end && *p == ']')
                return missing;
        }
    }
    const char *next = nullptr;
    JsonValueRef value = readValue(skipWhiteSpace(p, end), end, &next);
    if (value.type == Type::Invalid)
        value.type = Type::Missing;
    return value;
}

bool JsonFieldScanner::forEachMember(QByteArrayView object,
                                     const std::function<bool(QByteArrayView, const JsonValueRef &)> &visit)
{
    const char *end = object.data() + object.size();
    const char *p = skipWhiteSpace(object.data(), end);
    if (p >= end || *p != '{')
        return false;
    p = skipWhiteSpace(p + 1, end);
    if (p < end && *p == '}')
        return true;
    while (p < end && *p == '"') {
        const char *keyEnd = skipString(p, end);
        if (!keyEnd)
            return false;
        const QByteArrayView key(p + 1, keyEnd - p - 2);
        p = skipWhiteSpace(keyEnd, end);
        if (p >= end || *p != ':')
            return false;
        p = skipWhiteSpace(p + 1, end);
        const char *next = nullptr;
        const JsonValueRef value = readValue(p, end, &next);
        if (!next)
            return false;
        if (!visit(key, value))
            return true;
        p = skipWhiteSpace(next, end);
        if (p < end && *p == '}')
            return true;
        if (p >= end || *p != ',')
            return false;
        p = skipWhiteSpace(p + 1, end);
    }
    return false;
}

bool JsonFieldScanner::forEachElement(QByteArrayView array,
                                      const std::function<bool(const JsonValueRef &)> &visit)
{
    const char *end = array.data() + array.size();
    const char *p = skipWhiteSpace(array.data(), end);
    if (p >= end || *p != '[')
        return false;
    p = skipWhiteSpace(p + 1, end);
    if (p < end && *p == ']')
        return true;
    while (p < end) {
        const char *next = nullptr;
        const JsonValueRef value = readValue(p, end, &next);
        if (!next)
            return false;
        if (!visit(value))
            return true;
        p = skipWhiteSpace(next, end);
        if (p < end && *p == ']')
            return true;
        if (p >= end || *p != ',')
            return false;
        p = skipWhiteSpace(p + 1, end);
    }
    return false;
}

QString JsonFieldScanner::decodeString(QByteArrayView raw)
{
    return JsonString::decode(raw);
}

QByteArray JsonFieldScanner::decodeStringUtf8(QByteArrayView raw)
{
    return JsonString::decodeUtf8(raw);
}

QString JsonFieldScanner::readableText(QByteArrayView json)
{
    return JsonString::decode(json);
}

} // namespace busmon
