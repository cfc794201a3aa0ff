#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace busmon {

// A channel or pattern the server would not let us subscribe to (its ACL said NOPERM), while
// others were allowed: monitoring goes on without it, and the user is told which and why.
struct SubscriptionRefusal
{
    QByteArray name;        // the channel or the pattern, as asked for
    bool isPattern = false; // PSUBSCRIBE rather than SUBSCRIBE
    QString reason;         // what the server said, "NOPERM …" (its wording changed in Redis 7.2)
    qint64 atMs = 0;        // UTC, milliseconds since the epoch

    // "pattern 'sync.*'" or "channel '__general__'", for messages to the user.
    QString describe() const;
};

} // namespace busmon

Q_DECLARE_METATYPE(busmon::SubscriptionRefusal)
