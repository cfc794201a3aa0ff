#pragma once

#include "events/busevent.h"

#include <QList>
#include <QObject>

#include <variant>

class QTimer;

namespace busmon {

class EventStore;

// Between the feed and the store. The feed hands over a batch every few ms; the store and the tab
// models take them in bigger, rarer steps (one every stepIntervalMs, at most maxStepMessages each and
// fewer when a step takes longer than stepTargetMs; the rest on the next turn of the event loop), so
// a burst reaches the window in slices instead of one long stall. While paused, messages wait in order with
// the outages between them. Paused or not, no more than the store's retention limit wait: the oldest messages
// go first and are counted as dropped.
class LiveIntake : public QObject
{
    Q_OBJECT
public:
    static constexpr int stepIntervalMs = 60;
    static constexpr qsizetype maxStepMessages = 5000;
    static constexpr qsizetype minStepMessages = 500;
    static constexpr qint64 stepTargetMs = 25;

    explicit LiveIntake(EventStore *store, QObject *parent = nullptr);

    void receive(const BusEventBatch &batch);
    void receiveOutage(const Outage &outage);

    // A file being opened has no live pace to keep: its steps may be bigger and longer, so that the
    // view repaints less often for the same rows. Defaults maxStepMessages and stepTargetMs.
    void setMaxStepMessages(qsizetype messages) { m_maxStepMessages = messages; }
    void setStepTargetMs(qint64 milliseconds) { m_stepTargetMs = milliseconds; }

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    // Everything waiting goes into the store now (unless paused).
    void flush();
    // Forgets what waits and the counts.
    void clear();

    quint64 receivedCount() const { return m_received; }
    qint64 waitingCount() const { return m_waiting; }
    quint64 droppedCount() const { return m_dropped; } // waiting beyond the retention limit

signals:
    void countsChanged();

private:
    using Item = std::variant<BusEventBatch, Outage>;

    void scheduleStep(); // one stepIntervalMs from now, unless paused or already due
    void step();
    // Stores queued items until `budget` messages went in; answers how many did.
    qsizetype storeFront(qsizetype budget);
    void dropBeyondRetention();

    EventStore *m_store;
    QTimer *m_stepTimer;
    QList<Item> m_queue;
    qint64 m_waiting = 0; // messages in m_queue
    quint64 m_received = 0;
    quint64 m_dropped = 0;
    bool m_paused = false;
    qsizetype m_stepMessages = maxStepMessages;
    // Time spent storing and rows stored over the last steps, older steps weighing less.
    qint64 m_recentNs = 0;
    qint64 m_recentRows = 0;
    qsizetype m_maxStepMessages = maxStepMessages;
    qint64 m_stepTargetMs = stepTargetMs;
};

} // namespace busmon
