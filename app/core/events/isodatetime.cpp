#include "events/isodatetime.h"

namespace busmon {

namespace {

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
qint64 daysFromCivil(qint64 year, unsigned month, unsigned day)
{
    year -= month <= 2;
    const qint64 era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yearOfEra = static_cast<unsigned>(year - era * 400);
    const unsigned dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + static_cast<qint64>(dayOfEra) - 719468;
}

struct Civil
{
    qint64 year;
    unsigned month;
    unsigned day;
};

Civil civilFromDays(qint64 days)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned dayOfEra = static_cast<unsigned>(days - era * 146097);
    const unsigned yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const unsigned mp = (5 * dayOfYear + 2) / 153;
    const unsigned day = dayOfYear - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<qint64>(yearOfEra) + era * 400 + (month <= 2), month, day};
}

void appendDigits(char *&out, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out += width;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

class Scanner
{
public:
    explicit Scanner(QStringView text)
        : m_text(text)
    {}

    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_text.at(m_pos); }
    bool take(QChar c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    // Exactly `width` ASCII digits.
    std::optional<int> number(int width)
    {
        if (m_pos + width > m_text.size())
            return std::nullopt;
        int value = 0;
        for (int i = 0; i < width; ++i) {
            const char16_t c = m_text.at(m_pos + i).unicode();
            if (c < u'0' || c > u'9')
                return std::nullopt;
            value = value * 10 + (c - u'0');
        }
        m_pos += width;
        return value;
    }
    // One to nine digits after the decimal point, as milliseconds (truncated).
    std::optional<int> fractionMs()
    {
        int digits = 0;
        int ms = 0;
        while (!atEnd() && peek().unicode() >= u'0' && peek().unicode() <= u'9') {
            if (digits < 3)
                ms = ms * 10 + (peek().unicode() - u'0');
            ++digits;
            ++m_pos;
        }
        if (digits == 0 || digits > 9)
            return std::nullopt;
        for (int i = digits; i < 3; ++i)
            ms *= 10;
        return ms;
    }

private:
    QStringView m_text;
    qsizetype m_pos = 0;
};

bool isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
}

} // namespace

QByteArray IsoDateTime::formatUtcMs(qint64 msSinceEpoch)
{
    QByteArray result(utcMsLength, Qt::Uninitialized);
    writeUtcMs(result.data(), msSinceEpoch);
    return result;
}

void IsoDateTime::writeUtcMs(char *out, qint64 msSinceEpoch)
{
    const qint64 days = floorDiv(msSinceEpoch, 86400000);
    const qint64 msOfDay = msSinceEpoch - days * 86400000;
    const Civil date = civilFromDays(days);
    appendDigits(out, date.year, 4);
    *out++ = '-';
    appendDigits(out, date.month, 2);
    *out++ = '-';
    appendDigits(out, date.day, 2);
    *out++ = 'T';
    appendDigits(out, msOfDay / 3600000, 2);
    *out++ = ':';
    appendDigits(out, msOfDay / 60000 % 60, 2);
    *out++ = ':';
    appendDigits(out, msOfDay / 1000 % 60, 2);
    *out++ = '.';
    appendDigits(out, msOfDay % 1000, 3);
    *out = 'Z';
}

QByteArray IsoDateTime::formatDjango(qint64 msSinceEpoch)
{
    // DjangoJSONEncoder drops the fraction when it is zero.
    QByteArray text = formatUtcMs(msSinceEpoch);
    if (msSinceEpoch % 1000 == 0)
        text.remove(19, 4);
    return text;
}

bool IsoDateTime::isValid(QStringView text)
{
    return parseMs(text).has_value();
}

std::optional<qint64> IsoDateTime::parseMs(QStringView text)
{
    Scanner scan(text);
    const auto year = scan.number(4);
    if (!year || !scan.take(u'-'))
        return std::nullopt;
    const auto month = scan.number(2);
    if (!month || *month < 1 || *month > 12 || !scan.take(u'-'))
        return std::nullopt;
    const auto day = scan.number(2);
    if (!day || *day < 1 || *day > daysInMonth(*year, *month))
        return std::nullopt;
    const qint64 dayMs =
        daysFromCivil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)) * 86400000;
    if (scan.atEnd())
        return dayMs;
    if (!scan.take(u'T') && !scan.take(u' '))
        return std::nullopt;

    const auto hour = scan.number(2);
    if (!hour || *hour > 23 || !scan.take(u':'))
        return std::nullopt;
    const auto minute = scan.number(2);
    if (!minute || *minute > 59)
        return std::nullopt;
    int second = 0;
    int ms = 0;
    if (scan.take(u':')) {
        const auto seconds = scan.number(2);
        if (!seconds || *seconds > 60)
            return std::nullopt;
        second = *seconds;
        if (scan.take(u'.') || scan.take(u',')) {
            const auto fraction = scan.fractionMs();
            if (!fraction)
                return std::nullopt;
            ms = *fraction;
        }
    }
    qint64 offsetMinutes = 0;
    if (scan.take(u'Z') || scan.take(u'z')) {
    } else if (scan.peek() == u'+' || scan.peek() == u'-') {
        const bool negative = scan.peek() == u'-';
        scan.take(scan.peek());
        const auto offsetHours = scan.number(2);
        if (!offsetHours || *offsetHours > 23)
            return std::nullopt;
        scan.take(u':');
        const auto offsetMins = scan.number(2);
        if (!offsetMins || *offsetMins > 59)
            return std::nullopt;
        offsetMinutes = (*offsetHours * 60 + *offsetMins) * (negative ? -1 : 1);
    }
    if (!scan.atEnd())
        return std::nullopt;
    return dayMs + ((*hour * 60 + *minute - offsetMinutes) * 60 + second) * 1000 + ms;
}

} // namespace busmon
