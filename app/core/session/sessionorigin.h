#pragma once

#include "bus/connectionsettings.h"

#include <QMetaType>
#include <QString>

namespace busmon {

// Where a monitoring session's messages come from: a bus (reached by URL or a saved profile), the
// private demo bus, or a capture file. Publishing from a session goes to its bus, unless the
// profile it came from is read-only.
struct SessionOrigin
{
    enum class Kind : quint8 { None, Bus, Demo, Capture };

    Kind kind = Kind::None;
    ConnectionSettings settings; // Bus and Demo
    QString profileName;         // Bus, when it came from a saved profile
    bool readOnly = false;       // the profile forbids publishing
    QString filePath;            // Capture

    static SessionOrigin bus(const ConnectionSettings &settings, const QString &profileName = QString(),
                             bool readOnly = false);
    static SessionOrigin capture(const QString &filePath);

    bool hasBus() const { return kind == Kind::Bus || kind == Kind::Demo; }
    // For the window title and the status bar: "demo bus", "redis://host:6379", "night.jsonl".
    QString title() const;
};

} // namespace busmon

Q_DECLARE_METATYPE(busmon::SessionOrigin)
