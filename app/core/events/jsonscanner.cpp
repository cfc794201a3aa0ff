#include "events/jsonscanner.h"

namespace busmon {

namespace {
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
} // namespace

JsonScanner::Result JsonScanner::scan(QByteArrayView text)
{
    JsonScanner scanner(text);
    Result result;
    scanner.skipSpace();
    JsonValueView top;
    if (!scanner.value(top, 0, &result.object)) {
        result.error = QString::fromLatin1(scanner.m_error);
        result.offset = scanner.m_pos;
        result.object = {};
        return result;
    }
    scanner.skipSpace();
    if (scanner.m_pos != text.size()) {
        result.error = QStringLiteral("garbage at the end of the document");
        result.offset = scanner.m_pos;
        result.object = {};
        return result;
    }
    result.ok = true;
    result.value = top;
    return result;
}

JsonObjectView JsonScanner::members(QByteArrayView validObject)
{
    JsonScanner scanner(validObject);
    JsonObjectView result;
    scanner.object(0, &result);
    return result;
}

QList<JsonValueView> JsonScanner::elements(QByteArrayView validArray)
{
    QList<JsonValueView> result;
    JsonScanner scanner(validArray);
    ++scanner.m_pos; // '['
    scanner.skipSpace();
    while (scanner.m_pos < validArray.size() && validArray.at(scanner.m_pos) != ']') {
        JsonValueView element;
        if (!scanner.value(element, 0, nullptr))
            break;
        result << element;
        scanner.skipSpace();
        if (scanner.m_pos < validArray.size() && validArray.at(scanner.m_pos) == ',')
            ++scanner.m_pos;
        scanner.skipSpace();
    }
    return result;
}

qsizetype JsonScanner::arraySize(QByteArrayView validArray)
{
    return elements(validArray).size();
}

JsonValueView JsonScanner::arrayAt(QByteArrayView validArray, qsizetype index)
{
    JsonScanner scanner(validArray);
    ++scanner.m_pos; // '['
    scanner.skipSpace();
    if (scanner.m_pos >= validArray.size() || validArray.at(scanner.m_pos) == ']')
        return {};
    for (qsizetype i = 0;; ++i) {
        JsonValueView element;
        if (!scanner.value(element, 0, nullptr))
            return {};
        if (i == index)
            return element;
        scanner.skipSpace();
        if (scanner.m_pos >= validArray.size() || validArray.at(scanner.m_pos) != ',')
            return {};
        ++scanner.m_pos;
        scanner.skipSpace();
    }
}

void JsonScanner::skipSpaceRun()
{
    qsizetype pos = m_pos;
    const char *const data = m_text.data();
    while (pos < m_text.size() &&
           (data[pos] == ' ' || data[pos] == '\n' || data[pos] == '\r' || data[pos] == '\t'))
        ++pos;
    m_pos = pos;
}

bool JsonScanner::fail(const char *message)
{
    m_error = message;
    return false;
}

bool JsonScanner::failAt(qsizetype pos, const char *message)
{
    m_pos = pos;
    return fail(message);
}

bool JsonScanner::value(JsonValueView &out, int depth, JsonObjectView *members)
{
    if (m_pos >= m_text.size())
        return fail("value expected, end of text found");
    const qsizetype start = m_pos;
    switch (m_text.at(m_pos)) {
    case '"': {
        bool escaped = false;
        if (!string(escaped))
            return false;
        out = JsonValueView(JsonValueView::Type::String, m_text.sliced(start, m_pos - start), escaped);
        return true;
    }
    case '{':
        if (depth >= maxDepth)
            return fail("too deeply nested");
        if (!object(depth + 1, members))
            return false;
        out = JsonValueView(JsonValueView::Type::Object, m_text.sliced(start, m_pos - start));
        return true;
    case '[':
        if (depth >= maxDepth)
            return fail("too deeply nested");
        if (!array(depth + 1))
            return false;
        out = JsonValueView(JsonValueView::Type::Array, m_text.sliced(start, m_pos - start));
        return true;
    case 't':
        if (!literal("true", 4))
            return false;
        out = JsonValueView(JsonValueView::Type::Bool, m_text.sliced(start, 4));
        return true;
    case 'f':
        if (!literal("false", 5))
            return false;
        out = JsonValueView(JsonValueView::Type::Bool, m_text.sliced(start, 5));
        return true;
    case 'n':
        if (!literal("null", 4))
            return false;
        out = JsonValueView(JsonValueView::Type::Null, m_text.sliced(start, 4));
        return true;
    default:
        if (!number())
            return false;
        out = JsonValueView(JsonValueView::Type::Number, m_text.sliced(start, m_pos - start));
        return true;
    }
}

bool JsonScanner::literal(const char *word, qsizetype length)
{
    if (m_text.size() - m_pos < length || m_text.sliced(m_pos, length) != QByteArrayView(word, length))
        return fail("illegal value");
    m_pos += length;
    return true;
}

bool JsonScanner::restOfString(qsizetype pos, bool &escaped)
{
    // The position in a local: stores through a char pointer could alias a member, so the compiler
    // would write m_pos back and read it again at every step.
    const char *const data = m_text.data();
    const qsizetype size = m_text.size();
    while (pos < size) {
        pos += JsonStringRun::length(data + pos, size - pos);
        if (pos >= size)
            break;
        const uchar c = static_cast<uchar>(data[pos]);
        if (c == '"') {
            m_pos = pos + 1;
            return true;
        }
        if (c < 0x20)
            return failAt(pos, "control character in string");
        escaped = true;
        if (pos + 1 >= size)
            break;
        switch (data[pos + 1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            pos += 2;
            break;
        case 'u':
            if (pos + 6 > size || !isHex(data[pos + 2]) || !isHex(data[pos + 3]) || !isHex(data[pos + 4]) ||
                !isHex(data[pos + 5]))
                return failAt(pos, "illegal escape sequence");
            pos += 6;
            break;
        default:
            return failAt(pos, "illegal escape sequence");
        }
    }
    return failAt(pos, "unterminated string");
}

bool JsonScanner::number()
{
    // The position in a local, as in restOfString().
    const char *const data = m_text.data();
    const qsizetype size = m_text.size();
    qsizetype pos = m_pos;
    const auto skipDigits = [&] {
        while (pos < size && isDigit(data[pos]))
            ++pos;
    };
    if (pos < size && data[pos] == '-')
        ++pos;
    if (pos >= size || !isDigit(data[pos]))
        return failAt(pos, "illegal value");
    if (data[pos] == '0')
        ++pos;
    else
        skipDigits();
    if (pos < size && data[pos] == '.') {
        ++pos;
        if (pos >= size || !isDigit(data[pos]))
            return failAt(pos, "illegal number");
        skipDigits();
    }
    if (pos < size && (data[pos] == 'e' || data[pos] == 'E')) {
        ++pos;
        if (pos < size && (data[pos] == '+' || data[pos] == '-'))
            ++pos;
        if (pos >= size || !isDigit(data[pos]))
            return failAt(pos, "illegal number");
        skipDigits();
    }
    m_pos = pos;
    return true;
}

bool JsonScanner::object(int depth, JsonObjectView *members)
{
    const char *const data = m_text.data();
    const qsizetype size = m_text.size();
    ++m_pos; // '{'
    skipSpace();
    if (m_pos < size && data[m_pos] == '}') {
        ++m_pos;
        return true;
    }
    while (true) {
        if (m_pos >= size)
            return fail("unterminated object");
        if (data[m_pos] != '"')
            return fail("object keys must be strings");
        const qsizetype keyStart = m_pos + 1;
        bool keyEscaped = false;
        if (!string(keyEscaped))
            return false;
        const QByteArrayView key(data + keyStart, m_pos - 1 - keyStart);
        skipSpace();
        if (m_pos >= size || data[m_pos] != ':')
            return fail("missing name separator");
        ++m_pos;
        skipSpace();
        JsonValueView member;
        if (!value(member, depth, nullptr))
            return false;
        if (members)
            members->append({key, keyEscaped, member});
        skipSpace();
        if (m_pos >= size)
            return fail("unterminated object");
        const char c = data[m_pos];
        if (c != ',' && c != '}')
            return fail("missing value separator");
        ++m_pos;
        if (c == '}')
            return true;
        skipSpace();
    }
}

bool JsonScanner::array(int depth)
{
    ++m_pos; // '['
    skipSpace();
    if (m_pos < m_text.size() && m_text.at(m_pos) == ']') {
        ++m_pos;
        return true;
    }
    while (true) {
        JsonValueView element;
        if (m_pos >= m_text.size())
            return fail("unterminated array");
        if (!value(element, depth, nullptr))
            return false;
        skipSpace();
        if (m_pos >= m_text.size())
            return fail("unterminated array");
        const char c = m_text.at(m_pos++);
        if (c == ']')
            return true;
        if (c != ',') {
            --m_pos;
            return fail("missing value separator");
        }
        skipSpace();
    }
}

} // namespace busmon
