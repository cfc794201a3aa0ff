#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace busmon {

// JSON string literals for the capture format, written by hand because it runs once per message.
// Only what JSON requires is escaped (quote, backslash, control characters); everything else,
// non-ASCII included, stays as its UTF-8 bytes, so reading the string back gives the same bytes.
class JsonText
{
public:
    // `utf8` must be valid UTF-8; appends it quoted.
    static void appendString(QByteArray &out, QByteArrayView utf8);
};

} // namespace busmon
