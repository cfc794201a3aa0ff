// Captures in the window: a capture recorded from a real redis-server opens without any bus, with
// its tabs, counts, filter, detail pane and bad lines; it saves back byte for byte; the view exports.
#include "badlinesdock.h"
#include "capturecontroller.h"
#include "detailpane.h"
#include "eventtabbar.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "mainwindow.h"
#include "profiles/connectionprofile.h"
#include "progresspanel.h"
#include "rawpayloadview.h"

#include "capture/capturerecorder.h"
#include "capturefile.h"
#include "jsonlines.h"
#include "redisserver.h"
#include "session/monitorsession.h"
#include "store/eventfiltermodel.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"
#include "store/liveintake.h"
#include "waituntilfinished.h"

#include <QAction>
#include <QApplication>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace busmon;
using busmon::test::JsonLines;
using busmon::test::RedisServer;

namespace {
QByteArray syncPayload(const QByteArray &user, int records)
{
    return R"({"action": "sync", "username": ")" + user +
           R"(", "ip": "192.0.2.7", "client_key": "k-1", "record_count": )" + QByteArray::number(records) +
           "}";
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

} // namespace

class TestCaptureWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void recordedSessionOpensAndSavesByteForByte();
    void openedCaptureFiltersAndShowsDetails();
    void badLinesAreListed();
    void exportsTheViewAsCsv();
    void dropOpensACapture();
    void liveSessionAsksBeforeItIsReplaced();
    void replaysTheFilteredCaptureByteForByte();
    void recordingThatFailsStopsVisibly();

private:
    void openAndWait(const QString &path);
    QString recordSample(int messages);

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_data; // XDG_DATA_HOME: the audit log
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestCaptureWindow::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("busmon-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_capturewindow"));
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/busmon-test-bus");
    qputenv("XDG_DATA_HOME", m_data.path().toUtf8());
}

void TestCaptureWindow::init()
{
    QSettings().clear();
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1100, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestCaptureWindow::cleanup()
{
    m_window.reset();
}

void TestCaptureWindow::openAndWait(const QString &path)
{
    m_window->openCapture(path);
    MonitorSession *session = m_window->session();
    QVERIFY(QTest::qWaitFor(
        [session] { return !session->isLoading() && session->intake()->waitingCount() == 0; }, 30000));
}

// A session on a real redis-server, recorded as it arrives (File → Record): the file a user would have.
QString TestCaptureWindow::recordSample(int messages)
{
    RedisServer server;
    if (!server.start())
        return QString();
    m_window->connectTo(*ConnectionSettings::fromUrl(server.url()));
    MonitorSession *session = m_window->session();
    if (!QTest::qWaitFor([session] { return session->status().state == ConnectionState::Subscribed; }, 10000))
        return QString();
    const QString path = m_dir.filePath(QStringLiteral("recorded.jsonl"));
    m_window->captures()->startRecording(path, 0);
    for (int i = 0; i < messages; ++i) {
        switch (i % 4) {
        case 0:
            server.publish("sync.alice", syncPayload("alice", i));
            break;
        case 1:
            server.publish("personal.bob", R"({"username": "bob", "title": "Hello", "message": "n)" +
                                               QByteArray::number(i) + R"("})");
            break;
        case 2:
            server.publish("log_message.carol", "not UTF-8 \xff\xfe " + QByteArray::number(i));
            break;
        default:
            server.publish("sync.bob", syncPayload("bob", i));
        }
    }
    if (!QTest::qWaitFor([session, messages] { return session->store()->messageCount() == messages; }, 10000))
        return QString();
    m_window->captures()->stopRecording();
    return path;
}

void TestCaptureWindow::recordedSessionOpensAndSavesByteForByte()
{
    const QString recorded = recordSample(400);
    QVERIFY(!recorded.isEmpty());
    QCOMPARE(readFile(recorded).count('\n'), 400);

    openAndWait(recorded);
    QCOMPARE(m_window->windowTitle(), QStringLiteral("recorded.jsonl — busmon"));
    QCOMPARE(m_window->store()->messageCount(), 400);
    QVERIFY(!m_window->session()->hasUnsavedMessages());

    for (const bool compress : {false, true}) {
        const QString saved =
            m_dir.filePath(compress ? QStringLiteral("saved.jsonl.gz") : QStringLiteral("saved.jsonl"));
        CaptureExporter::Options options;
        options.compress = compress;
        QSignalSpy finished(m_window->captures(), &CaptureController::exportFinished);
        m_window->captures()->exportTo(saved, options, true);
        QVERIFY(finished.wait(20000));
        QVERIFY(finished.first().first().value<CaptureExporter::Result>().ok);
        if (!compress) {
            // Every field and byte: the saved file is the recorded file.
            QCOMPARE(readFile(saved), readFile(recorded));
            continue;
        }
        // The compressed one opens to the same messages.
        openAndWait(saved);
        QCOMPARE(m_window->store()->messageCount(), 400);
        QCOMPARE(m_window->store()->row(2).payload, QByteArrayView("not UTF-8 \xff\xfe 2"));
    }
}

