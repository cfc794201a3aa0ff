#include "capture/captureloader.h"

#include "capture/captureinput.h"
#include "capture/capturereader.h"

#include <QElapsedTimer>

namespace busmon {

namespace {
// How long the loader waits for room before it looks at cancel() again.
constexpr int windowWaitMs = 50;
} // namespace

CaptureLoader::CaptureLoader(const QString &path, int window)
    : m_path(path)
    , m_window(window)
{
    qRegisterMetaType<CaptureBadLineList>();
    qRegisterMetaType<CaptureLoadResult>();
}

void CaptureLoader::release(qsizetype messages)
{
    if (messages > 0)
        m_window.release(static_cast<int>(messages));
}

void CaptureLoader::cancel()
{
    m_cancelled = true;
}

bool CaptureLoader::handOver(BusEventBatch &batch)
{
    const auto size = static_cast<int>(batch.size());
    while (!m_window.tryAcquire(size, windowWaitMs)) {
        if (m_cancelled)
            return false;
    }
    emit eventsLoaded(std::exchange(batch, {}));
    batch.reserve(batchMessages);
    return true;
}

void CaptureLoader::run()
{
    CaptureLoadResult result;
    CaptureInput input;
    if (!input.open(m_path)) {
        result.error = input.errorString();
        emit finished(result);
        return;
    }
    CaptureReader reader(input.device());
    BusEventBatch batch;
    batch.reserve(batchMessages);
    CaptureBadLineList badLines;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    const auto report = [&] {
        if (!badLines.isEmpty())
            emit badLinesFound(std::exchange(badLines, {}));
        emit progress(input.storedPosition(), input.storedSize());
        sinceProgress.restart();
    };
    bool more = true;
    quint32 entries = 0;
    while (more && !m_cancelled) {
        switch (reader.readNext()) {
        case CaptureReader::Entry::Event:
            batch.append(reader.takeEvent());
            ++result.messages;
            if (batch.size() >= batchMessages && !handOver(batch))
                more = false;
            break;
        case CaptureReader::Entry::Outage:
            // In order: the messages before the gap go first.
            if (!batch.isEmpty() && !handOver(batch)) {
                more = false;
                break;
            }
            emit outageLoaded(reader.outage());
            ++result.outages;
            break;
        case CaptureReader::Entry::Error:
            if (++result.badLines <= maxListedBadLines)
                badLines.append({reader.lineNumber(), reader.errorString().section(QStringLiteral(": "), 1)});
            break;
        case CaptureReader::Entry::End:
            more = false;
            break;
        }
        // Looking at the clock costs as much as a short line: every 256 entries is often enough.
        if ((++entries & 0xff) == 0 && sinceProgress.elapsed() >= progressIntervalMs)
            report();
    }
    if (!batch.isEmpty() && !m_cancelled)
        handOver(batch);
    report();
    result.cancelled = m_cancelled;
    result.redacted = reader.header() && reader.header()->redacted;
    result.error = input.readError();
    emit finished(result);
}

} // namespace busmon
