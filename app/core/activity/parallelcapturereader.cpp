#include "activity/parallelcapturereader.h"

#include "capture/capturereader.h"

#include <QBuffer>
#include <QFileDevice>
#include <QThread>
#include <cstring>
#include <thread>
#include <vector>

namespace busmon {

namespace {

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

// Reads a part (whole lines) with a CaptureReader of its own. Without summaries, a line that
// records kind, username and problems (as `tail` writes them) is read without parsing its payload,
// and the payloads of kinds not wanted are not kept.
void readPart(Part &part, const ParallelCaptureReader::Options &options)
{
    QByteArray data = QByteArray::fromRawData(part.bytes.data(), part.bytes.size());
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader(&buffer);
    reader.setSummaries(options.summaries);
    for (CaptureReader::Entry entry = reader.readNext(); entry != CaptureReader::Entry::End;
         entry = reader.readNext()) {
        // The reader counts lines from the start of the part; the reasons are the same from the file's.
        const qint64 lineInFile = part.firstLine + reader.lineNumber() - 1;
        if (entry == CaptureReader::Entry::Event) {
            BusEvent event = reader.takeEvent();
            event.sequence = static_cast<quint64>(lineInFile);
            if (!options.summaries && options.wantsPayload && !options.wantsPayload(event.kind))
                event.payload.clear();
            part.events.append(std::move(event));
        } else if (entry == CaptureReader::Entry::Outage) {
            ++part.outages;
        } else {
            const QString prefix = QStringLiteral("line %1: ").arg(reader.lineNumber());
            const QString error = reader.errorString();
            part.badLines.append({lineInFile, error.startsWith(prefix) ? error.mid(prefix.size()) : error});
        }
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
