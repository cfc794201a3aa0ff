// Compose and publish from the window, offscreen, against a real redis-server: the form, the JSON
// and the preview as you type, problems at their fields, the question before anything goes out, the
// bytes a subscriber receives, the audit line, the server's refusals, templates and history; and in
// the window: Ctrl+N, "Send again…" on a recorded row, and publishing refused (disabled, with the
// reason) without a bus or with a read-only profile.
#include "composedialog.h"
#include "eventtableview.h"
#include "mainwindow.h"
#include "publishactions.h"
#include "toastpreview.h"

#include "bus/busfeed.h"
#include "jsonlines.h"
#include "publish/toastdraft.h"
#include "redisserver.h"
#include "session/monitorsession.h"
#include "store/eventtablemodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDesktopServices>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStringListModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <functional>

using namespace busmon;
using busmon::test::JsonLines;
using busmon::test::RedisServer;

namespace {
// Answers the question asked before publishing when it shows, and keeps what it said.
class ConfirmationAnswer : public QObject
{
public:
    explicit ConfirmationAnswer(bool publish)
    {
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, [this, publish] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("publishConfirmation"))
                return;
            m_timer.stop();
            text = box->windowTitle() + u'\n' + box->text() + u'\n' + box->informativeText() + u'\n' +
                   box->detailedText();
            for (QAbstractButton *button : box->buttons()) {
                if ((publish && button->text() == QLatin1String("&Publish")) ||
                    (!publish && box->buttonRole(button) == QMessageBox::RejectRole))
                    button->click();
            }
        });
        m_timer.start();
    }
    bool asked() const { return !text.isEmpty(); }
    QString text;

private:
    QTimer m_timer;
};

// The simplest toast there is: to everyone, or to `username`.
ToastDraft toast(const QString &username = QString())
{
    ToastDraft draft;
    draft.target = username.isEmpty() ? ToastDraft::Target::Everyone : ToastDraft::Target::OneUser;
    draft.username = username;
    draft.title = QStringLiteral("T");
    draft.message = QStringLiteral("M");
    return draft;
}

template<typename T> T *part(QWidget *dialog, const char *name)
{
    return dialog->findChild<T *>(QLatin1String(name));
}
} // namespace

class TestCompose : public QObject
{
    Q_OBJECT

public slots:
    // QDesktopServices' handler for file URLs while a test wants to see what would be opened.
    void openUrl(const QUrl &url) { m_openedUrl = url; }

private slots:
    void initTestCase();
    void init();
    void cleanup();

    // The dialog.
    void jsonAndPreviewFollowTheForm();
    void publishesTheExactBytes();
    void cancelPublishesNothing();
    void problemsAreShownAtTheirFields_data();
    void problemsAreShownAtTheirFields();
    void longMessageOnlyWarns();
    void noSubscriberIsSaidPlainly();
    void aclRefusalShowsTheServersReason();
    void noAuditNoPublish();
    void readOnlyTargetCannotPublish();
    void templatesAndHistoryFillTheForm();

    // The window.
    void publishingNeedsABus();
    void readOnlyProfileDisablesEveryPublishingAction();
    void ctrlNOpensComposeWithTheUsersSeen();
    void sendAgainFromARecordedRow();
    void auditLogOpensFromTheMenu();

private:
    ComposeDialog *openDialog(const SessionOrigin &target);
    void fill(ComposeDialog *dialog, const ToastDraft &draft);
    SessionOrigin targetOf(const RedisServer &server, const QString &profile = QStringLiteral("staging"),
                           bool readOnly = false) const;
    void connectWindow(const SessionOrigin &origin);
    QModelIndex rowWithChannel(const QByteArray &channel) const;
    bool withTableMenu(const QModelIndex &index, const std::function<void(QMenu *)> &inspect);
    QString auditPath() const { return m_data.filePath(QStringLiteral("busmon/audit.jsonl")); }

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_data;
    std::unique_ptr<RedisServer> m_server;
    std::unique_ptr<ComposeDialog> m_dialog;
    std::unique_ptr<MainWindow> m_window;
    QUrl m_openedUrl;
};

void TestCompose::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("busmon-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_compose"));
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/busmon-test-bus");
}

