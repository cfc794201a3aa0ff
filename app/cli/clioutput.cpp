#include "clioutput.h"

#include <cstdio>

namespace busmon::cli {

void CliOutput::error(const QString &message)
{
    std::fprintf(stderr, "busmon-cli: %s\n", message.toLocal8Bit().constData());
    std::fflush(stderr);
}

void CliOutput::info(const QString &message)
{
    std::fprintf(stderr, "%s\n", message.toLocal8Bit().constData());
    std::fflush(stderr);
}

} // namespace busmon::cli
