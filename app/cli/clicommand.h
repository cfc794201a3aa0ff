#pragma once

#include <QStringList>

namespace busmon::cli {

// One subcommand of busmon-cli. run() gets the arguments from the subcommand's name on
// (so QCommandLineParser sees "tail --url …") and returns the process exit status.
class CliCommand
{
public:
    virtual ~CliCommand() = default;
    virtual int run(const QStringList &arguments) = 0;
};

} // namespace busmon::cli
