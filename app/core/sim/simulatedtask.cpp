#include "sim/simulatedtask.h"

#include "events/isodatetime.h"
#include "events/pythonjsonobject.h"
#include "sim/simrandom.h"

#include <QSet>
#include <array>

namespace busmon {

namespace {

using L = QLatin1StringView;

constexpr std::array descriptions{
    "Buy milk",
    "Call the bank about the mortgage",
    "Renew passport",
    "Write quarterly report",
    "Fix the leaking tap",
    "Book dentist appointment",
    "Review pull request #482",
    "Pay electricity bill",
    "Plan Lisbon trip",
    "Reply to Maria's email",
    "Back up the laptop",
    "Water the plants",
    "Prepare slides for Monday standup",
    "Cancel gym membership",
    "Order new running shoes",
    "Read \"Designing Data-Intensive Applications\"",
    "Update résumé",
    "Migrate blog to Hugo",
    "File expense report",
    "Pick up dry cleaning",
    "Schedule car service",
    "Rotate API keys",
    "Draft newsletter: café opening",
    "Clean out the garage",
    "Submit tax return",
};
constexpr std::array projects{"",        "",        "home",   "work",     "work.reports",
                              "errands", "finance", "travel", "side.blog"};
constexpr std::array priorities{"", "", "L", "M", "H"};
constexpr std::array tagNames{"next",   "phone", "email",  "waiting",  "someday",
                              "urgent", "home",  "office", "@computer"};
constexpr std::array annotationTexts{
    "Left a voicemail",          "See ticket INC-2291",
    "Asked Bob for the numbers", "https://example.com/docs/setup",
    "Blocked on legal review",   "Half done, continue tomorrow",
};

constexpr qint64 dayMs = 86400000;

QByteArray dateJson(qint64 ms)
{
    return '"' + IsoDateTime::formatDjango(ms) + '"';
}

QString dateText(qint64 ms)
{
    return QString::fromLatin1(IsoDateTime::formatDjango(ms));
}

// Task dates have whole seconds.
qint64 wholeSeconds(qint64 ms)
{
    return ms - ms % 1000;
}

} // namespace

SimulatedTask SimulatedTask::create(SimRandom &random, int id, qint64 nowMs)
{
    SimulatedTask task;
    task.uuid = random.uuid();
    task.id = id;
    task.description = QString::fromUtf8(random.pick(descriptions));
    task.project = QString::fromLatin1(random.pick(projects));
    task.priority = QString::fromLatin1(random.pick(priorities));
    const int tagCount = random.below(3);
    for (int i = 0; i < tagCount; ++i) {
        const QString tag = QString::fromLatin1(random.pick(tagNames));
        if (!task.tags.contains(tag))
            task.tags << tag;
    }
    task.entryMs = wholeSeconds(nowMs);
    task.modifiedMs = task.entryMs;
    if (random.chance(0.3))
        task.dueMs = wholeSeconds(nowMs + random.between(1, 21) * dayMs);
    return task;
}

void SimulatedTask::changeSomehow(SimRandom &random, qint64 nowMs)
{
    // Taskwarrior always moves `modified` on, even for two edits within one second.
    const qint64 now = qMax(wholeSeconds(nowMs), modifiedMs + 1000);
    if (status != QLatin1StringView("pending")) {
        // Reopened: what people do after completing the wrong task.
        status = QStringLiteral("pending");
        endMs.reset();
        waitMs.reset();
        modifiedMs = now;
        return;
    }
    switch (random.below(8)) {
    case 0:
    case 1:
        status = QStringLiteral("completed");
        endMs = now;
        break;
    case 2:
        if (random.chance(0.3)) {
            status = QStringLiteral("deleted");
            endMs = now;
        } else {
            status = QStringLiteral("waiting");
            waitMs = now + random.between(1, 7) * dayMs;
        }
        break;
    case 3:
        annotations.append({now, QString::fromLatin1(random.pick(annotationTexts))});
        break;
    case 4: {
        const QString tag = QString::fromLatin1(random.pick(tagNames));
        if (tags.contains(tag))
            tags.removeAll(tag);
        else
            tags << tag;
        break;
    }
    case 5:
        priority = priority == QLatin1StringView("H") ? QString() : QStringLiteral("H");
        break;
    case 6:
        description += QLatin1StringView(random.chance(0.5) ? " (follow up)" : " before Friday");
        break;
    default:
        dueMs = now + random.between(1, 14) * dayMs;
        break;
    }
    modifiedMs = now;
}

QByteArray SimulatedTask::taskData() const
{
    PythonJsonObject object;
    object.addInteger(L("id"), status == QLatin1StringView("pending") ? id : 0);
    object.addString(L("description"), description);
    object.addString(L("status"), status);
    object.addString(L("uuid"), uuid);
    object.addJson(L("entry"), dateJson(entryMs));
    object.addJson(L("modified"), dateJson(modifiedMs));
    if (endMs)
        object.addJson(L("end"), dateJson(*endMs));
    if (dueMs)
        object.addJson(L("due"), dateJson(*dueMs));
    if (waitMs)
        object.addJson(L("wait"), dateJson(*waitMs));
    if (!project.isEmpty())
        object.addString(L("project"), project);
    if (!priority.isEmpty())
        object.addString(L("priority"), priority);
    if (!tags.isEmpty()) {
        QList<QByteArray> items;
        for (const QString &tag : tags)
            items << PythonJsonObject::quoted(tag);
        object.addJson(L("tags"), PythonJsonObject::array(items));
    }
    if (!annotations.isEmpty()) {
        QList<QByteArray> items;
        for (const Annotation &annotation : annotations) {
            items << PythonJsonObject()
                         .addJson(L("entry"), dateJson(annotation.entryMs))
                         .addString(L("description"), annotation.description)
                         .toJson();
        }
        object.addJson(L("annotations"), PythonJsonObject::array(items));
    }
    object.addFloat(L("urgency"), (priority == QLatin1StringView("H") ? 6.0 : 0.0) + tags.size() * 0.8 +
                                      (dueMs ? 4.2 : 0.0) + annotations.size() * 0.1 + 1.1);
    return object.toJson();
}

QMap<QString, QString> SimulatedTask::fieldTexts() const
{
    QMap<QString, QString> fields;
    fields.insert(QStringLiteral("uuid"), uuid);
    fields.insert(QStringLiteral("description"), description);
    fields.insert(QStringLiteral("status"), status);
    fields.insert(QStringLiteral("entry"), dateText(entryMs));
    fields.insert(QStringLiteral("modified"), dateText(modifiedMs));
    if (endMs)
        fields.insert(QStringLiteral("end"), dateText(*endMs));
    if (dueMs)
        fields.insert(QStringLiteral("due"), dateText(*dueMs));
    if (waitMs)
        fields.insert(QStringLiteral("wait"), dateText(*waitMs));
    if (!project.isEmpty())
        fields.insert(QStringLiteral("project"), project);
    if (!priority.isEmpty())
        fields.insert(QStringLiteral("priority"), priority);
    if (!tags.isEmpty())
        fields.insert(QStringLiteral("tags"), tags.join(QLatin1Char(',')));
    // Taskwarrior's own form: one attribute per annotation, named after its entry time.
    for (const Annotation &annotation : annotations)
        fields.insert(QStringLiteral("annotation_") + QString::number(annotation.entryMs / 1000),
                      annotation.description);
    return fields;
}

QByteArray SimulatedTask::changes(const QMap<QString, QString> &before, const QMap<QString, QString> &after)
{
    QStringList keys = before.keys() + after.keys();
    keys.removeDuplicates();
    keys.sort();
    PythonJsonObject object;
    for (const QString &key : std::as_const(keys)) {
        const auto from = before.constFind(key);
        const auto to = after.constFind(key);
        const bool hasFrom = from != before.constEnd();
        const bool hasTo = to != after.constEnd();
        if (hasFrom && hasTo && *from == *to)
            continue;
        object.addJson(QStringView(key), PythonJsonObject::array({
                                             hasFrom ? PythonJsonObject::quoted(*from) : QByteArray("null"),
                                             hasTo ? PythonJsonObject::quoted(*to) : QByteArray("null"),
                                         }));
    }
    return object.toJson();
}

} // namespace busmon
