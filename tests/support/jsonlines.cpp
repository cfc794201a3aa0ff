#include "jsonlines.h"

#include <QFile>
#include <QJsonDocument>

namespace busmon::test {

QList<QJsonObject> JsonLines::read(const QString &path)
{
    QList<QJsonObject> lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

} // namespace busmon::test
