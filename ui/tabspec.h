#pragma once

#include "events/eventkind.h"

#include <QList>
#include <QString>

#include <optional>

class QSettings;

namespace busmon {

// One tab of the main window as the user set it up: a title, an optional kind and a saved filter.
// The list of tabs, in the user's order, is kept in QSettings and restored at the next start.
struct TabSpec
{
    QString title;
    std::optional<EventKind> kind;
    QString filter;

    bool isAll() const { return !kind && filter.isEmpty(); }

    // "All", then one tab per kind (nine) and "Unknown".
    static QList<TabSpec> defaults();
    static QString titleFor(EventKind kind);
    static QList<TabSpec> load(QSettings &settings);
    static void save(QSettings &settings, const QList<TabSpec> &tabs);
};

} // namespace busmon
