#pragma once

#include <QByteArrayView>

class QFileDevice;
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
    // The same for what the file's buffer holds: a flush the disk took part of is followed by one
    // more. False when the file refused some of it; its errorString() says why.
    static bool flush(QFileDevice &file);
};

} // namespace busmon
