#pragma once

#include "bus/pageallocator.h"
#include "events/busevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QMetaType>
#include <QSharedData>
#include <QSharedDataPointer>

#include <vector>

namespace busmon {

// Messages as the socket thread hands them to the decoder thread: the payloads back to back in
// one buffer, and a small record each, instead of a BusEvent and a heap block per message. In a
// burst on a small machine the decoder falls hundreds of thousands of messages behind, and this
// is what waits: the payload plus 32 bytes a message, where BusEvents cost about 200 bytes more.
// Copies share their data until one is changed, so a queued signal does not copy the messages.
// The buffers are pages of their own, given back to the system as soon as the batch is decoded
// (or, read in place as a CheckedBatch, written).
class RawEventBatch
{
public:
    void reserve(qsizetype events, qsizetype payloadBytes);
    // channel and pattern are shared, not copied (RespReader interns them).
    void append(qint64 receivedMs, const QByteArray &channel, const QByteArray &pattern,
                QByteArrayView payload);

    qsizetype size() const { return qsizetype(d->entries.size()); }
    bool isEmpty() const { return d->entries.empty(); }
    qsizetype payloadBytes() const { return qsizetype(d->payloads.size()); }
    // FlowCounters::weight() of the BusEventBatch this becomes.
    qint64 weight() const;
    // How many of the first messages fit in `events` messages and `weight` of FlowCounters::weight().
    qsizetype countWithin(qint64 events, qint64 weight) const;
    // Keeps the first `count` messages.
    void truncate(qsizetype count);

    // Numbers the messages firstSequence, firstSequence + 1, …
    void setFirstSequence(quint64 firstSequence) { d->firstSequence = firstSequence; }
    // The messages as BusEvents, not yet decoded: sequence, receive time, channel, pattern, payload.
    BusEventBatch toEvents() const;

    // Or read in place, for a consumer that needs no BusEvent (see CheckedBatch).
    quint64 sequence(qsizetype index) const { return d->firstSequence + quint64(index); }
    qint64 receivedMs(qsizetype index) const { return entry(index).receivedMs; }
    QByteArrayView payload(qsizetype index) const
    {
        const Entry &message = entry(index);
        return QByteArrayView(d->payloads.data() + message.payloadOffset, message.payloadSize);
    }
    // The messages come from few channels: each (channel, pattern) pair is a name, numbered from 0.
    quint32 nameOf(qsizetype index) const { return entry(index).name; }
    qsizetype nameCount() const { return qsizetype(d->names.size()); }
    const QByteArray &channel(quint32 name) const { return d->names[name].channel; }
    const QByteArray &pattern(quint32 name) const { return d->names[name].pattern; }

private:
    struct Entry
    {
        qint64 receivedMs;
        qint64 payloadOffset;
        qint64 payloadSize;
        quint32 name; // index in Data::names
    };
    struct Name
    {
        QByteArray channel;
        QByteArray pattern;
    };
    struct Data : QSharedData
    {
        // Straight from the system and back: see PageAllocator.
        std::vector<Entry, PageAllocator<Entry>> entries;
        std::vector<char, PageAllocator<char>> payloads;
        std::vector<Name> names;
        QHash<QByteArray, quint32> namesByChannel;
        quint32 lastName = 0;
        quint64 firstSequence = 0;
    };
    quint32 nameIndex(const QByteArray &channel, const QByteArray &pattern);
    const Entry &entry(qsizetype index) const { return d->entries[size_t(index)]; }

    QSharedDataPointer<Data> d{new Data};
};

} // namespace busmon

Q_DECLARE_METATYPE(busmon::RawEventBatch)
