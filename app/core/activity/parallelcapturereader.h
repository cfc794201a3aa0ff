#pragma once

#include "events/busevent.h"

#include <QString>
#include <functional>

class QIODevice;

namespace busmon {

// Reads a whole capture with CaptureReader on every core: the file goes in blocks of whole lines,
// each block is cut into one part per core, each part read by a CaptureReader of its own, and what
// they read is handed on in file order (messages in batches; bad lines with their line numbers).
// For counting a big capture (busmon-cli stats), where reading the lines is nearly all the work.
//
// Without summaries (CaptureReader::setSummaries), a line that records its kind, username and problems,
// as a plain capture line does, is read without parsing its payload; what is accepted and what is
// reported as bad is CaptureReader's word either way.
class ParallelCaptureReader
{
public:
    struct Totals
    {
        qint64 events = 0;
        qint64 outages = 0;
        qint64 badLines = 0;
    };
    using EventSink = std::function<void(const BusEventBatch &events)>;
    using ErrorSink = std::function<void(const QString &error)>; // "line 12: not JSON (…)"

    // Reads `device` to its end. false when reading it failed (device->errorString() says why).
    struct Options
    {
        bool summaries = true;
        // Without summaries: the kinds whose payloads are wanted (others come with none); all when unset.
        std::function<bool(EventKind)> wantsPayload;
        int threads = 0; // 0: one per core
        qint64 blockBytes = 16 * 1024 * 1024;
    };

    static bool read(QIODevice *device, const EventSink &onEvents, const ErrorSink &onError, Totals *totals,
                     const Options &options);
};

} // namespace busmon
