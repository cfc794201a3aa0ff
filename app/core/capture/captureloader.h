#pragma once

#include "events/busevent.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSemaphore>
#include <QString>

#include <atomic>

namespace busmon {

// A line of a capture that could not be read, and why.
struct CaptureBadLine
{
    qint64 line = 0;
    QString reason; // "not JSON (unexpected character at offset 3)"
};
using CaptureBadLineList = QList<CaptureBadLine>;

// How a load ended.
struct CaptureLoadResult
{
    qint64 messages = 0;
    qint64 outages = 0;
    qint64 badLines = 0;
    bool cancelled = false;
    bool redacted = false; // the capture says so in its header line
    QString error;         // the file could not be opened, or its data ends early (damaged .gz)
};

// Reads a capture on its own thread (run() there) and hands it over as a live bus would: batches of
// events and the outages between them, in order. At most `window` messages are handed over and not
// yet taken (release() from the taker), so a file larger than the consumer is fast never piles up
// in memory. Progress and bad lines are sent at most every progressIntervalMs.
class CaptureLoader : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype batchMessages = 4096;
    static constexpr int progressIntervalMs = 100;
    static constexpr qsizetype maxListedBadLines = 10'000; // beyond this they are counted, not listed
    static constexpr int defaultWindow = 96 * 1024;

    explicit CaptureLoader(const QString &path, int window = defaultWindow);

    // Thread-safe: the taker says it is done with `messages` of what was handed over.
    void release(qsizetype messages);
    // Thread-safe: stops at the next line; finished() still comes, with cancelled set.
    void cancel();

    void run();

signals:
    void eventsLoaded(const busmon::BusEventBatch &events);
    void outageLoaded(const busmon::Outage &outage);
    void badLinesFound(const busmon::CaptureBadLineList &lines);
    // Bytes of the file as stored (compressed for a .gz); total 0 when unknown (standard input).
    void progress(qint64 done, qint64 total);
    void finished(const busmon::CaptureLoadResult &result);

private:
    bool handOver(BusEventBatch &batch);

    QString m_path;
    QSemaphore m_window;
    std::atomic<bool> m_cancelled{false};
};

} // namespace busmon

Q_DECLARE_METATYPE(busmon::CaptureBadLine)
Q_DECLARE_METATYPE(busmon::CaptureBadLineList)
Q_DECLARE_METATYPE(busmon::CaptureLoadResult)
