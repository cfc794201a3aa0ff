#pragma once

#include <QByteArray>
#include <QStringList>

#include <optional>

namespace busmon {

class JsonObjectView;

// The optional first line of a capture that says how it was changed before it left the machine:
//   {"busmon_capture":{"redacted":true,"masked_fields":["client_key","ip",…],"pseudonymized_users":true}}
// A capture written by `busmon-cli tail` has none; CaptureReader accepts one as the first line.
struct CaptureHeader
{
    bool redacted = false;
    QStringList maskedFields;
    bool pseudonymizedUsers = false;

    QByteArray line() const; // with trailing '\n'
    // The header when `object` is one ({"busmon_capture": {…}}), nullopt otherwise.
    static std::optional<CaptureHeader> fromObject(const JsonObjectView &object);
};

} // namespace busmon
