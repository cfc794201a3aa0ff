#include "events/onelinetext.h"

namespace busmon {

namespace {
bool isControl(char16_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

// Line and paragraph separators, and the bidi embeddings, overrides and isolates that reorder
// what follows them (the "Trojan Source" set).
bool isLayoutCharacter(char16_t c)
{
    return c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

bool isBreaking(char16_t c)
{
    return isControl(c) || isLayoutCharacter(c);
}

QString escapeOf(char16_t c)
{
    switch (c) {
    case u'\n':
        return QStringLiteral("\\n");
    case u'\r':
        return QStringLiteral("\\r");
    case u'\t':
        return QStringLiteral("\\t");
    default:
        break;
    }
    if (c <= 0xff)
        return QStringLiteral("\\x%1").arg(int(c), 2, 16, QLatin1Char('0'));
    return QStringLiteral("\\u%1").arg(int(c), 4, 16, QLatin1Char('0'));
}

// The ellipsis replaces the last kept character; never split a surrogate pair.
void cutWithEllipsis(QString &result)
{
    result.chop(1);
    if (!result.isEmpty() && result.back().isHighSurrogate())
        result.chop(1);
    result.append(QChar(0x2026));
}
} // namespace

QString OneLineText::from(QStringView text, qsizetype maxLength)
{
    QString result;
    result.reserve(qMin(text.size(), maxLength) + 1);
    bool lastWasSpace = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char16_t c = text.at(i).unicode();
        if (isBreaking(c))
            c = u' ';
        if (c == u' ' && (lastWasSpace || result.isEmpty()))
            continue;
        lastWasSpace = c == u' ';
        if (result.size() >= maxLength) {
            cutWithEllipsis(result);
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
    const QChar *characters = text.constData();
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = characters[i].unicode();
        // Printable ASCII but the space first: nearly every character of a summary.
        if ((c <= u' ' || c >= 0x7f) && (isBreaking(c) || (c == u' ' && previous == u' ')))
            return from(QStringView(text), maxLength);
        previous = c;
    }
    return text;
}

QString OneLineText::quoted(QStringView text)
{
    return QLatin1Char('\'') + from(text, 60) + QLatin1Char('\'');
}

QString OneLineText::escaped(QStringView text, qsizetype maxLength)
{
    QString result;
    result.reserve(qMin(text.size(), maxLength) + 8);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        const QString escape = isBreaking(c) ? escapeOf(c) : QString();
        const bool pair = QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate();
        // An escape or a surrogate pair is kept whole or not at all.
        if (result.size() + (escape.isEmpty() ? (pair ? 2 : 1) : escape.size()) > maxLength) {
            result.append(QChar(0x2026));
            return result;
        }
        if (!escape.isEmpty()) {
            result += escape;
            continue;
        }
        result += QChar(c);
        if (pair)
            result += text.at(++i);
    }
    return result;
}

QString OneLineText::escaped(const QString &text, qsizetype maxLength)
{
    if (text.size() > maxLength ||
        std::any_of(text.cbegin(), text.cend(), [](QChar c) { return isBreaking(c.unicode()); }))
        return escaped(QStringView(text), maxLength);
    return text;
}

} // namespace busmon
