#pragma once

#include "capture/capturewriter.h"
#include "events/busevent.h"

#include <QFile>
#include <QObject>

#include <memory>

class QTimer;

namespace busmon {

class GzipDevice;

// CaptureRecorder's half on the writing thread: the open file, its flush timer and rotation.
class RecorderWorker : public QObject
{
    Q_OBJECT
public:
    RecorderWorker(const QString &path, qint64 rotateBytes);
    ~RecorderWorker() override;

    bool openFile(int number, QString *error); // on any thread, before the worker moves

    void write(const busmon::BusEventBatch &events);
    void writeOutage(const busmon::Outage &outage);
    void flush();
    void close();

signals:
    void fileChanged(const QString &path);
    void failed(const QString &reason);
    void progress(qint64 messages, qint64 bytes);

private:
    void countWritten(qint64 bytesBefore);
    void rotateIfDue();
    void fail(const QString &reason);

    QString m_path;
    qint64 m_rotateBytes;
    int m_number = 1;
    QFile m_file;
    std::unique_ptr<GzipDevice> m_gzip;
    QIODevice *m_out = nullptr;
    std::unique_ptr<CaptureWriter> m_writer; // to m_out
    qint64 m_fileBytes = 0;
    qint64 m_messages = 0;
    qint64 m_bytes = 0;
    bool m_dirty = false;
    QTimer *m_flushTimer = nullptr;
};

} // namespace busmon
