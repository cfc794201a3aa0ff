#pragma once

#include <QByteArray>
#include <QString>

namespace busmon::test {

// Writes `bytes` to `path` as a capture file would be, gzip-compressed (as .jsonl.gz) when asked.
// Returns the path.
QString writeCaptureFile(const QString &path, const QByteArray &bytes, bool compress = false);
// The same bytes, gzip-compressed in memory.
QByteArray gzipped(const QByteArray &bytes);

} // namespace busmon::test
