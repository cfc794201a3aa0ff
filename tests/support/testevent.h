#pragma once

#include "events/busevent.h"

namespace busmon::test {

// A message as the decoder hands it to the store: kind and username worked out from the channel,
// the channel as its summary. Payloads are taken as they are (not checked).
BusEvent makeEvent(qint64 receivedMs, const QByteArray &channel, const QByteArray &payload,
                   quint64 sequence = 0);

} // namespace busmon::test
