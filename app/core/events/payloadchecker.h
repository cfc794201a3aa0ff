#pragma once

#include "events/channelname.h"
#include "events/payloaddocument.h"
#include "events/payloadschema.h"

#include <QStringList>

namespace busmon {

// Checks a payload against its kind's interface (PayloadSchema). Each problem names its field
// first: "port: expected a number, got string", "payload: not valid UTF-8".
//
// Decisions the catalogue leaves open:
// - unknown channels get no problems at all: without an interface there is nothing to break,
//   and the kind column already says "unknown";
// - an optional field (`rejection_reason?`, `task_id?`) may be absent or null (Python's None);
// - extra fields are never problems;
// - what the real publishers send beyond the catalogue is not a problem either (see
//   PayloadSchema and the README's list), but a new log row's null dates are held to `count` 0,
//   the only time the web app publishes them.
class PayloadChecker
{
public:
    static QStringList check(const ChannelName &channel, const PayloadDocument &document);

private:
    static void checkFields(std::span<const FieldSpec> fields, const JsonObjectView &object,
                            QLatin1StringView path, QStringList &problems);
    static void checkValue(const FieldSpec &field, const JsonValueView &value, const QString &name,
                           QStringList &problems);
    static void checkChanges(const JsonValueView &value, const QString &name, QStringList &problems);
    static void checkUndatedLogRow(const JsonObjectView &object, QStringList &problems);
    static void checkUsername(const ChannelName &channel, const JsonObjectView &object,
                              QStringList &problems);
};

} // namespace busmon
