#pragma once

#include "profiles/connectionprofile.h"

#include <QDialog>

#include <functional>
#include <memory>

class QLineEdit;

namespace Ui {
class ConnectionDialog;
}

namespace busmon {

class PasswordVault;

// Picks or edits a saved connection profile and the password to go with it. Profiles are saved in
// QSettings; a password only in the keychain, and only when the user asks for it.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(PasswordVault *vault, QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    void selectProfile(const QString &name);
    ConnectionProfile profile() const;
    QString password() const;

    void accept() override;

private:
    void loadProfiles();
    void showProfile(int row);
    void movePasswordOutOfUrl();
    void addProfile();
    void removeProfile();
    bool saveProfiles();
    bool saveProfileList();
    bool storePassword(std::function<void(bool stored)> then);
    bool validate();
    void browseInto(QLineEdit *edit, const QString &title);

    std::unique_ptr<Ui::ConnectionDialog> m_ui;
    PasswordVault *m_vault;
    QList<ConnectionProfile> m_profiles;
    int m_currentRow = -1;
    QString m_passwordSavedAs; // the profile name the keychain holds the shown password under
};

} // namespace busmon
