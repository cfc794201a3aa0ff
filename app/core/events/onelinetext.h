#pragma once

#include <QString>
#include <QStringView>
#include <limits>

namespace busmon {

// Text made safe for one table cell or one terminal line, two ways:
// - from(): for prose (summaries, toasts, reasons). Control characters (newlines, tabs, escape,
//   C1 controls, U+2028…) and bidi overrides become spaces, runs of spaces collapse;
// - escaped(): for names that identify something (channels, usernames), where a space would hide
//   what is there. The same characters are shown as escapes (\n, \t, \x1b, \u202e) and nothing else
//   changes, so `personal.ev\x1b[1mil\nfake line` can neither colour a terminal nor fake a line.
// Both cut anything past `maxLength` characters at a character boundary and end it in an ellipsis.
class OneLineText
{
public:
    static constexpr qsizetype summaryLength = 200;
    static constexpr qsizetype unlimited = std::numeric_limits<qsizetype>::max();

    static QString from(QStringView text, qsizetype maxLength = summaryLength);
    // The same; returns `text` itself, without a copy, when it is already clean (the usual case).
    static QString from(const QString &text, qsizetype maxLength = summaryLength);
    // A value quoted inside a problem text: shorter, so the field name stays readable.
    static QString quoted(QStringView text);

    static QString escaped(QStringView text, qsizetype maxLength = summaryLength);
    // The same; returns `text` itself, without a copy, when there is nothing to escape or cut.
    static QString escaped(const QString &text, qsizetype maxLength = summaryLength);
};

} // namespace busmon
