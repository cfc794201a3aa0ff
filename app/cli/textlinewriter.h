#pragma once

#include "events/busevent.h"

#include <QString>

class QIODevice;

namespace busmon::cli {

// The bus for a person at a terminal: one aligned line a message (time, kind, user, summary,
// problems) instead of JSON. Not meant to be parsed; the capture format is.
class TextLineWriter
{
public:
    explicit TextLineWriter(QIODevice *device);
    bool write(const BusEvent &event);
    bool writeOutage(const Outage &outage);
    QString errorString() const;

    static QByteArray line(const BusEvent &event);
    static QByteArray outageLine(const Outage &outage);

private:
    bool writeLine(const QByteArray &line);

    QIODevice *m_device;
};

} // namespace busmon::cli
