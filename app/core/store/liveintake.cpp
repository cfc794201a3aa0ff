#include "store/liveintake.h"

#include "store/eventstore.h"

#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <limits>

namespace busmon {

LiveIntake::LiveIntake(EventStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_stepTimer(new QTimer(this))
{
    m_stepTimer->setSingleShot(true);
    connect(m_stepTimer, &QTimer::timeout, this, &LiveIntake::step);
}

void LiveIntake::receive(const BusEventBatch &batch)
{
    if (batch.isEmpty())
        return;
    m_received += static_cast<quint64>(batch.size());
    m_waiting += batch.size();
    // Kept as it came: appending to one growing list would now and then copy all of it at once.
    m_queue.append(batch);
    // Paused, or behind in a burst: more than the store keeps would only be evicted on arrival.
    if (m_waiting > m_store->retentionLimit())
        dropBeyondRetention();
    if (m_paused)
        emit countsChanged();
    scheduleStep();
}

void LiveIntake::receiveOutage(const Outage &outage)
{
    m_queue.append(outage);
    scheduleStep();
    emit countsChanged();
}

void LiveIntake::scheduleStep()
{
    if (!m_paused && !m_stepTimer->isActive())
        m_stepTimer->start(stepIntervalMs);
}

void LiveIntake::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    m_stepTimer->stop();
    if (!m_paused)
        step(); // the first step at once: resuming shows what waited without a delay
    else
        emit countsChanged();
}

void LiveIntake::flush()
{
    if (m_paused)
        return;
    m_stepTimer->stop();
    storeFront(std::numeric_limits<qsizetype>::max());
    emit countsChanged();
}

void LiveIntake::clear()
{
    m_stepTimer->stop();
    m_queue.clear();
    m_waiting = 0;
    m_dropped = 0;
    emit countsChanged();
}

void LiveIntake::step()
{
    QElapsedTimer clock;
    clock.start();
    const qsizetype stored = storeFront(m_stepMessages);
    // The next step is sized to take about m_stepTargetMs at the cost a row had over the last few steps.
    // The last one alone misleads: a small step costs less a row than a big one (6,449 rows in 2 ms, then
    // 53,878 in 69 ms while a capture loaded), and one the scheduler interrupted costs more. Time and rows
    // are summed with decay, so a step weighs by its rows: the fixed cost of the many one-row steps of a
    // trickling bus does not make the first steps of a burst small.
    const qint64 elapsedNs = clock.nsecsElapsed();
    if (stored > 0 && elapsedNs > 0) {
        m_recentNs = 3 * m_recentNs / 4 + elapsedNs;
        m_recentRows = 3 * m_recentRows / 4 + stored;
        const qint64 nsPerRow = std::max<qint64>(1, m_recentNs / std::max<qint64>(1, m_recentRows));
        m_stepMessages =
            std::clamp<qsizetype>(m_stepTargetMs * 1'000'000 / nsPerRow, minStepMessages, m_maxStepMessages);
    }
    if (!m_queue.isEmpty())
        m_stepTimer->start(0);
    emit countsChanged();
}

qsizetype LiveIntake::storeFront(qsizetype budget)
{
    // The feed's small batches go in as one: one insert for the store, the tabs and the view.
    BusEventBatch step;
    const auto storeStep = [this, &step] {
        if (!step.isEmpty())
            m_store->append(std::exchange(step, {}));
    };
    qsizetype stored = 0;
    while (!m_queue.isEmpty() && stored < budget) {
        if (const auto *outage = std::get_if<Outage>(&m_queue.first())) {
            storeStep();
            m_store->recordOutage(*outage);
            m_queue.removeFirst();
            continue;
        }
        auto &batch = std::get<BusEventBatch>(m_queue.first());
        const qsizetype take = std::min(batch.size(), budget - stored);
        const bool whole = take == batch.size();
        // Whole batches are moved, not copied: copying every event and then freeing both copies was
        // a good part of a step while a capture opens.
        if (step.isEmpty() && whole)
            step = std::move(batch);
        else if (whole)
            step.append(std::move(batch));
        else
            step.append(batch.first(take));
        if (whole)
            m_queue.removeFirst();
        else
            batch.remove(0, take);
        stored += take;
        m_waiting -= take;
    }
    storeStep();
    return stored;
}

void LiveIntake::dropBeyondRetention()
{
    // The outages stay: a gap is worth keeping even when the messages around it are not.
    qint64 excess = m_waiting - m_store->retentionLimit();
    for (qsizetype i = 0; excess > 0 && i < m_queue.size();) {
        auto *batch = std::get_if<BusEventBatch>(&m_queue[i]);
        if (!batch) {
            ++i;
            continue;
        }
        const qsizetype drop = std::min<qsizetype>(batch->size(), excess);
        if (drop == batch->size())
            m_queue.removeAt(i);
        else
            batch->remove(0, drop);
        excess -= drop;
        m_waiting -= drop;
        m_dropped += static_cast<quint64>(drop);
    }
}

} // namespace busmon