void TestCompose::init()
{
    QSettings().clear();
    qputenv("XDG_DATA_HOME", m_data.path().toUtf8());
    QFile::remove(auditPath());
    m_server = std::make_unique<RedisServer>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestCompose::cleanup()
{
    m_dialog.reset();
    m_window.reset();
    m_server.reset();
}

SessionOrigin TestCompose::targetOf(const RedisServer &server, const QString &profile, bool readOnly) const
{
    return SessionOrigin::bus(*ConnectionSettings::fromUrl(server.url()), profile, readOnly);
}

ComposeDialog *TestCompose::openDialog(const SessionOrigin &target)
{
    m_dialog = std::make_unique<ComposeDialog>(target);
    m_dialog->resize(900, 600);
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog.get()))
        qWarning("the compose dialog did not show");
    return m_dialog.get();
}

void TestCompose::fill(ComposeDialog *dialog, const ToastDraft &draft)
{
    const bool toUser = draft.target == ToastDraft::Target::OneUser;
    QTest::mouseClick(part<QRadioButton>(dialog, toUser ? "userRadio" : "everyoneRadio"), Qt::LeftButton);
    part<QLineEdit>(dialog, "usernameEdit")->setText(draft.username);
    part<QLineEdit>(dialog, "titleEdit")->setText(draft.title);
    part<QLineEdit>(dialog, "durationEdit")->setText(draft.duration);
    part<QPlainTextEdit>(dialog, "messageEdit")->setPlainText(draft.message);
    auto *type = part<QComboBox>(dialog, "typeCombo");
    type->setCurrentIndex(type->findData(draft.type));
    part<QCheckBox>(dialog, "systemCheck")->setChecked(draft.system);
}

void TestCompose::jsonAndPreviewFollowTheForm()
{
    ComposeDialog *dialog = openDialog(targetOf(*m_server));
    auto *json = part<QPlainTextEdit>(dialog, "jsonView");
    QVERIFY(json->isReadOnly());
    QCOMPARE(json->toPlainText(), QStringLiteral(R"({"title": "", "message": "", "system": true})"));

    ToastDraft draft;
    draft.target = ToastDraft::Target::OneUser;
    draft.username = QStringLiteral("jane.doe+test@example.com");
    draft.title = QStringLiteral("Sync <b>failed</b>");
    draft.message = QString::fromUtf8("Renew your certificate \xf0\x9f\x94\x91 today");
    draft.type = QStringLiteral("warning");
    draft.duration = QStringLiteral("8000");
    fill(dialog, draft);
    QCOMPARE(json->toPlainText(),
             QStringLiteral(R"({"username": "jane.doe+test@example.com", "title": "Sync <b>failed</b>", )"
                            R"("message": "Renew your certificate \ud83d\udd11 today", "type": "warning", )"
                            R"("duration": 8000})"));
    QCOMPARE(json->toPlainText().toUtf8(), dialog->draft().payload());
    QCOMPARE(part<QLabel>(dialog, "channelLabel")->text(),
             QStringLiteral("Channel: personal.jane.doe+test@example.com"));
    // The preview shows markup as the characters it is, as the web UI does.
    QCOMPARE(dialog->preview()->shownText(),
             QString::fromUtf8("Sync <b>failed</b>: Renew your certificate \xf0\x9f\x94\x91 today"));
    QCOMPARE(dialog->preview()->toastType(), QStringLiteral("warning"));
    QVERIFY(!part<QCheckBox>(dialog, "systemCheck")->isEnabled()); // only for __general__

    QTest::mouseClick(part<QRadioButton>(dialog, "everyoneRadio"), Qt::LeftButton);
    QVERIFY(!part<QLineEdit>(dialog, "usernameEdit")->isEnabled());
    QVERIFY(json->toPlainText().startsWith(QLatin1String(R"({"title": "Sync <b>failed</b>")")));
    QVERIFY(json->toPlainText().contains(QLatin1String(R"("system": true)")));
    QTest::mouseClick(part<QCheckBox>(dialog, "systemCheck"), Qt::LeftButton);
    QVERIFY(json->toPlainText().contains(QLatin1String(R"("system": false)")));
}

