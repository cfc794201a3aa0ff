#include "bus/commandlinepassword.h"
#include "bus/connectionsettings.h"
#include "darkpalette.h"
#include "mainwindow.h"
#include "openbenchmark.h"
#include "profiles/connectionprofile.h"
#include "profiles/settingsfile.h"
#include "store/eventstore.h"

#include <QApplication>
#include <QByteArrayView>
#include <QCommandLineParser>
#include <QIcon>
#include <QLoggingCategory>
#include <QSettings>
#include <QStyleFactory>
#include <QTextStream>
#include <QTimer>

using busmon::MainWindow;
using busmon::SettingsFile;

namespace {
struct CommandLine
{
    QCommandLineParser parser;
    QCommandLineOption url{
        QStringLiteral("url"),
        QStringLiteral("Connect to this bus at start: redis://[user@]host[:port] or rediss://… "
                       "(the password may come from REDISCLI_AUTH)."),
        QStringLiteral("URL")};
    QCommandLineOption profile{QStringLiteral("profile"),
                               QStringLiteral("Connect with this saved connection profile at start."),
                               QStringLiteral("NAME")};
    QCommandLineOption demo{
        QStringLiteral("demo"),
        QStringLiteral("Start a private redis-server with simulated Inthe.AM traffic and connect to it.")};
    QCommandLineOption dark{QStringLiteral("dark"),
                            QStringLiteral("Use the Fusion style with a dark palette.")};
    QCommandLineOption stallReport{
        QStringLiteral("stall-report"),
        QStringLiteral(
            "Every 5 s, print how late the GUI thread ran (worst, 99th percentile), retained messages "
            "and resident memory on standard error.")};
    QCommandLineOption benchOpen{
        QStringLiteral("bench-open"),
        QStringLiteral(
            "Open this capture offscreen, print how long it took and the memory it holds, and quit."),
        QStringLiteral("FILE")};
    QCommandLineOption view{
        QStringLiteral("view"),
        QStringLiteral("Open a view beside the table at start: activity (sync activity charts)."),
        QStringLiteral("NAME")};
    QCommandLineOption benchFilter{
        QStringLiteral("bench-filter"),
        QStringLiteral("With --stall-report: once messages stop arriving, apply this filter to the current "
                       "tab and print how long it took."),
        QStringLiteral("EXPR")};
    QCommandLineOption quitAfter{
        QStringLiteral("quit-after"),
        QStringLiteral("Close the window after this many seconds and print how many messages it holds "
                       "(for scripts and install checks)."),
        QStringLiteral("SECONDS")};

    CommandLine()
    {
        parser.setApplicationDescription(QStringLiteral(
            "Live monitor for the Inthe.AM Redis event bus: every message in a table, a tab per "
            "kind, a filter language and a detail pane."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({url, profile, demo, dark, stallReport, benchFilter, benchOpen, quitAfter, view});
        parser.addPositionalArgument(
            QStringLiteral("capture"),
            QStringLiteral("A capture to open (.jsonl or .jsonl.gz; - reads standard input)."),
            QStringLiteral("[capture]"));
    }
};

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("busmon"));
    QCoreApplication::setApplicationName(QStringLiteral("busmon"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BUSMON_VERSION));
    // The status bar says how the connection is; the terminal keeps only warnings unless asked.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("busmon.*.debug=false\nbusmon.*.info=false"));
}

// Profiles are nobody else's business, and an older busmon could keep a password typed into a
// profile's URL in the file: it goes, and the keychain or a prompt takes its place.
void secureSettings()
{
    QSettings settings;
    SettingsFile::restrictToOwner(settings);
    QStringList affected;
    if (busmon::ConnectionProfile::dropStoredPasswords(settings, &affected))
        QTextStream(stderr) << "busmon: removed the password kept in plain text in the settings file from "
                               "profile(s) "
                            << affected.join(QStringLiteral(", "))
                            << "; save it in the keychain from File → Connect… or type it when asked\n";
}

// --help and --version print and exit; they must work without a display.
bool asksForTextOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "-?" || argument == "--help-all" ||
            argument == "-v" || argument == "--version")
            return true;
    }
    return false;
}

