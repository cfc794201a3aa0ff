#include "activity/activityreport.h"

#include "capture/captureexporter.h"
#include "events/isodatetime.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QStringList>
#include <QTimeZone>
#include <cmath>

namespace busmon {

namespace {

using L = QLatin1StringView;

QJsonValue jsonSeconds(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QString utcText(qint64 ms)
{
    return QString::fromLatin1(IsoDateTime::formatUtcMs(ms));
}

// The counts both the window's totals and each minute carry.
void addCounts(QJsonObject &object, const ActivityCounts &counts)
{
    object.insert(L("syncs_changed"), counts.syncsChanged);
    object.insert(L("local_syncs"), counts.localSyncs);
    object.insert(L("errors"), counts.errors);
    object.insert(L("certificates_accepted"), counts.certificatesAccepted);
    object.insert(L("certificates_rejected"), counts.certificatesRejected);
    object.insert(L("mail_accepted"), counts.mailAccepted);
    object.insert(L("mail_rejected"), counts.mailRejected);
}

QJsonObject minuteJson(const ActivitySnapshot::Minute &minute)
{
    QJsonObject object{
        {L("minute"), utcText(minute.startMs)},
        {L("syncs"), minute.counts.syncs},
        {L("duration_p50"), jsonSeconds(minute.durationP50)},
        {L("duration_p95"), jsonSeconds(minute.durationP95)},
    };
    addCounts(object, minute.counts);
    return object;
}

QString windowTitle(ActivityWindow window)
{
    switch (window) {
    case ActivityWindow::FiveMinutes:
        return QStringLiteral("last 5 minutes");
    case ActivityWindow::Hour:
        return QStringLiteral("last hour");
    case ActivityWindow::Day:
        return QStringLiteral("last 24 hours");
    case ActivityWindow::All:
        break;
    }
    return QStringLiteral("everything");
}

QDateTime timeIn(qint64 ms, const QTimeZone &zone)
{
    return QDateTime::fromMSecsSinceEpoch(ms, zone);
}

QString offsetText(const QTimeZone &zone, qint64 ms)
{
    const int seconds = zone.offsetFromUtc(timeIn(ms, zone));
    const int minutes = std::abs(seconds) / 60;
    return QStringLiteral("UTC%1%2:%3")
        .arg(seconds < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString csvField(const QString &text)
{
    QByteArray field;
    CaptureExporter::appendCsvField(field, text);
    return QString::fromUtf8(field);
}

QString csvSeconds(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'g', 17) : QString();
}

// Fixed columns: a label, then right-aligned figures.
class TextTable
{
public:
    explicit TextTable(int labelWidth)
        : m_labelWidth(labelWidth)
    {}
    void row(const QString &label, const QStringList &cells, int cellWidth, const QString &note = QString())
    {
        QString line = QStringLiteral("  ") + label.leftJustified(m_labelWidth, QLatin1Char(' '), true);
        for (const QString &cell : cells)
            line += cell.rightJustified(cellWidth);
        if (!note.isEmpty())
            line += QStringLiteral("  (%1)").arg(note);
        m_lines << line;
    }
    void line(const QString &text) { m_lines << text; }
    QString text() const { return m_lines.join(QLatin1Char('\n')) + QLatin1Char('\n'); }

private:
    int m_labelWidth;
    QStringList m_lines;
};

} // namespace

QString ActivityReport::seconds(const std::optional<double> &value)
{
    if (!value)
        return QStringLiteral("—");
    const double v = *value;
    const int decimals = std::abs(v) < 1 ? 3 : std::abs(v) < 10 ? 2 : std::abs(v) < 100 ? 1 : 0;
    return QString::number(v, 'f', decimals) + QStringLiteral(" s");
}

QString ActivityReport::exclusionReasons(const ActivityCounts &counts)
{
    const QLocale english(QLocale::English);
    QStringList reasons;
    if (counts.durationsMissing > 0)
        reasons << QStringLiteral("%1 missing").arg(english.toString(counts.durationsMissing));
    if (counts.durationsNotANumber > 0)
        reasons << QStringLiteral("%1 not a number").arg(english.toString(counts.durationsNotANumber));
    if (counts.durationsUnreadable > 0)
        reasons << QStringLiteral("%1 payload not JSON").arg(english.toString(counts.durationsUnreadable));
    return reasons.join(QLatin1String(", "));
}

QByteArray ActivityReport::toJson(const ActivitySnapshot &snapshot)
{
    const ActivityCounts &total = snapshot.total;
    QJsonArray users;
    for (const ActivitySnapshot::User &user : snapshot.topUsers)
        users.append(
            QJsonObject{{L("user"), user.name}, {L("syncs"), user.syncs}, {L("records"), user.records}});
    QJsonArray minutes;
    for (const ActivitySnapshot::Minute &minute : snapshot.perMinute)
        minutes.append(minuteJson(minute));
    QJsonObject object{
        {L("window"), activityWindowName(snapshot.window)},
        {L("from"), utcText(snapshot.fromMs)},
        {L("to"), utcText(snapshot.toMs)},
        {L("minutes"), snapshot.minutes},
        {L("total_syncs"), total.syncs},
        {L("syncs_per_minute"), std::round(snapshot.syncsPerMinute * 1000) / 1000},
        {L("syncs_last_minute"), snapshot.syncsLastMinute},
        {L("duration_p50"), jsonSeconds(snapshot.durationP50)},
        {L("duration_p95"), jsonSeconds(snapshot.durationP95)},
        {L("durations_counted"), snapshot.durationCount},
        {L("durations_excluded"), total.durationsExcluded()},
        {L("durations_excluded_by_reason"), QJsonObject{{L("missing"), total.durationsMissing},
                                                        {L("not_a_number"), total.durationsNotANumber},
                                                        {L("not_json"), total.durationsUnreadable}}},
        {L("distinct_users"), snapshot.distinctUsers},
        {L("top_users"), users},
        {L("per_minute"), minutes},
    };
    addCounts(object, total);
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

QString ActivityReport::toText(const ActivitySnapshot &snapshot)
{
    return toText(snapshot, QTimeZone::systemTimeZone());
}

QString ActivityReport::toText(const ActivitySnapshot &snapshot, const QTimeZone &zone)
{
    const QLocale english(QLocale::English);
    const auto number = [&english](qint64 value) { return english.toString(value); };
    const ActivityCounts &total = snapshot.total;
    const QDateTime from = timeIn(snapshot.fromMs, zone);
    const QDateTime to = timeIn(snapshot.toMs, zone);
    const bool oneDay = from.date() == to.date();
    const QString minuteFormat = oneDay ? QStringLiteral("HH:mm") : QStringLiteral("yyyy-MM-dd HH:mm");

    TextTable table(24);
    table.line(
        QStringLiteral("Sync activity, %1: %2 to %3 (local time, %4), %5 minute%6")
            .arg(windowTitle(snapshot.window), from.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                 to.toString(oneDay ? QStringLiteral("HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                 offsetText(zone, snapshot.toMs), number(snapshot.minutes),
                 snapshot.minutes == 1 ? QString() : QStringLiteral("s")));
    table.line(QString());
    const int width = 12;
    table.row(QStringLiteral("Syncs"), {number(total.syncs)}, width);
    table.row(QStringLiteral("  stored or merged"), {number(total.syncsChanged)}, width);
    table.row(QStringLiteral("  changed nothing"), {number(total.syncs - total.syncsChanged)}, width);
    table.row(QStringLiteral("Syncs per minute"), {english.toString(snapshot.syncsPerMinute, 'f', 1)}, width);
    table.row(QStringLiteral("  in the last 60 s"), {number(snapshot.syncsLastMinute)}, width);
    table.row(QStringLiteral("Local syncs"), {number(total.localSyncs)}, width);
    table.row(QStringLiteral("Duration p50"), {seconds(snapshot.durationP50)}, width);
    table.row(QStringLiteral("Duration p95"), {seconds(snapshot.durationP95)}, width);
    table.row(QStringLiteral("  over syncs"), {number(snapshot.durationCount)}, width);
    table.row(QStringLiteral("  left out"), {number(total.durationsExcluded())}, width,
              exclusionReasons(total));
    table.row(QStringLiteral("Users who synced"), {number(snapshot.distinctUsers)}, width);
    table.row(QStringLiteral("Errors (log)"), {number(total.errors)}, width);
    table.row(QStringLiteral("Certificates accepted"), {number(total.certificatesAccepted)}, width);
    table.row(QStringLiteral("Certificates rejected"), {number(total.certificatesRejected)}, width);
    table.row(QStringLiteral("Mail accepted"), {number(total.mailAccepted)}, width);
    table.row(QStringLiteral("Mail rejected"), {number(total.mailRejected)}, width);

    if (!snapshot.topUsers.isEmpty()) {
        TextTable users(36);
        users.row(QStringLiteral("Busiest users"), {QStringLiteral("syncs"), QStringLiteral("records")}, 10);
        for (const ActivitySnapshot::User &user : snapshot.topUsers)
            users.row(user.name, {number(user.syncs), number(user.records)}, 10);
        table.line(QString());
        table.line(users.text().chopped(1));
    }

    table.line(QString());
    if (snapshot.perMinute.size() > 60) {
        table.line(QStringLiteral("  Per minute: %1 minutes; see --format json")
                       .arg(number(snapshot.perMinute.size())));
        return table.text();
    }
    TextTable minutes(oneDay ? 8 : 19);
    const QStringList headings{QStringLiteral("syncs"),     QStringLiteral("changed"),
                               QStringLiteral("local"),     QStringLiteral("p50"),
                               QStringLiteral("p95"),       QStringLiteral("errors"),
                               QStringLiteral("cert rej."), QStringLiteral("mail rej.")};
    minutes.row(QStringLiteral("Minute"), headings, 10);
    for (const ActivitySnapshot::Minute &minute : snapshot.perMinute) {
        const ActivityCounts &counts = minute.counts;
        minutes.row(timeIn(minute.startMs, zone).toString(minuteFormat),
                    {number(counts.syncs), number(counts.syncsChanged), number(counts.localSyncs),
                     seconds(minute.durationP50), seconds(minute.durationP95), number(counts.errors),
                     number(counts.certificatesRejected), number(counts.mailRejected)},
                    10);
    }
    table.line(minutes.text().chopped(1));
    return table.text();
}

QString ActivityReport::toCsv(const ActivitySnapshot &snapshot, Chart chart)
{
    return toCsv(snapshot, chart, QTimeZone::systemTimeZone());
}

QString ActivityReport::toCsv(const ActivitySnapshot &snapshot, Chart chart, const QTimeZone &zone)
{
    QStringList lines;
    const auto minuteText = [&zone](qint64 ms) { return timeIn(ms, zone).toString(Qt::ISODate); };
    switch (chart) {
    case Chart::Syncs:
        lines << QStringLiteral("minute,syncs,syncs_changed,syncs_unchanged,local_syncs");
        for (const ActivitySnapshot::Minute &minute : snapshot.perMinute) {
            const ActivityCounts &c = minute.counts;
            lines << QStringLiteral("%1,%2,%3,%4,%5")
                         .arg(minuteText(minute.startMs))
                         .arg(c.syncs)
                         .arg(c.syncsChanged)
                         .arg(c.syncs - c.syncsChanged)
                         .arg(c.localSyncs);
        }
        break;
    case Chart::Durations:
        lines << QStringLiteral("minute,syncs,duration_p50_seconds,duration_p95_seconds");
        for (const ActivitySnapshot::Minute &minute : snapshot.perMinute)
            lines << QStringLiteral("%1,%2,%3,%4")
                         .arg(minuteText(minute.startMs))
                         .arg(minute.counts.syncs)
                         .arg(csvSeconds(minute.durationP50), csvSeconds(minute.durationP95));
        break;
    case Chart::Users:
        lines << QStringLiteral("user,syncs,records");
        for (const ActivitySnapshot::User &user : snapshot.topUsers)
            lines << QStringLiteral("%1,%2,%3").arg(csvField(user.name)).arg(user.syncs).arg(user.records);
        break;
    case Chart::Outcomes:
        lines << QStringLiteral(
            "minute,certificates_accepted,certificates_rejected,mail_accepted,mail_rejected,errors");
        for (const ActivitySnapshot::Minute &minute : snapshot.perMinute) {
            const ActivityCounts &c = minute.counts;
            lines << QStringLiteral("%1,%2,%3,%4,%5,%6")
                         .arg(minuteText(minute.startMs))
                         .arg(c.certificatesAccepted)
                         .arg(c.certificatesRejected)
                         .arg(c.mailAccepted)
                         .arg(c.mailRejected)
                         .arg(c.errors);
        }
        break;
    }
    return lines.join(QLatin1String("\r\n")) + QLatin1String("\r\n");
}

} // namespace busmon
