#include "capture/capturereader.h"

#include "events/eventdecoder.h"
#include "events/isodatetime.h"
#include "events/jsonscanner.h"
#include "events/onelinetext.h"

#include <QIODevice>

namespace busmon {

namespace {

using L = QLatin1StringView;

std::optional<QByteArray> strictBase64(const JsonValueView &value)
{
    if (!value.isString())
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(value.toUtf8(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

// A time field; `present` without `ms` means it is there but not a time.
struct TimeField
{
    bool present = false;
    std::optional<qint64> ms;
};

TimeField timeField(const JsonObjectView &object, L key)
{
    const JsonValueView value = object.value(key);
    if (value.isMissing() || value.isNull())
        return {};
    if (!value.isString())
        return {true, std::nullopt};
    return {true, IsoDateTime::parseMs(value.toString())};
}

QString badTime(L key, const JsonValueView &value)
{
    const QString shown =
        value.isString() ? OneLineText::quoted(value.toString()) : QStringLiteral("a non-string");
    return key + L(": ") + shown + L(" is not an ISO-8601 time");
}

} // namespace

CaptureReader::CaptureReader(QIODevice *device)
    : m_device(device)
{}

bool CaptureReader::nextLine(QByteArrayView &line)
{
    static constexpr qint64 blockSize = 256 * 1024;
    qsizetype searchFrom = m_bufferPos;
    while (true) {
        const qsizetype newline = m_buffer.indexOf('\n', searchFrom);
        if (newline >= 0) {
            line = QByteArrayView(m_buffer).sliced(m_bufferPos, newline - m_bufferPos);
            m_bufferPos = newline + 1;
            return true;
        }
        m_buffer.remove(0, m_bufferPos);
        m_bufferPos = 0;
        searchFrom = m_buffer.size();
        const QByteArray block = m_device ? m_device->read(blockSize) : QByteArray();
        if (block.isEmpty()) {
            if (m_buffer.isEmpty())
                return false;
            // The last line, without its newline: handed out once.
            m_bufferPos = m_buffer.size();
            line = QByteArrayView(m_buffer);
            return true;
        }
        m_buffer += block;
    }
}

CaptureReader::Entry CaptureReader::readNext()
{
    QByteArrayView line;
    while (nextLine(line)) {
        ++m_lineNumber;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        const std::optional<Entry> entry = parseLine(line);
        m_sawFirstLine = true;
        if (entry)
            return *entry;
    }
    return Entry::End;
}

std::optional<CaptureReader::Entry> CaptureReader::parseLine(QByteArrayView line)
{
    if (!line.isValidUtf8())
        return fail(QStringLiteral("not valid UTF-8"));
    const JsonScanner::Result scanned = JsonScanner::scan(line);
    if (!scanned.ok)
        return fail(L("not JSON (") + scanned.error + L(" at offset ") + QString::number(scanned.offset) +
                    L(")"));
    if (!scanned.value.isObject())
        return fail(QStringLiteral("not a JSON object"));
    if (!std::exchange(m_sawFirstLine, true)) {
        if ((m_header = CaptureHeader::fromObject(scanned.object)))
            return readNext();
    }
    if (!scanned.object.value(L("outage")).isMissing())
        return readOutage(scanned.object);
    if (!scanned.object.value(L("refused")).isMissing())
        return readRefusal(scanned.object);
    return readEvent(scanned.object);
}

CaptureReader::Entry CaptureReader::readEvent(const JsonObjectView &object)
{
    BusEvent event;
    event.sequence = static_cast<quint64>(m_lineNumber);

    const JsonValueView channel = object.value(L("channel"));
    if (!channel.isString())
        return fail(channel.isMissing() ? QStringLiteral("channel: missing")
                                        : QStringLiteral("channel: expected a string"));
    event.channel = channel.toUtf8();
    if (const JsonValueView exact = object.value(L("channel_base64")); !exact.isMissing()) {
        const auto bytes = strictBase64(exact);
        if (!bytes)
            return fail(QStringLiteral("channel_base64: not valid base64"));
        event.channel = *bytes;
    }

    const JsonValueView pattern = object.value(L("pattern"));
    if (pattern.isString())
        event.pattern = pattern.toUtf8();
    else if (!pattern.isMissing() && !pattern.isNull())
        return fail(QStringLiteral("pattern: expected a string or null"));

    const TimeField received = timeField(object, L("received"));
    if (received.present && !received.ms)
        return fail(badTime(L("received"), object.value(L("received"))));
    event.receivedMs = received.ms.value_or(0);

    const JsonValueView data = object.value(L("data"));
    if (data.isString()) {
        event.payload = data.toUtf8();
    } else if (const JsonValueView base64 = object.value(L("data_base64")); !base64.isMissing()) {
        const auto bytes = strictBase64(base64);
        if (!bytes)
            return fail(QStringLiteral("data_base64: not valid base64"));
        event.payload = *bytes;
    } else {
        return fail(data.isMissing() ? QStringLiteral("data: missing (and no data_base64)")
                                     : QStringLiteral("data: expected a string"));
    }

    // Summary, and whatever the line does not record, as at ingest.
    const JsonValueView problems = object.value(L("problems"));
    EventDecoder::decode(event,
                         problems.isArray() ? EventDecoder::Parts::WithoutCheck : EventDecoder::Parts::All);
    if (const JsonValueView kind = object.value(L("kind")); kind.isString()) {
        if (const auto recorded = eventKindFromName(kind.toUtf8()))
            event.kind = *recorded;
    }
    if (const JsonValueView username = object.value(L("username")); username.isString())
        event.username = username.toString();
    else if (username.isNull())
        event.username.clear();
    if (problems.isArray()) {
        event.problems.clear();
        for (const JsonValueView &problem : problems.toArray())
            event.problems << problem.toString();
    }
    m_event = std::move(event);
    return Entry::Event;
}

CaptureReader::Entry CaptureReader::readOutage(const JsonObjectView &object)
{
    const JsonObjectView fields = object.value(L("outage")).toObject();
    const TimeField began = timeField(fields, L("began"));
    if (!began.ms)
        return fail(began.present ? badTime(L("outage.began"), fields.value(L("began")))
                                  : QStringLiteral("outage.began: missing"));
    const TimeField ended = timeField(fields, L("ended"));
    if (ended.present && !ended.ms)
        return fail(badTime(L("outage.ended"), fields.value(L("ended"))));
    const TimeField noticed = timeField(fields, L("noticed"));
    if (noticed.present && !noticed.ms)
        return fail(badTime(L("outage.noticed"), fields.value(L("noticed"))));
    m_outage =
        Outage{*began.ms, ended.ms.value_or(0), fields.value(L("reason")).toString(), noticed.ms.value_or(0)};
    return Entry::Outage;
}

std::optional<CaptureReader::Entry> CaptureReader::readRefusal(const JsonObjectView &object)
{
    const JsonObjectView fields = object.value(L("refused")).toObject();
    SubscriptionRefusal refusal;
    const JsonValueView pattern = fields.value(L("pattern"));
    const JsonValueView channel = fields.value(L("channel"));
    refusal.isPattern = pattern.isString();
    refusal.name = (refusal.isPattern ? pattern : channel).toUtf8();
    if (!refusal.isPattern && !channel.isString())
        return fail(QStringLiteral("refused: no channel or pattern"));
    const TimeField at = timeField(fields, L("at"));
    if (at.present && !at.ms)
        return fail(badTime(L("refused.at"), fields.value(L("at"))));
    refusal.atMs = at.ms.value_or(0);
    refusal.reason = fields.value(L("reason")).toString();
    m_refusals.append(refusal);
    return std::nullopt;
}

CaptureReader::Entry CaptureReader::fail(const QString &reason)
{
    m_errorString = L("line ") + QString::number(m_lineNumber) + L(": ") + reason;
    return Entry::Error;
}

} // namespace busmon
