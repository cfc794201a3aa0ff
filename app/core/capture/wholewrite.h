#pragma once

#include <QByteArrayView>

class QIODevice;

namespace busmon {

// Writes bytes to a device all of them or says why not. A disk that fills up takes part of a write
// and refuses the rest, and QFile keeps the reason (errno) only for a write that wrote nothing: so a
// short or failed write is followed by one more, which writes the rest or fails with the reason.
class WholeWrite
{
public:
    // False when the device refused some of the bytes; its errorString() says why.
    static bool to(QIODevice &device, QByteArrayView bytes);
};

} // namespace busmon
