#include "capture/captureheader.h"

#include "capture/jsontext.h"
#include "events/jsonobjectview.h"

namespace busmon {

namespace {
using L = QLatin1StringView;
constexpr L headerKey("busmon_capture");
} // namespace

QByteArray CaptureHeader::line() const
{
    QByteArray out = "{\"" + QByteArray(headerKey.data(), headerKey.size()) + "\":{\"redacted\":";
    out += redacted ? "true" : "false";
    out += ",\"masked_fields\":[";
    for (qsizetype i = 0; i < maskedFields.size(); ++i) {
        if (i > 0)
            out += ',';
        JsonText::appendString(out, maskedFields.at(i).toUtf8());
    }
    out += "],\"pseudonymized_users\":";
    out += pseudonymizedUsers ? "true" : "false";
    out += "}}\n";
    return out;
}

std::optional<CaptureHeader> CaptureHeader::fromObject(const JsonObjectView &object)
{
    const JsonValueView value = object.value(headerKey);
    if (!value.isObject())
        return std::nullopt;
    const JsonObjectView fields = value.toObject();
    CaptureHeader header;
    header.redacted = fields.value(L("redacted")).toBool();
    for (const JsonValueView &field : fields.value(L("masked_fields")).toArray())
        header.maskedFields << field.toString();
    header.pseudonymizedUsers = fields.value(L("pseudonymized_users")).toBool();
    return header;
}

} // namespace busmon
