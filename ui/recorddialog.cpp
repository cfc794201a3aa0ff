#include "recorddialog.h"

#include "ui_recorddialog.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

namespace busmon {

namespace {
const QString pathKey = QStringLiteral("captures/recordPath");
const QString rotateKey = QStringLiteral("captures/recordRotateMiB");
} // namespace

RecordDialog::RecordDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::RecordDialog>())
{
    m_ui->setupUi(this);
    const QSettings settings;
    m_ui->fileEdit->setText(settings.value(pathKey).toString());
    m_ui->rotateSpin->setValue(settings.value(rotateKey, 512).toInt());
    connect(m_ui->browseButton, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getSaveFileName(
            this, windowTitle(), path(), tr("Captures (*.jsonl *.jsonl.gz);;All files (*)"));
        if (!chosen.isEmpty())
            m_ui->fileEdit->setText(chosen);
    });
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &RecordDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &RecordDialog::reject);
}

RecordDialog::~RecordDialog() = default;

QString RecordDialog::path() const
{
    return m_ui->fileEdit->text().trimmed();
}

qint64 RecordDialog::rotateBytes() const
{
    return qint64(m_ui->rotateSpin->value()) * 1024 * 1024;
}

void RecordDialog::accept()
{
    if (path().isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("Choose a file to record to."));
        return;
    }
    QSettings settings;
    settings.setValue(pathKey, path());
    settings.setValue(rotateKey, m_ui->rotateSpin->value());
    QDialog::accept();
}

} // namespace busmon
