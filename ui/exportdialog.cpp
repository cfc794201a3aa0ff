#include "exportdialog.h"

#include "ui_exportdialog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

namespace busmon {

namespace {
struct FormatChoice
{
    CaptureExporter::Format format;
    bool compress;
    const char *suffix;
};
// In the combo box's order, per mode.
const FormatChoice saveFormats[] = {{CaptureExporter::Format::Capture, false, ".jsonl"},
                                    {CaptureExporter::Format::Capture, true, ".jsonl.gz"}};
const FormatChoice exportFormats[] = {{CaptureExporter::Format::Csv, false, ".csv"},
                                      {CaptureExporter::Format::Capture, false, ".jsonl"}};
const QString maskedFieldsKey = QStringLiteral("captures/maskedFields");

QString withoutKnownSuffix(QString path)
{
    for (const char *suffix : {".jsonl.gz", ".jsonl", ".csv", ".gz"}) {
        if (path.endsWith(QLatin1String(suffix))) {
            path.chop(static_cast<qsizetype>(qstrlen(suffix)));
            break;
        }
    }
    return path;
}
} // namespace

ExportDialog::ExportDialog(Mode mode, qint64 sessionRows, qint64 viewRows, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ExportDialog>())
    , m_mode(mode)
{
    m_ui->setupUi(this);
    if (mode == Mode::Save) {
        m_ui->formatCombo->addItems({tr("Capture (JSON Lines)"), tr("Capture, gzip-compressed")});
        m_ui->sessionRadio->setText(tr("The whole &session (%L1 rows)").arg(sessionRows));
    } else {
        setWindowTitle(tr("Export the view"));
        m_ui->formatCombo->addItems({tr("CSV (the visible columns)"), tr("JSON Lines (capture)")});
        m_ui->sessionRadio->setEnabled(false);
        m_ui->sessionRadio->setText(tr("The whole session"));
        m_ui->viewRadio->setChecked(true);
        m_ui->buttons->button(QDialogButtonBox::Save)->setText(tr("&Export"));
    }
    m_ui->viewRadio->setText(tr("Only what the current &tab and filter show (%L1 rows)").arg(viewRows));
    const QSettings settings;
    m_ui->maskEdit->setText(settings.value(maskedFieldsKey, CaptureRedactor::defaultMaskedFields())
                                .toStringList()
                                .join(QStringLiteral(", ")));
    connect(m_ui->browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_ui->formatCombo, &QComboBox::currentIndexChanged, this, &ExportDialog::followFormat);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
}

ExportDialog::~ExportDialog() = default;

QString ExportDialog::path() const
{
    return m_ui->fileEdit->text().trimmed();
}

void ExportDialog::setPath(const QString &path)
{
    m_ui->fileEdit->setText(path);
    followFormat();
}

bool ExportDialog::wholeSession() const
{
    return m_mode == Mode::Save && m_ui->sessionRadio->isChecked();
}

CaptureExporter::Options ExportDialog::options() const
{
    const int index = qMax(0, m_ui->formatCombo->currentIndex());
    const FormatChoice &choice = m_mode == Mode::Save ? saveFormats[index] : exportFormats[index];
    CaptureExporter::Options options;
    options.format = choice.format;
    options.compress = choice.compress;
    if (m_ui->redactGroup->isChecked()) {
        CaptureRedactor::Options redaction;
        redaction.maskedFields.clear();
        for (const QString &field : m_ui->maskEdit->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!field.trimmed().isEmpty())
                redaction.maskedFields << field.trimmed();
        }
        redaction.pseudonymizeUsers = m_ui->pseudonymCheck->isChecked();
        options.redaction = redaction;
    }
    return options;
}

void ExportDialog::followFormat()
{
    const QString current = path();
    if (current.isEmpty())
        return;
    const int index = qMax(0, m_ui->formatCombo->currentIndex());
    const char *suffix = m_mode == Mode::Save ? saveFormats[index].suffix : exportFormats[index].suffix;
    m_ui->fileEdit->setText(withoutKnownSuffix(current) + QLatin1String(suffix));
}

void ExportDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(
        this, windowTitle(), path(),
        m_mode == Mode::Save ? tr("Captures (*.jsonl *.jsonl.gz);;All files (*)")
                             : tr("CSV or JSON Lines (*.csv *.jsonl);;All files (*)"));
    if (chosen.isEmpty())
        return;
    m_ui->formatCombo->setCurrentIndex(m_mode == Mode::Save
                                           ? (chosen.endsWith(QLatin1String(".gz")) ? 1 : 0)
                                           : (chosen.endsWith(QLatin1String(".csv")) ? 0 : 1));
    setPath(chosen);
    m_confirmedPath = path(); // the file dialog asked about replacing it
}

void ExportDialog::accept()
{
    if (path().isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("Choose a file to write."));
        return;
    }
    if (QFileInfo::exists(path()) && path() != m_confirmedPath &&
        QMessageBox::question(this, windowTitle(), tr("%1 exists. Replace it?").arg(path())) !=
            QMessageBox::Yes)
        return;
    if (m_ui->redactGroup->isChecked()) {
        QSettings settings;
        settings.setValue(maskedFieldsKey, options().redaction->maskedFields);
    }
    QDialog::accept();
}

} // namespace busmon