void TestCompose::publishesTheExactBytes()
{
    BusFeed feed(*ConnectionSettings::fromUrl(m_server->url()), Subscription::defaultSet());
    BusEventBatch received;
    connect(&feed, &BusFeed::eventsReceived, this, [&](const BusEventBatch &batch) { received += batch; });
    feed.start();
    QTRY_COMPARE(m_server->command({"PUBSUB", "NUMPAT"}).integer, 8);

    ComposeDialog *dialog = openDialog(targetOf(*m_server, QStringLiteral("production")));
    ToastDraft draft;
    draft.title = QString::fromUtf8("Maintenance \xf0\x9f\x9b\xa0 <i>tonight</i>");
    draft.message = QStringLiteral("Back at 23:00 \"UTC\"\nThanks");
    draft.type = QStringLiteral("info");
    fill(dialog, draft);
    const QByteArray shown = part<QPlainTextEdit>(dialog, "jsonView")->toPlainText().toUtf8();

    ConfirmationAnswer answer(true);
    QTest::mouseClick(dialog->publishButton(), Qt::LeftButton);
    QTRY_VERIFY(answer.asked());
    // Where it goes and who sees it, before it goes.
    for (const char *said :
         {"__general__", "profile “production”", "127.0.0.1:", "Every signed-in user will see it."})
        QVERIFY2(answer.text.contains(QString::fromUtf8(said)), qPrintable(answer.text));
    QVERIFY(answer.text.contains(QString::fromUtf8(shown)));

    QTRY_VERIFY2(dialog->resultText().contains(QLatin1String("received by 1 subscriber.")),
                 qPrintable(dialog->resultText()));
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received.first().channel, QByteArray("__general__"));
    QCOMPARE(received.first().payload, shown);
    QCOMPARE(received.first().problems, QStringList());

    const QList<QJsonObject> audit = JsonLines::read(auditPath());
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first().value("tool").toString(), "busmon");
    QCOMPARE(audit.first().value("profile").toString(), "production");
    QCOMPARE(audit.first().value("payload").toString().toUtf8(), shown);
    QCOMPARE(audit.first().value("receivers").toInt(), 1);
}

void TestCompose::cancelPublishesNothing()
{
    ComposeDialog *dialog = openDialog(targetOf(*m_server));
    fill(dialog, toast());
    ConfirmationAnswer answer(false);
    dialog->publish();
    QVERIFY(answer.asked());
    QCOMPARE(dialog->resultText(), QStringLiteral("Not published."));
    QTest::qWait(100);
    QCOMPARE(m_server->publishCalls(), 0);
    QVERIFY(JsonLines::read(auditPath()).isEmpty());
}

void TestCompose::problemsAreShownAtTheirFields_data()
{
    QTest::addColumn<ToastDraft>("draft");
    QTest::addColumn<QString>("issueLabel");
    QTest::addColumn<QString>("reason");

    ToastDraft noTitle;
    noTitle.message = QStringLiteral("M");
    QTest::newRow("title empty") << noTitle << QStringLiteral("titleIssue") << QStringLiteral("Required");
    ToastDraft spaced;
    spaced.target = ToastDraft::Target::OneUser;
    spaced.username = QStringLiteral("jane doe");
    spaced.title = QStringLiteral("T");
    spaced.message = QStringLiteral("M");
    QTest::newRow("username with a space")
        << spaced << QStringLiteral("usernameIssue") << QStringLiteral("no spaces");
    ToastDraft noUser = spaced;
    noUser.username.clear();
    QTest::newRow("username empty") << noUser << QStringLiteral("usernameIssue")
                                    << QStringLiteral("Required");
    ToastDraft badDuration;
    badDuration.title = QStringLiteral("T");
    badDuration.message = QStringLiteral("M");
    badDuration.duration = QStringLiteral("8s");
    QTest::newRow("duration in seconds") << badDuration << QStringLiteral("durationIssue")
                                         << QStringLiteral("positive whole number of milliseconds");
}

void TestCompose::problemsAreShownAtTheirFields()
{
    QFETCH(ToastDraft, draft);
    QFETCH(QString, issueLabel);
    QFETCH(QString, reason);
    ComposeDialog *dialog = openDialog(targetOf(*m_server));
    fill(dialog, draft);
    ConfirmationAnswer answer(true);
    dialog->publish();
    auto *label = dialog->findChild<QLabel *>(issueLabel);
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(reason), qPrintable(label->text()));
    QVERIFY(dialog->resultText().startsWith(QLatin1String("Not published")));
    QTest::qWait(100);
    QVERIFY(!answer.asked()); // nothing to ask about
    QCOMPARE(m_server->publishCalls(), 0);
}

