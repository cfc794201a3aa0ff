#include "chartstyle.h"

#include "colormix.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>
#include <algorithm>

namespace busmon {

ChartStyle::ChartStyle(const QPalette &palette, const QFont &font)
    : m_palette(palette)
    , m_font(font)
{}

bool ChartStyle::isDark() const
{
    return m_palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor ChartStyle::faintText() const
{
    return mixColors(m_palette.color(QPalette::WindowText), m_palette.color(QPalette::Window), 0.35);
}

QColor ChartStyle::color(Hue hue) const
{
    // Tailwind-like 600 shades on light backgrounds, 400 shades on dark ones.
    const bool dark = isDark();
    switch (hue) {
    case Hue::Blue:
        return dark ? QColor(0x60, 0xa5, 0xfa) : QColor(0x25, 0x63, 0xeb);
    case Hue::Teal:
        return dark ? QColor(0x2d, 0xd4, 0xbf) : QColor(0x0d, 0x94, 0x88);
    case Hue::Grey:
        return mixColors(m_palette.color(QPalette::WindowText), m_palette.color(QPalette::Window),
                         dark ? 0.45 : 0.55);
    case Hue::Orange:
        return dark ? QColor(0xfb, 0x92, 0x3c) : QColor(0xea, 0x58, 0x0c);
    case Hue::Red:
        return dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xdc, 0x26, 0x26);
    case Hue::Green:
        return dark ? QColor(0x4a, 0xde, 0x80) : QColor(0x16, 0xa3, 0x4a);
    case Hue::Purple:
        return dark ? QColor(0xc0, 0x84, 0xfc) : QColor(0x93, 0x33, 0xea);
    }
    return m_palette.color(QPalette::WindowText);
}

QFont ChartStyle::smallFont(const QFont &base)
{
    QFont small = base;
    small.setPointSizeF(std::max(7.0, base.pointSizeF() * 0.85));
    return small;
}

void ChartStyle::apply(QChart *chart) const
{
    QFont title = m_font;
    title.setBold(true);
    chart->setTitleFont(title);
    chart->legend()->setFont(smallFont(m_font));
    const QColor window = m_palette.color(QPalette::Window);
    const QColor text = m_palette.color(QPalette::WindowText);
    const QColor grid = mixColors(window, text, isDark() ? 0.16 : 0.12);
    chart->setBackgroundBrush(window);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    chart->legend()->setColor(Qt::transparent);
    chart->legend()->setBorderColor(Qt::transparent);
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(faintText());
        axis->setLinePenColor(grid);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(mixColors(window, text, 0.06));
        axis->setShadesVisible(false);
        axis->setLabelsFont(smallFont(m_font));
        axis->setTitleFont(smallFont(m_font));
    }
}

} // namespace busmon
