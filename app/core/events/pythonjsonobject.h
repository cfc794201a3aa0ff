#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QList>
#include <QStringView>

namespace busmon {

// Builds a JSON object byte for byte as Python's json.dumps writes it, because that is what the
// bus's producers (Django, the taskd notifier) send: keys in insertion order, ", " and ": "
// separators, non-ASCII escaped as \uXXXX (ensure_ascii), floats as repr() writes them.
class PythonJsonObject
{
public:
    PythonJsonObject &addString(QLatin1StringView key, QStringView value);
    PythonJsonObject &addInteger(QLatin1StringView key, qint64 value);
    PythonJsonObject &addFloat(QLatin1StringView key, double value);
    PythonJsonObject &addBool(QLatin1StringView key, bool value);
    PythonJsonObject &addNull(QLatin1StringView key);
    // `json` is already JSON text: a nested object, an array.
    PythonJsonObject &addJson(QLatin1StringView key, const QByteArray &json);
    PythonJsonObject &addJson(QStringView key, const QByteArray &json);

    bool isEmpty() const { return m_body.isEmpty(); }
    QByteArray toJson() const;

    static QByteArray quoted(QStringView text);              // a Python str, dumped
    static QByteArray floatText(double value);               // repr(float): 0.142318, 3.0, 1e-05
    static QByteArray array(const QList<QByteArray> &items); // items are JSON texts

private:
    template<typename Key> void appendKey(Key key);

    QByteArray m_body;
};

} // namespace busmon
