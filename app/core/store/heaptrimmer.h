#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

namespace busmon {

// Gives the memory a burst left free back to the system. glibc keeps freed small blocks in its
// heaps (one per thread that allocated them: the socket and decoder threads have their own) and
// returns only what sits at the very top of a heap. After a million messages went through the
// feed, hundreds of MiB stay resident with nothing in them. Once enough was released and nothing
// more has been noted for a quiet while, the heaps are trimmed (malloc_trim) on a low-priority
// thread of the trimmer's own, so the caller's thread never waits for it. Under a load that never
// goes quiet (a bus at 20,000/s, evicting as fast as it stores), they are trimmed anyway once the
// released bytes have waited longestWaitMs: what a backlog left in the feed's heaps goes back too.
class HeapTrimmer : public QObject
{
    Q_OBJECT
public:
    static constexpr int defaultQuietMs = 1000;
    static constexpr qint64 defaultThresholdBytes = qint64(64) * 1024 * 1024;
    static constexpr int defaultLongestWaitMs = 30'000;

    explicit HeapTrimmer(QObject *parent = nullptr);
    ~HeapTrimmer() override;

    void setQuietMs(int ms);
    void setThresholdBytes(qint64 bytes);
    void setLongestWaitMs(int ms) { m_longestWaitMs = ms; }

    // About `bytes` were freed, or will be once the current turn of the event loop ends.
    void noteReleased(qint64 bytes);
    qint64 pendingBytes() const { return m_pending; }

    // Trims at once on the calling thread; false where the C library cannot.
    static bool trimNow();

signals:
    // A trim was handed to the trimmer's thread (it may still be running).
    void trimStarted();

private:
    void onQuiet();

    QTimer m_quiet;
    QThreadPool m_pool;
    qint64 m_pending = 0;
    qint64 m_thresholdBytes = defaultThresholdBytes;
    int m_longestWaitMs = defaultLongestWaitMs;
    QElapsedTimer m_waitingSince; // since the pending bytes passed the threshold
};

} // namespace busmon
