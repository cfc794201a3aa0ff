#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace busmon {

// What to SUBSCRIBE and PSUBSCRIBE to. By default the nine kinds: `__general__` and the eight
// `<prefix>.*` patterns. Redis delivers a message once per matching subscription, so overlaps
// (`*` beside `sync.*`) show it twice: overlapWarnings() names them.
struct Subscription
{
    QList<QByteArray> channels;
    QList<QByteArray> patterns;

    static Subscription defaultSet();
    bool isEmpty() const { return channels.isEmpty() && patterns.isEmpty(); }
    QStringList overlapWarnings() const;
};

} // namespace busmon
