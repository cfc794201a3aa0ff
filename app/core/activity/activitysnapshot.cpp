#include "activity/activitysnapshot.h"

#include "activity/activityfacts.h"

namespace busmon {

void ActivityCounts::count(EventKind kind, const ActivityFacts &facts, int sign)
{
    using Gap = ActivityFacts::DurationGap;
    using Verdict = ActivityFacts::Verdict;
    switch (kind) {
    case EventKind::Sync:
        syncs += sign;
        if (facts.changed)
            syncsChanged += sign;
        if (facts.durationGap == Gap::Missing)
            durationsMissing += sign;
        else if (facts.durationGap == Gap::NotANumber)
            durationsNotANumber += sign;
        else if (facts.durationGap == Gap::Unreadable)
            durationsUnreadable += sign;
        break;
    case EventKind::LocalSync:
        localSyncs += sign;
        break;
    case EventKind::TaskdCertificate:
        if (facts.verdict == Verdict::Accepted)
            certificatesAccepted += sign;
        else if (facts.verdict == Verdict::Rejected)
            certificatesRejected += sign;
        break;
    case EventKind::IncomingMail:
        if (facts.verdict == Verdict::Accepted)
            mailAccepted += sign;
        else if (facts.verdict == Verdict::Rejected)
            mailRejected += sign;
        break;
    case EventKind::LogMessage:
        if (facts.error)
            errors += sign;
        break;
    default:
        break;
    }
}

ActivityCounts &ActivityCounts::operator+=(const ActivityCounts &other)
{
    syncs += other.syncs;
    syncsChanged += other.syncsChanged;
    localSyncs += other.localSyncs;
    certificatesAccepted += other.certificatesAccepted;
    certificatesRejected += other.certificatesRejected;
    mailAccepted += other.mailAccepted;
    mailRejected += other.mailRejected;
    errors += other.errors;
    durationsMissing += other.durationsMissing;
    durationsNotANumber += other.durationsNotANumber;
    durationsUnreadable += other.durationsUnreadable;
    return *this;
}

} // namespace busmon
