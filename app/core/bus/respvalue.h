#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace busmon {

// One RESP2 reply as the server sent it. Bulk strings keep their bytes exactly.
struct RespValue
{
    enum class Type : quint8 { Nil, String, Status, Error, Integer, Array };

    Type type = Type::Nil;
    qint64 integer = 0;
    QByteArray text;                 // String, Status, Error
    std::vector<RespValue> elements; // Array (std::vector: it allows the element type to be incomplete)

    bool isArray() const { return type == Type::Array; }
    bool isError() const { return type == Type::Error; }
    // The first element of an array, for push-style replies ("message", "subscribe", "pong").
    QByteArrayView head() const
    {
        return type == Type::Array && !elements.empty() ? QByteArrayView(elements.front().text)
                                                        : QByteArrayView();
    }
};

} // namespace busmon
