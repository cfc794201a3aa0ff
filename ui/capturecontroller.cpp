#include "capturecontroller.h"

#include "badlinesdock.h"
#include "eventtabbar.h"
#include "eventtableview.h"
#include "exportdialog.h"
#include "mainwindow.h"
#include "passwordvault.h"
#include "progresspanel.h"
#include "publishconfirmdialog.h"
#include "recorddialog.h"
#include "replaydialog.h"
#include "statuspanel.h"

#include "audit/auditlog.h"
#include "capture/capturerecorder.h"
#include "capture/storereplay.h"
#include "publish/publishconfirmation.h"
#include "publish/publishguard.h"
#include "session/monitorsession.h"
#include "store/eventfiltermodel.h"
#include "store/eventstore.h"
#include "store/liveintake.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSet>
#include <QSettings>
#include <QStatusBar>

namespace busmon {

namespace {
const QString recentKey = QStringLiteral("captures/recent");

QString fileName(const QString &path)
{
    return path == QLatin1String("-") ? QObject::tr("standard input") : QFileInfo(path).fileName();
}

// A local file among dropped URLs, or empty.
QString droppedFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return QString();
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile())
            return url.toLocalFile();
    }
    return QString();
}
} // namespace

CaptureController::CaptureController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_progress(new ProgressPanel(window))
    , m_badLines(new BadLinesDock(window))
    , m_recordIndicator(new QLabel(window))
    , m_recorder(new CaptureRecorder(this))
    , m_vault(new PasswordVault(this))
{
    window->statusBar()->addPermanentWidget(m_progress);
    window->statusBar()->addPermanentWidget(m_recordIndicator);
    m_recordIndicator->setObjectName(QStringLiteral("recordIndicator"));
    m_recordIndicator->hide();
    window->addDockWidget(Qt::BottomDockWidgetArea, m_badLines);
    m_badLines->hide();
    // The window restores its docks after this; the lines of a file opened last time stay hidden.
    QMetaObject::invokeMethod(m_badLines, &QWidget::hide, Qt::QueuedConnection);
    window->setAcceptDrops(true);
    window->installEventFilter(this);
    connect(m_progress, &ProgressPanel::cancelRequested, this, [this] {
        if (m_exporter)
            m_exporter->cancel();
        else if (m_replay)
            m_replay->cancel();
        else if (m_session)
            m_session->cancelLoad();
    });
    connect(m_recorder, &CaptureRecorder::progress, this, [this](qint64 messages, qint64) {
        m_recordIndicator->setText(
            tr("● REC %1 · %L2 messages").arg(fileName(m_recorder->path())).arg(messages));
    });
    connect(m_recorder, &CaptureRecorder::fileChanged, this,
            [this](const QString &path) { m_recordIndicator->setToolTip(tr("Recording to %1").arg(path)); });
    connect(m_recorder, &CaptureRecorder::failed, this, [this](const QString &reason) {
        stopRecording(); // the indicator goes too: nothing is being recorded any more
        QMessageBox::warning(m_window, tr("Record"), tr("Recording stopped: %1").arg(reason));
    });
}

CaptureController::~CaptureController() = default;

