#include "textlinewriter.h"

#include "capture/wholewrite.h"
#include "events/onelinetext.h"

#include <QDateTime>
#include <QIODevice>

namespace busmon::cli {

namespace {
QByteArray localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz")).toLatin1();
}
} // namespace

TextLineWriter::TextLineWriter(QIODevice *device)
    : m_device(device)
{}

bool TextLineWriter::write(const BusEvent &event)
{
    return writeLine(line(event));
}

bool TextLineWriter::writeOutage(const Outage &outage)
{
    return writeLine(outageLine(outage));
}

QString TextLineWriter::errorString() const
{
    return m_device->errorString();
}

QByteArray TextLineWriter::line(const BusEvent &event)
{
    // Everything from the bus is made one line first: a channel or a name is escaped visibly
    // (no escape sequence reaches the terminal, no newline fakes a line), prose has its controls
    // turned into spaces. Where a channel holds no username (unknown kinds) the channel stands in.
    const QString who = event.username.isEmpty() && event.kind != EventKind::General
                            ? QString::fromUtf8(event.channel)
                            : event.username;
    QByteArray text = localTime(event.receivedMs) + "  " +
                      QByteArray(eventKindName(event.kind).data()).leftJustified(22) + ' ' +
                      OneLineText::escaped(who).toUtf8().leftJustified(20) + ' ' +
                      OneLineText::from(event.summary).toUtf8();
    if (event.hasProblems())
        text += "  [" + QByteArray::number(event.problems.size()) +
                " problem(s): " + OneLineText::from(event.problems.constFirst()).toUtf8() + ']';
    return text + '\n';
}

QByteArray TextLineWriter::outageLine(const Outage &outage)
{
    if (outage.endedMs == 0) {
        return localTime(outage.beganMs) + "  --- no connection since then (" +
               OneLineText::from(outage.reason).toUtf8() +
               "), and still none when busmon-cli stopped: what was published then is lost ---\n";
    }
    return localTime(outage.beganMs) + "  --- no connection for " +
           QByteArray::number(static_cast<double>(outage.durationMs()) / 1000.0, 'f', 1) + " s (" +
           OneLineText::from(outage.reason).toUtf8() + "): what was published then is lost ---\n";
}

bool TextLineWriter::writeLine(const QByteArray &line)
{
    return WholeWrite::to(*m_device, line);
}

} // namespace busmon::cli
