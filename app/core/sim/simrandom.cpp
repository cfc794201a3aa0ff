#include "sim/simrandom.h"

namespace busmon {

QString SimRandom::hex(int digits)
{
    static constexpr char16_t hexDigits[] = u"0123456789abcdef";
    QString text(digits, Qt::Uninitialized);
    for (int i = 0; i < digits; ++i)
        text[i] = QChar(hexDigits[below(16)]);
    return text;
}

QString SimRandom::uuid()
{
    static constexpr char16_t variants[] = u"89ab";
    return hex(8) + QLatin1Char('-') + hex(4) + QLatin1StringView("-4") + hex(3) + QLatin1Char('-') +
           QChar(variants[below(4)]) + hex(3) + QLatin1Char('-') + hex(12);
}

QString SimRandom::ipv4()
{
    static constexpr const char *networks[] = {"192.0.2.", "198.51.100.", "203.0.113."};
    return QLatin1StringView(pick(networks)) + QString::number(between(1, 254));
}

} // namespace busmon
