#include "events/payloaddocument.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

namespace busmon {

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

// QJsonDocument only takes an array or an object at the top; a bare scalar is valid JSON all the
// same, and "not an object" tells the operator more than "illegal value".
std::optional<QString> scalarTypeName(const QByteArray &payload)
{
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + payload + ']');
    if (!wrapped.isArray() || wrapped.array().size() != 1)
        return std::nullopt;
    return jsonTypeName(wrapped.array().at(0));
}

} // namespace

PayloadDocument PayloadDocument::parse(const QByteArray &payload)
{
    PayloadDocument result;
    result.m_payloadSize = payload.size();
    if (payload.size() > sizeLimit) {
        result.m_state = State::TooLarge;
        return result;
    }
    if (!QByteArrayView(payload).isValidUtf8()) {
        result.m_state = State::NotUtf8;
        return result;
    }
    qsizetype first = 0;
    while (first < payload.size() && isJsonSpace(payload.at(first)))
        ++first;
    if (first == payload.size()) {
        result.m_state = State::NotJson;
        result.m_error = payload.isEmpty() ? QStringLiteral("empty") : QStringLiteral("only white space");
        return result;
    }

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
    if (document.isObject()) {
        result.m_state = State::Object;
        result.m_object = document.object();
    } else if (document.isArray()) {
        result.m_state = State::NotObject;
        result.m_error = QStringLiteral("array");
    } else {
        const char c = payload.at(first);
        const std::optional<QString> scalar =
            error.error == QJsonParseError::IllegalValue && c != '{' && c != '[' ? scalarTypeName(payload)
                                                                                 : std::nullopt;
        result.m_state = scalar ? State::NotObject : State::NotJson;
        result.m_error =
            scalar ? *scalar
                   : error.errorString() + QStringLiteral(" at offset ") + QString::number(error.offset);
    }
    return result;
}

} // namespace busmon
