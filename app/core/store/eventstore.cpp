#include "store/eventstore.h"

#include "store/jsonfieldscanner.h"
#include "store/textsearcher.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace busmon {

namespace {

constexpr int fieldSamplesPerKind = 20;

// The top-level fields severity looks at, made once: a path per message and call was an allocation
// per message on the GUI thread.
const JsonFieldScanner::Path &topLevelPath(const char *key)
{
    static const QHash<QByteArray, JsonFieldScanner::Path> paths = [] {
        QHash<QByteArray, JsonFieldScanner::Path> made;
        for (const char *name :
             {"error", "errors", "accepted", "certificate_accepted", "certificate_recognized"})
            made.insert(name, JsonFieldScanner::Path{JsonFieldScanner::PathStep{QByteArray(name), -1}});
        return made;
    }();
    return *paths.constFind(QByteArray::fromRawData(key, qsizetype(qstrlen(key))));
}

bool topLevelIs(QByteArrayView payload, const char *key, JsonValueRef::Type type)
{
    return JsonFieldScanner::find(payload, topLevelPath(key)).type == type;
}

bool hasErrorField(QByteArrayView payload)
{
    // Neither key in the bytes, neither in the object (as JsonFieldScanner reads keys): one scan of the
    // payload for the commonest message, a sync, instead of one per key.
    if (TextSearcher::indexOfExact(payload, "error") < 0)
        return false;
    if (topLevelIs(payload, "error", JsonValueRef::Type::True))
        return true;
    const JsonValueRef errors = JsonFieldScanner::find(payload, topLevelPath("errors"));
    switch (errors.type) {
    case JsonValueRef::Type::String:
        return !errors.raw.isEmpty();
    case JsonValueRef::Type::Array:
        return errors.raw.size() > 2 && errors.raw.trimmed() != "[]";
    case JsonValueRef::Type::True:
        return true;
    case JsonValueRef::Type::Number:
        return errors.raw != "0";
    default:
        return false;
    }
}

Severity severityOf(const BusEvent &event)
{
    using T = JsonValueRef::Type;
    const QByteArrayView payload(event.payload);
    bool alert = false;
    switch (event.kind) {
    case EventKind::LogMessage:
        alert = topLevelIs(payload, "error", T::True);
        break;
    case EventKind::IncomingMail:
        alert = topLevelIs(payload, "accepted", T::False);
        break;
    case EventKind::TaskdCertificate:
        alert = topLevelIs(payload, "certificate_accepted", T::False) ||
                topLevelIs(payload, "certificate_recognized", T::False);
        break;
    case EventKind::Sync:
        alert = hasErrorField(payload);
        break;
    default:
        break;
    }
    if (alert)
        return Severity::Alert;
    return event.hasProblems() ? Severity::Notice : Severity::Normal;
}

// What the caller's copy of an event holds on the heap, roughly: it is freed once the batch is
// stored, and that is what a trim can give back.
qint64 heapBytesOf(const BusEvent &event)
{
    constexpr qint64 blockOverhead = 32; // glibc chunk header and Qt's array header, per block
    qint64 bytes = qint64(sizeof(BusEvent)) + event.payload.size() + blockOverhead;
    if (!event.summary.isEmpty())
        bytes += event.summary.size() * qint64(sizeof(QChar)) + blockOverhead;
    for (const QString &problem : event.problems)
        bytes += problem.size() * qint64(sizeof(QChar)) + blockOverhead;
    return bytes;
}

} // namespace

EventStore::EventStore(QObject *parent)
    : QObject(parent)
    , m_heapTrimmer(this)
{
    // Id 0 is the "no channel" of gap rows.
    m_channels.push_back(ChannelEntry{});
}

EventStore::~EventStore() = default;

void EventStore::setRetentionLimit(int limit)
{
    if (std::exchange(m_retentionLimit, std::max(1, limit)) != m_retentionLimit)
        emit retentionLimitChanged(m_retentionLimit);
    if (m_size > m_retentionLimit) {
        evictFront(m_size - m_retentionLimit);
        emit countsChanged();
    }
}