void TestCompose::longMessageOnlyWarns()
{
    ComposeDialog *dialog = openDialog(targetOf(*m_server));
    ToastDraft draft;
    draft.title = QStringLiteral("T");
    draft.message = QString(ToastDraft::longMessageChars + 20, u'x');
    dialog->setDraft(draft);
    auto *label = part<QLabel>(dialog, "messageIssue");
    QVERIFY(label->isVisible()); // at once, not only once Publish is pressed
    QVERIFY2(label->text().contains(QLatin1String("long for a toast")), qPrintable(label->text()));
    ConfirmationAnswer answer(true);
    dialog->publish();
    QVERIFY(answer.asked());
    QTRY_COMPARE(m_server->publishCalls(), 1);
}

void TestCompose::noSubscriberIsSaidPlainly()
{
    ComposeDialog *dialog = openDialog(targetOf(*m_server));
    fill(dialog, toast(QStringLiteral("nobody")));
    ConfirmationAnswer answer(true);
    dialog->publish();
    QTRY_VERIFY2(dialog->resultText().contains(QLatin1String("no subscriber received it")),
                 qPrintable(dialog->resultText()));
    QVERIFY(dialog->resultText().contains(QLatin1String("personal.nobody")));
    QCOMPARE(JsonLines::read(auditPath()).value(0).value("receivers").toInt(-1), 0);
}

void TestCompose::aclRefusalShowsTheServersReason()
{
    QVERIFY(
        !m_server->command({"ACL", "SETUSER", "watcher", "on", ">pw", "&*", "+@all", "-publish"}).isError);
    SessionOrigin target = targetOf(*m_server, QStringLiteral("monitoring"));
    target.settings.user = QStringLiteral("watcher");
    target.settings.password = QStringLiteral("pw");
    ComposeDialog *dialog = openDialog(target);
    fill(dialog, toast());
    ConfirmationAnswer answer(true);
    dialog->publish();
    QTRY_VERIFY2(dialog->resultText().startsWith(QLatin1String("Not published:")),
                 qPrintable(dialog->resultText()));
    QVERIFY2(dialog->resultText().contains(QLatin1String("NOPERM")), qPrintable(dialog->resultText()));
    QVERIFY(dialog->publishButton()->isEnabled()); // ready for another try
    QVERIFY(
        JsonLines::read(auditPath()).value(0).value("refused").toString().contains(QLatin1String("NOPERM")));
}

void TestCompose::noAuditNoPublish()
{
    QVERIFY(QDir(m_data.filePath(QStringLiteral("busmon"))).removeRecursively());
    QFile blocker(m_data.filePath(QStringLiteral("busmon")));
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // the log's folder is a plain file
    blocker.close();
    ComposeDialog *dialog = openDialog(targetOf(*m_server));
    fill(dialog, toast());
    ConfirmationAnswer answer(true);
    dialog->publish();
    QVERIFY2(dialog->resultText().startsWith(QLatin1String("Nothing was published: the audit log")),
             qPrintable(dialog->resultText()));
    QTest::qWait(100);
    QCOMPARE(m_server->publishCalls(), 0);
    QVERIFY(blocker.remove());
}

void TestCompose::readOnlyTargetCannotPublish()
{
    ComposeDialog *dialog = openDialog(targetOf(*m_server, QStringLiteral("production"), true));
    QVERIFY(!dialog->publishButton()->isEnabled());
    QVERIFY2(dialog->publishButton()->toolTip().contains(QLatin1String("read-only")),
             qPrintable(dialog->publishButton()->toolTip()));
    QVERIFY(part<QLabel>(dialog, "targetLabel")->text().contains(QLatin1String("read-only")));
    fill(dialog, toast());
    ConfirmationAnswer answer(true);
    QTest::keyClick(dialog, Qt::Key_Return, Qt::ControlModifier);
    dialog->publish();
    QTest::qWait(100);
    QVERIFY(!answer.asked());
    QCOMPARE(m_server->publishCalls(), 0);

    dialog->setTarget(targetOf(*m_server, QStringLiteral("staging")));
    QVERIFY(dialog->publishButton()->isEnabled());
}

