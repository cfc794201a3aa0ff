#pragma once

#include "profiles/connectionprofile.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ReplayDialog;
}

namespace busmon {

// Where to replay an opened capture: a saved profile (read-only ones are listed and refused), the
// speed (×1, ×10, as fast as possible) and which messages: all, or what the tab and filter show.
class ReplayDialog : public QDialog
{
    Q_OBJECT
public:
    ReplayDialog(qint64 sessionRows, qint64 viewRows, QWidget *parent = nullptr);
    ~ReplayDialog() override;

    bool hasProfiles() const;
    ConnectionProfile profile() const;
    double speed() const; // 0: as fast as possible
    bool wholeSession() const;

private:
    void showRefusal();

    std::unique_ptr<Ui::ReplayDialog> m_ui;
    QList<ConnectionProfile> m_profiles;
};

} // namespace busmon
