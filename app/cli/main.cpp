#include "announcecommand.h"
#include "bus/commandlinepassword.h"
#include "clicommand.h"
#include "democommand.h"
#include "readcommand.h"
#include "replaycommand.h"
#include "simulatecommand.h"
#include "statscommand.h"
#include "tailcommand.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <functional>
#include <memory>

using namespace busmon::cli;

namespace {
struct CommandEntry
{
    const char *name;
    const char *description;
    std::function<std::unique_ptr<CliCommand>()> make;
};

const std::vector<CommandEntry> &commands()
{
    static const std::vector<CommandEntry> entries{
        {"tail", "Record the bus as JSON Lines (to standard output or a file).",
         [] { return std::make_unique<TailCommand>(); }},
        {"simulate", "Publish realistic Inthe.AM traffic of all nine kinds.",
         [] { return std::make_unique<SimulateCommand>(); }},
        {"announce", "Publish a toast to every signed-in user, or to given users.",
         [] { return std::make_unique<AnnounceCommand>(); }},
        {"demo", "Start a private bus with simulated traffic and show it (tail --format text).",
         [] { return std::make_unique<DemoCommand>(); }},
        {"read", "Print the messages of a capture that pass a filter (as in the window).",
         [] { return std::make_unique<ReadCommand>(); }},
        {"replay", "Publish a recorded capture again, at its pace or faster.",
         [] { return std::make_unique<ReplayCommand>(); }},
        {"stats", "Sync activity figures of a capture or of the live bus.",
         [] { return std::make_unique<StatsCommand>(); }},
    };
    return entries;
}

void printUsage(QTextStream &out)
{
    out << "Usage: busmon-cli <command> [options]\n\n"
           "Monitor, record, publish to and simulate the Inthe.AM Redis event bus.\n\n"
           "Commands:\n";
    for (const CommandEntry &entry : commands())
        out << "  " << QString::fromLatin1(entry.name).leftJustified(10) << entry.description << '\n';
    out << "\nRun 'busmon-cli <command> --help' for a command's options.\n"
           "Options:\n  -h, --help     Show this help.\n  -v, --version  Show the version.\n";
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("busmon-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("busmon"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BUSMON_VERSION));
    // The commands speak for themselves on standard error; the core's log is there on demand.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(
            QStringLiteral("busmon.*.debug=false\nbusmon.*.info=false\nbusmon.*.warning=false"));

    const QStringList arguments = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    // The commands parse `arguments`, a copy: from here on argv can do without the password.
    if (busmon::CommandLinePassword::hide(argc, argv) > 0)
        err << busmon::CommandLinePassword::warning() << Qt::endl;
    if (arguments.size() < 2 || arguments.at(1) == QLatin1String("-h") ||
        arguments.at(1) == QLatin1String("--help") || arguments.at(1) == QLatin1String("help")) {
        printUsage(arguments.size() < 2 ? err : out);
        return arguments.size() < 2 ? 2 : 0;
    }
    if (arguments.at(1) == QLatin1String("-v") || arguments.at(1) == QLatin1String("--version")) {
        out << "busmon-cli " << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    for (const CommandEntry &entry : commands()) {
        if (arguments.at(1) == QLatin1String(entry.name))
            return entry.make()->run(arguments.mid(1));
    }
    err << "busmon-cli: unknown command '" << arguments.at(1) << "'\n";
    printUsage(err);
    return 2;
}
