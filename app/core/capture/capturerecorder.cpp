#include "capture/capturerecorder.h"

#include "capture/recorderworker.h"

#include <QFileInfo>
#include <QThread>

namespace busmon {

CaptureRecorder::CaptureRecorder(QObject *parent)
    : QObject(parent)
{}

CaptureRecorder::~CaptureRecorder()
{
    stop();
}

QString CaptureRecorder::rotatedPath(const QString &path, int number)
{
    if (number <= 1)
        return path;
    // night.jsonl.gz -> night-2.jsonl.gz: the number goes before the whole suffix.
    const QFileInfo info(path);
    const QString suffix = info.completeSuffix();
    const QString base = suffix.isEmpty() ? path : path.chopped(suffix.size() + 1);
    return suffix.isEmpty() ? QStringLiteral("%1-%2").arg(base).arg(number)
                            : QStringLiteral("%1-%2.%3").arg(base).arg(number).arg(suffix);
}

bool CaptureRecorder::start(const QString &path, qint64 rotateBytes)
{
    stop();
    auto worker = std::make_unique<RecorderWorker>(path, rotateBytes);
    connect(worker.get(), &RecorderWorker::fileChanged, this, &CaptureRecorder::fileChanged);
    if (!worker->openFile(1, &m_errorString))
        return false;
    m_path = path;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("recorder"));
    m_worker = worker.release();
    m_worker->moveToThread(m_thread);
    connect(m_worker, &RecorderWorker::failed, this, [this](const QString &reason) {
        m_errorString = reason;
        stop();
        emit failed(reason);
    });
    connect(m_worker, &RecorderWorker::progress, this, &CaptureRecorder::progress);
    m_thread->start();
    return true;
}

void CaptureRecorder::stop()
{
    if (!m_worker)
        return;
    // Everything handed over is written, then the file is closed on its own thread.
    QMetaObject::invokeMethod(m_worker, &RecorderWorker::close, Qt::BlockingQueuedConnection);
    RecorderWorker *worker = std::exchange(m_worker, nullptr);
    connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void CaptureRecorder::record(const BusEventBatch &events)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, events] { worker->write(events); });
}

void CaptureRecorder::recordOutage(const Outage &outage)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, outage] { worker->writeOutage(outage); });
}

} // namespace busmon
