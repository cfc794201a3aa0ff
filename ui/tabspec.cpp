#include "tabspec.h"

#include <QCoreApplication>
#include <QSettings>

namespace busmon {

QString TabSpec::titleFor(EventKind kind)
{
    switch (kind) {
    case EventKind::General:
        return QCoreApplication::translate("TabSpec", "General");
    case EventKind::Personal:
        return QCoreApplication::translate("TabSpec", "Personal");
    case EventKind::LocalSync:
        return QCoreApplication::translate("TabSpec", "Local sync");
    case EventKind::ChangedTask:
        return QCoreApplication::translate("TabSpec", "Changed task");
    case EventKind::LogMessage:
        return QCoreApplication::translate("TabSpec", "Log");
    case EventKind::IncomingMail:
        return QCoreApplication::translate("TabSpec", "Mail");
    case EventKind::IncomingTrelloChange:
        return QCoreApplication::translate("TabSpec", "Trello");
    case EventKind::Sync:
        return QCoreApplication::translate("TabSpec", "Sync");
    case EventKind::TaskdCertificate:
        return QCoreApplication::translate("TabSpec", "Certificate");
    case EventKind::Unknown:
        return QCoreApplication::translate("TabSpec", "Unknown");
    }
    return QString();
}

QList<TabSpec> TabSpec::defaults()
{
    QList<TabSpec> tabs{{QCoreApplication::translate("TabSpec", "All"), std::nullopt, QString()}};
    for (const EventKind kind : allEventKinds)
        tabs.append({titleFor(kind), kind, QString()});
    return tabs;
}

QList<TabSpec> TabSpec::load(QSettings &settings)
{
    QList<TabSpec> tabs;
    const int count = settings.beginReadArray(QStringLiteral("tabs"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        TabSpec tab;
        tab.title = settings.value(QStringLiteral("title")).toString();
        const QString kind = settings.value(QStringLiteral("kind")).toString();
        if (!kind.isEmpty())
            tab.kind = eventKindFromName(kind.toUtf8());
        tab.filter = settings.value(QStringLiteral("filter")).toString();
        if (!tab.title.isEmpty())
            tabs.append(tab);
    }
    settings.endArray();
    return tabs.isEmpty() ? defaults() : tabs;
}

void TabSpec::save(QSettings &settings, const QList<TabSpec> &tabs)
{
    settings.remove(QStringLiteral("tabs"));
    settings.beginWriteArray(QStringLiteral("tabs"), static_cast<int>(tabs.size()));
    for (int i = 0; i < tabs.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("title"), tabs.at(i).title);
        settings.setValue(QStringLiteral("kind"),
                          tabs.at(i).kind ? QString(eventKindName(*tabs.at(i).kind)) : QString());
        settings.setValue(QStringLiteral("filter"), tabs.at(i).filter);
    }
    settings.endArray();
}

} // namespace busmon
