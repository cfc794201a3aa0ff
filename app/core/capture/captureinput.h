#pragma once

#include <QFile>
#include <QString>

#include <memory>

namespace busmon {

class GzipDevice;

// Where a capture is read from: a file, or standard input for "-". gzip-compressed input is told
// by its first bytes, not its name, and inflated on the way (GzipDevice).
class CaptureInput
{
public:
    CaptureInput();
    ~CaptureInput();

    bool open(const QString &path);
    QString errorString() const { return m_errorString; }
    // The device a CaptureReader reads; valid after open().
    QIODevice *device() const;
    bool isCompressed() const { return m_gzip != nullptr; }
    // After reading: why the data ended early (a damaged .gz, a read error); empty when it did not.
    QString readError() const;

    // Progress over the file as stored (compressed bytes for a .gz): for a progress bar.
    qint64 storedSize() const; // 0 when unknown (standard input)
    qint64 storedPosition() const;

private:
    QFile m_file;
    std::unique_ptr<GzipDevice> m_gzip;
    QString m_errorString;
};

} // namespace busmon
