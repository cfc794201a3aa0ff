#include "openbenchmark.h"

#include "mainwindow.h"

#include "session/monitorsession.h"
#include "store/eventstore.h"
#include "store/liveintake.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>
#include <QTimer>

namespace busmon {

OpenBenchmark::OpenBenchmark(MainWindow *window, const QString &path)
    : QObject(window)
    , m_window(window)
    , m_path(path)
{}

qint64 OpenBenchmark::residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

void OpenBenchmark::start()
{
    m_clock.start();
    m_window->openCapture(m_path);
    MonitorSession *session = m_window->session();
    connect(session->store(), &EventStore::rowsAppended, this, [this] {
        if (m_firstRowsMs < 0)
            m_firstRowsMs = m_clock.elapsed();
    });
    connect(session, &MonitorSession::loadFinished, this, [this](const CaptureLoadResult &result) {
        m_loadEnded = true;
        m_badLines = result.badLines;
        m_messages = result.messages;
        if (!result.error.isEmpty())
            QTextStream(stderr) << "busmon: " << result.error << '\n';
        check();
    });
    connect(session->intake(), &LiveIntake::countsChanged, this, &OpenBenchmark::check);
}

void OpenBenchmark::check()
{
    if (!m_loadEnded || m_window->session()->intake()->waitingCount() > 0)
        return;
    const qint64 allMs = m_clock.elapsed();
    QTextStream(stdout) << "opened " << m_messages << " messages (" << m_badLines
                        << " bad lines): first rows after " << qMax<qint64>(m_firstRowsMs, 0)
                        << " ms, all after " << allMs << " ms, resident " << residentKiB() / 1024 << " MiB\n";
    m_loadEnded = false; // once
    QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
}

} // namespace busmon
