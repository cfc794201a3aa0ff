#pragma once

#include <QByteArray>
#include <QString>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

class QThread;

namespace busmon {

// Writes a file on a thread of its own, so that compressing and a slow disk never hold the GUI
// thread. The file is a QSaveFile: written under a temporary name and renamed over the chosen one
// only when every byte went in, so a crash or a full disk never leaves a half-written file there.
// Optionally gzip-compressed on the way (GzipDevice).
class BackgroundFileWriter
{
public:
    static constexpr qint64 maxQueuedBytes = 16 * 1024 * 1024;

    BackgroundFileWriter(const QString &path, bool compress);
    ~BackgroundFileWriter(); // discards an unfinished file

    void start();
    // True while less than maxQueuedBytes wait: the producer should make more only then.
    bool wantsMore() const;
    // A write failed: nothing more will be written, and finish() says why.
    bool hasFailed() const;
    void write(QByteArray chunk);
    // Waits for every chunk, then renames the file into place; false with the reason (a full disk:
    // "No space left on device") when something failed. With `discard`, nothing is renamed.
    bool finish(bool discard, QString *error);
    qint64 writtenBytes() const; // uncompressed

private:
    void work();

    QString m_path;
    bool m_compress;
    std::unique_ptr<QThread> m_thread;
    // std::mutex, not QMutex: see TrafficPrefetcher.
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QByteArray> m_queue;
    qint64 m_queuedBytes = 0;
    qint64 m_writtenBytes = 0;
    bool m_finishing = false;
    bool m_discard = false;
    bool m_done = false;
    QString m_error;
};

} // namespace busmon
