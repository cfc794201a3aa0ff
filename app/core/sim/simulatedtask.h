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

    // `task_data` as Inthe.AM publishes it (dates as Django writes them).
    QByteArray taskData() const;
    // Each field as a string, the way `changes` shows it; a field that is not set is absent.
    QMap<QString, QString> fieldTexts() const;
    // `changes`: every field that differs, as [before, after], null where a side has no value.
    static QByteArray changes(const QMap<QString, QString> &before, const QMap<QString, QString> &after);
};

} // namespace busmon