void EventStore::append(const BusEventBatch &batch)
{
    if (batch.isEmpty())
        return;
    // A batch bigger than the whole retention keeps only its newest rows: the others would be
    // evicted at once anyway, so they are counted as evicted without ever being shown.
    const qsizetype skipped = std::max<qsizetype>(0, batch.size() - m_retentionLimit);
    const int incoming = static_cast<int>(batch.size() - skipped);
    const int overflow = m_size + incoming - m_retentionLimit;
    if (overflow > 0)
        evictFront(std::min(overflow, m_size));
    m_appendedCount += static_cast<quint64>(skipped);
    m_evictedCount += static_cast<quint64>(skipped);
    m_firstRowId += static_cast<quint64>(skipped); // skipped > 0 only when the store is now empty

    const int first = m_size;
    qint64 released = 0;
    for (qsizetype i = 0; i < skipped; ++i)
        released += heapBytesOf(batch.at(i));
    for (qsizetype i = skipped; i < batch.size(); ++i) {
        const BusEvent &event = batch.at(i);
        released += heapBytesOf(event);
        appendEvent(event);
    }
    m_heapTrimmer.noteReleased(released);
    emit rowsAppended(first, incoming);
    emit countsChanged();
}

void EventStore::recordOutage(const Outage &outage)
{
    if (outage.endedMs > 0 && m_openGapRowId != 0) {
        const int index = indexOfRowId(m_openGapRowId);
        auto it = m_outages.find(m_openGapRowId);
        m_openGapRowId = 0;
        if (index >= 0 && it != m_outages.end() && it->beganMs == outage.beganMs) {
            *it = outage;
            emit rowChanged(index);
            return;
        }
    }
    if (m_size + 1 > m_retentionLimit)
        evictFront(m_size + 1 - m_retentionLimit);
    const int first = m_size;
    appendGap(outage);
    if (outage.endedMs == 0)
        m_openGapRowId = m_firstRowId + static_cast<quint64>(first);
    emit rowsAppended(first, 1);
    emit countsChanged();
}

void EventStore::clear()
{
    emit aboutToBeCleared();
    m_heapTrimmer.noteReleased(memoryBytes());
    m_chunks.clear();
    m_frontOffset = 0;
    m_firstRowId += static_cast<quint64>(m_size);
    m_size = 0;
    m_channels.resize(1);
    m_channelIds.clear();
    m_lastChannelId = 0;
    m_outages.clear();
    m_sharedPayloads.clear();
    m_sharedPayloadBytes = 0;
    m_openGapRowId = 0;
    m_kindCounts.fill(0);
    m_messageCount = 0;
    m_gapCount = 0;
    m_appendedCount = 0;
    m_evictedCount = 0;
    m_fieldSamples.fill(0);
    for (QSet<QString> &names : m_fieldNames)
        names.clear();
    emit cleared();
    emit countsChanged();
}

int EventStore::indexOfRowId(quint64 rowId) const
{
    if (rowId < m_firstRowId || rowId >= m_firstRowId + static_cast<quint64>(m_size))
        return -1;
    return static_cast<int>(rowId - m_firstRowId);
}

int EventStore::indexOfSequence(quint64 sequence) const
{
    // Gap rows carry sequence 0 and are skipped by looking at their neighbours.
    int low = 0;
    int high = m_size - 1;
    while (low <= high) {
        const int middle = low + (high - low) / 2;
        int probe = middle;
        while (probe <= high && recordAt(probe).type == RowType::Gap)
            ++probe;
        if (probe > high) {
            high = middle - 1;
            continue;
        }
        const quint64 found = recordAt(probe).sequence;
        if (found == sequence)
            return probe;
        if (found < sequence)
            low = probe + 1;
        else
            high = middle - 1;
    }
    return -1;
}

std::optional<Outage> EventStore::outageAt(int index) const
{
    if (index < 0 || index >= m_size)
        return std::nullopt;
    const auto it = m_outages.constFind(m_firstRowId + static_cast<quint64>(index));
    if (it == m_outages.constEnd())
        return std::nullopt;
    return *it;
}

QByteArray EventStore::payloadOf(int index) const
{
    const Record &record = recordAt(index);
    if (record.sharedPayload)
        return m_sharedPayloads.value(m_firstRowId + static_cast<quint64>(index));
    return row(index).payload.toByteArray();
}