void TestCaptureWindow::openedCaptureFiltersAndShowsDetails()
{
    const QString recorded = recordSample(40);
    QVERIFY(!recorded.isEmpty());
    openAndWait(recorded);
    EventTabBar *tabs = m_window->tabBar();
    int syncTab = -1;
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->tabText(i).startsWith(QLatin1String("Sync")))
            syncTab = i;
    }
    QVERIFY(syncTab > 0);
    QTRY_VERIFY2(tabs->tabText(syncTab).contains(QLatin1String("20")), qPrintable(tabs->tabText(syncTab)));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 40);

    m_window->filterBar()->setText(QStringLiteral("user:bob record_count>20"));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 5); // sync.bob with 23, 27, 31, 35, 39

    const QModelIndex first = m_window->tableView()->model()->index(0, EventTableModel::SummaryColumn);
    m_window->tableView()->setFocus();
    m_window->tableView()->setCurrentIndex(first);
    QCOMPARE(m_window->detailPane()->rawView()->toPlainText().toUtf8(), syncPayload("bob", 23));
}

void TestCaptureWindow::badLinesAreListed()
{
    QByteArray text = readFile(recordSample(8));
    text.insert(0, "this is no capture line\n");
    text.append("{\"channel\": 5}\n{\"channel\":\"sync.x\",\"data\"");
    const QString path =
        busmon::test::writeCaptureFile(m_dir.filePath(QStringLiteral("damaged.jsonl")), text);
    openAndWait(path);
    QCOMPARE(m_window->store()->messageCount(), 8);
    BadLinesDock *dock = m_window->captures()->badLinesDock();
    QTRY_VERIFY(dock->isVisible());
    QCOMPARE(dock->listedCount(), 3);
    auto *list = dock->findChild<QTreeWidget *>(QStringLiteral("badLinesList"));
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("1"));
    QCOMPARE(list->topLevelItem(1)->text(0), QStringLiteral("10"));
    QCOMPARE(list->topLevelItem(2)->text(0), QStringLiteral("11"));
    QVERIFY(!m_window->captures()->progressPanel()->isVisible());
}

void TestCaptureWindow::exportsTheViewAsCsv()
{
    openAndWait(recordSample(40));
    m_window->filterBar()->setText(QStringLiteral("user:alice"));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 10);
    const QString csv = m_dir.filePath(QStringLiteral("view.csv"));
    CaptureExporter::Options options;
    options.format = CaptureExporter::Format::Csv;
    QSignalSpy finished(m_window->captures(), &CaptureController::exportFinished);
    m_window->captures()->exportTo(csv, options, false);
    QVERIFY(finished.wait(20000));
    const QList<QByteArray> lines = readFile(csv).split('\n');
    QCOMPARE(lines.size(), 1 + 10 + 1);
    QVERIFY2(lines.at(0).startsWith("Time,Channel,"), lines.at(0).constData());
    QVERIFY2(lines.at(1).contains(",sync.alice,"), lines.at(1).constData());
}

void TestCaptureWindow::dropOpensACapture()
{
    const QString path = recordSample(12);
    m_window->disconnectFromBus();
    m_window->session()->markSaved(); // recorded: nothing to ask about
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &drop);
    QTRY_COMPARE(m_window->session()->origin().kind, SessionOrigin::Kind::Capture);
    QTRY_COMPARE(m_window->store()->messageCount(), 12);
    QCOMPARE(m_window->captures()->recentFiles().value(0), QFileInfo(path).absoluteFilePath());
}

void TestCaptureWindow::liveSessionAsksBeforeItIsReplaced()
{
    RedisServer server;
    QVERIFY(server.start());
    m_window->connectTo(*ConnectionSettings::fromUrl(server.url()));
    MonitorSession *session = m_window->session();
    QTRY_COMPARE(session->status().state, ConnectionState::Subscribed);
    server.publish("sync.alice", syncPayload("alice", 1));
    QTRY_COMPARE(session->store()->messageCount(), 1);
    QVERIFY(session->hasUnsavedMessages());
    // Cancel keeps the session; Discard lets it go.
    for (const auto button : {QMessageBox::Cancel, QMessageBox::Discard}) {
        QTimer::singleShot(50, this, [button] {
            for (QWidget *widget : QApplication::topLevelWidgets()) {
                if (auto *box = qobject_cast<QMessageBox *>(widget);
                    box && box->objectName() == QLatin1String("unsavedQuestion"))
                    box->button(button)->click();
            }
        });
        QCOMPARE(m_window->captures()->confirmReplacingSession(), button == QMessageBox::Discard);
    }
    // While recording, the messages are in a file: no question.
    m_window->captures()->startRecording(m_dir.filePath(QStringLiteral("r.jsonl")), 0);
    QVERIFY(m_window->captures()->confirmReplacingSession());
    m_window->captures()->stopRecording();
}

