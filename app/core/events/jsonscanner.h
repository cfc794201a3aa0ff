#pragma once

#include "events/jsonobjectview.h"
#include "events/jsonstringrun.h"

#include <QString>

namespace busmon {

// A validating JSON scanner, for the hot path: every payload is checked and summarised at ingest,
// and building a QJsonDocument for each took most of the decode time. It validates the whole text
// (RFC 8259; the caller checks UTF-8 first) and records where the values are without decoding any.
// Nesting deeper than maxDepth is an error, never a stack overflow.
class JsonScanner
{
public:
    static constexpr int maxDepth = 512;

    struct Result
    {
        bool ok = false;
        JsonValueView value;   // the top-level value
        JsonObjectView object; // its members, when it is an object
        QString error;         // "unterminated string"
        qsizetype offset = 0;  // where the error was found
    };

    static Result scan(QByteArrayView text);

    // For text scan() has already accepted: the members of an object, the elements of an array.
    static JsonObjectView members(QByteArrayView validObject);
    static QList<JsonValueView> elements(QByteArrayView validArray);
    static qsizetype arraySize(QByteArrayView validArray);
    static JsonValueView arrayAt(QByteArrayView validArray, qsizetype index);

private:
    explicit JsonScanner(QByteArrayView text)
        : m_text(text)
    {}

    bool value(JsonValueView &out, int depth, JsonObjectView *members);
    // Inline for the common case, a string without escapes (keys all are); the rest out of line.
    bool string(bool &escaped)
    {
        const char *const data = m_text.data();
        const qsizetype size = m_text.size();
        const qsizetype end = m_pos + 1 + JsonStringRun::length(data + m_pos + 1, size - m_pos - 1);
        if (end < size && data[end] == '"') {
            m_pos = end + 1;
            return true;
        }
        return restOfString(end, escaped);
    }
    bool restOfString(qsizetype pos, bool &escaped);
    bool number();
    bool literal(const char *word, qsizetype length);
    bool object(int depth, JsonObjectView *members);
    bool array(int depth);
    // Inline for the common cases: no white space at all (capture lines have none), or one space
    // (json.dumps puts one after every ':' and ',').
    void skipSpace()
    {
        const char *const data = m_text.data();
        const qsizetype size = m_text.size();
        if (m_pos<size &&static_cast<uchar>(data[m_pos])> ' ')
            return;
        if (m_pos + 1 < size && data[m_pos] == ' ' && static_cast<uchar>(data[m_pos + 1]) > ' ') {
            ++m_pos;
            return;
        }
        skipSpaceRun();
    }
    void skipSpaceRun();
    bool fail(const char *message);
    bool failAt(qsizetype pos, const char *message); // for a position kept in a local

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    const char *m_error = nullptr;
};

} // namespace busmon
