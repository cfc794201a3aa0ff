#include "activity/parallelcapturereader.h"

#include "capture/capturereader.h"
#include "events/isodatetime.h"
#include "events/jsonscanner.h"

#include <QBuffer>
#include <QFileDevice>
#include <QThread>
#include <cstring>
#include <thread>
#include <vector>

namespace busmon {

namespace {

using L = QLatin1StringView;

struct BadLine
{
    qint64 number = 0;
    QString reason;
};

struct Part
{
    QByteArrayView bytes; // whole lines, in the block being read
    qint64 firstLine = 1; // the number of its first line in the file
    qint64 lines = 0;
    BusEventBatch events;
    QList<BadLine> badLines;
    qint64 outages = 0;
};

// A plain capture line (as `tail` writes them) read without CaptureReader's summary and payload
// check; false for any other line.
bool readPlainLine(QByteArrayView line, BusEvent &event, const ParallelCaptureReader::Options &options)
{
    if (!line.isValidUtf8())
        return false;
    const JsonScanner::Result scanned = JsonScanner::scan(line);
    if (!scanned.ok || !scanned.value.isObject())
        return false;
    const JsonObjectView &object = scanned.object;
    const JsonValueView channel = object.value(L("channel"));
    const JsonValueView pattern = object.value(L("pattern"));
    const JsonValueView received = object.value(L("received"));
    const JsonValueView kind = object.value(L("kind"));
    const JsonValueView username = object.value(L("username"));
    const JsonValueView data = object.value(L("data"));
    if (!channel.isString() || !object.value(L("channel_base64")).isMissing() ||
        !object.value(L("outage")).isMissing() ||
        !(pattern.isMissing() || pattern.isNull() || pattern.isString()) ||
        !(received.isString() || received.isMissing() || received.isNull()) || !kind.isString() ||
        !(username.isString() || username.isNull()) || !data.isString())
        return false;
    const std::optional<EventKind> recordedKind = eventKindFromName(kind.toUtf8());
    const std::optional<qint64> receivedMs =
        received.isString() ? IsoDateTime::parseMs(received.toString()) : std::optional<qint64>(0);
    if (!recordedKind || !receivedMs)
        return false;
    event.channel = channel.toUtf8();
    event.pattern = pattern.toUtf8();
    event.receivedMs = *receivedMs;
    event.kind = *recordedKind;
    event.username = username.toString();
    if (!options.wantsPayload || options.wantsPayload(event.kind))
        event.payload = data.toUtf8();
    return true;
}

qint64 countLines(QByteArrayView bytes)
{
    qint64 lines = 0;
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    while ((p = static_cast<const char *>(std::memchr(p, '\n', static_cast<size_t>(end - p))))) {
        ++lines;
        ++p;
    }
    return lines;
}

// `bytes` hold whole lines, the first of them line `firstLine` of the file.
void readWithCaptureReader(QByteArrayView bytes, qint64 firstLine, Part &part)
{
    QByteArray data = QByteArray::fromRawData(bytes.data(), bytes.size());
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader(&buffer);
    for (CaptureReader::Entry entry = reader.readNext(); entry != CaptureReader::Entry::End;
         entry = reader.readNext()) {
        if (entry == CaptureReader::Entry::Event) {
            part.events.append(reader.event());
        } else if (entry == CaptureReader::Entry::Outage) {
            ++part.outages;
        } else {
            // The reader counts lines from the start of `bytes`; the reason is the same from the file's.
            const QString prefix = QStringLiteral("line %1: ").arg(reader.lineNumber());
            const QString error = reader.errorString();
            part.badLines.append({firstLine + reader.lineNumber() - 1,
                                  error.startsWith(prefix) ? error.mid(prefix.size()) : error});
        }
    }
}

void readPart(Part &part, const ParallelCaptureReader::Options &options)
{
    if (options.summaries) {
        readWithCaptureReader(part.bytes, part.firstLine, part);
        return;
    }
    qint64 lineNumber = part.firstLine;
    for (qsizetype begin = 0; begin < part.bytes.size(); ++lineNumber) {
        qsizetype end = part.bytes.indexOf('\n', begin);
        if (end < 0)
            end = part.bytes.size();
        QByteArrayView line(part.bytes.constData() + begin, end - begin);
        if (line.endsWith('\r'))
            line.chop(1);
        BusEvent event;
        event.sequence = static_cast<quint64>(lineNumber);
        if (readPlainLine(line, event, options))
            part.events.append(std::move(event));
        else
            readWithCaptureReader(part.bytes.sliced(begin, end - begin), lineNumber, part);
        begin = end + 1;
    }
}

// Cuts `lines` (whole lines) into at most `count` parts at line ends.
std::vector<Part> cut(QByteArrayView lines, int count, qint64 firstLine)
{
    std::vector<Part> parts;
    const qsizetype size = lines.size();
    qsizetype begin = 0;
    for (int i = 0; i < count && begin < size; ++i) {
        qsizetype end = i == count - 1 ? size : begin + (size - begin) / (count - i);
        if (end < size) {
            const qsizetype newline = lines.indexOf('\n', end);
            end = newline < 0 ? size : newline + 1;
        }
        Part part;
        part.bytes = lines.sliced(begin, end - begin);
        part.firstLine = firstLine;
        part.lines = countLines(part.bytes);
        firstLine += part.lines;
        parts.push_back(std::move(part));
        begin = end;
    }
    return parts;
}

} // namespace

bool ParallelCaptureReader::read(QIODevice *device, const EventSink &onEvents, const ErrorSink &onError,
                                 Totals *totals, const Options &options)
{
    const int count = options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount());
    Totals sum;
    QByteArray block;
    qint64 nextLine = 1;
    for (bool atEnd = false; !atEnd;) {
        const QByteArray more = device->read(options.blockBytes);
        atEnd = more.isEmpty();
        block += more;
        // Whole lines only; the rest waits for the next block (or is the last line, at the end).
        qsizetype size = block.size();
        if (!atEnd) {
            const qsizetype lastNewline = block.lastIndexOf('\n');
            if (lastNewline < 0)
                continue;
            size = lastNewline + 1;
        }
        std::vector<Part> parts = cut(QByteArrayView(block).first(size), count, nextLine);
        std::vector<std::thread> helpers;
        for (size_t i = 1; i < parts.size(); ++i)
            helpers.emplace_back(readPart, std::ref(parts[i]), std::cref(options));
        if (!parts.empty())
            readPart(parts[0], options);
        for (std::thread &helper : helpers)
            helper.join();
        for (const Part &part : parts) {
            for (const BadLine &bad : part.badLines)
                onError(QStringLiteral("line %1: %2").arg(bad.number).arg(bad.reason));
            onEvents(part.events);
            sum.events += part.events.size();
            sum.outages += part.outages;
            sum.badLines += part.badLines.size();
            nextLine += part.lines;
        }
        block.remove(0, size);
    }
    if (totals)
        *totals = sum;
    const auto *file = qobject_cast<const QFileDevice *>(device);
    return !file || file->error() == QFileDevice::NoError;
}

} // namespace busmon