void TestCaptureWindow::replaysTheFilteredCaptureByteForByte()
{
    openAndWait(recordSample(40));
    m_window->filterBar()->setText(QStringLiteral("user:carol"));
    QTRY_COMPARE(m_window->tableView()->model()->rowCount(), 10);

    RedisServer target;
    QVERIFY(target.start());
    const QString received = m_dir.filePath(QStringLiteral("replayed.jsonl"));
    QProcess tail;
    tail.start(QStringLiteral(BUSMON_CLI_PATH),
               {QStringLiteral("tail"), QStringLiteral("--url"), target.url(), QStringLiteral("--count"),
                QStringLiteral("10"), QStringLiteral("--output"), received});
    QVERIFY(QTest::qWaitFor([&] { return target.command({"PUBSUB", "NUMPAT"}).integer == 8; }, 10000));

    ConnectionProfile profile;
    profile.name = QStringLiteral("test bus");
    profile.url = target.url();
    profile.readOnly = true;
    QString error;
    QVERIFY(!m_window->captures()->replayTarget(profile, QString(), &error));
    QVERIFY2(error.contains(QLatin1String("read-only")), qPrintable(error));

    profile.readOnly = false;
    const std::optional<SessionOrigin> replayBus =
        m_window->captures()->replayTarget(profile, QString(), &error);
    QVERIFY2(replayBus, qPrintable(error));
    std::vector<quint64> ids;
    const auto *view = m_window->tabBar()->currentModel();
    for (int row = 0; row < view->rowCount(); ++row)
        ids.push_back(view->rowIdAt(row));
    QSignalSpy finished(m_window->captures(), &CaptureController::replayFinished);
    QVERIFY2(m_window->captures()->replayTo(*replayBus, ids, 0, &error), qPrintable(error));
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).toLongLong(), 10);
    // The run left one audit line naming the profile and the ten messages.
    const QList<QJsonObject> audit = JsonLines::read(m_data.filePath(QStringLiteral("busmon/audit.jsonl")));
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first().value("tool").toString(), "busmon");
    QCOMPARE(audit.first().value("profile").toString(), "test bus");
    QCOMPARE(audit.first().value("action").toString(), "replay");
    QCOMPARE(audit.first().value("messages").toInt(), 10);
    QVERIFY(busmon::test::waitUntilFinished(tail, 10000));
    // What a subscriber there received is what the capture holds, byte for byte (not UTF-8 here).
    const QList<QByteArray> lines = readFile(received).split('\n');
    QCOMPARE(lines.size(), 11);
    for (int i = 0; i < 10; ++i) {
        const QByteArrayView payload =
            m_window->store()->row(m_window->store()->indexOfRowId(ids[size_t(i)])).payload;
        const QByteArray expected = "\"data_base64\":\"" + payload.toByteArray().toBase64() + "\"";
        QVERIFY2(lines.at(i).contains(expected), lines.at(i).constData());
        QVERIFY(lines.at(i).startsWith("{\"channel\":\"log_message.carol\""));
    }
}

// Recording to a disk that is full: the user is told why, and nothing says it is still recording.
void TestCaptureWindow::recordingThatFailsStopsVisibly()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    m_window->connectTo(*ConnectionSettings::fromUrl(server.url()));
    MonitorSession *session = m_window->session();
    QTRY_VERIFY_WITH_TIMEOUT(session->status().state == ConnectionState::Subscribed, 10000);
    auto *indicator = m_window->findChild<QLabel *>(QStringLiteral("recordIndicator"));
    auto *recordAction = m_window->findChild<QAction *>(QStringLiteral("recordAction"));
    QVERIFY(indicator && recordAction);
    m_window->captures()->startRecording(QStringLiteral("/dev/full"), 0);
    QVERIFY(indicator->isVisible());
    QVERIFY(recordAction->isChecked());

    QString warning;
    QTimer closer; // the warning is modal: read it and close it
    connect(&closer, &QTimer::timeout, this, [&warning] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            warning = box->text();
            box->accept();
        }
    });
    closer.start(50);
    server.publish("sync.alice", syncPayload("alice", 1));
    QTRY_VERIFY_WITH_TIMEOUT(!warning.isEmpty(), 10000);
    QVERIFY2(warning.contains(QLatin1String("No space left on device")), qPrintable(warning));
    QVERIFY(!indicator->isVisible());
    QVERIFY(!recordAction->isChecked());
    QVERIFY(!m_window->captures()->isRecording());
}

QTEST_MAIN(TestCaptureWindow)
#include "tst_capturewindow.moc"
