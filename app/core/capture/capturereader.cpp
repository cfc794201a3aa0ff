#include "capture/capturereader.h"

#include "events/eventdecoder.h"
#include "events/isodatetime.h"
#include "events/onelinetext.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace busmon {

namespace {

using L = QLatin1StringView;

std::optional<QByteArray> strictBase64(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    auto decoded =
        QByteArray::fromBase64Encoding(value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

// A time field: nullopt when absent or null (the caller decides whether that is allowed).
struct TimeField
{
    bool present = false;
    std::optional<qint64> ms;
};

TimeField timeField(const QJsonObject &object, L key)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isString())
        return {true, std::nullopt};
    return {true, IsoDateTime::parseMs(value.toString())};
}

QString badTime(L key, const QJsonValue &value)
{
    const QString shown =
        value.isString() ? OneLineText::quoted(value.toString()) : QStringLiteral("a non-string");
    return key + L(": ") + shown + L(" is not an ISO-8601 time");
}

} // namespace

CaptureReader::CaptureReader(QIODevice *device)
    : m_device(device)
{}

CaptureReader::Entry CaptureReader::readNext()
{
    while (m_device && !m_device->atEnd()) {
        QByteArray line = m_device->readLine();
        if (line.isEmpty() && m_device->atEnd())
            break;
        ++m_lineNumber;
        if (line.endsWith('\n'))
            line.chop(1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        return parseLine(line);
    }
    return Entry::End;
}

CaptureReader::Entry CaptureReader::parseLine(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(L("not JSON (") + error.errorString() + L(" at offset ") + QString::number(error.offset) +
                    L(")"));
    if (!document.isObject())
        return fail(QStringLiteral("not a JSON object"));
    const QJsonObject object = document.object();
    if (object.contains(L("outage")))
        return readOutage(object);
    return readEvent(object);
}

CaptureReader::Entry CaptureReader::readEvent(const QJsonObject &object)
{
    BusEvent event;
    event.sequence = static_cast<quint64>(m_lineNumber);

    const QJsonValue channel = object.value(L("channel"));
    if (!channel.isString())
        return fail(channel.isUndefined() ? QStringLiteral("channel: missing")
                                          : QStringLiteral("channel: expected a string"));
    event.channel = channel.toString().toUtf8();
    if (object.contains(L("channel_base64"))) {
        const auto exact = strictBase64(object.value(L("channel_base64")));
        if (!exact)
            return fail(QStringLiteral("channel_base64: not valid base64"));
        event.channel = *exact;
    }

    const QJsonValue pattern = object.value(L("pattern"));
    if (pattern.isString())
        event.pattern = pattern.toString().toUtf8();
    else if (!pattern.isUndefined() && !pattern.isNull())
        return fail(QStringLiteral("pattern: expected a string or null"));

    const TimeField received = timeField(object, L("received"));
    if (received.present && !received.ms)
        return fail(badTime(L("received"), object.value(L("received"))));
    event.receivedMs = received.ms.value_or(0);

    const QJsonValue data = object.value(L("data"));
    if (data.isString()) {
        event.payload = data.toString().toUtf8();
    } else if (object.contains(L("data_base64"))) {
        const auto bytes = strictBase64(object.value(L("data_base64")));
        if (!bytes)
            return fail(QStringLiteral("data_base64: not valid base64"));
        event.payload = *bytes;
    } else {
        return fail(data.isUndefined() ? QStringLiteral("data: missing (and no data_base64)")
                                       : QStringLiteral("data: expected a string"));
    }

    // Summary, and whatever the line does not record, as at ingest.
    EventDecoder::decode(event);
    if (const QJsonValue kind = object.value(L("kind")); kind.isString()) {
        if (const auto recorded = eventKindFromName(kind.toString().toUtf8()))
            event.kind = *recorded;
    }
    if (const QJsonValue username = object.value(L("username")); username.isString())
        event.username = username.toString();
    else if (username.isNull())
        event.username.clear();
    if (const QJsonValue problems = object.value(L("problems")); problems.isArray()) {
        event.problems.clear();
        for (const QJsonValue problem : problems.toArray())
            event.problems << problem.toString();
    }
    m_event = std::move(event);
    return Entry::Event;
}

CaptureReader::Entry CaptureReader::readOutage(const QJsonObject &object)
{
    const QJsonObject fields = object.value(L("outage")).toObject();
    const TimeField began = timeField(fields, L("began"));
    if (!began.ms)
        return fail(began.present ? badTime(L("outage.began"), fields.value(L("began")))
                                  : QStringLiteral("outage.began: missing"));
    const TimeField ended = timeField(fields, L("ended"));
    if (ended.present && !ended.ms)
        return fail(badTime(L("outage.ended"), fields.value(L("ended"))));
    m_outage = Outage{*began.ms, ended.ms.value_or(0), fields.value(L("reason")).toString()};
    return Entry::Outage;
}

CaptureReader::Entry CaptureReader::fail(const QString &reason)
{
    m_errorString = L("line ") + QString::number(m_lineNumber) + L(": ") + reason;
    return Entry::Error;
}

} // namespace busmon
