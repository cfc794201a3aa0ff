#include "sim/simulatedtask.h"

#include "events/isodatetime.h"
#include "events/pythonjsonobject.h"
#include "sim/simrandom.h"

#include <QSet>
#include <array>
#include <cmath>

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

// Taskwarrior's data files hold dates as seconds since the epoch.
QString epochText(qint64 ms)
{
    return QString::number(ms / 1000);
}

QByteArray stringList(const QStringList &texts)
{
    QList<QByteArray> items;
    for (const QString &text : texts)
        items << PythonJsonObject::quoted(text);
    return PythonJsonObject::array(items);
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
    // Taskwarrior 2.5's export order: the id, the attributes by name (tags among them), then
    // annotations and urgency; json.loads keeps it and json.dumps writes it back.
    PythonJsonObject object;
    object.addInteger(L("id"), status == QLatin1StringView("pending") ? id : 0);
    object.addString(L("description"), description);
    if (dueMs)
        object.addJson(L("due"), dateJson(*dueMs));
    if (endMs)
        object.addJson(L("end"), dateJson(*endMs));
    object.addJson(L("entry"), dateJson(entryMs));
    object.addJson(L("modified"), dateJson(modifiedMs));
    if (!priority.isEmpty())
        object.addString(L("priority"), priority);
    if (!project.isEmpty())
        object.addString(L("project"), project);
    object.addString(L("status"), status);
    if (!tags.isEmpty())
        object.addJson(L("tags"), stringList(tags));
    object.addString(L("uuid"), uuid);
    if (waitMs)
        object.addJson(L("wait"), dateJson(*waitMs));
    if (!annotations.isEmpty()) {
        QStringList texts;
        for (const Annotation &annotation : annotations)
            texts << annotation.description;
        object.addJson(L("annotations"), stringList(texts));
    }
    const double score = urgency();
    if (score == std::floor(score))
        object.addInteger(L("urgency"), static_cast<qint64>(score));
    else
        object.addFloat(L("urgency"), score);
    return object.toJson();
}

double SimulatedTask::urgency() const
{
    // Taskwarrior's default coefficients, the age term left out.
    double score = 0;
    if (priority == QLatin1StringView("H"))
        score += 6.0;
    else if (priority == QLatin1StringView("M"))
        score += 3.9;
    else if (priority == QLatin1StringView("L"))
        score += 1.8;
    if (!project.isEmpty())
        score += 1.0;
    if (!tags.isEmpty())
        score += tags.size() == 1 ? 0.8 : tags.size() == 2 ? 0.9 : 1.0;
    if (!annotations.isEmpty())
        score += annotations.size() == 1 ? 0.8 : annotations.size() == 2 ? 0.9 : 1.0;
    if (dueMs)
        score += 8.8;
    if (waitMs)
        score -= 3.0;
    return std::round(score * 10000) / 10000;
}

QMap<QString, QByteArray> SimulatedTask::storedFields() const
{
    QMap<QString, QByteArray> fields;
    const auto add = [&](const QString &name, const QString &text) {
        fields.insert(name, PythonJsonObject::quoted(text));
    };
    add(QStringLiteral("uuid"), uuid);
    add(QStringLiteral("description"), description);
    add(QStringLiteral("status"), status);
    add(QStringLiteral("entry"), epochText(entryMs));
    add(QStringLiteral("modified"), epochText(modifiedMs));
    if (endMs)
        add(QStringLiteral("end"), epochText(*endMs));
    if (dueMs)
        add(QStringLiteral("due"), epochText(*dueMs));
    if (waitMs)
        add(QStringLiteral("wait"), epochText(*waitMs));
    if (!project.isEmpty())
        add(QStringLiteral("project"), project);
    if (!priority.isEmpty())
        add(QStringLiteral("priority"), priority);
    if (!tags.isEmpty())
        fields.insert(QStringLiteral("tags"), stringList(tags));
    for (const Annotation &annotation : annotations)
        add(QStringLiteral("annotation_") + epochText(annotation.entryMs), annotation.description);
    return fields;
}

QByteArray SimulatedTask::changes(const QMap<QString, QByteArray> &before,
                                  const QMap<QString, QByteArray> &after)
{
    static const QByteArray null("null");
    PythonJsonObject object;
    for (auto to = after.cbegin(); to != after.cend(); ++to) {
        const QByteArray from = before.value(to.key(), null);
        if (from != *to)
            object.addJson(QStringView(to.key()), PythonJsonObject::array({from, *to}));
    }
    for (auto from = before.cbegin(); from != before.cend(); ++from) {
        if (!after.contains(from.key()))
            object.addJson(QStringView(from.key()), PythonJsonObject::array({*from, null}));
    }
    return object.toJson();
}

} // namespace busmon
