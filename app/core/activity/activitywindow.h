#pragma once

#include <QString>
#include <QStringView>
#include <array>
#include <optional>

namespace busmon {

// How far back the activity figures look from the newest message (or from now, on a live bus).
enum class ActivityWindow : quint8 { FiveMinutes, Hour, Day, All };

inline constexpr std::array<ActivityWindow, 4> allActivityWindows{
    ActivityWindow::FiveMinutes, ActivityWindow::Hour, ActivityWindow::Day, ActivityWindow::All};

// Whole minutes the window spans; 0 for All (everything retained).
int activityWindowMinutes(ActivityWindow window);
// "5m", "1h", "24h", "all": as written on busmon-cli's command line and in its JSON.
QString activityWindowName(ActivityWindow window);
std::optional<ActivityWindow> activityWindowFromName(QStringView name);

} // namespace busmon
