#pragma once

#include "activity/activitycounter.h"
#include "activity/activitywindow.h"
#include "bus/connectionsettings.h"
#include "bus/connectionstatus.h"
#include "clicommand.h"

#include <QObject>
#include <memory>

namespace busmon {
class BusFeed;
}

namespace busmon::cli {

// `busmon-cli stats`: the sync activity figures of the window's charts, without a window, from a
// capture or from the live bus for a while (ActivityCounter, ActivityReport).
class StatsCommand : public QObject, public CliCommand
{
    Q_OBJECT
public:
    int run(const QStringList &arguments) override;

private:
    enum class Format { Text, Json };

    int countCapture(const QString &path);
    int countLive(const ConnectionSettings &settings, double durationSeconds);
    void handleStatus(const ConnectionStatus &status);
    void finishLive(int exitCode);
    bool print(std::optional<qint64> nowMs) const; // false, having said why, when the output fails

    std::unique_ptr<ActivityCounter> m_counter;
    ActivityWindow m_window = ActivityWindow::All;
    Format m_format = Format::Text;
    BusFeed *m_feed = nullptr;
    QString m_displayUrl;
    bool m_everSubscribed = false;
    bool m_finished = false;
};

} // namespace busmon::cli
