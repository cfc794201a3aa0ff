#pragma once

#include "capture/captureheader.h"
#include "events/busevent.h"

#include <QHash>
#include <QSet>
#include <QStringList>

namespace busmon {

// Makes a capture fit to leave the operator's machine. In each JSON payload the values of the masked
// fields (at any depth) become "[redacted]", and any other place in the payload where a value masked
// so far in this file appears is masked too. With pseudonyms, each username becomes `user-N`, the same
// N for the same user all through one redactor's life (one file), in the channel, the username and
// wherever the name appears in the payload. Payloads that are not JSON get the value and name
// replacements only. The rest of each event (time, pattern, kind, problems) is kept.
class CaptureRedactor
{
public:
    struct Options
    {
        QStringList maskedFields = defaultMaskedFields();
        bool pseudonymizeUsers = false;
    };

    static QStringList defaultMaskedFields(); // client_key, ip, fingerprint

    explicit CaptureRedactor(const Options &options);

    BusEvent redact(const BusEvent &event);
    CaptureHeader header() const; // the first line a redacted capture starts with
    QString pseudonymFor(const QString &username);
    // Any text shown beside the event (a summary, a problem): masked values and known names replaced.
    QString scrub(const QString &text) const;

private:
    void maskFields(QByteArray &payload);
    void replaceEverywhere(QByteArray &payload) const;

    Options m_options;
    QSet<QString> m_masked;
    QHash<QString, QString> m_pseudonyms;
    QSet<QByteArray> m_maskedValues;                  // raw JSON text of string values masked so far
    QList<std::pair<QByteArray, QByteArray>> m_names; // username (as in JSON) -> pseudonym, longest first
};

} // namespace busmon
