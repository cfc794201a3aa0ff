#include "events/onelinetext.h"

namespace busmon {

namespace {
bool isBreaking(char16_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029;
}
} // namespace

QString OneLineText::from(QStringView text, qsizetype maxLength)
{
    QString result;
    result.reserve(qMin(text.size(), maxLength + 1));
    bool lastWasSpace = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char16_t c = text.at(i).unicode();
        if (isBreaking(c))
            c = u' ';
        if (c == u' ' && (lastWasSpace || result.isEmpty()))
            continue;
        lastWasSpace = c == u' ';
        if (result.size() >= maxLength) {
            // The ellipsis replaces the last kept character; never split a surrogate pair.
            result.chop(1);
            if (!result.isEmpty() && result.back().isHighSurrogate())
                result.chop(1);
            result.append(QChar(0x2026));
            return result;
        }
        result.append(QChar(c));
    }
    if (!result.isEmpty() && result.back() == u' ')
        result.chop(1);
    return result;
}

QString OneLineText::from(const QString &text, qsizetype maxLength)
{
    if (text.size() > maxLength || text.isEmpty() || text.front() == u' ' || text.back() == u' ')
        return from(QStringView(text), maxLength);
    char16_t previous = 0;
    for (const QChar qc : text) {
        const char16_t c = qc.unicode();
        if (isBreaking(c) || (c == u' ' && previous == u' '))
            return from(QStringView(text), maxLength);
        previous = c;
    }
    return text;
}

QString OneLineText::quoted(QStringView text)
{
    return QLatin1Char('\'') + from(text, 60) + QLatin1Char('\'');
}

} // namespace busmon