void EventStore::forgetSharedPayload(quint64 rowId)
{
    const auto it = m_sharedPayloads.constFind(rowId);
    if (it == m_sharedPayloads.constEnd())
        return;
    m_sharedPayloadBytes -= it->size();
    m_heapTrimmer.noteReleased(it->size());
    m_sharedPayloads.erase(it);
}

qint64 EventStore::memoryBytes() const
{
    qint64 bytes = m_sharedPayloadBytes;
    for (const auto &chunk : m_chunks)
        bytes += bytesOf(*chunk);
    return bytes;
}

qint64 EventStore::bytesOf(const Chunk &chunk)
{
    return qint64(sizeof(Chunk) + chunk.records.capacity() * sizeof(Record) + chunk.text.capacity());
}

QStringList EventStore::fieldNames() const
{
    QSet<QString> all;
    for (const QSet<QString> &names : m_fieldNames)
        all.unite(names);
    QStringList sorted(all.begin(), all.end());
    sorted.sort();
    return sorted;
}

QStringList EventStore::fieldNames(EventKind kind) const
{
    const QSet<QString> &names = m_fieldNames[static_cast<size_t>(kind)];
    QStringList sorted(names.begin(), names.end());
    sorted.sort();
    return sorted;
}

void EventStore::evictFront(int count)
{
    if (count <= 0)
        return;
    emit rowsAboutToBeEvicted(count);
    for (int i = 0; i < count; ++i) {
        const Record &record = recordAt(i);
        if (record.type == RowType::Gap) {
            m_outages.remove(m_firstRowId + static_cast<quint64>(i));
            --m_gapCount;
        } else {
            --m_kindCounts[static_cast<size_t>(record.kind)];
            --m_messageCount;
            if (record.sharedPayload)
                forgetSharedPayload(m_firstRowId + static_cast<quint64>(i));
        }
    }
    if (m_openGapRowId != 0 && m_openGapRowId < m_firstRowId + static_cast<quint64>(count))
        m_openGapRowId = 0;
    m_frontOffset += count;
    m_size -= count;
    m_firstRowId += static_cast<quint64>(count);
    m_evictedCount += static_cast<quint64>(count);
    while (!m_chunks.empty() && m_frontOffset >= chunkRows) {
        m_heapTrimmer.noteReleased(bytesOf(*m_chunks.front()));
        m_chunks.pop_front();
        m_frontOffset -= chunkRows;
    }
    if (m_size == 0) {
        m_heapTrimmer.noteReleased(memoryBytes());
        m_chunks.clear();
        m_frontOffset = 0;
    }
    emit rowsEvicted(count);
}

EventStore::Record &EventStore::pushRecord(QByteArrayView payload, QByteArrayView summary,
                                           QByteArrayView problems)
{
    const int position = m_frontOffset + m_size;
    if ((position >> chunkShift) >= static_cast<int>(m_chunks.size())) {
        // A chunk's text is sized like the last one's, so it is rarely grown (each growth copies
        // all of it) and rarely has much to give back when full (giving back copies it again).
        size_t expectedText = 0;
        if (!m_chunks.empty()) {
            auto &last = m_chunks.back()->text;
            if (last.capacity() - last.size() > last.size() / 8)
                last.shrink_to_fit();
            // Not beyond a few MiB: after a run of big payloads, small ones should not reserve as much.
            constexpr size_t maxExpectedText = 8 * 1024 * 1024;
            expectedText = std::min(last.size() + last.size() / 16, maxExpectedText);
        }
        auto chunk = std::make_unique<Chunk>();
        chunk->records.reserve(chunkRows);
        chunk->text.reserve(expectedText);
        m_chunks.push_back(std::move(chunk));
    }
    Chunk &chunk = *m_chunks.back();
    Record record{};
    record.textOffset = chunk.text.size();
    record.payloadSize = static_cast<quint32>(payload.size());
    record.summarySize = static_cast<quint32>(summary.size());
    record.problemsSize = static_cast<quint32>(problems.size());
    // Grown, then copied in whole: with an allocator of its own, the vector's insert() constructs
    // byte by byte (6% of the window's thread at 50,000 messages a second).
    chunk.text.resize(chunk.text.size() + payload.size() + summary.size() + problems.size());
    char *text = chunk.text.data() + record.textOffset;
    for (const QByteArrayView part : {payload, summary, problems}) {
        if (!part.isEmpty())
            std::memcpy(text, part.data(), size_t(part.size()));
        text += part.size();
    }
    chunk.records.push_back(record);
    ++m_size;
    ++m_appendedCount;
    return chunk.records.back();
}

