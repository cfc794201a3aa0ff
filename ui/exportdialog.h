#pragma once

#include "capture/captureexporter.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ExportDialog;
}

namespace busmon {

// Asks where and how to write rows out. Save: a capture (plain or gzip), the whole session or what
// the current tab and filter show. Export: the current view as CSV or JSON Lines. Both can redact.
// The masked field names are remembered.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { Save, Export };
    ExportDialog(Mode mode, qint64 sessionRows, qint64 viewRows, QWidget *parent = nullptr);
    ~ExportDialog() override;

    QString path() const;
    void setPath(const QString &path);
    bool wholeSession() const;
    CaptureExporter::Options options() const; // format, compression and redaction; no columns

    void accept() override;

private:
    void browse();
    void followFormat(); // the file's suffix follows the chosen format

    std::unique_ptr<Ui::ExportDialog> m_ui;
    Mode m_mode;
    QString m_confirmedPath;
};

} // namespace busmon
