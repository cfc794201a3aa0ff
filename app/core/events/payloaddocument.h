#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace busmon {

// A payload parsed once at ingest and shared by the checker and the summarizer, so no message is
// parsed twice. Payloads above sizeLimit are not parsed at all: a monitor must never stall on one.
class PayloadDocument
{
public:
    enum class State : quint8 {
        Object,   // a JSON object: object() holds it
        TooLarge, // above sizeLimit; not looked at
        NotUtf8,
        NotJson,   // error() says why and where
        NotObject, // valid JSON, but an array or a scalar; error() names which
    };

    static constexpr qsizetype sizeLimit = 4 * 1024 * 1024;

    static PayloadDocument parse(const QByteArray &payload);

    State state() const { return m_state; }
    bool isObject() const { return m_state == State::Object; }
    const QJsonObject &object() const { return m_object; }
    // NotJson: "unterminated string at offset 12"; NotObject: "array", "number", …
    const QString &error() const { return m_error; }
    qsizetype payloadSize() const { return m_payloadSize; }

private:
    State m_state = State::NotJson;
    QJsonObject m_object;
    QString m_error;
    qsizetype m_payloadSize = 0;
};

} // namespace busmon
