#include "capture/captureredactor.h"

#include "capture/jsontext.h"
#include "events/channelname.h"
#include "events/jsonscanner.h"

#include <algorithm>

namespace busmon {

namespace {
const QByteArray maskText = QByteArrayLiteral("\"[redacted]\"");
constexpr qsizetype shortestReplacedValue = 3; // "1" or "ok" elsewhere in a payload are not the secret

struct Span
{
    qsizetype offset;
    qsizetype length;
};

void collectMasked(const JsonValueView &value, const QSet<QString> &masked, const char *base,
                   QList<Span> &spans, QSet<QByteArray> &values)
{
    if (value.isObject()) {
        const JsonObjectView object = value.toObject();
        for (qsizetype i = 0; i < object.size(); ++i) {
            const JsonObjectView::Member &member = object.at(i);
            if (masked.contains(member.keyText())) {
                const QByteArrayView raw = member.value.raw();
                spans.append({raw.data() - base, raw.size()});
                if (member.value.isString() && raw.size() - 2 >= shortestReplacedValue)
                    values.insert(raw.sliced(1, raw.size() - 2).toByteArray());
            } else {
                collectMasked(member.value, masked, base, spans, values);
            }
        }
    } else if (value.isArray()) {
        for (const JsonValueView &element : value.toArray())
            collectMasked(element, masked, base, spans, values);
    }
}

void replaceAll(QByteArray &text, const QByteArray &from, const QByteArray &to)
{
    if (!from.isEmpty() && text.contains(from))
        text.replace(from, to);
}
} // namespace

QStringList CaptureRedactor::defaultMaskedFields()
{
    return {QStringLiteral("client_key"), QStringLiteral("ip"), QStringLiteral("fingerprint")};
}

CaptureRedactor::CaptureRedactor(const Options &options)
    : m_options(options)
    , m_masked(options.maskedFields.cbegin(), options.maskedFields.cend())
{}

CaptureHeader CaptureRedactor::header() const
{
    return CaptureHeader{true, m_options.maskedFields, m_options.pseudonymizeUsers};
}

QString CaptureRedactor::pseudonymFor(const QString &username)
{
    auto found = m_pseudonyms.constFind(username);
    if (found != m_pseudonyms.cend())
        return *found;
    const QString pseudonym = QStringLiteral("user-%1").arg(m_pseudonyms.size() + 1);
    m_pseudonyms.insert(username, pseudonym);
    QByteArray quoted;
    JsonText::appendString(quoted, username.toUtf8());
    m_names.append({quoted.sliced(1, quoted.size() - 2), pseudonym.toUtf8()});
    // Longer names first, so that "jane.doe" is not half replaced as "jane".
    std::stable_sort(m_names.begin(), m_names.end(),
                     [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
    return pseudonym;
}

BusEvent CaptureRedactor::redact(const BusEvent &event)
{
    BusEvent out = event;
    if (m_options.pseudonymizeUsers && !event.username.isEmpty() &&
        ChannelName::parse(event.channel).hasUsername()) {
        out.username = pseudonymFor(event.username);
        out.channel = ChannelName::forUser(event.kind, out.username);
    }
    maskFields(out.payload);
    replaceEverywhere(out.payload);
    for (QString &problem : out.problems)
        problem = scrub(problem);
    out.summary = scrub(out.summary);
    return out;
}

void CaptureRedactor::maskFields(QByteArray &payload)
{
    if (m_masked.isEmpty() || !QByteArrayView(payload).isValidUtf8())
        return;
    const JsonScanner::Result scanned = JsonScanner::scan(payload);
    if (!scanned.ok)
        return;
    QList<Span> spans;
    collectMasked(scanned.value, m_masked, payload.constData(), spans, m_maskedValues);
    // From the end, so that earlier offsets stay right.
    for (auto span = spans.crbegin(); span != spans.crend(); ++span)
        payload.replace(span->offset, span->length, maskText);
}

QString CaptureRedactor::scrub(const QString &text) const
{
    QByteArray utf8 = text.toUtf8();
    replaceEverywhere(utf8);
    return QString::fromUtf8(utf8);
}

void CaptureRedactor::replaceEverywhere(QByteArray &payload) const
{
    for (const QByteArray &value : m_maskedValues)
        replaceAll(payload, value, QByteArrayLiteral("[redacted]"));
    for (const auto &[name, pseudonym] : m_names)
        replaceAll(payload, name, pseudonym);
}

} // namespace busmon