void TestCompose::templatesAndHistoryFillTheForm()
{
    ComposeDialog *dialog = openDialog(targetOf(*m_server));
    ToastDraft outage;
    outage.target = ToastDraft::Target::OneUser;
    outage.username = QStringLiteral("jane.doe@example.com");
    outage.title = QStringLiteral("Sync failed");
    outage.message = QStringLiteral("We are on it");
    outage.type = QStringLiteral("error");
    outage.duration = QStringLiteral("10000");
    fill(dialog, outage);
    QTimer::singleShot(0, this, [] {
        auto *ask = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        QVERIFY(ask);
        ask->setTextValue(QStringLiteral("outage"));
        ask->accept();
    });
    QTest::mouseClick(part<QToolButton>(dialog, "saveTemplateButton"), Qt::LeftButton);

    dialog->setDraft(ToastDraft());
    auto *templates = part<QComboBox>(dialog, "templateCombo");
    QCOMPARE(templates->count(), 2);
    templates->setCurrentIndex(1);
    emit templates->activated(1);
    QCOMPARE(dialog->draft(), outage);

    // Published, it is in the history, and comes back from it.
    ConfirmationAnswer answer(true);
    dialog->publish();
    QTRY_VERIFY(dialog->resultText().startsWith(QLatin1String("Published")));
    dialog->setDraft(ToastDraft());
    QMenu *history = part<QToolButton>(dialog, "historyButton")->menu();
    emit history->aboutToShow();
    QCOMPARE(history->actions().size(), 1);
    QVERIFY2(history->actions().first()->text().contains(QLatin1String("personal.jane.doe@example.com")),
             qPrintable(history->actions().first()->text()));
    history->actions().first()->trigger();
    QCOMPARE(dialog->draft(), outage);
}

void TestCompose::connectWindow(const SessionOrigin &origin)
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1100, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->connectTo(origin);
    QTRY_COMPARE(m_server->command({"PUBSUB", "NUMPAT"}).integer, 8);
}

QModelIndex TestCompose::rowWithChannel(const QByteArray &channel) const
{
    const QAbstractItemModel *model = m_window->tableView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, EventTableModel::SummaryColumn);
        if (index.data(EventTableModel::ChannelRole).toByteArray() == channel)
            return index;
    }
    return {};
}

// Right-clicks the row; `inspect` runs while the menu is open, then the menu closes.
bool TestCompose::withTableMenu(const QModelIndex &index, const std::function<void(QMenu *)> &inspect)
{
    bool shown = false;
    QTimer::singleShot(0, this, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        shown = true;
        inspect(menu);
        menu->close();
    });
    EventTableView *table = m_window->tableView();
    emit table->customContextMenuRequested(table->visualRect(index).center());
    return shown;
}

void TestCompose::publishingNeedsABus()
{
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QAction *compose = m_window->publishActions()->composeAction();
    QVERIFY(!compose->isEnabled());
    QVERIFY2(compose->toolTip().contains(QLatin1String("connect to one first")),
             qPrintable(compose->toolTip()));
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    QVERIFY(!m_window->publishActions()->dialog());
}

void TestCompose::readOnlyProfileDisablesEveryPublishingAction()
{
    connectWindow(targetOf(*m_server, QStringLiteral("production"), true));
    QAction *compose = m_window->publishActions()->composeAction();
    QVERIFY(!compose->isEnabled());
    QVERIFY2(compose->toolTip().contains(QStringLiteral("“production” is read-only")) &&
                 compose->toolTip().contains(QLatin1String("Untick")),
             qPrintable(compose->toolTip()));

    m_server->publish("personal.alice", R"({"username": "alice", "title": "T", "message": "M"})");
    QTRY_VERIFY(rowWithChannel("personal.alice").isValid());
    QString offered;
    bool enabled = true;
    bool tipsShown = false;
    QVERIFY(withTableMenu(rowWithChannel("personal.alice"), [&](QMenu *menu) {
        if (auto *again = menu->findChild<QAction *>(QStringLiteral("sendAgainAction"))) {
            offered = again->toolTip();
            enabled = again->isEnabled();
        }
        tipsShown = menu->toolTipsVisible();
    }));
    QVERIFY(!enabled);
    QCOMPARE(offered, compose->toolTip());
    QVERIFY(tipsShown);
    QCOMPARE(m_server->publishCalls(), 1); // the test's own
}

