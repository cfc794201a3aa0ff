#pragma once

#include "clicommand.h"

#include <QObject>

namespace busmon::cli {

// `busmon-cli simulate`: realistic Inthe.AM traffic of all nine kinds, for demos and benchmarks.
class SimulateCommand : public QObject, public CliCommand
{
    Q_OBJECT
public:
    int run(const QStringList &arguments) override;
};

} // namespace busmon::cli
