#include "capturefile.h"

#include "capture/gzipdevice.h"

#include <QBuffer>
#include <QFile>

namespace busmon::test {

QByteArray gzipped(const QByteArray &bytes)
{
    QByteArray compressed;
    QBuffer buffer(&compressed);
    buffer.open(QIODevice::WriteOnly);
    GzipDevice gzip(&buffer);
    gzip.open(QIODevice::WriteOnly);
    gzip.write(bytes);
    gzip.close();
    return compressed;
}

QString writeCaptureFile(const QString &path, const QByteArray &bytes, bool compress)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(compress ? gzipped(bytes) : bytes);
    return path;
}

} // namespace busmon::test
