#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace busmon {

class SimRandom;

// A Taskwarrior task as the simulator keeps it per user, so that changes over time are plausible
// (a pending task gets completed, annotated, re-prioritised) and `changes` is a true diff.
struct SimulatedTask
{
    struct Annotation
    {
        qint64 entryMs = 0;
        QString description;
    };

    QString uuid;
    int id = 0; // working-set number
    QString description;
    QString status = QStringLiteral("pending");
    QString project;
    QString priority;
    QStringList tags;
    QList<Annotation> annotations;
    qint64 entryMs = 0;
    qint64 modifiedMs = 0;
    std::optional<qint64> endMs;
    std::optional<qint64> dueMs;
    std::optional<qint64> waitMs;

    static SimulatedTask create(SimRandom &random, int id, qint64 nowMs);
    // One plausible edit: complete, delete, wait, annotate, tag, re-prioritise, reword, set due.
    void changeSomehow(SimRandom &random, qint64 nowMs);

    // `task_data` as the web app publishes it: dict() of a taskw Task, dumped by Django (dates as
    // ISO-8601 with "Z", annotations as plain strings, urgency an int when it is whole).
    QByteArray taskData() const;
    double urgency() const;
    // The task's attributes as Taskwarrior's data file holds them and taskw's decode_task reads
    // them back, each as JSON text: dates as epoch seconds, tags as a list, one
    // `annotation_<entry epoch>` per annotation. A field that is not set is absent.
    QMap<QString, QByteArray> storedFields() const;
    // `changes` as TaskStore.get_changed_tasks makes it: every field that differs, as
    // [before, after], null where a side has no value; the new line's fields first, then those it lost.
    static QByteArray changes(const QMap<QString, QByteArray> &before,
                              const QMap<QString, QByteArray> &after);
};

} // namespace busmon