void TestCompose::ctrlNOpensComposeWithTheUsersSeen()
{
    connectWindow(targetOf(*m_server));
    m_server->publish("sync.alice", "{}");
    m_server->publish("personal.jane.doe@example.com", R"({"title": "T", "message": "M"})");
    m_server->publish("__general__", R"({"title": "T", "message": "M", "system": true})");
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 3);
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    ComposeDialog *dialog = m_window->publishActions()->dialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->publishButton()->isEnabled());
    QCOMPARE(dialog->focusWidget(), part<QLineEdit>(dialog, "titleEdit"));
    auto *users =
        qobject_cast<QStringListModel *>(part<QLineEdit>(dialog, "usernameEdit")->completer()->model());
    QVERIFY(users);
    QCOMPARE(users->stringList(), QStringList({"alice", "jane.doe@example.com"}));

    // A user seen after the dialog opened is offered too.
    m_server->publish("sync.bob", "{}");
    QTRY_COMPARE(users->stringList(), QStringList({"alice", "bob", "jane.doe@example.com"}));

    // Connecting to a read-only profile disables the open dialog's Publish.
    m_window->connectTo(targetOf(*m_server, QStringLiteral("production"), true));
    QVERIFY(!dialog->publishButton()->isEnabled());
}

void TestCompose::sendAgainFromARecordedRow()
{
    connectWindow(targetOf(*m_server));
    const QByteArray original = R"({"username": "jane.doe@example.com", "title": "Sync <b>failed</b>", )"
                                R"("message": "Renew it", "type": "error", "duration": 6000})";
    m_server->publish("personal.jane.doe@example.com", original);
    m_server->publish("sync.alice", "{}");
    QTRY_VERIFY(rowWithChannel("personal.jane.doe@example.com").isValid() &&
                rowWithChannel("sync.alice").isValid());

    bool offeredOnSync = true;
    QVERIFY(withTableMenu(rowWithChannel("sync.alice"), [&](QMenu *menu) {
        offeredOnSync = menu->findChild<QAction *>(QStringLiteral("sendAgainAction")) != nullptr;
    }));
    QVERIFY(!offeredOnSync); // a sync is no toast

    bool triggered = false;
    QVERIFY(withTableMenu(rowWithChannel("personal.jane.doe@example.com"), [&](QMenu *menu) {
        auto *again = menu->findChild<QAction *>(QStringLiteral("sendAgainAction"));
        if (again && again->isEnabled()) {
            again->trigger();
            triggered = true;
        }
    }));
    QVERIFY(triggered);
    ComposeDialog *dialog = m_window->publishActions()->dialog();
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->draft(), *ToastDraft::fromMessage("personal.jane.doe@example.com", original));
    QCOMPARE(part<QPlainTextEdit>(dialog, "jsonView")->toPlainText().toUtf8(), original);

    // To a test account instead: the user stays editable.
    auto *user = part<QLineEdit>(dialog, "usernameEdit");
    QVERIFY(user->isEnabled() && !user->isReadOnly());
    user->clear();
    QTest::keyClicks(user, QStringLiteral("support-test"));
    ConfirmationAnswer answer(true);
    dialog->publish();
    QTRY_VERIFY2(dialog->resultText().contains(QLatin1String("received by 1 subscriber.")),
                 qPrintable(dialog->resultText()));
    // It shows up in the live table like any other message.
    QTRY_VERIFY(rowWithChannel("personal.support-test").isValid());
    QCOMPARE(rowWithChannel("personal.support-test").data(EventTableModel::PayloadRole).toByteArray(),
             QByteArray(original).replace("jane.doe@example.com", "support-test"));
}

void TestCompose::auditLogOpensFromTheMenu()
{
    QDesktopServices::setUrlHandler(QStringLiteral("file"), this, "openUrl");
    connectWindow(targetOf(*m_server));
    ComposeDialog *dialog = m_window->publishActions()->compose();
    fill(dialog, toast());
    ConfirmationAnswer answer(true);
    dialog->publish();
    QTRY_VERIFY(dialog->resultText().startsWith(QLatin1String("Published")));
    m_window->publishActions()->auditLogAction()->trigger();
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    QCOMPARE(m_openedUrl, QUrl::fromLocalFile(auditPath()));
}

QTEST_MAIN(TestCompose)
#include "tst_compose.moc"
