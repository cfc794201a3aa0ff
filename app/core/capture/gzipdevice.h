#pragma once

#include <QIODevice>

#include <memory>

namespace busmon {

// A gzip stream over another device, through zlib (Qt has none: qUncompress is zlib's own format
// with a size prefix, not gzip). Opened ReadOnly it inflates, accepting several gzip members one
// after the other as `gzip -d` does; opened WriteOnly it deflates and writes the trailer on close().
// Sequential: no seek, no size. Damaged compressed data is a read error (errorString()), never a crash.
class GzipDevice : public QIODevice
{
    Q_OBJECT
public:
    explicit GzipDevice(QIODevice *inner, QObject *parent = nullptr); // does not own `inner`
    ~GzipDevice() override;

    bool open(OpenMode mode) override;
    void close() override;
    bool isSequential() const override { return true; }
    bool atEnd() const override;

    // Writing: everything written so far becomes readable from the file (a record that must
    // survive a crash); costs a few bytes of compression each time.
    bool syncFlush();
    bool hasFailed() const { return m_failed; }

    // The first two bytes of a gzip stream, for telling a .jsonl.gz from a .jsonl by content.
    static bool looksCompressed(QByteArrayView head);

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    bool deflateChunk(const char *data, qint64 size, int flush);
    qint64 fail(const QString &reason, qint64 produced);

    struct Stream;
    QIODevice *m_inner;
    std::unique_ptr<Stream> m_stream;
    bool m_ended = false;
    bool m_failed = false;
};

} // namespace busmon
