#pragma once

#include "clicommand.h"

#include <QObject>

namespace busmon::cli {

// `busmon-cli replay`: publishes a capture again, byte for byte, at its original pace or faster.
class ReplayCommand : public QObject, public CliCommand
{
    Q_OBJECT
public:
    int run(const QStringList &arguments) override;
};

} // namespace busmon::cli
