#include "capture/wholewrite.h"

#include <QFileDevice>

namespace busmon {

bool WholeWrite::to(QIODevice &device, QByteArrayView bytes)
{
    qint64 written = 0;
    bool lastFailed = false;
    while (written < bytes.size()) {
        const qint64 now = device.write(bytes.data() + written, bytes.size() - written);
        if (now > 0) {
            written += now;
        } else if (lastFailed) {
            return false;
        }
        // A QFile write that failed put nothing in the file's buffer: trying it again writes nothing twice.
        lastFailed = now <= 0;
    }
    return true;
}

bool WholeWrite::flush(QFileDevice &file)
{
    // A flush that wrote part of the buffer freed that part: the second writes only the rest.
    return file.flush() || file.flush();
}

} // namespace busmon
