#pragma once

#include "events/jsonobjectview.h"

#include <QByteArray>
#include <QString>

namespace busmon {

// A payload scanned once at ingest and shared by the checker and the summarizer, so no message is
// parsed twice. Payloads above sizeLimit are not scanned at all: a monitor must never stall on one.
// Holds the payload's bytes (shared, not copied) so that its views stay valid.
class PayloadDocument
{
public:
    enum class State : quint8 {
        Object,   // a JSON object: object() holds its members
        TooLarge, // above sizeLimit; not looked at
        NotUtf8,
        NotJson,   // error() says why and where
        NotObject, // valid JSON, but an array or a scalar; error() names which
    };

    static constexpr qsizetype sizeLimit = 4 * 1024 * 1024;

    static PayloadDocument parse(const QByteArray &payload);

    State state() const { return m_state; }
    bool isObject() const { return m_state == State::Object; }
    const JsonObjectView &object() const { return m_object; }
    // NotJson: "unterminated string at offset 12"; NotObject: "array", "number", …
    const QString &error() const { return m_error; }
    qsizetype payloadSize() const { return m_payload.size(); }

private:
    QByteArray m_payload;
    State m_state = State::NotJson;
    JsonObjectView m_object;
    QString m_error;
};

} // namespace busmon
