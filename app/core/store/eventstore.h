#pragma once

#include "bus/pageallocator.h"
#include "events/busevent.h"
#include "store/heaptrimmer.h"
#include "store/storedrow.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace busmon {

// The retained messages: a bounded ring of compact rows (Wireshark's frame list). Lives on the GUI
// thread and is fed one batch at a time. Each row keeps the payload bytes, the UTF-8 summary and
// problems in a per-chunk text arena, and small ids for channel and kind, so a sync-sized row costs
// its payload plus about a hundred bytes. The oldest rows go in one eviction once the retention
// limit is passed.
//
// Row indices shift when rows are evicted; row ids (StoredRow::rowId) never do: they are
// consecutive over the retained rows, so finding a row by id is O(1).
class EventStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int defaultRetentionLimit = 1'000'000;
    // A payload this big keeps the buffer it arrived in, shared with whoever reads it
    // (payloadOf()), instead of being copied into the rows' text arena.
    static constexpr qsizetype sharedPayloadBytes = 256 * 1024;

    struct ChannelEntry
    {
        QByteArray channel;
        QString username;
        EventKind kind = EventKind::Unknown;
        QByteArray pattern; // the subscription pattern that matched; empty for a plain SUBSCRIBE
    };

    explicit EventStore(QObject *parent = nullptr);
    ~EventStore() override;

    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    int retentionLimit() const { return m_retentionLimit; }
    // Evicts at once if the store holds more than `limit` rows (at least 1).
    void setRetentionLimit(int limit);

    // One insertion (and at most one eviction before it) per batch.
    void append(const BusEventBatch &batch);
    // outageBegan adds an open gap row; outageEnded closes it (rowChanged), or adds a closed gap row
    // when the start was never seen or is already evicted.
    void recordOutage(const Outage &outage);
    void clear();

    inline StoredRow row(int index) const;
    // What a kind tab asks of each row, without making the whole row.
    EventKind kindAt(int index) const { return recordAt(index).kind; }
    bool isGapAt(int index) const { return recordAt(index).type == RowType::Gap; }
    // The payload as bytes of its own: shared, not copied, when it is big.
    QByteArray payloadOf(int index) const;
    // Id of row 0; the id the next appended row gets when the store is empty.
    quint64 firstRowId() const { return m_firstRowId; }
    // -1 when the row was evicted, cleared or never existed.
    int indexOfRowId(quint64 rowId) const;
    // The message with this event sequence number (binary search; sequences ascend within a session).
    int indexOfSequence(quint64 sequence) const;
    std::optional<Outage> outageAt(int index) const;

    qint64 messageCount() const { return m_messageCount; }
    qint64 messageCount(EventKind kind) const { return m_kindCounts[static_cast<size_t>(kind)]; }
    qint64 gapCount() const { return m_gapCount; }
    // Since construction or the last clear(): how many rows ever arrived and how many were evicted.
    quint64 appendedCount() const { return m_appendedCount; }
    quint64 evictedCount() const { return m_evictedCount; }
    // Bytes held by the rows (records and text arenas, capacity included), for the status bar.
    qint64 memoryBytes() const;

    // Channels are interned with the pattern that matched: StoredRow::channelId indexes this table. It only
    // grows (until clear()).
    int channelCount() const { return static_cast<int>(m_channels.size()); }
    const ChannelEntry &channel(quint32 id) const { return m_channels[id]; }

    // Payload field names seen (top-level keys and one level below, dotted) in the first payloads
    // of each kind: for completion in the filter bar. Sorted.
    QStringList fieldNames() const;
    QStringList fieldNames(EventKind kind) const;

    // Once appends, evictions or a clear released enough and then stay quiet for a while, free heap
    // memory goes back to the system: the batches of a burst are freed here, after their rows were
    // copied in, and would otherwise stay resident long after.
    HeapTrimmer &heapTrimmer() { return m_heapTrimmer; }

signals:
    void rowsAppended(int first, int count);
    // The first `count` rows are about to go / are gone; the others move up by `count`.
    void rowsAboutToBeEvicted(int count);
    void rowsEvicted(int count);
    void rowChanged(int index);
    void aboutToBeCleared();
    void cleared();
    // Counts per kind changed (once per batch, eviction or clear).
    void countsChanged();
    void retentionLimitChanged(int limit);

