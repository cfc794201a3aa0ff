#pragma once

#include <QObject>

class QSocketNotifier;

namespace busmon::cli {

// Turns SIGINT and SIGTERM into a Qt signal, so that Ctrl+C ends a command through its normal
// path (flush, summary) instead of killing it mid-write.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void interrupted();

private:
    static void handle(int signalNumber);
    void readPipe();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace busmon::cli