// --bench-open measures the window without showing it.
bool benchesOpening(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (QByteArrayView(argv[i]).startsWith("--bench-open"))
            return true;
    }
    return false;
}
} // namespace

int main(int argc, char *argv[])
{
    if (asksForTextOnly(argc, argv)) {
        QCoreApplication core(argc, argv);
        setApplicationNames();
        CommandLine commandLine;
        commandLine.parser.process(core);
        return 0;
    }
    if (benchesOpening(argc, argv))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    setApplicationNames();
    secureSettings();
    QApplication::setApplicationDisplayName(QStringLiteral("busmon"));
    QApplication::setDesktopFileName(QStringLiteral("busmon"));
    CommandLine commandLine;
    QCommandLineParser &parser = commandLine.parser;
    parser.process(app);

    QTextStream err(stderr);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        err << "busmon: open one capture at a time\n";
        return 2;
    }
    const int chosen = int(parser.isSet(commandLine.url)) + int(parser.isSet(commandLine.profile)) +
                       int(parser.isSet(commandLine.demo)) + int(!positional.isEmpty()) +
                       int(parser.isSet(commandLine.benchOpen));
    if (chosen > 1) {
        err << "busmon: choose one of --url, --profile, --demo, --bench-open and a capture file\n";
        return 2;
    }
    std::optional<busmon::ConnectionSettings> urlSettings;
    if (parser.isSet(commandLine.url)) {
        QString error;
        urlSettings = busmon::ConnectionSettings::fromUrl(parser.value(commandLine.url), &error);
        if (!urlSettings) {
            err << "busmon: " << error << '\n';
            return 2;
        }
        urlSettings->applyEnvironment();
    }
    // Parsed: argv can do without the password now.
    if (busmon::CommandLinePassword::hide(argc, argv) > 0)
        err << busmon::CommandLinePassword::warning() << Qt::endl;
    if (parser.isSet(commandLine.view) && parser.value(commandLine.view) != QLatin1String("activity")) {
        err << "busmon: unknown view \"" << parser.value(commandLine.view) << "\"; the views are: activity\n";
        return 2;
    }
    if (parser.isSet(commandLine.dark) || qEnvironmentVariableIsSet("BUSMON_DARK")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(busmon::DarkPalette::make());
    }

    bool quitAfterValid = false;
    const double quitAfterSeconds = parser.value(commandLine.quitAfter).toDouble(&quitAfterValid);
    if (parser.isSet(commandLine.quitAfter) && (!quitAfterValid || quitAfterSeconds <= 0)) {
        err << "busmon: --quit-after needs a number of seconds above 0\n";
        return 2;
    }

    MainWindow window;
    if (parser.isSet(commandLine.benchOpen)) {
        window.show(); // offscreen: the table and tabs do their work as on a screen
        auto *benchmark = new busmon::OpenBenchmark(&window, parser.value(commandLine.benchOpen));
        benchmark->start();
        return QApplication::exec();
    }
    window.show();
    if (parser.isSet(commandLine.view))
        window.showActivityView();
    if (parser.isSet(commandLine.quitAfter)) {
        QTimer::singleShot(qRound(quitAfterSeconds * 1000), &window, [&window] {
            QTextStream(stdout) << "busmon: the window holds " << window.store()->size() << " messages\n";
            window.close();
        });
    }
    if (parser.isSet(commandLine.stallReport))
        window.enableStallReport(5000, parser.value(commandLine.benchFilter));
    if (parser.isSet(commandLine.demo)) {
        QString error;
        if (!window.startDemo(&error)) {
            err << "busmon: " << error << '\n';
            return 1;
        }
    } else if (!positional.isEmpty()) {
        window.openCapture(positional.constFirst());
    } else if (urlSettings) {
        window.connectTo(*urlSettings);
    } else if (parser.isSet(commandLine.profile)) {
        if (!window.connectToProfile(parser.value(commandLine.profile))) {
            err << "busmon: no saved profile named \"" << parser.value(commandLine.profile) << "\"\n";
            return 2;
        }
    } else {
        QTimer::singleShot(0, &window, &MainWindow::showConnectionDialog);
    }
    return QApplication::exec();
}
