#include "capture/backgroundfilewriter.h"

#include "capture/gzipdevice.h"
#include "capture/wholewrite.h"

#include <QSaveFile>
#include <QThread>

namespace busmon {

namespace {
QString describe(const QString &reason)
{
    return reason.isEmpty() ? QStringLiteral("the file could not be written") : reason;
}
} // namespace

BackgroundFileWriter::BackgroundFileWriter(const QString &path, bool compress)
    : m_path(path)
    , m_compress(compress)
{}

BackgroundFileWriter::~BackgroundFileWriter()
{
    if (m_thread && !m_done) {
        QString ignored;
        finish(true, &ignored);
    }
}

void BackgroundFileWriter::start()
{
    m_thread.reset(QThread::create([this] { work(); }));
    m_thread->setObjectName(QStringLiteral("file writer"));
    m_thread->start();
}

bool BackgroundFileWriter::wantsMore() const
{
    const std::lock_guard lock(m_mutex);
    return m_queuedBytes < maxQueuedBytes;
}

bool BackgroundFileWriter::hasFailed() const
{
    const std::lock_guard lock(m_mutex);
    return !m_error.isEmpty();
}

void BackgroundFileWriter::write(QByteArray chunk)
{
    const std::lock_guard lock(m_mutex);
    m_queuedBytes += chunk.size();
    m_queue.push_back(std::move(chunk));
    m_changed.notify_all();
}

bool BackgroundFileWriter::finish(bool discard, QString *error)
{
    {
        const std::lock_guard lock(m_mutex);
        m_finishing = true;
        m_discard = discard;
        m_changed.notify_all();
    }
    m_thread->wait();
    m_done = true;
    if (error)
        *error = m_error;
    return m_error.isEmpty() && !discard;
}

qint64 BackgroundFileWriter::writtenBytes() const
{
    const std::lock_guard lock(m_mutex);
    return m_writtenBytes;
}

void BackgroundFileWriter::work()
{
    QSaveFile file(m_path);
    std::unique_ptr<GzipDevice> gzip;
    QIODevice *out = &file;
    QString error;
    // Unbuffered: the chunks are large already, and a full disk fails the write that hit it, with
    // the system's reason, instead of a later flush.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        error = file.errorString();
    } else if (m_compress) {
        gzip = std::make_unique<GzipDevice>(&file);
        if (gzip->open(QIODevice::WriteOnly))
            out = gzip.get();
        else
            error = gzip->errorString();
    }
    bool discard = false;
    while (true) {
        QByteArray chunk;
        {
            std::unique_lock lock(m_mutex);
            if (!error.isEmpty())
                m_error = error;
            m_changed.wait(lock, [this] { return !m_queue.empty() || m_finishing; });
            if (m_queue.empty()) {
                discard = m_discard;
                break;
            }
            chunk = std::move(m_queue.front());
            m_queue.pop_front();
            m_queuedBytes -= chunk.size();
        }
        if (!error.isEmpty())
            continue; // keep draining so the producer is never blocked; nothing more is written
        if (!WholeWrite::to(*out, chunk))
            error = describe(out->errorString().isEmpty() ? file.errorString() : out->errorString());
        const std::lock_guard lock(m_mutex);
        m_writtenBytes += chunk.size();
    }
    if (error.isEmpty() && gzip) {
        gzip->close(); // the gzip trailer
        if (file.error() != QFileDevice::NoError)
            error = file.errorString();
    }
    if (error.isEmpty() && !discard && !file.commit())
        error = describe(file.errorString());
    if (!error.isEmpty() || discard)
        file.cancelWriting();
    const std::lock_guard lock(m_mutex);
    m_error = error;
}

} // namespace busmon
