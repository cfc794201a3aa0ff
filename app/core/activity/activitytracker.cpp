#include "activity/activitytracker.h"

#include "store/eventfiltermodel.h"
#include "store/eventstore.h"

#include <QTimer>
#include <algorithm>
#include <limits>

namespace busmon {

namespace {
constexpr int rowsBetweenClockReads = 2048;
constexpr quint32 noUser = std::numeric_limits<quint32>::max();
} // namespace

ActivityTracker::ActivityTracker(QObject *parent)
    : QObject(parent)
    , m_sliceTimer(new QTimer(this))
{
    m_sliceTimer->setSingleShot(true);
    m_sliceTimer->setInterval(0);
    connect(m_sliceTimer, &QTimer::timeout, this, &ActivityTracker::runSlices);
}

ActivityTracker::~ActivityTracker() = default;

void ActivityTracker::disconnectSource()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
}

void ActivityTracker::setSource(EventStore *store, EventFilterModel *scope)
{
    const bool newStore = store != m_store;
    disconnectSource();
    m_store = store;
    m_scope = store ? scope : nullptr;
    m_scopeLost = false;
    if (newStore) {
        m_facts.clear();
        m_userOfChannel.clear();
        m_tally.clearUsers();
        m_newestMs.reset();
        if (store)
            noteNewest(0, store->size());
    }
    if (store) {
        m_connections << connect(store, &EventStore::rowsAppended, this, &ActivityTracker::onRowsAppended)
                      << connect(store, &EventStore::rowsAboutToBeEvicted, this,
                                 &ActivityTracker::onRowsAboutToBeEvicted)
                      << connect(store, &EventStore::rowsEvicted, this, &ActivityTracker::onRowsEvicted)
                      << connect(store, &EventStore::cleared, this, &ActivityTracker::onStoreCleared);
    }
    if (m_scope) {
        m_connections << connect(m_scope, &QAbstractItemModel::rowsInserted, this,
                                 [this](const QModelIndex &, int first, int last) {
                                     onScopeRowsInserted(first, last);
                                 })
                      << connect(m_scope, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                                 [this](const QModelIndex &, int first, int last) {
                                     onScopeRowsAboutToBeRemoved(first, last);
                                 })
                      << connect(m_scope, &QAbstractItemModel::modelReset, this, &ActivityTracker::restart)
                      << connect(m_scope, &QObject::destroyed, this, &ActivityTracker::onScopeDestroyed);
    }
    restart();
}

void ActivityTracker::onScopeDestroyed()
{
    // Nothing is counted until the next setSource(); the facts keep following the store.
    m_scopeLost = true;
    m_sliceTimer->stop();
    m_counting = false;
    m_tally.clear();
}

void ActivityTracker::restart()
{
    m_sliceTimer->stop();
    m_tally.clear();
    m_position = 0;
    m_longestSliceMs = 0;
    m_counting = m_store != nullptr && !m_scopeLost;
    if (!m_counting)
        return;
    m_countClock.start();
    runSlices();
}

void ActivityTracker::runSlices()
{
    if (!m_store) {
        m_counting = false;
        return;
    }
    const bool complete = runSlice();
    if (complete) {
        finishCount();
        return;
    }
    if (!m_slicing) {
        while (!runSlice()) {
        }
        finishCount();
        return;
    }
    emit countingProgress(countingPercent());
    m_sliceTimer->start();
}

bool ActivityTracker::runSlice()
{
    QElapsedTimer clock;
    clock.start();
    const qint64 budgetNs =
        m_slicing ? qint64(sliceTargetMs) * 1'000'000 : std::numeric_limits<qint64>::max();
    int rowsLeft = m_slicing ? m_sliceRows : std::numeric_limits<int>::max();
    bool complete = false;
    // First every payload is read (once per store), then the scope's rows are counted from the facts.
    if (extendFacts(m_store->size(), clock, budgetNs, rowsLeft)) {
        const int rows = scopeRowCount();
        while (m_position < rows && rowsLeft > 0) {
            const int end = std::min(rows, m_position + std::min(rowsBetweenClockReads, rowsLeft));
            rowsLeft -= end - m_position;
            for (; m_position < end; ++m_position)
                countRow(storeIndexAt(m_position), +1);
            if (clock.nsecsElapsed() >= budgetNs)
                break;
        }
        complete = m_position >= rows;
    }
    m_longestSliceMs = std::max(m_longestSliceMs, clock.elapsed());
    return complete;
}

bool ActivityTracker::extendFacts(int upTo, const QElapsedTimer &clock, qint64 budgetNs, int &rowsLeft)
{
    while (static_cast<int>(m_facts.size()) < upTo) {
        if (rowsLeft <= 0)
            return false;
        const int first = static_cast<int>(m_facts.size());
        const int end = std::min(upTo, first + std::min(rowsBetweenClockReads, rowsLeft));
        rowsLeft -= end - first;
        for (int index = first; index < end; ++index) {
            const StoredRow row = m_store->row(index);
            m_facts.push_back(row.isGap() ? ActivityFacts() : ActivityFacts::read(row.kind, row.payload));
        }
        if (clock.nsecsElapsed() >= budgetNs)
            return static_cast<int>(m_facts.size()) >= upTo;
    }
    return true;
}

