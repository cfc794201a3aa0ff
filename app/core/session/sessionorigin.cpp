#include "session/sessionorigin.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace busmon {

SessionOrigin SessionOrigin::bus(const ConnectionSettings &settings, const QString &profileName,
                                 bool readOnly)
{
    SessionOrigin origin;
    origin.kind = Kind::Bus;
    origin.settings = settings;
    origin.profileName = profileName;
    origin.readOnly = readOnly;
    return origin;
}

SessionOrigin SessionOrigin::capture(const QString &filePath)
{
    SessionOrigin origin;
    origin.kind = Kind::Capture;
    origin.filePath = filePath;
    return origin;
}

QString SessionOrigin::title() const
{
    switch (kind) {
    case Kind::None:
        return QString();
    case Kind::Bus:
        return profileName.isEmpty() ? settings.displayUrl()
                                     : QStringLiteral("%1 (%2)").arg(profileName, settings.displayUrl());
    case Kind::Demo:
        return QCoreApplication::translate("busmon::SessionOrigin", "demo bus");
    case Kind::Capture:
        return QFileInfo(filePath).fileName();
    }
    return QString();
}

} // namespace busmon
