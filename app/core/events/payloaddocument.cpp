#include "events/payloaddocument.h"

#include "events/jsonscanner.h"

#include <QByteArrayView>

namespace busmon {

namespace {
bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
} // namespace

PayloadDocument PayloadDocument::parse(const QByteArray &payload)
{
    PayloadDocument result;
    result.m_payload = payload;
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

    JsonScanner::Result scanned = JsonScanner::scan(result.m_payload);
    if (!scanned.ok) {
        result.m_state = State::NotJson;
        result.m_error = scanned.error + QStringLiteral(" at offset ") + QString::number(scanned.offset);
    } else if (!scanned.value.isObject()) {
        result.m_state = State::NotObject;
        result.m_error = JsonValueView::typeName(scanned.value.type());
    } else {
        result.m_state = State::Object;
        result.m_object = std::move(scanned.object);
    }
    return result;
}

} // namespace busmon
