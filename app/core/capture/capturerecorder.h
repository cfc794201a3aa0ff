#pragma once

#include "events/busevent.h"

#include <QObject>
#include <QString>

class QThread;

namespace busmon {

class RecorderWorker;

// Records a session as it arrives (MonitorSession::eventsArrived / outageArrived), so that a long
// watch outlives a crash or the retention limit. Lines are written on a thread of its own and flushed
// at least every flushIntervalMs. Past rotateBytes (0: never) the next batch goes to a new numbered
// file: night.jsonl, night-2.jsonl, night-3.jsonl… A path ending in .gz is gzip-compressed, flushed
// to a readable point each time.
class CaptureRecorder : public QObject
{
    Q_OBJECT
public:
    static constexpr int flushIntervalMs = 1000;

    explicit CaptureRecorder(QObject *parent = nullptr);
    ~CaptureRecorder() override; // stops, with everything handed over written

    // Opens the first file (false with errorString() when it cannot be written).
    bool start(const QString &path, qint64 rotateBytes = 0);
    void stop();
    bool isRecording() const { return m_worker != nullptr; }
    QString errorString() const { return m_errorString; }
    QString path() const { return m_path; }

    void record(const busmon::BusEventBatch &events);
    void recordOutage(const busmon::Outage &outage);

    // The n-th file (1-based) of a recording that started at `path`.
    static QString rotatedPath(const QString &path, int number);

signals:
    // The file now written to (after start() and after each rotation).
    void fileChanged(const QString &path);
    // Writing failed ("No space left on device"); recording has stopped.
    void failed(const QString &reason);
    // Totals so far, at most once a second.
    void progress(qint64 messages, qint64 bytes);

private:
    QThread *m_thread = nullptr;
    RecorderWorker *m_worker = nullptr;
    QString m_path;
    QString m_errorString;
};

} // namespace busmon
