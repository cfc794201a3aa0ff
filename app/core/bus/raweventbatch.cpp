#include "bus/raweventbatch.h"

#include "bus/flowcounters.h"

#include <cstring>

namespace busmon {

namespace {

QByteArray detachedCopy(const QByteArray &bytes)
{
    return bytes.isNull() ? QByteArray() : QByteArray(bytes.constData(), bytes.size());
}

// RespReader hands over the same shared bytes for a name it has seen: no need to compare them.
bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    return (a.constData() == b.constData() && a.size() == b.size()) || a == b;
}

} // namespace

void RawEventBatch::reserve(qsizetype events, qsizetype payloadBytes)
{
    d->entries.reserve(size_t(events));
    d->payloads.reserve(size_t(payloadBytes));
}

void RawEventBatch::append(qint64 receivedMs, const QByteArray &channel, const QByteArray &pattern,
                           QByteArrayView payload)
{
    const quint32 name = nameIndex(channel, pattern);
    d->entries.push_back(Entry{receivedMs, qint64(d->payloads.size()), payload.size(), name});
    // One memcpy: inserting a range through this allocator copies byte by byte.
    const size_t at = d->payloads.size();
    d->payloads.resize(at + size_t(payload.size()));
    if (!payload.isEmpty())
        std::memcpy(d->payloads.data() + at, payload.data(), size_t(payload.size()));
}

qint64 RawEventBatch::weight() const
{
    return qint64(d->entries.size()) * FlowCounters::perEventWeight + qint64(d->payloads.size());
}

qsizetype RawEventBatch::countWithin(qint64 events, qint64 weight) const
{
    const qsizetype byCount = qsizetype(qBound<qint64>(0, events, qint64(d->entries.size())));
    qint64 total = 0;
    for (qsizetype i = 0; i < byCount; ++i) {
        total += FlowCounters::perEventWeight + d->entries[size_t(i)].payloadSize;
        if (total > weight)
            return i;
    }
    return byCount;
}

void RawEventBatch::truncate(qsizetype count)
{
    if (count >= size())
        return;
    Data &data = *d;
    const auto kept = data.entries.begin() + count;
    data.payloads.resize(count > 0 ? size_t(kept->payloadOffset) : 0);
    data.entries.erase(kept, data.entries.end());
}

BusEventBatch RawEventBatch::toEvents() const
{
    // The events share copies of the names made for this batch alone. Sharing the socket thread's
    // interned names would have this thread and the one that frees the events count references on
    // the same bytes, two atomic operations a message on a cache line the two cores pass back and forth.
    std::vector<Name> names;
    names.reserve(d->names.size());
    for (const Name &name : d->names)
        names.push_back(Name{detachedCopy(name.channel), detachedCopy(name.pattern)});
    BusEventBatch events;
    events.reserve(size());
    quint64 sequence = d->firstSequence;
    for (const Entry &entry : d->entries) {
        const Name &name = names[entry.name];
        BusEvent &event = events.emplaceBack();
        event.sequence = sequence++;
        event.receivedMs = entry.receivedMs;
        event.channel = name.channel;
        event.pattern = name.pattern;
        event.payload = QByteArray(d->payloads.data() + entry.payloadOffset, entry.payloadSize);
    }
    return events;
}

quint32 RawEventBatch::nameIndex(const QByteArray &channel, const QByteArray &pattern)
{
    // A burst comes from few channels: the last one is the likely one.
    Data &data = *d;
    if (!data.names.empty() && sameBytes(data.names[data.lastName].channel, channel) &&
        sameBytes(data.names[data.lastName].pattern, pattern))
        return data.lastName;
    const auto it = data.namesByChannel.constFind(channel);
    if (it != data.namesByChannel.constEnd() && data.names[*it].pattern == pattern) {
        data.lastName = *it;
        return data.lastName;
    }
    data.lastName = quint32(data.names.size());
    data.names.push_back(Name{channel, pattern});
    if (it == data.namesByChannel.constEnd())
        data.namesByChannel.insert(channel, data.lastName);
    return data.lastName;
}

} // namespace busmon
