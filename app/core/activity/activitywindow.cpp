#include "activity/activitywindow.h"

namespace busmon {

int activityWindowMinutes(ActivityWindow window)
{
    switch (window) {
    case ActivityWindow::FiveMinutes:
        return 5;
    case ActivityWindow::Hour:
        return 60;
    case ActivityWindow::Day:
        return 24 * 60;
    case ActivityWindow::All:
        break;
    }
    return 0;
}

QString activityWindowName(ActivityWindow window)
{
    switch (window) {
    case ActivityWindow::FiveMinutes:
        return QStringLiteral("5m");
    case ActivityWindow::Hour:
        return QStringLiteral("1h");
    case ActivityWindow::Day:
        return QStringLiteral("24h");
    case ActivityWindow::All:
        break;
    }
    return QStringLiteral("all");
}

std::optional<ActivityWindow> activityWindowFromName(QStringView name)
{
    for (const ActivityWindow window : allActivityWindows) {
        if (name.compare(activityWindowName(window), Qt::CaseInsensitive) == 0)
            return window;
    }
    return std::nullopt;
}

} // namespace busmon
