#include "democommand.h"

#include "clioutput.h"
#include "demo/demobus.h"
#include "tailcommand.h"

namespace busmon::cli {

int DemoCommand::run(const QStringList &arguments)
{
    if (arguments.contains(QLatin1String("--help")) || arguments.contains(QLatin1String("-h"))) {
        CliOutput::info(QStringLiteral("Usage: busmon-cli demo [tail options]\n\n"
                                       "Starts a private redis-server on a free loopback port, publishes "
                                       "simulated Inthe.AM traffic on it\n"
                                       "and shows it as 'busmon-cli tail --format text' would. Any 'tail' "
                                       "option may follow, e.g. --format jsonl.\n"
                                       "The server stops with the command (Ctrl+C)."));
        return 0;
    }
    DemoBus bus;
    QString error;
    if (!bus.start(&error)) {
        CliOutput::error(QStringLiteral("cannot start the demo bus: %1").arg(error));
        return 1;
    }
    CliOutput::info(QStringLiteral("demo bus on %1 (connect busmon or busmon-cli to it while this runs)")
                        .arg(bus.settings().displayUrl()));
    QStringList tailArguments{QStringLiteral("tail"), QStringLiteral("--url"), bus.settings().displayUrl()};
    if (!arguments.mid(1).join(u' ').contains(QLatin1String("--format")))
        tailArguments << QStringLiteral("--format") << QStringLiteral("text");
    TailCommand tail;
    return tail.run(tailArguments + arguments.mid(1));
}

} // namespace busmon::cli
