#include "store/heaptrimmer.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace busmon {

HeapTrimmer::HeapTrimmer(QObject *parent)
    : QObject(parent)
    , m_quiet(this)
{
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(defaultQuietMs);
    connect(&m_quiet, &QTimer::timeout, this, &HeapTrimmer::onQuiet);
    m_pool.setMaxThreadCount(1);
    m_pool.setThreadPriority(QThread::LowPriority);
}

HeapTrimmer::~HeapTrimmer()
{
    m_pool.waitForDone();
}

void HeapTrimmer::setQuietMs(int ms)
{
    m_quiet.setInterval(ms);
}

void HeapTrimmer::setThresholdBytes(qint64 bytes)
{
    m_thresholdBytes = bytes;
}

void HeapTrimmer::noteReleased(qint64 bytes)
{
    if (bytes <= 0)
        return;
    m_pending += bytes;
    if (m_pending < m_thresholdBytes)
        return;
    if (!m_waitingSince.isValid())
        m_waitingSince.start();
    if (m_waitingSince.elapsed() >= m_longestWaitMs)
        onQuiet();
    else
        m_quiet.start(); // restarts: a burst still going on postpones the trim
}

bool HeapTrimmer::trimNow()
{
#if defined(__GLIBC__)
    malloc_trim(0);
    return true;
#else
    return false;
#endif
}

void HeapTrimmer::onQuiet()
{
    m_quiet.stop();
    m_waitingSince.invalidate();
    m_pending = 0;
    m_pool.start([] { trimNow(); });
    emit trimStarted();
}

} // namespace busmon
