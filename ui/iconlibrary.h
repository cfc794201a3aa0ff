#pragma once

#include <QIcon>
#include <QString>

namespace busmon {

// The icons of resources/busmon.qrc by short name ("warning", "pause"), with the style's own
// icon as a fallback where the SVG cannot be drawn (no SVG plugin on the machine).
class IconLibrary
{
public:
    static QIcon icon(const QString &name);
};

} // namespace busmon
