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
        const QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_tookOne.wakeAll();
    }
    m_thread->wait();
}

SimulatedMessage TrafficPrefetcher::next()
{
    if (m_position == m_current.size()) {
        QMutexLocker lock(&m_mutex);
        while (m_ready.empty())
            m_madeOne.wait(&m_mutex);
        m_current = std::move(m_ready.front());
        m_ready.pop_front();
        m_position = 0;
        m_tookOne.wakeOne();
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
        QMutexLocker lock(&m_mutex);
        while (!m_stopping && m_ready.size() >= batchesAhead)
            m_tookOne.wait(&m_mutex);
        if (m_stopping)
            return;
        m_ready.push_back(std::move(batch));
        m_madeOne.wakeOne();
    }
}

} // namespace busmon
