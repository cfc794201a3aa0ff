#include "events/eventsummarizer.h"

#include "events/onelinetext.h"

#include <QStringBuilder>
#include <QVarLengthArray>
#include <cmath>

namespace busmon {

namespace {

using L = QLatin1StringView;

constexpr qsizetype rawPreviewLength = 80;
constexpr qsizetype shaLength = 7;
constexpr double maxWholeMilliseconds = 9007199254740992.0; // 2^53
constexpr qsizetype fingerprintLength = 16;
const QChar unknownValue = QLatin1Char('?');
constexpr QStringView separator = u" · ";

// Plain ASCII without escapes: its bytes are its text.
bool isPlainAscii(QByteArrayView bytes)
{
    for (const char c : bytes) {
        if (static_cast<uchar>(c) >= 0x80 || c == '\\')
            return false;
    }
    return true;
}

// Appends where the summary is built, to make one string per summary instead of one per field.
void appendText(QString &line, const JsonValueView &value)
{
    if (value.isString()) {
        const QByteArrayView body = value.raw().sliced(1, value.raw().size() - 2);
        if (isPlainAscii(body))
            line += QLatin1StringView(body.data(), body.size());
        else
            line += value.toString();
    } else if (value.isNumber()) {
        line += QString::number(value.toDouble());
    } else {
        line += unknownValue;
    }
}

// A summary being written: ASCII is widened as it is copied, with no QString per piece.
class SummaryLine
{
public:
    void ascii(QByteArrayView bytes)
    {
        const qsizetype at = m_characters.size();
        m_characters.resize(at + bytes.size());
        char16_t *out = m_characters.data() + at;
        for (qsizetype i = 0; i < bytes.size(); ++i)
            out[i] = static_cast<uchar>(bytes[i]);
    }
    void text(QStringView text) { m_characters.append(text.utf16(), text.size()); }
    // As appendText(): a string's text, a number's value, or '?'.
    void field(const JsonValueView &value)
    {
        if (value.isString() && isPlainAscii(value.raw().sliced(1, value.raw().size() - 2)))
            ascii(value.raw().sliced(1, value.raw().size() - 2));
        else if (value.isString())
            text(value.toString());
        else if (value.isNumber())
            text(QString::number(value.toDouble()));
        else
            text(QStringView(&unknownValue, 1));
    }
    // As the payload writes it, or '?'.
    void number(const JsonValueView &value)
    {
        if (value.isNumber())
            ascii(value.raw());
        else
            text(QStringView(&unknownValue, 1));
    }
    QString toString() const
    {
        return QString(reinterpret_cast<const QChar *>(m_characters.constData()), m_characters.size());
    }

private:
    QVarLengthArray<char16_t, 160> m_characters;
};

QString text(const JsonObjectView &object, L key)
{
    QString line;
    appendText(line, object.value(key));
    return line;
}

// The number as the payload writes it: no conversion, and no rounding to surprise anyone.
QString numberText(const JsonValueView &value)
{
    if (!value.isNumber())
        return QString(unknownValue);
    return QString::fromLatin1(value.raw());
}

std::optional<bool> flag(const JsonObjectView &object, L key)
{
    const JsonValueView value = object.value(key);
    return value.isBool() ? std::optional<bool>(value.toBool()) : std::nullopt;
}

QString shortSha(const JsonObjectView &object, L key)
{
    const JsonValueView value = object.value(key);
    return value.isString() ? value.toString().left(shaLength) : QString(unknownValue);
}

// taskd reports seconds as a float; operators think in milliseconds.
QString durationText(const JsonValueView &seconds)
{
    if (!seconds.isNumber())
        return QStringLiteral("? ms");
    const double ms = seconds.toDouble() * 1000.0;
    if (ms < 10.0 && ms > -10.0)
        return QString::number(ms, 'f', 1) + L(" ms");
    // A publisher can send any number; past 2^53 whole milliseconds mean nothing and qint64 overflows.
    if (!(std::abs(ms) < maxWholeMilliseconds))
        return QString::number(ms, 'g', 3) + L(" ms");
    return QString::number(qRound64(ms)) + L(" ms");
}

QString mebibytes(qsizetype bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) + L(" MiB");
}

} // namespace

QString EventSummarizer::summarize(EventKind kind, const PayloadDocument &document, const QByteArray &payload)
{
    if (document.isObject() && kind != EventKind::Unknown)
        return OneLineText::from(ofObject(kind, document.object()));
    return ofRawText(document, payload);
}

QString EventSummarizer::ofObject(EventKind kind, const JsonObjectView &object)
{
    switch (kind) {
    case EventKind::Sync:
        return sync(object);
    case EventKind::LocalSync:
        return localSync(object);
    case EventKind::ChangedTask:
        return changedTask(object);
    case EventKind::LogMessage:
        return logMessage(object);
    case EventKind::IncomingMail:
        return incomingMail(object);
    case EventKind::IncomingTrelloChange:
        return trelloChange(object);
    case EventKind::TaskdCertificate:
        return certificate(object);
    case EventKind::General:
    case EventKind::Personal:
        return toast(object);
    case EventKind::Unknown:
        break;
    }
    return QString();
}

