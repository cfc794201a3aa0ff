#pragma once

#include "publish/toastdraft.h"

#include <QDateTime>
#include <QList>
#include <QString>

class QSettings;

namespace busmon {

// The compose dialog's memory, in QSettings: named templates, and the last published messages
// (newest first, at most historyLimit), each of which can be opened again.
class DraftLibrary
{
public:
    struct Template
    {
        QString name;
        ToastDraft draft;
    };
    struct Published
    {
        QDateTime time; // UTC
        QString target; // the profile or URL it went to
        ToastDraft draft;
    };

    static constexpr qsizetype historyLimit = 50;

    explicit DraftLibrary(QSettings &settings);

    QList<Template> templates() const; // sorted by name
    // Replaces a template of the same name.
    void saveTemplate(const QString &name, const ToastDraft &draft);
    void removeTemplate(const QString &name);

    QList<Published> history() const; // newest first
    void addToHistory(const Published &entry);

private:
    QSettings &m_settings;
};

} // namespace busmon
