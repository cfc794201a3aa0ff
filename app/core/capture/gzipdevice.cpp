#include "capture/gzipdevice.h"

#include "capture/wholewrite.h"

#include <zlib.h>

#include <array>

namespace busmon {

namespace {
constexpr int gzipWindowBits = 15 + 16; // write a gzip header and trailer
constexpr int autoWindowBits = 15 + 32; // read gzip or zlib, told apart by the header
constexpr qint64 chunkSize = 64 * 1024;
} // namespace

struct GzipDevice::Stream
{
    z_stream z{};
    bool inflating = false;
    std::array<char, chunkSize> buffer{};
    bool streamEnded = false; // inflate reached the end of one member
};

GzipDevice::GzipDevice(QIODevice *inner, QObject *parent)
    : QIODevice(parent)
    , m_inner(inner)
{}

GzipDevice::~GzipDevice()
{
    if (isOpen())
        close();
}

bool GzipDevice::looksCompressed(QByteArrayView head)
{
    return head.size() >= 2 && static_cast<quint8>(head[0]) == 0x1f && static_cast<quint8>(head[1]) == 0x8b;
}

bool GzipDevice::open(OpenMode mode)
{
    const bool reading = mode.testFlag(ReadOnly);
    if (reading == mode.testFlag(WriteOnly)) {
        setErrorString(tr("a gzip stream is either read or written"));
        return false;
    }
    auto stream = std::make_unique<Stream>();
    stream->inflating = reading;
    const int result = reading ? inflateInit2(&stream->z, autoWindowBits)
                               : deflateInit2(&stream->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzipWindowBits,
                                              8, Z_DEFAULT_STRATEGY);
    if (result != Z_OK) {
        setErrorString(tr("zlib could not start (%1)").arg(result));
        return false;
    }
    m_stream = std::move(stream);
    m_ended = false;
    m_failed = false;
    return QIODevice::open(mode | Unbuffered);
}

void GzipDevice::close()
{
    if (!m_stream)
        return QIODevice::close();
    if (m_stream->inflating) {
        inflateEnd(&m_stream->z);
    } else {
        deflateChunk(nullptr, 0, Z_FINISH);
        deflateEnd(&m_stream->z);
    }
    m_stream.reset();
    QIODevice::close();
}

bool GzipDevice::atEnd() const
{
    return m_ended && QIODevice::atEnd();
}

qint64 GzipDevice::readData(char *data, qint64 maxSize)
{
    if (m_failed || !m_stream || !m_stream->inflating)
        return -1;
    if (m_ended)
        return 0;
    z_stream &z = m_stream->z;
    z.next_out = reinterpret_cast<Bytef *>(data);
    z.avail_out = static_cast<uInt>(std::min<qint64>(maxSize, 1 << 30));
    while (z.avail_out > 0) {
        if (z.avail_in == 0) {
            const qint64 got = m_inner->read(m_stream->buffer.data(), chunkSize);
            if (got < 0) {
                setErrorString(m_inner->errorString());
                return -1;
            }
            if (got == 0) {
                if (!m_stream->streamEnded && z.total_in > 0) {
                    return fail(tr("the compressed data ends early (a truncated .gz)"),
                                maxSize - z.avail_out);
                }
                m_ended = true;
                break;
            }
            z.next_in = reinterpret_cast<Bytef *>(m_stream->buffer.data());
            z.avail_in = static_cast<uInt>(got);
            if (m_stream->streamEnded) { // another member follows (cat a.gz b.gz)
                inflateReset(&z);
                m_stream->streamEnded = false;
            }
        }
        const int result = inflate(&z, Z_NO_FLUSH);
        if (result == Z_STREAM_END) {
            m_stream->streamEnded = true;
            if (z.avail_in > 0) {
                inflateReset(&z);
                m_stream->streamEnded = false;
            }
            continue;
        }
        if (result != Z_OK && result != Z_BUF_ERROR) {
            return fail(tr("not valid gzip data (%1)").arg(QString::fromLatin1(z.msg ? z.msg : "zlib error")),
                        maxSize - z.avail_out);
        }
    }
    return maxSize - z.avail_out;
}

qint64 GzipDevice::writeData(const char *data, qint64 maxSize)
{
    if (!m_stream || m_stream->inflating)
        return -1;
    return deflateChunk(data, maxSize, Z_NO_FLUSH) ? maxSize : -1;
}

qint64 GzipDevice::fail(const QString &reason, qint64 produced)
{
    // What was inflated before the damage is handed out; the read after it fails.
    setErrorString(reason);
    m_failed = true;
    return produced > 0 ? produced : -1;
}

bool GzipDevice::syncFlush()
{
    return m_stream && !m_stream->inflating && deflateChunk(nullptr, 0, Z_SYNC_FLUSH);
}

bool GzipDevice::deflateChunk(const char *data, qint64 size, int flush)
{
    // Once the file refused compressed bytes the stream has a hole: nothing after it is written, and a
    // caller's second try (WholeWrite) cannot put the same data in twice.
    if (m_failed)
        return false;
    z_stream &z = m_stream->z;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
    z.avail_in = static_cast<uInt>(size);
    do {
        z.next_out = reinterpret_cast<Bytef *>(m_stream->buffer.data());
        z.avail_out = static_cast<uInt>(chunkSize);
        const int result = deflate(&z, flush);
        if (result == Z_STREAM_ERROR) {
            setErrorString(tr("zlib could not compress"));
            m_failed = true;
            return false;
        }
        const qint64 produced = chunkSize - z.avail_out;
        if (produced > 0 && !WholeWrite::to(*m_inner, QByteArrayView(m_stream->buffer.data(), produced))) {
            setErrorString(m_inner->errorString());
            m_failed = true;
            return false;
        }
    } while (z.avail_out == 0);
    return true;
}

} // namespace busmon
