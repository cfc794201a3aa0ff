#include "capture/capturereader.h"

#include "events/eventdecoder.h"
#include "events/isodatetime.h"
#include "events/jsonscanner.h"
#include "events/onelinetext.h"

#include <QIODevice>

#include <cstring>

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

// A string's text as UTF-8: a view into the line where it holds no escape, decoded into `decoded` where it
// does.
QByteArrayView stringBody(const JsonValueView &value, QByteArray &decoded)
{
    const QByteArrayView body = value.raw().sliced(1, value.raw().size() - 2);
    if (!body.contains('\\'))
        return body;
    decoded = value.toUtf8();
    return decoded;
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
    const LineFields fields = LineFields::of(scanned.object);
    if (!fields.outage.isMissing())
        return readOutage(fields.outage.toObject());
    if (!fields.refused.isMissing())
        return readRefusal(fields.refused.toObject());
    return readEvent(fields);
}

CaptureReader::LineFields CaptureReader::LineFields::of(const JsonObjectView &object)
{
    LineFields fields;
    const std::pair<L, JsonValueView LineFields::*> known[] = {
        {L("channel"), &LineFields::channel},
        {L("channel_base64"), &LineFields::channelBase64},
        {L("pattern"), &LineFields::pattern},
        {L("received"), &LineFields::received},
        {L("kind"), &LineFields::kind},
        {L("username"), &LineFields::username},
        {L("problems"), &LineFields::problems},
        {L("data"), &LineFields::data},
        {L("data_base64"), &LineFields::dataBase64},
        {L("outage"), &LineFields::outage},
        {L("refused"), &LineFields::refused},
    };
    // One pass, the last of a repeated key winning (as JsonObjectView::value reads it).
    for (qsizetype i = 0; i < object.size(); ++i) {
        const JsonObjectView::Member &member = object.at(i);
        for (const auto &[key, field] : known) {
            if (member.keyIs(key)) {
                fields.*field = member.value;
                break;
            }
        }
    }
    return fields;
}

CaptureReader::Entry CaptureReader::readEvent(const LineFields &fields)
{
    BusEvent event;
    event.sequence = static_cast<quint64>(m_lineNumber);

    if (!fields.channel.isString())
        return fail(fields.channel.isMissing() ? QStringLiteral("channel: missing")
                                               : QStringLiteral("channel: expected a string"));
    if (!fields.channelBase64.isMissing()) {
        const auto bytes = strictBase64(fields.channelBase64);
        if (!bytes)
            return fail(QStringLiteral("channel_base64: not valid base64"));
        event.channel = *bytes;
    } else {
        event.channel = m_lastChannel.get(fields.channel, [&] { return fields.channel.toUtf8(); });
    }

    if (fields.pattern.isString())
        event.pattern = m_lastPattern.get(fields.pattern, [&] { return fields.pattern.toUtf8(); });
    else if (!fields.pattern.isMissing() && !fields.pattern.isNull())
        return fail(QStringLiteral("pattern: expected a string or null"));

    if (!fields.received.isMissing() && !fields.received.isNull()) {
        const std::optional<qint64> received = m_lastReceived.get(fields.received, [&] {
            return fields.received.isString() ? IsoDateTime::parseMs(fields.received.toString())
                                              : std::nullopt;
        });
        if (!received)
            return fail(badTime(L("received"), fields.received));
        event.receivedMs = *received;
    }

    if (fields.data.isString()) {
        event.payload = fields.data.toUtf8();
    } else if (!fields.dataBase64.isMissing()) {
        const auto bytes = strictBase64(fields.dataBase64);
        if (!bytes)
            return fail(QStringLiteral("data_base64: not valid base64"));
        event.payload = *bytes;
    } else {
        return fail(fields.data.isMissing() ? QStringLiteral("data: missing (and no data_base64)")
                                            : QStringLiteral("data: expected a string"));
    }

    // Kind, username and problems as recorded; whatever the line lacks is worked out as at ingest. The
    // summary goes by the kind the row will show.
    QByteArray decodedKind;
    const std::optional<EventKind> kind =
        fields.kind.isString() ? eventKindFromName(stringBody(fields.kind, decodedKind)) : std::nullopt;
    const bool recordsUser = fields.username.isString() || fields.username.isNull();
    const bool recordsProblems = fields.problems.isArray();
    if (!kind || !recordsUser || !recordsProblems) {
        EventDecoder::decode(event, recordsProblems ? EventDecoder::Parts::ChannelOnly
                                                    : EventDecoder::Parts::WithoutSummary);
    }
    if (kind)
        event.kind = *kind;
    if (fields.username.isString())
        event.username = m_lastUsername.get(fields.username, [&] { return fields.username.toString(); });
    else if (fields.username.isNull())
        event.username.clear();
    if (recordsProblems) {
        for (const JsonValueView &problem : fields.problems.toArray())
            event.problems << problem.toString();
    }
    if (m_summaries)
        EventDecoder::decode(event, EventDecoder::Parts::SummaryOnly);
    m_event = std::move(event);
    return Entry::Event;
}

CaptureReader::Entry CaptureReader::readOutage(const JsonObjectView &fields)
{
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

std::optional<CaptureReader::Entry> CaptureReader::readRefusal(const JsonObjectView &fields)
{
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
