#pragma once

#include <QColor>
#include <QFont>
#include <QPalette>

QT_BEGIN_NAMESPACE
class QAbstractSeries;
class QChart;
QT_END_NAMESPACE

namespace busmon {

// Colours of the activity charts from the window's palette, light or dark: the chart's background,
// text, axes and grid follow the palette; series take one of a few hues, lighter on a dark base so
// they keep their contrast.
class ChartStyle
{
public:
    enum class Hue { Blue, Teal, Grey, Orange, Red, Green, Purple };

    ChartStyle(const QPalette &palette, const QFont &font);

    QColor color(Hue hue) const;
    QColor text() const { return m_palette.color(QPalette::WindowText); }
    QColor faintText() const;
    bool isDark() const;

    // Background, title, legend, and every axis now on the chart (call after adding them), in the
    // widget's font: the title in bold, labels and legend a little smaller.
    void apply(QChart *chart) const;
    static QFont smallFont(const QFont &base);

private:
    QPalette m_palette;
    QFont m_font;
};

} // namespace busmon