private:
    struct Record
    {
        quint64 sequence;
        qint64 receivedMs;
        quint64 textOffset;
        quint32 payloadSize;
        quint32 summarySize;
        quint32 problemsSize;
        quint32 channelId;
        RowType type;
        EventKind kind;
        Severity severity;
        bool sharedPayload; // in m_sharedPayloads, not in the text arena
    };
    static constexpr int chunkShift = 12;
    static constexpr int chunkRows = 1 << chunkShift;
    // A chunk's buffers are pages of their own (PageAllocator), given back whole when it is evicted.
    // From malloc, chunks of a few MiB allocated and freed in turn (and glibc's mmap threshold, which
    // rises to the size of the first such buffer freed) left the heap fragmented: in a 20,000/s soak
    // resident memory rose by a third after the retention limit was reached.
    struct Chunk
    {
        std::vector<Record, PageAllocator<Record>> records;
        std::vector<char, PageAllocator<char>> text;
    };

    static qint64 bytesOf(const Chunk &chunk);
    const Record &recordAt(int index) const;
    void evictFront(int count);
    void appendEvent(const BusEvent &event);
    void appendGap(const Outage &outage);
    Record &pushRecord(QByteArrayView payload, QByteArrayView summary, QByteArrayView problems);
    void forgetSharedPayload(quint64 rowId);
    quint32 internChannel(const BusEvent &event);
    void collectFieldNames(EventKind kind, QByteArrayView payload);

    std::deque<std::unique_ptr<Chunk>> m_chunks;
    int m_frontOffset = 0; // first retained record in m_chunks.front()
    int m_size = 0;
    int m_retentionLimit = defaultRetentionLimit;
    quint64 m_firstRowId = 1;

    std::vector<ChannelEntry> m_channels;
    QHash<QByteArray, quint32> m_channelIds; // by channelKey()
    quint32 m_lastChannelId = 0;

    QHash<quint64, Outage> m_outages;            // by row id
    QHash<quint64, QByteArray> m_sharedPayloads; // by row id
    qint64 m_sharedPayloadBytes = 0;
    quint64 m_openGapRowId = 0;

    std::array<qint64, eventKindCount> m_kindCounts{};
    qint64 m_messageCount = 0;
    qint64 m_gapCount = 0;
    quint64 m_appendedCount = 0;
    quint64 m_evictedCount = 0;

    std::array<int, eventKindCount> m_fieldSamples{};
    std::array<QSet<QString>, eventKindCount> m_fieldNames;

    HeapTrimmer m_heapTrimmer;
};

inline const EventStore::Record &EventStore::recordAt(int index) const
{
    const int position = m_frontOffset + index;
    return m_chunks[static_cast<size_t>(position >> chunkShift)]->records[position & (chunkRows - 1)];
}

inline StoredRow EventStore::row(int index) const
{
    const int position = m_frontOffset + index;
    const Chunk &chunk = *m_chunks[static_cast<size_t>(position >> chunkShift)];
    const Record &record = chunk.records[position & (chunkRows - 1)];
    const ChannelEntry &entry = m_channels[record.channelId];
    const char *text = chunk.text.data() + record.textOffset;
    StoredRow row;
    row.rowId = m_firstRowId + static_cast<quint64>(index);
    const quint32 inArena = record.sharedPayload ? 0 : record.payloadSize;
    row.sequence = record.sequence;
    row.receivedMs = record.receivedMs;
    row.type = record.type;
    row.kind = record.kind;
    row.severity = record.severity;
    row.channelId = record.channelId;
    row.channel = QByteArrayView(entry.channel);
    row.username = &entry.username;
    row.payload = record.sharedPayload ? QByteArrayView(*m_sharedPayloads.constFind(row.rowId))
                                       : QByteArrayView(text, record.payloadSize);
    row.summary = QByteArrayView(text + inArena, record.summarySize);
    row.problems = QByteArrayView(text + inArena + record.summarySize, record.problemsSize);
    return row;
}

} // namespace busmon