void ActivityTracker::extendFactsFully(int upTo)
{
    QElapsedTimer unbounded;
    unbounded.start();
    int rowsLeft = std::numeric_limits<int>::max();
    extendFacts(upTo, unbounded, std::numeric_limits<qint64>::max(), rowsLeft);
}

void ActivityTracker::finishCount()
{
    m_sliceTimer->stop();
    m_counting = false;
    m_lastCountMs = m_countClock.elapsed();
    emit counted(m_lastCountMs);
}

int ActivityTracker::countingPercent() const
{
    if (!m_counting || !m_store)
        return 100;
    // Reading payloads is most of the work of a first count; counting from facts is quick.
    const qint64 storeRows = std::max(1, m_store->size());
    if (static_cast<qint64>(m_facts.size()) < storeRows)
        return static_cast<int>(qint64(m_facts.size()) * 90 / storeRows);
    return 90 + m_position * 10 / std::max(1, scopeRowCount());
}

int ActivityTracker::scopeRowCount() const
{
    if (!m_store)
        return 0;
    return m_scope ? m_scope->rowCount() : m_store->size();
}

int ActivityTracker::storeIndexAt(int position) const
{
    return m_scope ? m_store->indexOfRowId(m_scope->rowIdAt(position)) : position;
}

quint32 ActivityTracker::userOfChannel(quint32 channelId)
{
    if (channelId >= m_userOfChannel.size())
        m_userOfChannel.resize(static_cast<size_t>(m_store->channelCount()), noUser);
    quint32 &user = m_userOfChannel[channelId];
    if (user == noUser)
        user = m_tally.userId(m_store->channel(channelId).username);
    return user;
}

void ActivityTracker::countRow(int storeIndex, int sign)
{
    if (storeIndex < 0)
        return;
    const StoredRow row = m_store->row(storeIndex);
    if (row.isGap() || !ActivityFacts::counts(row.kind))
        return;
    if (storeIndex >= static_cast<int>(m_facts.size()))
        extendFactsFully(storeIndex + 1);
    const ActivityFacts &facts = m_facts[static_cast<size_t>(storeIndex)];
    const quint32 user = row.kind == EventKind::Sync ? userOfChannel(row.channelId) : 0;
    if (sign > 0)
        m_tally.add(row.receivedMs, row.kind, user, facts);
    else
        m_tally.remove(row.receivedMs, row.kind, user, facts);
}

void ActivityTracker::noteNewest(int first, int count)
{
    for (int index = first; index < first + count; ++index) {
        const qint64 received = m_store->row(index).receivedMs;
        if (!m_newestMs || received > *m_newestMs)
            m_newestMs = received;
    }
}

std::optional<qint64> ActivityTracker::oldestMs() const
{
    if (!m_store || m_store->isEmpty())
        return std::nullopt;
    return m_store->row(0).receivedMs;
}

ActivitySnapshot ActivityTracker::snapshot(ActivityWindow window, std::optional<qint64> nowMs) const
{
    const qint64 end = std::max(m_newestMs.value_or(std::numeric_limits<qint64>::min()),
                                nowMs.value_or(std::numeric_limits<qint64>::min()));
    if (end == std::numeric_limits<qint64>::min())
        return m_tally.snapshot(window, 0, 0);
    return m_tally.snapshot(window, oldestMs().value_or(end), end);
}

void ActivityTracker::onRowsAppended(int first, int count)
{
    noteNewest(first, count);
    // Facts follow the store as rows arrive, unless a first reading is still catching up.
    if (static_cast<int>(m_facts.size()) == first)
        extendFactsFully(first + count);
    // A running recount reaches the new rows by itself.
    if (m_scope || m_scopeLost || m_counting)
        return;
    for (int index = first; index < first + count; ++index)
        countRow(index, +1);
}

void ActivityTracker::onRowsAboutToBeEvicted(int count)
{
    if (!m_scope && !m_scopeLost)
        takeBack(0, count - 1);
}

void ActivityTracker::onRowsEvicted(int count)
{
    const auto gone = std::min(m_facts.size(), static_cast<size_t>(std::max(0, count)));
    m_facts.erase(m_facts.begin(), m_facts.begin() + static_cast<qsizetype>(gone));
}

void ActivityTracker::onStoreCleared()
{
    m_facts.clear();
    m_userOfChannel.clear(); // channel ids start again
    m_newestMs.reset();
    restart();
}

void ActivityTracker::onScopeRowsInserted(int first, int last)
{
    if (m_counting)
        return;
    for (int position = first; position <= last; ++position)
        countRow(storeIndexAt(position), +1);
}

void ActivityTracker::onScopeRowsAboutToBeRemoved(int first, int last)
{
    takeBack(first, last);
}

void ActivityTracker::takeBack(int first, int last)
{
    const int counted = m_counting ? std::min(last + 1, m_position) : last + 1;
    for (int position = first; position < counted; ++position)
        countRow(storeIndexAt(position), -1);
    if (m_counting && first < m_position)
        m_position -= std::min(m_position, last + 1) - first;
}

} // namespace busmon
