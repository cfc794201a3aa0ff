#pragma once

#include "clicommand.h"

#include <QObject>

namespace busmon::cli {

// `busmon-cli announce`: a toast for every signed-in user (`__general__`) or for given users
// (`personal.<username>`), built exactly as the web app expects it.
class AnnounceCommand : public QObject, public CliCommand
{
    Q_OBJECT
public:
    int run(const QStringList &arguments) override;
};

} // namespace busmon::cli