QString EventSummarizer::ofRawText(const PayloadDocument &document, const QByteArray &payload)
{
    if (payload.isEmpty())
        return QStringLiteral("<empty>");
    if (document.state() == PayloadDocument::State::NotUtf8)
        return L("<") + QString::number(payload.size()) + L(" bytes, not UTF-8>");
    // Leading blank lines would leave nothing to see. Four bytes per character at most: decoding
    // more than that would be wasted on a huge payload.
    qsizetype start = 0;
    while (start < payload.size() && static_cast<uchar>(payload.at(start)) <= ' ')
        ++start;
    if (start == payload.size())
        return L("<") + QString::number(payload.size()) + L(" bytes of white space>");
    const QString head = QString::fromUtf8(payload.mid(start, rawPreviewLength * 4));
    QString preview = OneLineText::from(head, rawPreviewLength);
    if (document.state() == PayloadDocument::State::TooLarge)
        preview = L("<") + mebibytes(payload.size()) + L("> ") + preview;
    return preview;
}

// The commonest message of all (a busy bus is mostly syncs), so it is written character by
// character into one buffer, and made a QString once.
QString EventSummarizer::sync(const JsonObjectView &object)
{
    SummaryLine line;
    line.field(object.value(L("client")));
    line.ascii(" ");
    line.field(object.value(L("ip")));
    line.ascii(":");
    line.number(object.value(L("port")));
    line.text(separator);
    line.number(object.value(L("record_count")));
    line.text(u" records · stored ");
    line.number(object.value(L("stored_count")));
    line.ascii(" / merged ");
    line.number(object.value(L("merged_count")));
    line.text(separator);
    line.text(durationText(object.value(L("service_duration"))));
    return line.toString();
}

QString EventSummarizer::localSync(const JsonObjectView &object)
{
    return L("start ") % shortSha(object, L("start")) % QStringView(u" → head ") %
           shortSha(object, L("head"));
}

QString EventSummarizer::changedTask(const JsonObjectView &object)
{
    const JsonObjectView task = object.value(L("task_data")).toObject();
    const JsonValueView description = task.value(L("description"));
    QString line;
    if (description.isString())
        line = QChar(0x201c) + description.toString() + QChar(0x201d);
    else
        line = L("task ") + text(object, L("task_id")).left(8);

    const JsonObjectView changes = object.value(L("changes")).toObject();
    for (qsizetype i = 0; i < changes.size(); ++i) {
        line += i == 0 ? QStringView(u" — ") : QStringView(u", ");
        line += changes.at(i).keyText();
    }
    return line;
}

QString EventSummarizer::logMessage(const JsonObjectView &object)
{
    QString line;
    if (flag(object, L("error")).value_or(false))
        line = L("ERROR: ");
    line += text(object, L("message"));
    const JsonValueView count = object.value(L("count"));
    if (count.isNumber() && count.toDouble() > 1)
        line += QStringView(u" (×") % numberText(count) % L(")");
    if (flag(object, L("silent")).value_or(false))
        line += separator % L("silent");
    return line;
}

QString EventSummarizer::incomingMail(const JsonObjectView &object)
{
    const std::optional<bool> accepted = flag(object, L("accepted"));
    QString verdict;
    if (!accepted)
        verdict = QString(unknownValue);
    else if (*accepted)
        verdict = L("accepted");
    else if (const JsonValueView reason = object.value(L("rejection_reason")); reason.isString())
        verdict = L("rejected (") + reason.toString() + L(")");
    else
        verdict = L("rejected");
    return verdict % L(": ") % text(object, L("subject"));
}

QString EventSummarizer::trelloChange(const JsonObjectView &object)
{
    const JsonObjectView action = object.value(L("action")).toObject();
    const JsonObjectView model = object.value(L("model")).toObject();
    return text(action, L("type")) % L(" on ") % text(model, L("id"));
}

QString EventSummarizer::certificate(const JsonObjectView &object)
{
    const std::optional<bool> accepted = flag(object, L("certificate_accepted"));
    const std::optional<bool> recognized = flag(object, L("certificate_recognized"));
    const QString verdict = !accepted   ? QString(unknownValue)
                            : *accepted ? QString(L("accepted"))
                                        : QString(L("REJECTED"));
    const QString recognition = !recognized   ? QString(unknownValue)
                                : *recognized ? QString(L("recognized"))
                                              : QString(L("unrecognized"));
    QString fingerprint = text(object, L("fingerprint"));
    if (fingerprint.size() > fingerprintLength)
        fingerprint = fingerprint.left(fingerprintLength) + QChar(0x2026);
    return verdict % L(", ") % recognition % separator % text(object, L("client")) % L(" from ") %
           text(object, L("ip")) % separator % fingerprint;
}

QString EventSummarizer::toast(const JsonObjectView &object)
{
    return text(object, L("title")) % L(": ") % text(object, L("message"));
}

} // namespace busmon
