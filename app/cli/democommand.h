#pragma once

#include "clicommand.h"

#include <QObject>

namespace busmon::cli {

// `busmon-cli demo`: a private redis-server with simulated Inthe.AM traffic, shown as `tail` shows
// it. What the README's run command falls back to where there is no display.
class DemoCommand : public QObject, public CliCommand
{
    Q_OBJECT
public:
    int run(const QStringList &arguments) override;
};

} // namespace busmon::cli
