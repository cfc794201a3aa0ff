#pragma once

#include <QColor>

namespace busmon {

// `base` moved `amount` (0 to 1) of the way towards `tint`: tints that follow the palette, light or dark.
inline QColor mixColors(const QColor &base, const QColor &tint, qreal amount)
{
    return QColor::fromRgbF(base.redF() * (1 - amount) + tint.redF() * amount,
                            base.greenF() * (1 - amount) + tint.greenF() * amount,
                            base.blueF() * (1 - amount) + tint.blueF() * amount);
}

} // namespace busmon
