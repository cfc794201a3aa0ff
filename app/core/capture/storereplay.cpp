#include "capture/storereplay.h"

#include "store/eventstore.h"

namespace busmon {

StoreReplay::StoreReplay(const EventStore *store, std::vector<quint64> rowIds, double speed, Sink sink,
                         QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_rowIds(std::move(rowIds))
    , m_speed(speed)
    , m_sink(std::move(sink))
{
    m_timer.setInterval(5);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &StoreReplay::tick);
}

void StoreReplay::start()
{
    m_clock.start();
    m_timer.start();
    tick();
}

void StoreReplay::cancel()
{
    if (!isRunning())
        return;
    m_timer.stop();
    emit finished(true);
}

void StoreReplay::tick()
{
    for (int i = 0; i < maxPerTick && m_next < m_rowIds.size() && m_sink.pending() < maxPending; ++i) {
        const int index = m_store->indexOfRowId(m_rowIds[m_next]);
        if (index < 0 || m_store->row(index).isGap()) {
            ++m_next;
            continue;
        }
        const StoredRow row = m_store->row(index);
        if (!m_started) {
            m_started = true;
            m_firstMs = row.receivedMs;
        }
        const double dueMs = m_speed > 0 ? static_cast<double>(row.receivedMs - m_firstMs) / m_speed : 0;
        if (dueMs > static_cast<double>(m_clock.elapsed()))
            break;
        m_sink.publish(row.channel.toByteArray(), row.payload.toByteArray());
        ++m_sent;
        ++m_next;
    }
    emit progress(m_sent, totalCount());
    if (m_next >= m_rowIds.size() && m_sink.pending() == 0) {
        m_timer.stop();
        emit finished(false);
    }
}

} // namespace busmon