void EventStore::appendEvent(const BusEvent &event)
{
    // One payload above 4 GiB cannot be kept in a row; such a message is cut, never dropped.
    constexpr qsizetype maxPart = std::numeric_limits<quint32>::max();
    const QByteArrayView payload =
        QByteArrayView(event.payload).first(std::min(event.payload.size(), maxPart));
    const QByteArray summary = event.summary.toUtf8();
    const QByteArray problems = event.problems.join(QLatin1Char('\n')).toUtf8();
    const bool shared = payload.size() >= sharedPayloadBytes;
    Record &record = pushRecord(shared ? QByteArrayView() : payload, summary, problems);
    if (shared) {
        const quint64 rowId = m_firstRowId + static_cast<quint64>(m_size - 1);
        record.payloadSize = static_cast<quint32>(payload.size());
        record.sharedPayload = true;
        // Its own bytes, whatever buffer the event's payload may have shared.
        QByteArray kept = event.payload.size() == payload.size() ? event.payload : payload.toByteArray();
        m_sharedPayloadBytes += kept.size();
        m_sharedPayloads.insert(rowId, std::move(kept));
    }
    record.sequence = event.sequence;
    record.receivedMs = event.receivedMs;
    record.type = RowType::Message;
    record.kind = event.kind;
    record.severity = severityOf(event);
    record.channelId = internChannel(event);
    ++m_kindCounts[static_cast<size_t>(event.kind)];
    ++m_messageCount;
    if (m_fieldSamples[static_cast<size_t>(event.kind)] < fieldSamplesPerKind)
        collectFieldNames(event.kind, payload);
}

void EventStore::appendGap(const Outage &outage)
{
    Record &record = pushRecord(QByteArrayView(), outage.reason.toUtf8(), QByteArrayView());
    record.sequence = 0;
    record.receivedMs = outage.beganMs;
    record.type = RowType::Gap;
    record.kind = EventKind::Unknown;
    record.severity = Severity::Alert;
    record.channelId = 0;
    m_outages.insert(m_firstRowId + static_cast<quint64>(m_size - 1), outage);
    ++m_gapCount;
}

quint32 EventStore::internChannel(const BusEvent &event)
{
    // Bursts come from few channels: the last one is the likely one.
    if (m_lastChannelId != 0) {
        const ChannelEntry &last = m_channels[m_lastChannelId];
        if (last.channel == event.channel && last.kind == event.kind && last.pattern == event.pattern)
            return m_lastChannelId;
    }
    // The kind follows from the channel, so channel and pattern name an entry.
    QByteArray key = event.channel;
    key += '\0';
    key += event.pattern;
    auto it = m_channelIds.constFind(key);
    if (it != m_channelIds.constEnd() && m_channels[*it].kind == event.kind) {
        m_lastChannelId = *it;
        return *it;
    }
    const auto id = static_cast<quint32>(m_channels.size());
    m_channels.push_back(ChannelEntry{event.channel, event.username, event.kind, event.pattern});
    m_channelIds.insert(key, id);
    m_lastChannelId = id;
    return id;
}

void EventStore::collectFieldNames(EventKind kind, QByteArrayView payload)
{
    QSet<QString> &names = m_fieldNames[static_cast<size_t>(kind)];
    const bool isObject =
        JsonFieldScanner::forEachMember(payload, [&](QByteArrayView key, const JsonValueRef &value) {
            const QString name = JsonFieldScanner::decodeString(key);
            names.insert(name);
            if (value.type == JsonValueRef::Type::Object) {
                JsonFieldScanner::forEachMember(value.raw, [&](QByteArrayView inner, const JsonValueRef &) {
                    names.insert(name + QLatin1Char('.') + JsonFieldScanner::decodeString(inner));
                    return names.size() < 500;
                });
            }
            return names.size() < 500;
        });
    if (isObject)
        ++m_fieldSamples[static_cast<size_t>(kind)];
}

} // namespace busmon
