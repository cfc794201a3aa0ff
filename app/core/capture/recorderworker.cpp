#include "capture/recorderworker.h"

#include "capture/capturerecorder.h"
#include "capture/capturewriter.h"
#include "capture/gzipdevice.h"
#include "capture/wholewrite.h"

#include <QTimer>

namespace busmon {

RecorderWorker::RecorderWorker(const QString &path, qint64 rotateBytes)
    : m_path(path)
    , m_rotateBytes(rotateBytes)
{}

RecorderWorker::~RecorderWorker()
{
    close();
}

bool RecorderWorker::openFile(int number, QString *error)
{
    close();
    m_number = number;
    m_file.setFileName(CaptureRecorder::rotatedPath(m_path, number));
    // A new recording never appends to an old one: it starts the file anew.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(m_file.fileName(), m_file.errorString());
        return false;
    }
    m_out = &m_file;
    if (m_path.endsWith(QLatin1String(".gz"))) {
        m_gzip = std::make_unique<GzipDevice>(&m_file);
        m_gzip->open(QIODevice::WriteOnly);
        m_out = m_gzip.get();
    }
    m_writer = std::make_unique<CaptureWriter>(m_out);
    m_fileBytes = 0;
    emit fileChanged(m_file.fileName());
    return true;
}

void RecorderWorker::close()
{
    if (!m_out)
        return;
    flush();
    if (m_gzip)
        m_gzip->close();
    m_writer.reset();
    m_gzip.reset();
    m_file.close();
    m_out = nullptr;
}

void RecorderWorker::countWritten(qint64 bytesBefore)
{
    const qint64 bytes = m_writer->bytesWritten() - bytesBefore;
    m_fileBytes += bytes;
    m_bytes += bytes;
    m_dirty = true;
    if (!m_flushTimer) {
        // Made here, on the writing thread, at the first write.
        m_flushTimer = new QTimer(this);
        m_flushTimer->setInterval(CaptureRecorder::flushIntervalMs);
        connect(m_flushTimer, &QTimer::timeout, this, &RecorderWorker::flush);
        m_flushTimer->start();
    }
}

void RecorderWorker::write(const BusEventBatch &events)
{
    rotateIfDue();
    if (!m_out)
        return;
    const qint64 before = m_writer->bytesWritten();
    const bool written = m_writer->write(events);
    countWritten(before);
    if (!written) {
        fail(m_out->errorString());
        return;
    }
    m_messages += events.size();
}

void RecorderWorker::writeOutage(const Outage &outage)
{
    rotateIfDue();
    if (!m_out)
        return;
    const qint64 before = m_writer->bytesWritten();
    const bool written = m_writer->writeOutage(outage);
    countWritten(before);
    if (!written)
        fail(m_out->errorString());
}

void RecorderWorker::rotateIfDue()
{
    // Before writing, not after: a recording never ends with an empty numbered file.
    if (!m_out || m_rotateBytes <= 0 || m_fileBytes < m_rotateBytes)
        return;
    QString error;
    if (!openFile(m_number + 1, &error))
        fail(error);
}

void RecorderWorker::flush()
{
    if (!m_out || !m_dirty)
        return;
    m_dirty = false;
    if ((m_gzip && !m_gzip->syncFlush()) || !WholeWrite::flush(m_file)) {
        fail(m_file.errorString());
        return;
    }
    emit progress(m_messages, m_bytes);
}

void RecorderWorker::fail(const QString &reason)
{
    m_out = nullptr; // nothing more is written
    m_writer.reset();
    m_gzip.reset();
    m_file.close();
    emit failed(reason);
}

} // namespace busmon
