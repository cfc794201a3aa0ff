#pragma once

#include "sim/trafficsimulator.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

class QThread;

namespace busmon {

// Simulated traffic made ahead on a thread of its own, a batch at a time: making the messages is
// most of `simulate`'s work, so with it beside the publishing thread a 2-core machine publishes
// about twice as fast. The messages and their order are the simulator's own (the same seed gives the
// same traffic); at most batchesAhead batches wait.
class TrafficPrefetcher
{
public:
    static constexpr int batchSize = 512;
    static constexpr int batchesAhead = 8;

    explicit TrafficPrefetcher(const TrafficSimulator::Options &options);
    ~TrafficPrefetcher();
    TrafficPrefetcher(const TrafficPrefetcher &) = delete;
    TrafficPrefetcher &operator=(const TrafficPrefetcher &) = delete;

    // The next message; waits for the making thread when it has none ready.
    SimulatedMessage next();

private:
    using Batch = std::vector<SimulatedMessage>;
    void make();

    TrafficSimulator m_simulator; // used on the making thread only
    // std::mutex, not QMutex: Qt's QWaitCondition releases a QMutex inside Qt, where ThreadSanitizer
    // (run-sanitizers.sh tsan) cannot see it, and then reports the next lock as a double lock.
    std::mutex m_mutex;
    std::condition_variable m_madeOne;
    std::condition_variable m_tookOne;
    std::deque<Batch> m_ready;
    bool m_stopping = false;
    Batch m_current; // the publishing thread's
    size_t m_position = 0;
    std::unique_ptr<QThread> m_thread;
};

} // namespace busmon
