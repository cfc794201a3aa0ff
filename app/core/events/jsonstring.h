#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace busmon {

// The one decoder of JSON string escapes in busmon, for the body of a string (between its
// quotes). \uXXXX pairs make one character; a lone surrogate becomes U+FFFD in both, so that
// decode(body) is always QString::fromUtf8(decodeUtf8(body)). It never fails: an escape that is not JSON is
// kept as written, so text read from a payload that was never validated still shows what is there.
class JsonString
{
public:
    static QString decode(QByteArrayView body);
    static QByteArray decodeUtf8(QByteArrayView body);
};

} // namespace busmon
