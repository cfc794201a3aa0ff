#pragma once

#include "bus/raweventbatch.h"
#include "events/eventkind.h"

#include <QHash>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <vector>

namespace busmon {

// A batch as the decoder thread hands it to a consumer that writes messages out as they came
// (`busmon-cli tail` writing a capture): the socket thread's RawEventBatch, read in place, with
// what checking found beside it. Kind and username come from the channel, so they are kept once
// per channel; problems, rare on a healthy bus, only for the messages that have some. No BusEvent
// is made and no payload copied: in a burst those copies, and freeing them on another thread, were
// a tenth of tail's CPU time.
class CheckedBatch
{
public:
    CheckedBatch() = default;
    // Checks every message (EventDecoder::problems): the work of the decoder thread.
    static CheckedBatch check(const RawEventBatch &raw);

    qsizetype size() const { return m_raw.size(); }
    bool isEmpty() const { return m_raw.isEmpty(); }
    qint64 weight() const { return m_raw.weight(); } // as RawEventBatch::weight()

    quint64 sequence(qsizetype index) const { return m_raw.sequence(index); }
    qint64 receivedMs(qsizetype index) const { return m_raw.receivedMs(index); }
    QByteArrayView channel(qsizetype index) const { return m_raw.channel(m_raw.nameOf(index)); }
    QByteArrayView pattern(qsizetype index) const { return m_raw.pattern(m_raw.nameOf(index)); }
    QByteArrayView payload(qsizetype index) const { return m_raw.payload(index); }
    EventKind kind(qsizetype index) const { return m_channels[m_raw.nameOf(index)].kind; }
    // As BusEvent::username holds it, in UTF-8; empty where the channel names none.
    QByteArrayView usernameUtf8(qsizetype index) const
    {
        return m_channels[m_raw.nameOf(index)].usernameUtf8;
    }
    QStringList problems(qsizetype index) const { return m_problems.value(index); }
    // Messages with the same name share channel and pattern, and so kind and username.
    quint32 nameOf(qsizetype index) const { return m_raw.nameOf(index); }
    qsizetype nameCount() const { return m_raw.nameCount(); }
    bool hasProblems(qsizetype index) const { return m_problems.contains(index); }

private:
    struct ChannelFacts
    {
        EventKind kind = EventKind::Unknown;
        QByteArray usernameUtf8;
    };

    RawEventBatch m_raw;
    std::vector<ChannelFacts> m_channels; // by RawEventBatch name
    QHash<qsizetype, QStringList> m_problems;
};

} // namespace busmon

Q_DECLARE_METATYPE(busmon::CheckedBatch)
