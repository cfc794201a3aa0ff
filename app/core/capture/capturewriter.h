#pragma once

#include "bus/checkedbatch.h"
#include "bus/subscriptionrefusal.h"
#include "events/busevent.h"
#include "events/isodatetime.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <limits>

class QIODevice;

namespace busmon {

// Writes the capture format (DESIGN.md, "Formats and commands that others script against"):
// JSON Lines, one object a line, keys in this order:
//   {"channel":…,"pattern":…|null,"received":"2026-11-27T09:00:00.123Z","kind":…,"username":…|null,
//    "problems":[…],"data":"…"}   (or "data_base64":"…" when the payload is not valid UTF-8)
// and, for a time the subscriber was away:
//   {"outage":{"began":"…","ended":"…"|null,"duration_ms":N|null,"reason":"…","noticed":"…"}}
// (began is the server's last sign of life, noticed when the loss was found out; captures written
// before noticed was recorded lack it) and, for a subscription the server's ACL refused:
//   {"refused":{"pattern":"sync.*","reason":"NOPERM …","at":"…"}}   ("channel" for a channel)
// Payloads are byte-exact: reading `data` back gives exactly the published bytes. A channel that
// is not valid UTF-8 (never seen on a real bus) is written lossily as `channel` and exactly as a
// trailing `channel_base64`, which CaptureReader prefers.
// Lines are built by hand, not with QJsonDocument, which would reorder the keys and is slower.
class CaptureWriter
{
public:
    explicit CaptureWriter(QIODevice *device); // does not own it

    // Appends one line; false, with errorString(), when the device refuses it. Does not flush:
    // the caller decides how often (busmon-cli tail flushes after each batch).
    bool write(const BusEvent &event);
    // All of them, a chunk of about chunkBytes at a time.
    bool write(const BusEventBatch &events);
    // The first `count` of them (all by default), the same lines as for their BusEvents.
    bool write(const CheckedBatch &batch, qsizetype count = std::numeric_limits<qsizetype>::max());
    bool writeOutage(const Outage &outage);
    bool writeRefusal(const SubscriptionRefusal &refusal);

    static QByteArray line(const BusEvent &event); // with trailing '\n'
    static void appendLine(QByteArray &out, const BusEvent &event);
    static QByteArray outageLine(const Outage &outage);
    static QByteArray refusalLine(const SubscriptionRefusal &refusal);

    QString errorString() const { return m_errorString; }
    qint64 bytesWritten() const { return m_bytesWritten; } // by this writer, so far

private:
    // A line in three parts: lead, receive time, middle, rest. Lead and middle depend only on the
    // channel (and the pattern that matched it).
    struct ChannelLines
    {
        QByteArray lead;   // {"channel":…,"pattern":…,"received":"
        QByteArray middle; // ","kind":…,"username":…,"problems":[
        bool channelIsUtf8 = true;
    };
    static void reserveLine(QByteArray &out, qsizetype bytes);
    static bool appendLead(QByteArray &out, QByteArrayView channel, QByteArrayView pattern); // channel UTF-8?
    static void appendMiddle(QByteArray &out, EventKind kind, QByteArrayView usernameUtf8);
    // The problems, the payload and, for a channel that is not UTF-8, its exact bytes.
    static void appendRest(QByteArray &out, const QStringList &problems, QByteArrayView payload,
                           QByteArrayView nonUtf8Channel);
    template<typename AppendOne> bool writeChunked(qsizetype count, AppendOne appendOne);
    bool writeLine(const QByteArray &line);

    static constexpr qsizetype chunkBytes = 64 * 1024;
    static constexpr qsizetype maxKeptChunkBytes = 1024 * 1024;

    QIODevice *m_device;
    QString m_errorString;
    QByteArray m_chunk;
    qint64 m_lastReceivedMs = std::numeric_limits<qint64>::min();
    std::array<char, IsoDateTime::utcMsLength> m_lastReceivedText{};
    qint64 m_bytesWritten = 0;
};

} // namespace busmon