void CaptureController::addActions(QMenu *fileMenu, QAction *before)
{
    m_openAction = new QAction(tr("&Open capture…"), this);
    m_openAction->setObjectName(QStringLiteral("openCaptureAction"));
    // Ctrl+O is Connect…: a capture opens with Ctrl+Shift+O.
    m_openAction->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    m_openAction->setToolTip(tr("Open a capture (.jsonl or .jsonl.gz) without any bus"));
    connect(m_openAction, &QAction::triggered, this, &CaptureController::chooseAndOpen);
    fileMenu->insertAction(before, m_openAction);

    m_recentMenu = new QMenu(tr("Open recen&t"), fileMenu);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &CaptureController::fillRecentMenu);
    fileMenu->insertMenu(before, m_recentMenu);

    m_saveAction = new QAction(tr("&Save…"), this);
    m_saveAction->setObjectName(QStringLiteral("saveCaptureAction"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setToolTip(tr("Save the session, or what the tab and filter show, as a capture"));
    connect(m_saveAction, &QAction::triggered, this, [this] { showSaveDialog(false); });
    fileMenu->insertAction(before, m_saveAction);

    m_exportAction = new QAction(tr("&Export…"), this);
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    m_exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_exportAction->setToolTip(tr("Export the current view as CSV or JSON Lines"));
    connect(m_exportAction, &QAction::triggered, this, [this] { showSaveDialog(true); });
    fileMenu->insertAction(before, m_exportAction);

    m_recordAction = new QAction(tr("&Record to file…"), this);
    m_recordAction->setObjectName(QStringLiteral("recordAction"));
    m_recordAction->setCheckable(true);
    m_recordAction->setShortcut(QKeySequence(tr("Ctrl+R")));
    m_recordAction->setToolTip(tr("Write every message to a file as it arrives"));
    connect(m_recordAction, &QAction::triggered, this, &CaptureController::toggleRecording);
    fileMenu->insertAction(before, m_recordAction);

    m_replayAction = new QAction(tr("Rep&lay to…"), this);
    m_replayAction->setObjectName(QStringLiteral("replayAction"));
    m_replayAction->setToolTip(tr("Publish these messages again to a saved profile's bus"));
    connect(m_replayAction, &QAction::triggered, this, &CaptureController::showReplayDialog);
    fileMenu->insertAction(before, m_replayAction);
    fileMenu->insertSeparator(before);
}

QStringList CaptureController::recentFiles() const
{
    return QSettings().value(recentKey).toStringList();
}

void CaptureController::rememberRecent(const QString &path)
{
    if (path == QLatin1String("-"))
        return;
    QStringList recent = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > maxRecentFiles)
        recent.removeLast();
    QSettings().setValue(recentKey, recent);
}

void CaptureController::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentFiles();
    for (const QString &path : recent) {
        QAction *action = m_recentMenu->addAction(fileName(path), this, [this, path] {
            if (confirmReplacingSession())
                m_window->openCapture(path);
        });
        action->setToolTip(path);
        action->setEnabled(QFileInfo::exists(path));
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
    else
        m_recentMenu->addAction(tr("Clear the list"), this, [] { QSettings().remove(recentKey); });
}

void CaptureController::chooseAndOpen()
{
    if (!confirmReplacingSession())
        return;
    const QString path =
        QFileDialog::getOpenFileName(m_window, tr("Open capture"), recentFiles().value(0),
                                     tr("Captures (*.jsonl *.jsonl.gz *.gz);;All files (*)"));
    if (!path.isEmpty())
        m_window->openCapture(path);
}

void CaptureController::sessionChanged(MonitorSession *session)
{
    if (m_recorder->isRecording())
        stopRecording();
    if (m_exporter)
        m_exporter->cancel();
    m_session = session;
    m_badLines->hide();
    m_progress->end();
    // A live bus is watched at its newest message; a file is read from its start, as Wireshark
    // shows one (and rows arriving below the view cost no repaint while it loads).
    const bool isCapture = session->origin().kind == SessionOrigin::Kind::Capture;
    m_window->followAction()->setChecked(!isCapture);
    if (!isCapture)
        return;
    m_window->tableView()->scrollToTop();
    m_badLines->reset(fileName(session->origin().filePath));
    m_progress->begin(tr("Opening %1").arg(fileName(session->origin().filePath)));
    connect(session, &MonitorSession::loadProgress, this, &CaptureController::onLoadProgress);
    connect(session, &MonitorSession::loadFinished, this, &CaptureController::onLoadFinished);
    connect(session, &MonitorSession::badLinesFound, this, [this](const CaptureBadLineList &lines) {
        m_badLines->addLines(lines);
        if (m_badLines->isHidden()) {
            m_badLines->show();
            // A few lines' worth: the table and the detail pane keep the room.
            m_window->resizeDocks({m_badLines}, {m_badLines->fontMetrics().height() * 9}, Qt::Vertical);
        }
    });
}

void CaptureController::onLoadProgress(qint64 done, qint64 total)
{
    m_progress->setPercent(total > 0 ? static_cast<int>(done * 100 / total) : -1);
}

