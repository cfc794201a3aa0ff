#include "sim/trafficprefetcher.h"

#include <QThread>

namespace busmon {

TrafficPrefetcher::TrafficPrefetcher(const TrafficSimulator::Options &options)
    : m_simulator(options)
    , m_thread(QThread::create([this] { make(); }))
{
    m_thread->setObjectName(QStringLiteral("simulator"));
    m_thread->start();
}

TrafficPrefetcher::~TrafficPrefetcher()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_tookOne.notify_all();
    }
    m_thread->wait();
}

SimulatedMessage TrafficPrefetcher::next()
{
    if (m_position == m_current.size()) {
        std::unique_lock lock(m_mutex);
        m_madeOne.wait(lock, [this] { return !m_ready.empty(); });
        m_current = std::move(m_ready.front());
        m_ready.pop_front();
        m_position = 0;
        m_tookOne.notify_one();
    }
    return std::move(m_current[m_position++]);
}

void TrafficPrefetcher::make()
{
    for (;;) {
        Batch batch;
        batch.reserve(batchSize);
        for (int i = 0; i < batchSize; ++i)
            batch.push_back(m_simulator.next());
        std::unique_lock lock(m_mutex);
        m_tookOne.wait(lock, [this] { return m_stopping || m_ready.size() < batchesAhead; });
        if (m_stopping)
            return;
        m_ready.push_back(std::move(batch));
        m_madeOne.notify_one();
    }
}

} // namespace busmon
