#include "clioutput.h"

#include "events/onelinetext.h"

#include <QStringList>

#include <cstdio>

namespace busmon::cli {

namespace {
// Messages carry text from the server and the bus (refusals, reasons, names): whatever could drive
// the terminal is shown as an escape. The message's own line breaks stay.
QByteArray terminalText(const QString &message)
{
    QStringList lines = message.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = OneLineText::escaped(line, OneLineText::unlimited);
    return lines.join(QLatin1Char('\n')).toLocal8Bit();
}
} // namespace

void CliOutput::error(const QString &message)
{
    std::fprintf(stderr, "busmon-cli: %s\n", terminalText(message).constData());
    std::fflush(stderr);
}

void CliOutput::info(const QString &message)
{
    std::fprintf(stderr, "%s\n", terminalText(message).constData());
    std::fflush(stderr);
}

} // namespace busmon::cli
