#pragma once

#include "bus/connectionsettings.h"

#include <QDialog>

#include <memory>

namespace Ui {
class AboutDialog;
}

namespace busmon {

// Help → About: busmon's version and license, and the versions of what it runs on: Qt, hiredis and
// the Redis server of the bus in view (asked over a connection of its own), so a bug report can
// name them. "Copy versions" puts them on the clipboard as text.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    // `bus` is the connection in use, or nullptr when there is none.
    explicit AboutDialog(const ConnectionSettings *bus, QWidget *parent = nullptr);
    ~AboutDialog() override;

    // Opens a dialog that deletes itself when closed.
    static AboutDialog *showFor(QWidget *parent, const ConnectionSettings *bus);

    QString versionsText() const;

private:
    void askServerVersion(const ConnectionSettings &bus);

    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace busmon
