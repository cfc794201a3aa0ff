#pragma once

#include "bus/subscriptionrefusal.h"
#include "capture/captureheader.h"
#include "events/busevent.h"
#include "events/jsonobjectview.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

class QIODevice;

namespace busmon {

// Reads what CaptureWriter wrote, line by line. A bad line (not JSON, no channel, bad base64…) is
// reported as Error with its line number and reading goes on, so one damaged line never costs
// the rest of a capture. Blank lines are skipped.
//
// kind, username and problems are taken from the line as recorded; where a line lacks them
// (a capture written by hand or by another tool) they are worked out from the channel and payload,
// as at ingest. The summary is always made afresh (it is not part of the format).
// A first line that is a CaptureHeader (a redacted capture says so) is taken in and not returned.
// Meant for files and blocking streams: a device with no data yet counts as ended.
class CaptureReader
{
public:
    explicit CaptureReader(QIODevice *device); // does not own it

    // Without summaries (the default is with), events come with an empty summary: reading a line then
    // never parses its payload when the line records kind, username and problems, as `tail` writes them.
    void setSummaries(bool summaries) { m_summaries = summaries; }

    enum class Entry { Event, Outage, Error, End };
    Entry readNext();

    // After Event: channel, pattern, receivedMs, kind, username, problems, payload, summary;
    // sequence is the line number.
    const BusEvent &event() const { return m_event; }
    BusEvent takeEvent() { return std::move(m_event); }   // the same, moved out
    const Outage &outage() const { return m_outage; }     // after Outage; noticedMs 0 where not recorded
    QString errorString() const { return m_errorString; } // after Error: "line 12: not JSON (…)"
    qint64 lineNumber() const { return m_lineNumber; }
    // The capture's header line, once read past it; nullopt when the capture has none.
    const std::optional<CaptureHeader> &header() const { return m_header; }
    // Lines that note a subscription the server refused are about the recording, not the bus:
    // readNext() passes over them and keeps them here, in order.
    const QList<SubscriptionRefusal> &refusals() const { return m_refusals; }

private:
    // The members of a line the reader looks at, found in one pass over them.
    struct LineFields
    {
        JsonValueView channel, channelBase64, pattern, received, kind, username, problems, data, dataBase64,
            outage, refused;
        static LineFields of(const JsonObjectView &object);
    };
    // The value made from a field's raw text the last time: consecutive lines mostly repeat their
    // channel, pattern, user and time, and then share them instead of making them again (fewer
    // allocations here, and fewer frees wherever the events end up).
    template<typename T> class Repeated
    {
    public:
        template<typename Make> const T &get(const JsonValueView &field, Make make)
        {
            if (m_raw != field.raw()) {
                m_value = make();
                m_raw = field.raw().toByteArray();
            }
            return m_value;
        }

    private:
        QByteArray m_raw;
        T m_value{};
    };

    // The view stays valid until the next call.
    bool nextLine(QByteArrayView &line);
    std::optional<Entry> parseLine(QByteArrayView line); // nullopt: a refusal, kept aside
    Entry readEvent(const LineFields &fields);
    Entry readOutage(const JsonObjectView &fields);
    std::optional<Entry> readRefusal(const JsonObjectView &fields);
    Entry fail(const QString &reason);

    QIODevice *m_device;
    // Read in large blocks and split here: QIODevice::readLine() costs about 20 us a line.
    QByteArray m_buffer;
    qsizetype m_bufferPos = 0;
    qint64 m_lineNumber = 0;
    BusEvent m_event;
    Outage m_outage;
    QList<SubscriptionRefusal> m_refusals;
    QString m_errorString;
    std::optional<CaptureHeader> m_header;
    bool m_sawFirstLine = false;
    bool m_summaries = true;
    Repeated<QByteArray> m_lastChannel;
    Repeated<QByteArray> m_lastPattern;
    Repeated<QString> m_lastUsername;
    Repeated<std::optional<qint64>> m_lastReceived;
};

} // namespace busmon
