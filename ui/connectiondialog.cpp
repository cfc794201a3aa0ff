#include "connectiondialog.h"
#include "ui_connectiondialog.h"

#include "passwordvault.h"

#include <QFileDialog>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>

namespace busmon {

ConnectionDialog::ConnectionDialog(PasswordVault *vault, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectionDialog>())
    , m_vault(vault)
{
    m_ui->setupUi(this);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setText(tr("Save &profile"));
    if (!PasswordVault::isCompiledIn()) {
        m_ui->rememberPasswordCheck->setEnabled(false);
        m_ui->rememberPasswordCheck->setToolTip(
            tr("No desktop keychain: the password is asked for and not stored"));
    }
    connect(m_ui->profileList, &QListWidget::currentRowChanged, this, &ConnectionDialog::showProfile);
    connect(m_ui->urlEdit, &QLineEdit::editingFinished, this, &ConnectionDialog::movePasswordOutOfUrl);
    connect(m_ui->addButton, &QPushButton::clicked, this, &ConnectionDialog::addProfile);
    connect(m_ui->removeButton, &QPushButton::clicked, this, &ConnectionDialog::removeProfile);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    connect(m_ui->buttonBox->button(QDialogButtonBox::Save), &QPushButton::clicked, this,
            &ConnectionDialog::saveProfiles);
    connect(m_ui->caBrowseButton, &QToolButton::clicked, this,
            [this] { browseInto(m_ui->caFileEdit, tr("CA certificates (PEM)")); });
    connect(m_ui->certificateBrowseButton, &QToolButton::clicked, this,
            [this] { browseInto(m_ui->certificateEdit, tr("Client certificate (PEM)")); });
    connect(m_ui->keyBrowseButton, &QToolButton::clicked, this,
            [this] { browseInto(m_ui->keyEdit, tr("Client key (PEM)")); });
    if (m_vault) {
        // A keychain that fails says so here; "nothing saved for this profile" is no failure.
        connect(m_vault, &PasswordVault::readFailed, this,
                [this](const QString &reason) { m_ui->messageLabel->setText(reason); });
        connect(m_vault, &PasswordVault::removeFailed, this,
                [this](const QString &reason) { m_ui->messageLabel->setText(reason); });
    }
    loadProfiles();
}

ConnectionDialog::~ConnectionDialog() = default;

void ConnectionDialog::loadProfiles()
{
    QSettings settings;
    m_profiles = ConnectionProfile::loadAll(settings);
    m_ui->profileList->clear();
    for (const ConnectionProfile &profile : std::as_const(m_profiles))
        m_ui->profileList->addItem(profile.name);
    if (m_profiles.isEmpty())
        showProfile(-1); // a fresh form with the default URL
    else
        m_ui->profileList->setCurrentRow(0);
}

void ConnectionDialog::selectProfile(const QString &name)
{
    for (int row = 0; row < m_profiles.size(); ++row) {
        if (m_profiles.at(row).name == name)
            m_ui->profileList->setCurrentRow(row);
    }
}

void ConnectionDialog::showProfile(int row)
{
    m_currentRow = row;
    const ConnectionProfile shown =
        row >= 0 && row < m_profiles.size() ? m_profiles.at(row) : ConnectionProfile{};
    m_ui->nameEdit->setText(shown.name);
    m_ui->urlEdit->setText(shown.url);
    m_ui->userEdit->setText(shown.user);
    m_ui->caFileEdit->setText(shown.caFile);
    m_ui->certificateEdit->setText(shown.clientCertificateFile);
    m_ui->keyEdit->setText(shown.clientKeyFile);
    m_ui->insecureCheck->setChecked(shown.insecure);
    m_ui->readOnlyCheck->setChecked(shown.readOnly);
    m_ui->healthCheckSpin->setValue(shown.healthCheckMs / 1000.0);
    m_ui->passwordEdit->clear();
    m_ui->rememberPasswordCheck->setChecked(false);
    m_ui->messageLabel->clear();
    m_passwordSavedAs.clear();
    if (shown.name.isEmpty() || !m_vault)
        return;
    QPointer<ConnectionDialog> guard(this);
    m_vault->read(shown.name, [guard, row, name = shown.name](const QString &password, const QString &) {
        if (guard && guard->m_currentRow == row && !password.isEmpty()) {
            guard->m_ui->passwordEdit->setText(password);
            guard->m_ui->rememberPasswordCheck->setChecked(true);
            guard->m_passwordSavedAs = name;
        }
    });
}

void ConnectionDialog::movePasswordOutOfUrl()
{
    QString typed;
    const QString url = ConnectionProfile::urlWithoutPassword(m_ui->urlEdit->text().trimmed(), &typed);
    if (typed.isEmpty())
        return;
    m_ui->urlEdit->setText(url);
    m_ui->passwordEdit->setText(typed);
    m_ui->messageLabel->setText(tr("The password moved from the URL to its own field: profiles never keep "
                                   "it in the settings file. Tick \"Remember\" to keep it in the keychain."));
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile result;
    result.name = m_ui->nameEdit->text().trimmed();
    result.url = ConnectionProfile::urlWithoutPassword(m_ui->urlEdit->text().trimmed());
    result.user = m_ui->userEdit->text();
    result.caFile = m_ui->caFileEdit->text();
    result.clientCertificateFile = m_ui->certificateEdit->text();
    result.clientKeyFile = m_ui->keyEdit->text();
    result.insecure = m_ui->insecureCheck->isChecked();
    result.readOnly = m_ui->readOnlyCheck->isChecked();
    result.healthCheckMs = qRound(m_ui->healthCheckSpin->value() * 1000);
    return result;
}

QString ConnectionDialog::password() const
{
    QString inUrl;
    ConnectionProfile::urlWithoutPassword(m_ui->urlEdit->text().trimmed(), &inUrl);
    return m_ui->passwordEdit->text().isEmpty() ? inUrl : m_ui->passwordEdit->text();
}

void ConnectionDialog::addProfile()
{
    ConnectionProfile fresh;
    fresh.name = tr("new profile %1").arg(m_profiles.size() + 1);
    m_profiles.append(fresh);
    m_ui->profileList->addItem(fresh.name);
    m_ui->profileList->setCurrentRow(static_cast<int>(m_profiles.size() - 1));
    m_ui->nameEdit->setFocus();
    m_ui->nameEdit->selectAll();
}

void ConnectionDialog::removeProfile()
{
    const int row = m_ui->profileList->currentRow();
    if (row < 0 || row >= m_profiles.size())
        return;
    if (m_vault)
        m_vault->remove(m_profiles.at(row).name);
    m_profiles.removeAt(row);
    delete m_ui->profileList->takeItem(row);
    QSettings settings;
    ConnectionProfile::saveAll(settings, m_profiles);
}

bool ConnectionDialog::validate()
{
    QString error;
    if (!profile().toSettings(password(), &error)) {
        m_ui->messageLabel->setText(tr("This URL cannot be used: %1").arg(error));
        m_ui->urlEdit->setFocus();
        return false;
    }
    return true;
}

bool ConnectionDialog::saveProfiles()
{
    if (!saveProfileList())
        return false;
    storePassword({});
    return true;
}

bool ConnectionDialog::saveProfileList()
{
    if (!validate())
        return false;
    const ConnectionProfile edited = profile();
    if (edited.name.isEmpty()) {
        m_ui->messageLabel->setText(tr("A saved profile needs a name."));
        m_ui->nameEdit->setFocus();
        return false;
    }
    if (m_currentRow >= 0 && m_currentRow < m_profiles.size()) {
        m_profiles[m_currentRow] = edited;
        m_ui->profileList->item(m_currentRow)->setText(edited.name);
    } else {
        m_profiles.append(edited);
        m_currentRow = static_cast<int>(m_profiles.size() - 1);
        // The form already shows this profile: showing it afresh would clear the typed password.
        const QSignalBlocker quiet(m_ui->profileList);
        m_ui->profileList->addItem(edited.name);
        m_ui->profileList->setCurrentRow(m_currentRow);
    }
    QSettings settings;
    ConnectionProfile::saveAll(settings, m_profiles);
    m_ui->messageLabel->setText(tr("Saved \"%1\".").arg(edited.name));
    return true;
}

// Starts saving the password when the user asked for it, and forgets one the user no longer wants
// kept; `then` learns whether it was saved.
bool ConnectionDialog::storePassword(std::function<void(bool stored)> then)
{
    if (!m_vault)
        return false;
    const QString name = profile().name;
    const bool remember = m_ui->rememberPasswordCheck->isChecked() && !password().isEmpty();
    // Unticked, or the profile renamed: the keychain forgets the password under the old name.
    if (!m_passwordSavedAs.isEmpty() && (!remember || m_passwordSavedAs != name)) {
        m_vault->remove(m_passwordSavedAs);
        m_passwordSavedAs.clear();
    }
    if (!remember)
        return false;
    auto *connectButton = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    connectButton->setEnabled(false);
    QPointer<ConnectionDialog> guard(this);
    m_vault->write(name, password(), [guard, connectButton, name, then](const QString &error) {
        if (!guard)
            return;
        connectButton->setEnabled(true);
        if (error.isEmpty()) {
            guard->m_ui->messageLabel->setText(tr("Saved \"%1\" and its password.").arg(name));
        } else {
            guard->m_ui->messageLabel->setText(
                tr("%1 Untick \"Remember the password in the desktop keychain\" to go on without saving it.")
                    .arg(error));
        }
        if (then)
            then(error.isEmpty());
    });
    // Known at once: the keychain runs requests in order, so a removal asked for later comes after.
    m_passwordSavedAs = name;
    m_ui->messageLabel->setText(tr("Saving the password of \"%1\" in the desktop keychain…").arg(name));
    return true;
}

void ConnectionDialog::accept()
{
    if (!validate())
        return;
    if (profile().name.isEmpty() || !saveProfileList()) {
        QDialog::accept();
        return;
    }
    // A password the keychain could not keep is not dropped in silence: the dialog stays open.
    const bool storing = storePassword([this](bool stored) {
        if (stored)
            QDialog::accept();
    });
    if (!storing)
        QDialog::accept();
}

void ConnectionDialog::browseInto(QLineEdit *edit, const QString &title)
{
    const QString file = QFileDialog::getOpenFileName(this, title, edit->text(),
                                                      tr("PEM files (*.pem *.crt *.key);;All files (*)"));
    if (!file.isEmpty())
        edit->setText(file);
}

} // namespace busmon
