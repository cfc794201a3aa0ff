#include "capture/capturewriter.h"

#include "capture/jsontext.h"
#include "capture/wholewrite.h"
#include "events/isodatetime.h"

#include <QIODevice>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

namespace busmon {

namespace {

void appendBytes(QByteArray &out, QByteArrayView bytes, bool isUtf8)
{
    if (isUtf8)
        JsonText::appendString(out, bytes);
    else
        JsonText::appendString(out, QString::fromUtf8(bytes).toUtf8());
}

void appendBytes(QByteArray &out, QByteArrayView bytes)
{
    appendBytes(out, bytes, bytes.isValidUtf8());
}

void appendText(QByteArray &out, const QString &text)
{
    JsonText::appendString(out, text.toUtf8());
}

// QByteArray::append() goes through insert(), which allows for the bytes being its own: a line
// makes a dozen appends, and these never are.
void appendRaw(QByteArray &out, QByteArrayView bytes)
{
    const qsizetype at = out.size();
    out.resize(at + bytes.size());
    std::memcpy(out.data() + at, bytes.data(), size_t(bytes.size()));
}

} // namespace

CaptureWriter::CaptureWriter(QIODevice *device)
    : m_device(device)
{}

bool CaptureWriter::write(const BusEvent &event)
{
    return writeLine(line(event));
}

bool CaptureWriter::write(const BusEventBatch &events)
{
    return writeChunked(events.size(), [&](qsizetype i) { appendLine(m_chunk, events.at(i)); });
}

bool CaptureWriter::write(const CheckedBatch &batch, qsizetype count)
{
    // What a line says of its channel is written once a batch, for each channel in it.
    std::vector<ChannelLines> channels(size_t(batch.nameCount()));
    return writeChunked(std::min(count, batch.size()), [&](qsizetype i) {
        ChannelLines &lines = channels[batch.nameOf(i)];
        if (lines.lead.isNull()) {
            lines.channelIsUtf8 = appendLead(lines.lead, batch.channel(i), batch.pattern(i));
            appendMiddle(lines.middle, batch.kind(i), batch.usernameUtf8(i));
        }
        // Messages read together share their time: it is formatted once.
        if (const qint64 ms = batch.receivedMs(i); ms != m_lastReceivedMs) {
            IsoDateTime::writeUtcMs(m_lastReceivedText.data(), ms);
            m_lastReceivedMs = ms;
        }
        const QByteArrayView payload = batch.payload(i);
        reserveLine(m_chunk, payload.size() + lines.lead.size());
        appendRaw(m_chunk, lines.lead);
        appendRaw(m_chunk, QByteArrayView(m_lastReceivedText.data(), m_lastReceivedText.size()));
        appendRaw(m_chunk, lines.middle);
        appendRest(m_chunk, batch.hasProblems(i) ? batch.problems(i) : QStringList(), payload,
                   lines.channelIsUtf8 ? QByteArrayView() : batch.channel(i));
    });
}

template<typename AppendOne> bool CaptureWriter::writeChunked(qsizetype count, AppendOne appendOne)
{
    // Written a chunk at a time from one buffer that is kept, so it stays in the CPU's cache. A
    // batch's lines as one block (about 2.3 MiB for 4096 sync messages) were a new buffer each
    // batch, copied as it grew, and no cache held them when the kernel copied them to the file:
    // tail's system time on a 1M burst was twice what it is in chunks.
    m_chunk.resize(0);
    bool written = true;
    for (qsizetype i = 0; i < count; ++i) {
        appendOne(i);
        if (m_chunk.size() >= chunkBytes) {
            written = writeLine(m_chunk);
            m_chunk.resize(0);
            if (!written)
                break;
        }
    }
    if (written && !m_chunk.isEmpty())
        written = writeLine(m_chunk);
    // A huge payload grew the buffer to twice its size: not kept for the small lines after it.
    if (m_chunk.capacity() > maxKeptChunkBytes)
        m_chunk = QByteArray();
    return written;
}

bool CaptureWriter::writeOutage(const Outage &outage)
{
    return writeLine(outageLine(outage));
}

bool CaptureWriter::writeRefusal(const SubscriptionRefusal &refusal)
{
    return writeLine(refusalLine(refusal));
}

bool CaptureWriter::writeLine(const QByteArray &line)
{
    if (!m_device || !m_device->isWritable()) {
        m_errorString = QStringLiteral("the output is not open for writing");
        return false;
    }
    if (!WholeWrite::to(*m_device, line)) {
        m_errorString = m_device->errorString(); // its user says what failed to be written
        return false;
    }
    m_bytesWritten += line.size();
    return true;
}

QByteArray CaptureWriter::line(const BusEvent &event)
{
    QByteArray out;
    appendLine(out, event);
    return out;
}

void CaptureWriter::appendLine(QByteArray &out, const BusEvent &event)
{
    reserveLine(out, event.payload.size() + event.channel.size() * 2);
    const bool channelIsUtf8 = appendLead(out, event.channel, event.pattern);
    const qsizetype at = out.size();
    out.resize(at + IsoDateTime::utcMsLength);
    IsoDateTime::writeUtcMs(out.data() + at, event.receivedMs);
    appendMiddle(out, event.kind, event.username.toUtf8());
    appendRest(out, event.problems, event.payload, channelIsUtf8 ? QByteArrayView() : event.channel);
}

// Room for this line and, appended batch by batch, about as many more of its size: the buffer
// grows geometrically, not line by line.
void CaptureWriter::reserveLine(QByteArray &out, qsizetype bytes)
{
    const qsizetype lineBytes = bytes + bytes / 4 + 160;
    if (out.capacity() - out.size() < lineBytes)
        out.reserve(std::max(out.size() * 2, out.size() + lineBytes));
}

bool CaptureWriter::appendLead(QByteArray &out, QByteArrayView channel, QByteArrayView pattern)
{
    const bool channelIsUtf8 = channel.isValidUtf8();
    appendRaw(out, "{\"channel\":");
    appendBytes(out, channel, channelIsUtf8);
    appendRaw(out, ",\"pattern\":");
    if (pattern.isEmpty())
        appendRaw(out, "null");
    else
        appendBytes(out, pattern);
    appendRaw(out, ",\"received\":\"");
    return channelIsUtf8;
}

void CaptureWriter::appendMiddle(QByteArray &out, EventKind kind, QByteArrayView usernameUtf8)
{
    appendRaw(out, "\",\"kind\":\"");
    const QLatin1StringView name = eventKindName(kind);
    appendRaw(out, QByteArrayView(name.data(), name.size()));
    appendRaw(out, "\",\"username\":");
    if (usernameUtf8.isEmpty())
        appendRaw(out, "null");
    else
        JsonText::appendString(out, usernameUtf8);
    appendRaw(out, ",\"problems\":[");
}

void CaptureWriter::appendRest(QByteArray &out, const QStringList &problems, QByteArrayView payload,
                               QByteArrayView nonUtf8Channel)
{
    for (qsizetype i = 0; i < problems.size(); ++i) {
        if (i > 0)
            appendRaw(out, ",");
        appendText(out, problems.at(i));
    }
    if (payload.isValidUtf8()) {
        appendRaw(out, "],\"data\":");
        JsonText::appendString(out, payload);
    } else {
        appendRaw(out, "],\"data_base64\":\"");
        appendRaw(out, QByteArray::fromRawData(payload.data(), payload.size()).toBase64());
        appendRaw(out, "\"");
    }
    if (!nonUtf8Channel.isEmpty()) {
        appendRaw(out, ",\"channel_base64\":\"");
        appendRaw(out, QByteArray::fromRawData(nonUtf8Channel.data(), nonUtf8Channel.size()).toBase64());
        appendRaw(out, "\"");
    }
    appendRaw(out, "}\n");
}

QByteArray CaptureWriter::outageLine(const Outage &outage)
{
    QByteArray out("{\"outage\":{\"began\":\"");
    out.append(IsoDateTime::formatUtcMs(outage.beganMs));
    out.append('"');
    if (outage.endedMs > 0) {
        out.append(",\"ended\":\"");
        out.append(IsoDateTime::formatUtcMs(outage.endedMs));
        out.append("\",\"duration_ms\":");
        out.append(QByteArray::number(outage.durationMs()));
    } else {
        out.append(",\"ended\":null,\"duration_ms\":null");
    }
    out.append(",\"reason\":");
    appendText(out, outage.reason);
    if (outage.noticedMs > 0) {
        out.append(",\"noticed\":\"");
        out.append(IsoDateTime::formatUtcMs(outage.noticedMs));
        out.append('"');
    }
    out.append("}}\n");
    return out;
}

QByteArray CaptureWriter::refusalLine(const SubscriptionRefusal &refusal)
{
    QByteArray out(refusal.isPattern ? "{\"refused\":{\"pattern\":" : "{\"refused\":{\"channel\":");
    appendBytes(out, refusal.name);
    out.append(",\"reason\":");
    appendText(out, refusal.reason);
    out.append(",\"at\":\"");
    out.append(IsoDateTime::formatUtcMs(refusal.atMs));
    out.append("\"}}\n");
    return out;
}

} // namespace busmon
