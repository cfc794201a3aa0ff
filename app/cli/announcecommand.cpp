#include "announcecommand.h"

#include "clioutput.h"
#include "connectionoptions.h"
#include "publish/publishconfirmation.h"
#include "publish/publishguard.h"
#include "publish/toastdraft.h"
#include "terminal.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QList>
#include <QTimer>

#include <array>
#include <cstdio>
#include <utility>

namespace busmon::cli {

namespace {
constexpr int replyTimeoutMs = 10000;

// The option a user typed for each field of a toast.
QString optionFor(ToastDraft::Field field)
{
    static constexpr std::array options{"--user", "--title", "--message", "--type", "--duration"};
    return QLatin1String(options[static_cast<size_t>(field)]);
}

// Errors refuse the command (exit 2), warnings are said and the command goes on.
bool reportIssues(const QList<ToastDraft> &drafts)
{
    bool usable = true;
    QStringList said;
    for (const ToastDraft &draft : drafts) {
        for (const ToastDraft::Issue &issue : draft.issues()) {
            const bool error = issue.severity == ToastDraft::Severity::Error;
            const QString text = QStringLiteral("%1%2: %3")
                                     .arg(error ? QString() : QStringLiteral("warning: "),
                                          optionFor(issue.field), issue.reason);
            if (said.contains(text))
                continue;
            said << text;
            CliOutput::error(text);
            usable = usable && !error;
        }
    }
    return usable;
}

bool confirmed(const SessionOrigin &target, const QList<ToastDraft> &drafts)
{
    for (const ToastDraft &draft : drafts)
        CliOutput::info(PublishConfirmation::forMessage(target, draft.channel(), draft.payload()).text());
    return Terminal::confirm(drafts.size() == 1 ? QStringLiteral("Publish it?")
                                                : QStringLiteral("Publish these %1?").arg(drafts.size()));
}

void sayReceived(const QByteArray &channel, qint64 receivers)
{
    if (receivers == 0)
        CliOutput::info(
            QStringLiteral("%1: published, but no subscriber received it (is the web app on this bus?)")
                .arg(QString::fromUtf8(channel)));
    else
        CliOutput::info(QStringLiteral("%1: received by %2 subscriber%3")
                            .arg(QString::fromUtf8(channel))
                            .arg(receivers)
                            .arg(receivers == 1 ? QString() : QStringLiteral("s")));
}

int publishAll(const SessionOrigin &target, const QList<ToastDraft> &drafts)
{
    PublishGuard guard(target, QStringLiteral("busmon-cli"));
    int exitCode = 0;
    bool done = false;
    auto finish = [&](int code) {
        exitCode = qMax(exitCode, code);
        if (!std::exchange(done, true))
            QCoreApplication::exit(exitCode);
    };
    qsizetype answered = 0;
    auto oneAnswered = [&] {
        if (++answered == drafts.size())
            finish(0);
    };
    QObject::connect(&guard, &PublishGuard::published, &guard,
                     [&](const QByteArray &channel, qint64 receivers) {
                         sayReceived(channel, receivers);
                         oneAnswered();
                     });
    QObject::connect(&guard, &PublishGuard::refused, &guard, [&](const QByteArray &, const QString &reason) {
        CliOutput::error(reason);
        exitCode = 1;
        oneAnswered();
    });
    QObject::connect(&guard, &PublishGuard::auditFailed, &guard, [&](const QString &reason) {
        CliOutput::error(QStringLiteral("published, but %1").arg(reason));
        exitCode = 1;
    });
    QTimer::singleShot(replyTimeoutMs, &guard, [&] {
        CliOutput::error(QStringLiteral("%1: no answer within %2 s")
                             .arg(target.settings.displayUrl())
                             .arg(replyTimeoutMs / 1000));
        finish(1);
    });
    // From the event loop: an answer that comes at once must find it running.
    QTimer::singleShot(0, &guard, [&] {
        for (const ToastDraft &draft : drafts) {
            QString error;
            if (!guard.publish(draft.channel(), draft.payload(), &error)) {
                CliOutput::error(error);
                finish(1);
                return;
            }
        }
    });
    QCoreApplication::exec();
    return exitCode;
}
} // namespace

int AnnounceCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Publish a toast: to every signed-in user on __general__, or with --user to those users "
        "on personal.<username>. The web UI shows the title in bold, a colon, then the message. "
        "On a terminal it shows what goes out and asks first; every publish is written to the audit "
        "log (~/.local/share/busmon/audit.jsonl)."));
    parser.addHelpOption();
    ConnectionOptions connection;
    connection.addTo(parser);
    const QCommandLineOption titleOption(QStringLiteral("title"), QStringLiteral("The toast's title."),
                                         QStringLiteral("text"));
    const QCommandLineOption messageOption(QStringLiteral("message"), QStringLiteral("The toast's text."),
                                           QStringLiteral("text"));
    const QCommandLineOption typeOption(
        QStringLiteral("type"),
        QStringLiteral("info, warning, error or success (default: none, shown as info)."),
        QStringLiteral("type"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
                                            QStringLiteral("How long the web UI shows it, in milliseconds."),
                                            QStringLiteral("ms"));
    const QCommandLineOption userOption(
        QStringLiteral("user"), QStringLiteral("Send to this user only, on personal.<user> (repeatable)."),
        QStringLiteral("name"));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"),
                                          QStringLiteral("Print channel and payload instead of publishing."));
    const QCommandLineOption yesOption(
        QStringLiteral("yes"),
        QStringLiteral("Publish without asking (needed when standard input is not a terminal)."));
    parser.addOptions(
        {titleOption, messageOption, typeOption, durationOption, userOption, dryRunOption, yesOption});
    parser.process(arguments);

    ToastDraft common;
    common.title = parser.value(titleOption);
    common.message = parser.value(messageOption);
    common.type = parser.value(typeOption);
    common.duration = parser.value(durationOption);
    // `--type ""` is a type given empty, not none: refused like any other.
    if (parser.isSet(typeOption) && common.type.isEmpty())
        common.type = QStringLiteral("(empty)");
    if (parser.isSet(durationOption) && common.duration.isEmpty())
        common.duration = QStringLiteral("(empty)");
    QList<ToastDraft> drafts;
    for (const QString &user : parser.values(userOption)) {
        ToastDraft draft = common;
        draft.target = ToastDraft::Target::OneUser;
        draft.username = user;
        drafts.append(draft);
    }
    if (drafts.isEmpty())
        drafts.append(common);
    if (!reportIssues(drafts))
        return 2;
    if (parser.isSet(dryRunOption)) {
        for (const ToastDraft &draft : drafts)
            std::printf("%s %s\n", draft.channel().constData(), draft.payload().constData());
        return 0;
    }
    int refusedWith = 0;
    const std::optional<SessionOrigin> target = connection.publishTarget(parser, &refusedWith);
    if (!target)
        return refusedWith;
    if (!parser.isSet(yesOption)) {
        if (!Terminal::isInteractive()) {
            CliOutput::error(
                QStringLiteral("nothing published: there is no terminal to ask on; pass --yes to "
                               "publish without the question"));
            return 2;
        }
        if (!confirmed(*target, drafts)) {
            CliOutput::error(QStringLiteral("nothing published"));
            return 1;
        }
    }
    return publishAll(*target, drafts);
}

} // namespace busmon::cli
