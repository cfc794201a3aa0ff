#include "bus/connectionsettings.h"
#include "darkpalette.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QStyleFactory>
#include <QTextStream>
#include <QTimer>

using busmon::MainWindow;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("busmon"));
    QApplication::setApplicationName(QStringLiteral("busmon"));
    QApplication::setApplicationDisplayName(QStringLiteral("busmon"));
    QApplication::setApplicationVersion(QStringLiteral(BUSMON_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("busmon"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Live monitor for the Inthe.AM Redis event bus: every message in a table, a tab per "
                       "kind, a filter language and a detail pane."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption urlOption(
        QStringLiteral("url"),
        QStringLiteral("Connect to this bus at start: redis://[user@]host[:port] or rediss://… "
                       "(the password may come from REDISCLI_AUTH)."),
        QStringLiteral("URL"));
    const QCommandLineOption profileOption(
        QStringLiteral("profile"), QStringLiteral("Connect with this saved connection profile at start."),
        QStringLiteral("NAME"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QStringLiteral("Start a private redis-server with simulated Inthe.AM traffic and connect to it."));
    const QCommandLineOption darkOption(QStringLiteral("dark"),
                                        QStringLiteral("Use the Fusion style with a dark palette."));
    const QCommandLineOption stallOption(
        QStringLiteral("stall-report"),
        QStringLiteral(
            "Every 5 s, print how late the GUI thread ran (worst, 99th percentile), retained messages "
            "and resident memory on standard error."));
    parser.addOptions({urlOption, profileOption, demoOption, darkOption, stallOption});
    parser.process(app);

    QTextStream err(stderr);
    const int chosen =
        int(parser.isSet(urlOption)) + int(parser.isSet(profileOption)) + int(parser.isSet(demoOption));
    if (chosen > 1) {
        err << "busmon: choose one of --url, --profile and --demo\n";
        return 2;
    }
    std::optional<busmon::ConnectionSettings> urlSettings;
    if (parser.isSet(urlOption)) {
        QString error;
        urlSettings = busmon::ConnectionSettings::fromUrl(parser.value(urlOption), &error);
        if (!urlSettings) {
            err << "busmon: " << error << '\n';
            return 2;
        }
        urlSettings->applyEnvironment();
    }
    if (parser.isSet(darkOption) || qEnvironmentVariableIsSet("BUSMON_DARK")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(busmon::DarkPalette::make());
    }

    MainWindow window;
    window.show();
    if (parser.isSet(stallOption))
        window.enableStallReport();
    if (parser.isSet(demoOption)) {
        QString error;
        if (!window.startDemo(&error)) {
            err << "busmon: " << error << '\n';
            return 1;
        }
    } else if (urlSettings) {
        window.connectTo(*urlSettings);
    } else if (parser.isSet(profileOption)) {
        if (!window.connectToProfile(parser.value(profileOption))) {
            err << "busmon: no saved profile named \"" << parser.value(profileOption) << "\"\n";
            return 2;
        }
    } else {
        QTimer::singleShot(0, &window, &MainWindow::showConnectionDialog);
    }
    return QApplication::exec();
}
