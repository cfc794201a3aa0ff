#pragma once

#include "bus/connectionsettings.h"

#include <QObject>

namespace busmon {

// Publishes on its own connection (a subscribed connection cannot PUBLISH). publish() queues and
// pipelines; each reply arrives in order as published() with Redis's count of receivers.
class Publisher : public QObject
{
    Q_OBJECT
public:
    explicit Publisher(const ConnectionSettings &settings, QObject *parent = nullptr);
    ~Publisher() override;

    void publish(const QByteArray &channel, const QByteArray &payload);
    qint64 pendingCount() const;

signals:
    void published(const QByteArray &channel, qint64 receivers);
    void failed(const QString &reason);   // connection, AUTH or NOPERM problem, one line
};

} // namespace busmon
