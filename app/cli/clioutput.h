#pragma once

#include <QString>

namespace busmon::cli {

// Messages for the person at the terminal, on standard error, so standard output stays data.
class CliOutput
{
public:
    static void error(const QString &message); // "busmon-cli: <message>"
    static void info(const QString &message);
};

} // namespace busmon::cli
