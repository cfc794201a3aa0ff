#pragma once

#include <QElapsedTimer>
#include <QObject>

namespace busmon {

class MainWindow;

// `busmon --bench-open FILE`: opens a capture in the window and prints, once it is all in,
//   opened N messages (B bad lines): first rows after X ms, all after Y ms, resident Z MiB
// then quits. "First rows" is when the table first had rows; "all" is when the load ended and the
// intake had stored every message (the tabs have them too: they follow the store's inserts).
class OpenBenchmark : public QObject
{
    Q_OBJECT
public:
    OpenBenchmark(MainWindow *window, const QString &path);

    void start();
    static qint64 residentKiB(); // VmRSS from /proc/self/status

private:
    void check();

    MainWindow *m_window;
    QString m_path;
    QElapsedTimer m_clock;
    qint64 m_firstRowsMs = -1;
    bool m_loadEnded = false;
    qint64 m_badLines = 0;
    qint64 m_messages = 0;
};

} // namespace busmon
