#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QStringView>

namespace busmon {

// A JSON string literal with everything outside printable ASCII escaped, as both writers on the bus
// make one: Python's json.dumps (ensure_ascii) in the web app and jsoncpp (without emitUTF8) in
// taskd. Both write \" \\ \n \r \t \b \f, other controls and non-ASCII as lower-case \uXXXX (a
// character outside the BMP as a surrogate pair); they differ only in DEL, which jsoncpp keeps raw.
class AsciiJsonString
{
public:
    enum class Delete : quint8 { Escaped, Raw };

    static QByteArray quoted(QStringView text, Delete del = Delete::Escaped);
    // The same literal, appended to `out`.
    static void append(QByteArray &out, QStringView text, Delete del = Delete::Escaped);
    static void append(QByteArray &out, QLatin1StringView text, Delete del = Delete::Escaped);
};

} // namespace busmon
