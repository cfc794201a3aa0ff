#include "capture/captureinput.h"

#include "capture/gzipdevice.h"

#include <cstdio>

namespace busmon {

CaptureInput::CaptureInput() = default;
CaptureInput::~CaptureInput() = default;

bool CaptureInput::open(const QString &path)
{
    const bool standardInput = path == QLatin1String("-");
    const bool opened = standardInput ? m_file.open(stdin, QIODevice::ReadOnly)
                                      : (m_file.setFileName(path), m_file.open(QIODevice::ReadOnly));
    if (!opened) {
        m_errorString =
            QStringLiteral("cannot read %1: %2")
                .arg(standardInput ? QStringLiteral("standard input") : path, m_file.errorString());
        return false;
    }
    // peek() works on a pipe too: QFile buffers what it looked at.
    if (GzipDevice::looksCompressed(m_file.peek(2))) {
        m_gzip = std::make_unique<GzipDevice>(&m_file);
        if (!m_gzip->open(QIODevice::ReadOnly)) {
            m_errorString = QStringLiteral("cannot read %1: %2").arg(path, m_gzip->errorString());
            return false;
        }
    }
    return true;
}

QIODevice *CaptureInput::device() const
{
    return m_gzip ? static_cast<QIODevice *>(m_gzip.get()) : const_cast<QFile *>(&m_file);
}

QString CaptureInput::readError() const
{
    if (m_gzip && m_gzip->hasFailed())
        return m_gzip->errorString();
    return m_file.error() == QFileDevice::NoError ? QString() : m_file.errorString();
}

qint64 CaptureInput::storedSize() const
{
    return m_file.isSequential() ? 0 : m_file.size();
}

qint64 CaptureInput::storedPosition() const
{
    return m_file.isSequential() ? 0 : m_file.pos();
}

} // namespace busmon
