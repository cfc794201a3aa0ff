#include "capture/capturewriter.h"

#include "capture/jsontext.h"
#include "events/isodatetime.h"

#include <QIODevice>

#include <algorithm>

namespace busmon {

namespace {

void appendBytes(QByteArray &out, QByteArrayView bytes)
{
    if (bytes.isValidUtf8())
        JsonText::appendString(out, bytes);
    else
        JsonText::appendString(out, QString::fromUtf8(bytes).toUtf8());
}

void appendText(QByteArray &out, const QString &text)
{
    JsonText::appendString(out, text.toUtf8());
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
    // Written a chunk at a time from one buffer that is kept: a burst's batch as one block of
    // hundreds of megabytes made the kernel copy it from memory no cache held, at a fraction of
    // the speed of the same bytes in chunks.
    m_chunk.resize(0);
    for (const BusEvent &event : events) {
        appendLine(m_chunk, event);
        if (m_chunk.size() >= chunkBytes) {
            if (!writeLine(m_chunk))
                return false;
            m_chunk.resize(0);
        }
    }
    return m_chunk.isEmpty() || writeLine(m_chunk);
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
        m_errorString = QStringLiteral("capture: the output is not open for writing");
        return false;
    }
    if (m_device->write(line) != line.size()) {
        m_errorString = QStringLiteral("capture: ") + m_device->errorString();
        return false;
    }
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
    // Room for this line and, appended batch by batch, about as many more of its size: the buffer
    // grows geometrically, not line by line.
    const qsizetype lineBytes =
        event.payload.size() + event.payload.size() / 4 + event.channel.size() * 2 + 160;
    if (out.capacity() - out.size() < lineBytes)
        out.reserve(std::max(out.size() * 2, out.size() + lineBytes));
    out.append("{\"channel\":");
    appendBytes(out, event.channel);
    out.append(",\"pattern\":");
    if (event.pattern.isEmpty())
        out.append("null");
    else
        appendBytes(out, event.pattern);
    out.append(",\"received\":\"");
    out.append(IsoDateTime::formatUtcMs(event.receivedMs));
    out.append("\",\"kind\":\"");
    const QLatin1StringView kind = eventKindName(event.kind);
    out.append(kind.data(), kind.size());
    out.append("\",\"username\":");
    if (event.username.isEmpty())
        out.append("null");
    else
        appendText(out, event.username);
    out.append(",\"problems\":[");
    for (qsizetype i = 0; i < event.problems.size(); ++i) {
        if (i > 0)
            out.append(',');
        appendText(out, event.problems.at(i));
    }
    out.append("],");
    if (QByteArrayView(event.payload).isValidUtf8()) {
        out.append("\"data\":");
        JsonText::appendString(out, event.payload);
    } else {
        out.append("\"data_base64\":\"");
        out.append(event.payload.toBase64());
        out.append('"');
    }
    if (!QByteArrayView(event.channel).isValidUtf8()) {
        out.append(",\"channel_base64\":\"");
        out.append(event.channel.toBase64());
        out.append('"');
    }
    out.append("}\n");
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
