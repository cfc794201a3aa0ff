#pragma once

#include "bus/connectionsettings.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace busmon {

class Publisher;
class TrafficSimulator;

// A bus to try busmon on: a private redis-server on a free loopback port
// (persistence off, in a temporary folder) with simulated Inthe.AM traffic
// published at a realistic, bursty rate. The server stops when this object
// goes.
class DemoBus : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        double baseRate = 40;   // messages per second between bursts
        double burstRate = 200; // during a burst
        quint32 seed = 1;
        QString serverProgram; // empty: redis-server from PATH, else
                               // /usr/bin/redis-server
    };

    explicit DemoBus(QObject *parent = nullptr);
    DemoBus(const Options &options, QObject *parent = nullptr);
    ~DemoBus() override;

    // Starts the server and waits (a few seconds at most) until it answers; then
    // starts publishing.
    bool start(QString *error = nullptr);
    void stop();

    ConnectionSettings settings() const;
    quint16 port() const { return m_port; }
    quint64 publishedCount() const { return m_published; }

signals:
    void failed(const QString &reason);

private:
    bool waitUntilReady(QString *error);
    void publishDue();
    double currentRate();

    Options m_options;
    QTemporaryDir m_directory;
    QProcess m_server;
    quint16 m_port = 0;
    std::unique_ptr<TrafficSimulator> m_simulator;
    Publisher *m_publisher = nullptr;
    QTimer m_tick;
    QElapsedTimer m_clock;
    double m_owed = 0;
    qint64 m_lastTickMs = 0;
    qint64 m_burstEndsMs = 0;
    qint64 m_nextBurstMs = 0;
    quint64 m_published = 0;
};

} // namespace busmon
