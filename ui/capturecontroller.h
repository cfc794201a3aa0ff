#pragma once

#include "capture/captureexporter.h"
#include "capture/captureloader.h"
#include "session/sessionorigin.h"

#include <QObject>
#include <QPointer>

#include <optional>

class QAction;
class QLabel;
class QMenu;

namespace busmon {

class BadLinesDock;
class CaptureRecorder;
struct ConnectionProfile;
class MainWindow;
class MonitorSession;
class PasswordVault;
class ProgressPanel;
class StoreReplay;

// The window's captures: File → Open capture…, recent files, drag and drop, Save…, Export…, Record
// and Replay to…; the progress of a load, save or export with its Cancel; the bad lines of an opened
// file; the recording indicator; and the question before an unsaved session is replaced. The work
// itself is done by core classes (MonitorSession::openCapture, CaptureExporter, CaptureRecorder).
class CaptureController : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxRecentFiles = 8;

    explicit CaptureController(MainWindow *window);
    ~CaptureController() override;

    // Adds the capture actions to the File menu, before `before` (may be null).
    void addActions(QMenu *fileMenu, QAction *before);

    void rememberRecent(const QString &path); // for File → Open recent
    // The window shows a new session: follow its loading, stop recording the previous one.
    void sessionChanged(MonitorSession *session);
    // False when the user would rather keep a session whose messages are in no file.
    bool confirmReplacingSession();

    void startRecording(const QString &path, qint64 rotateBytes);
    void stopRecording();
    bool isRecording() const;
    // Writes what the window holds (or its current view) in the background; progress in the status bar.
    void exportTo(const QString &path, const CaptureExporter::Options &options, bool wholeSession);

    BadLinesDock *badLinesDock() const { return m_badLines; }
    ProgressPanel *progressPanel() const { return m_progress; }
    QAction *recordAction() const { return m_recordAction; }
    QAction *replayAction() const { return m_replayAction; }
    // The bus of a profile to replay to; nothing, with the reason, when it can't be reached by URL
    // or is read-only.
    std::optional<SessionOrigin> replayTarget(const ConnectionProfile &profile, const QString &password,
                                              QString *error = nullptr) const;
    // Publishes the rows again to the target's bus through a PublishGuard run (one audit line),
    // paced by their times (speed 0: at once). The caller has asked for confirmation.
    bool replayTo(const SessionOrigin &target, std::vector<quint64> rowIds, double speed,
                  QString *error = nullptr);
    bool isReplaying() const { return m_replay != nullptr; }
    QStringList recentFiles() const;

signals:
    void exportFinished(const busmon::CaptureExporter::Result &result);
    void replayFinished(qint64 published, bool cancelled);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void chooseAndOpen();
    void fillRecentMenu();
    void onLoadProgress(qint64 done, qint64 total);
    void onLoadFinished(const CaptureLoadResult &result);
    void showSaveDialog(bool exportView);
    void onExportFinished(const CaptureExporter::Result &result, const QString &path, bool wholeSession);
    void toggleRecording(bool on);
    void showReplayDialog();
    QList<QByteArray> channelsOf(const std::vector<quint64> &rowIds) const;
    QList<int> visibleColumns() const;
    std::vector<quint64> viewRowIds() const;

    MainWindow *m_window;
    QPointer<MonitorSession> m_session;
    ProgressPanel *m_progress;
    BadLinesDock *m_badLines;
    QLabel *m_recordIndicator;
    CaptureRecorder *m_recorder;
    CaptureExporter *m_exporter = nullptr;
    StoreReplay *m_replay = nullptr;
    PasswordVault *m_vault;
    QAction *m_openAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_recordAction = nullptr;
    QAction *m_replayAction = nullptr;
};

} // namespace busmon
