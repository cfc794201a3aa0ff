#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace busmon::test {

// A JSON Lines file (the audit log, a capture) as objects, one a line; empty when it is missing.
class JsonLines
{
public:
    static QList<QJsonObject> read(const QString &path);
};

} // namespace busmon::test
