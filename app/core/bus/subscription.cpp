#include "bus/subscription.h"

#include "bus/globpattern.h"
#include "events/eventkind.h"

namespace busmon {

Subscription Subscription::defaultSet()
{
    Subscription subscription;
    subscription.channels.append(QByteArrayLiteral("__general__"));
    for (EventKind kind : allEventKinds) {
        const QLatin1StringView prefix = eventKindPrefix(kind);
        if (!prefix.isEmpty())
            subscription.patterns.append(QByteArray(prefix.data(), prefix.size()) + ".*");
    }
    return subscription;
}

QStringList Subscription::overlapWarnings() const
{
    const auto quoted = [](const QByteArray &text) {
        return QLatin1Char('\'') + QString::fromUtf8(text) + QLatin1Char('\'');
    };
    QStringList warnings;
    QList<GlobPattern> globs;
    for (const QByteArray &pattern : patterns) {
        const bool repeated = std::any_of(globs.cbegin(), globs.cend(),
                                          [&](const GlobPattern &g) { return g.pattern() == pattern; });
        if (!repeated) // Redis keeps one subscription per distinct pattern
            globs.append(GlobPattern(pattern));
    }
    QList<QByteArray> seenChannels;
    for (const QByteArray &channel : channels) {
        if (seenChannels.contains(channel))
            continue;
        seenChannels.append(channel);
        for (const GlobPattern &glob : globs) {
            if (glob.matches(channel)) {
                warnings.append(
                    QStringLiteral("%1 is subscribed as a channel and also matches the pattern %2: "
                                   "each message on it is delivered twice")
                        .arg(quoted(channel), quoted(glob.pattern())));
            }
        }
    }
    for (qsizetype i = 0; i < globs.size(); ++i) {
        for (qsizetype j = i + 1; j < globs.size(); ++j) {
            if (const auto example = globs[i].commonExample(globs[j])) {
                warnings.append(
                    QStringLiteral("%1 matches both %2 and %3: each such message is delivered twice")
                        .arg(quoted(*example), quoted(globs[i].pattern()), quoted(globs[j].pattern())));
            }
        }
    }
    return warnings;
}

} // namespace busmon