void CaptureController::onLoadFinished(const CaptureLoadResult &result)
{
    if (!m_exporter)
        m_progress->end();
    const QString name = fileName(m_session ? m_session->origin().filePath : QString());
    if (result.badLines > 0)
        m_badLines->setTotal(result.badLines);
    if (!result.error.isEmpty()) {
        QMessageBox::warning(m_window, tr("Open capture"),
                             result.messages > 0 ? tr("%1\n\nThe %L2 messages read before it are shown.")
                                                       .arg(result.error)
                                                       .arg(result.messages)
                                                 : result.error);
        return;
    }
    QString note = result.cancelled ? tr("%1: stopped after %L2 messages").arg(name).arg(result.messages)
                                    : tr("%1: %L2 messages, %3")
                                          .arg(name)
                                          .arg(result.messages)
                                          .arg(result.outages == 1 ? tr("1 outage")
                                                                   : tr("%L1 outages").arg(result.outages));
    if (result.badLines > 0)
        note += tr(", %L1 bad lines skipped").arg(result.badLines);
    if (result.redacted)
        note += tr(" (redacted)");
    m_window->statusPanel()->showNote(note);
}

bool CaptureController::confirmReplacingSession()
{
    MonitorSession *session = m_window->session();
    if (!session || !session->hasUnsavedMessages() || m_recorder->isRecording())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Unsaved messages"),
                    tr("The %L1 messages received so far are in no file. Save them before they go?")
                        .arg(session->receivedCount()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, m_window);
    box.setObjectName(QStringLiteral("unsavedQuestion"));
    switch (box.exec()) {
    case QMessageBox::Save:
        showSaveDialog(false);
        return false; // the save runs in the background; the user starts again once it is done
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

QList<int> CaptureController::visibleColumns() const
{
    const QHeaderView *header = m_window->tableView()->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns << logical;
    }
    return columns;
}

std::vector<quint64> CaptureController::viewRowIds() const
{
    const EventFilterModel *view = m_window->tabBar()->currentModel();
    std::vector<quint64> ids;
    if (!view)
        return ids;
    ids.reserve(static_cast<size_t>(view->rowCount()));
    for (int row = 0; row < view->rowCount(); ++row)
        ids.push_back(view->rowIdAt(row));
    return ids;
}

void CaptureController::showSaveDialog(bool exportView)
{
    if (m_exporter) {
        QMessageBox::information(m_window, tr("Save"), tr("A save is already under way."));
        return;
    }
    const EventFilterModel *view = m_window->tabBar()->currentModel();
    ExportDialog dialog(exportView ? ExportDialog::Mode::Export : ExportDialog::Mode::Save,
                        m_window->store()->size(), view ? view->rowCount() : 0, m_window);
    dialog.setObjectName(QStringLiteral("exportDialog"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    exportTo(dialog.path(), dialog.options(), dialog.wholeSession());
}

void CaptureController::exportTo(const QString &path, const CaptureExporter::Options &given,
                                 bool wholeSession)
{
    CaptureExporter::Options options = given;
    options.csvColumns = visibleColumns();
    const EventFilterModel *view = m_window->tabBar()->currentModel();
    std::vector<quint64> ids = wholeSession ? CaptureExporter::allRowIds(*m_window->store()) : viewRowIds();
    m_exporter = new CaptureExporter(m_window->store(), view ? view->sourceModel() : nullptr, std::move(ids),
                                     path, options, this);
    m_progress->begin(tr("Writing %1").arg(fileName(path)));
    connect(m_exporter, &CaptureExporter::progress, m_progress, &ProgressPanel::setPercent);
    connect(m_exporter, &CaptureExporter::finished, this,
            [this, path, wholeSession](const CaptureExporter::Result &result) {
                onExportFinished(result, path, wholeSession);
            });
    m_exporter->start();
}

void CaptureController::onExportFinished(const CaptureExporter::Result &result, const QString &path,
                                         bool wholeSession)
{
    m_exporter->deleteLater();
    m_exporter = nullptr;
    m_progress->end();
    if (result.ok) {
        if (wholeSession && m_session && result.skipped == 0)
            m_session->markSaved();
        QString note = tr("wrote %L1 rows to %2").arg(result.rows).arg(path);
        if (result.skipped > 0)
            note += tr(" (%L1 went past the retention limit meanwhile)").arg(result.skipped);
        m_window->statusPanel()->showNote(note);
    } else if (!result.cancelled) {
        QMessageBox::warning(
            m_window, tr("Save"),
            tr("Could not write %1: %2\n\nNothing was left under that name.").arg(path, result.error));
    }
    emit exportFinished(result);
}

void CaptureController::toggleRecording(bool on)
{
    if (!on) {
        stopRecording();
        return;
    }
    RecordDialog dialog(m_window);
    dialog.setObjectName(QStringLiteral("recordDialog"));
    if (dialog.exec() != QDialog::Accepted) {
        m_recordAction->setChecked(false);
        return;
    }
    startRecording(dialog.path(), dialog.rotateBytes());
}

void CaptureController::startRecording(const QString &path, qint64 rotateBytes)
{
    if (!m_recorder->start(path, rotateBytes)) {
        m_recordAction->setChecked(false);
        QMessageBox::warning(m_window, tr("Record"), m_recorder->errorString());
        return;
    }
    MonitorSession *session = m_window->session();
    connect(session, &MonitorSession::eventsArrived, m_recorder, &CaptureRecorder::record);
    connect(session, &MonitorSession::outageArrived, m_recorder, &CaptureRecorder::recordOutage);
    m_recordAction->setChecked(true);
    m_recordIndicator->setText(tr("● REC %1").arg(fileName(path)));
    m_recordIndicator->setStyleSheet(QStringLiteral("QLabel { color: #d32f2f; font-weight: bold; }"));
    m_recordIndicator->show();
}

void CaptureController::stopRecording()
{
    if (MonitorSession *session = m_window->session())
        disconnect(session, nullptr, m_recorder, nullptr);
    m_recorder->stop();
    m_recordAction->setChecked(false);
    m_recordIndicator->hide();
}

bool CaptureController::isRecording() const
{
    return m_recorder->isRecording();
}

void CaptureController::showReplayDialog()
{
    if (m_replay) {
        QMessageBox::information(m_window, tr("Replay"), tr("A replay is already under way."));
        return;
    }
    const EventFilterModel *view = m_window->tabBar()->currentModel();
    ReplayDialog dialog(m_window->store()->messageCount(), view ? view->rowCount() : 0, m_window);
    dialog.setObjectName(QStringLiteral("replayDialog"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConnectionProfile profile = dialog.profile();
    std::vector<quint64> ids =
        dialog.wholeSession() ? CaptureExporter::allRowIds(*m_window->store()) : viewRowIds();
    const double speed = dialog.speed();
    m_vault->read(profile.name, [this, profile, ids = std::move(ids), speed](const QString &stored,
                                                                             const QString &reason) mutable {
        QString password = stored;
        if (password.isEmpty() && !profile.user.isEmpty()) {
            bool ok = false;
            password =
                QInputDialog::getText(m_window, tr("Password"),
                                      (reason.isEmpty() ? QString() : reason + QStringLiteral("\n\n")) +
                                          tr("Password for %1 on %2:").arg(profile.user, profile.url),
                                      QLineEdit::Password, QString(), &ok);
            if (!ok)
                return;
        }
        QString error;
        const std::optional<SessionOrigin> target = replayTarget(profile, password, &error);
        if (!target) {
            QMessageBox::warning(m_window, tr("Replay"), error);
            return;
        }
        const PublishConfirmation confirmation = PublishConfirmation::forRun(
            *target, tr("Replay"), static_cast<qint64>(ids.size()), channelsOf(ids), speed);
        if (!PublishConfirmDialog::ask(m_window, confirmation))
            return;
        if (!replayTo(*target, std::move(ids), speed, &error))
            QMessageBox::warning(m_window, tr("Replay"), error);
    });
}

std::optional<SessionOrigin> CaptureController::replayTarget(const ConnectionProfile &profile,
                                                             const QString &password, QString *error) const
{
    std::optional<ConnectionSettings> settings = profile.toSettings(password, error);
    if (!settings)
        return std::nullopt;
    settings->applyEnvironment();
    const SessionOrigin target = SessionOrigin::bus(*settings, profile.name, profile.readOnly);
    const QString refusal = PublishGuard::refusalFor(target);
    if (!refusal.isEmpty()) {
        if (error)
            *error = refusal;
        return std::nullopt;
    }
    return target;
}

QList<QByteArray> CaptureController::channelsOf(const std::vector<quint64> &rowIds) const
{
    const EventStore *store = m_window->store();
    QSet<quint32> channelIds;
    for (const quint64 rowId : rowIds) {
        const int index = store->indexOfRowId(rowId);
        if (index >= 0)
            channelIds.insert(store->row(index).channelId);
    }
    QList<QByteArray> channels;
    channels.reserve(channelIds.size());
    for (const quint32 id : std::as_const(channelIds))
        channels.append(store->channel(id).channel);
    return channels;
}

bool CaptureController::replayTo(const SessionOrigin &target, std::vector<quint64> rowIds, double speed,
                                 QString *error)
{
    auto *guard = new PublishGuard(target, QStringLiteral("busmon"), AuditLog::defaultPath(), this);
    const QString source = m_window->session() ? m_window->session()->origin().title() : QString();
    if (!guard->startRun({QStringLiteral("replay"), speed, source}, error)) {
        delete guard;
        return false;
    }
    StoreReplay::Sink sink{[guard](const QByteArray &channel, const QByteArray &payload) {
                               guard->publishInRun(channel, payload);
                           },
                           [guard] { return guard->pendingCount(); }};
    m_replay = new StoreReplay(m_window->store(), std::move(rowIds), speed, sink, this);
    guard->setParent(m_replay);
    // The replay itself, not m_replay: that is cleared when it finishes, before it is deleted.
    StoreReplay *replay = m_replay;
    connect(guard, &PublishGuard::refused, replay, [this, replay](const QByteArray &, const QString &reason) {
        if (!replay->isRunning())
            return;
        replay->cancel();
        QMessageBox::warning(m_window, tr("Replay"), tr("The replay stopped: %1").arg(reason));
    });
    const QString name = PublishConfirmation::describeTarget(target);
    m_progress->begin(tr("Replaying to %1").arg(name));
    connect(m_replay, &StoreReplay::progress, m_progress, [this](qint64 sent, qint64 total) {
        m_progress->setPercent(total > 0 ? static_cast<int>(sent * 100 / total) : 100);
    });
    connect(m_replay, &StoreReplay::finished, this, [this, guard, name](bool cancelled) {
        const qint64 sent = m_replay->sentCount();
        QString auditError;
        const bool audited = guard->finishRun(&auditError);
        m_replay->deleteLater();
        m_replay = nullptr;
        m_progress->end();
        m_window->statusPanel()->showNote(
            cancelled ? tr("replay to %1 stopped after %L2 messages").arg(name).arg(sent)
                      : tr("replayed %L1 messages to %2").arg(sent).arg(name));
        if (!audited)
            QMessageBox::warning(m_window, tr("Replay"),
                                 tr("The replay's audit line could not be written: %1").arg(auditError));
        emit replayFinished(sent, cancelled);
    });
    m_replay->start();
    return true;
}

bool CaptureController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::DragEnter) {
        auto *drag = static_cast<QDragEnterEvent *>(event);
        if (!droppedFile(drag->mimeData()).isEmpty()) {
            drag->acceptProposedAction();
            return true;
        }
    } else if (watched == m_window && event->type() == QEvent::Drop) {
        auto *drop = static_cast<QDropEvent *>(event);
        const QString path = droppedFile(drop->mimeData());
        if (!path.isEmpty()) {
            drop->acceptProposedAction();
            // After the drop is done: a modal question inside a drop handler blocks the drag source.
            QMetaObject::invokeMethod(
                this,
                [this, path] {
                    if (confirmReplacingSession())
                        m_window->openCapture(path);
                },
                Qt::QueuedConnection);
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace busmon
