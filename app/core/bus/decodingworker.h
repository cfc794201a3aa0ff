#pragma once

#include "events/busevent.h"

#include <QObject>

namespace busmon {

// Runs EventDecoder over whole batches on the decoder thread, so that classifying and checking
// payloads never slows the socket thread down.
class DecodingWorker : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    void decode(const busmon::BusEventBatch &events);

signals:
    void decoded(const busmon::BusEventBatch &events);
};

} // namespace busmon
