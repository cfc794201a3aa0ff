#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QMap>
#include <QStringView>

namespace busmon {

// A flat JSON object byte for byte as taskd writes `sync.` and `taskd.certificate.` messages:
// Json::writeString with a default Json::StreamWriterBuilder (jsoncpp 1.9). Keys sorted by their
// bytes, one a line after a tab, " : " between key and value, doubles with 17 significant digits
// (0.042 is 0.042000000000000003), non-ASCII as \uXXXX, no newline after the closing brace.
class JsoncppObject
{
public:
    JsoncppObject &addString(QLatin1StringView key, QStringView value);
    JsoncppObject &addInteger(QLatin1StringView key, qint64 value);
    JsoncppObject &addDouble(QLatin1StringView key, double value);
    JsoncppObject &addBool(QLatin1StringView key, bool value);

    QByteArray toJson() const;

    static QByteArray doubleText(double value); // as jsoncpp writes a finite double

private:
    QMap<QByteArray, QByteArray> m_members; // key -> value's JSON text; QMap sorts as std::map does
};

} // namespace busmon
