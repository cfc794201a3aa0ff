#pragma once

class QSettings;

namespace busmon {

// The settings file holds profiles (hosts, users, certificate paths): only its owner may read it.
class SettingsFile
{
public:
    // Creates the file if need be and makes it 0600. QSettings rewrites it through a save file,
    // which keeps the permissions the file had, so once is enough for later writes too.
    static void restrictToOwner(QSettings &settings);
};

} // namespace busmon
