#pragma once

#include <QString>
#include <QStringView>

namespace busmon {

// Text made safe for one table cell or one terminal line: control characters (newlines, tabs,
// U+2028…) become spaces, runs of spaces collapse, and anything past `maxLength` characters is
// cut at a character boundary and ends in an ellipsis.
class OneLineText
{
public:
    static constexpr qsizetype summaryLength = 200;

    static QString from(QStringView text, qsizetype maxLength = summaryLength);
    // The same; returns `text` itself, without a copy, when it is already clean (the usual case).
    static QString from(const QString &text, qsizetype maxLength = summaryLength);
    // A value quoted inside a problem text: shorter, so the field name stays readable.
    static QString quoted(QStringView text);
};

} // namespace busmon
