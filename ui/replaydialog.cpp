#include "replaydialog.h"

#include "ui_replaydialog.h"

#include <QPushButton>
#include <QSettings>

namespace busmon {

ReplayDialog::ReplayDialog(qint64 sessionRows, qint64 viewRows, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ReplayDialog>())
{
    m_ui->setupUi(this);
    QSettings settings;
    m_profiles = ConnectionProfile::loadAll(settings);
    for (const ConnectionProfile &profile : std::as_const(m_profiles))
        m_ui->profileCombo->addItem(profile.readOnly ? tr("%1 (read-only)").arg(profile.name) : profile.name);
    m_ui->speedCombo->addItem(tr("×1, as recorded"), 1.0);
    m_ui->speedCombo->addItem(tr("×10"), 10.0);
    m_ui->speedCombo->addItem(tr("As fast as possible"), 0.0);
    m_ui->sessionRadio->setText(tr("Every message of this session (%L1 rows)").arg(sessionRows));
    m_ui->viewRadio->setText(tr("Only what the current tab and filter show (%L1 rows)").arg(viewRows));
    connect(m_ui->profileCombo, &QComboBox::currentIndexChanged, this, &ReplayDialog::showRefusal);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &ReplayDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &ReplayDialog::reject);
    showRefusal();
}

ReplayDialog::~ReplayDialog() = default;

bool ReplayDialog::hasProfiles() const
{
    return !m_profiles.isEmpty();
}

ConnectionProfile ReplayDialog::profile() const
{
    return m_profiles.value(m_ui->profileCombo->currentIndex());
}

double ReplayDialog::speed() const
{
    return m_ui->speedCombo->currentData().toDouble();
}

bool ReplayDialog::wholeSession() const
{
    return m_ui->sessionRadio->isChecked();
}

void ReplayDialog::showRefusal()
{
    QString refusal;
    if (m_profiles.isEmpty())
        refusal = tr("No saved profile: save one in File → Connect… first.");
    else if (profile().readOnly)
        refusal = tr("Profile “%1” is read-only: nothing may be published on its bus.").arg(profile().name);
    m_ui->refusalLabel->setText(refusal);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(refusal.isEmpty());
}

} // namespace busmon
