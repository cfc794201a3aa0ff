#include "publish/draftlibrary.h"

#include <QSettings>

#include <algorithm>

namespace busmon {

namespace {
const QString templatesKey = QStringLiteral("compose/templates");
const QString historyKey = QStringLiteral("compose/history");

void writeHistory(QSettings &settings, const QList<DraftLibrary::Published> &entries)
{
    settings.remove(historyKey);
    settings.beginWriteArray(historyKey, int(entries.size()));
    for (int i = 0; i < entries.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("time"), entries.at(i).time);
        settings.setValue(QStringLiteral("target"), entries.at(i).target);
        settings.setValue(QStringLiteral("draft"), entries.at(i).draft.toVariantMap());
    }
    settings.endArray();
}

void writeTemplates(QSettings &settings, const QList<DraftLibrary::Template> &templates)
{
    settings.remove(templatesKey);
    settings.beginWriteArray(templatesKey, int(templates.size()));
    for (int i = 0; i < templates.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), templates.at(i).name);
        settings.setValue(QStringLiteral("draft"), templates.at(i).draft.toVariantMap());
    }
    settings.endArray();
}
} // namespace

DraftLibrary::DraftLibrary(QSettings &settings)
    : m_settings(settings)
{}

QList<DraftLibrary::Template> DraftLibrary::templates() const
{
    QList<Template> result;
    const int count = m_settings.beginReadArray(templatesKey);
    for (int i = 0; i < count; ++i) {
        m_settings.setArrayIndex(i);
        const QString name = m_settings.value(QStringLiteral("name")).toString();
        if (!name.isEmpty())
            result.append(
                {name, ToastDraft::fromVariantMap(m_settings.value(QStringLiteral("draft")).toMap())});
    }
    m_settings.endArray();
    std::sort(result.begin(), result.end(), [](const Template &a, const Template &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    return result;
}

void DraftLibrary::saveTemplate(const QString &name, const ToastDraft &draft)
{
    QList<Template> all = templates();
    all.removeIf([&name](const Template &existing) { return existing.name == name; });
    all.append({name, draft});
    writeTemplates(m_settings, all);
}

void DraftLibrary::removeTemplate(const QString &name)
{
    QList<Template> all = templates();
    all.removeIf([&name](const Template &existing) { return existing.name == name; });
    writeTemplates(m_settings, all);
}

QList<DraftLibrary::Published> DraftLibrary::history() const
{
    QList<Published> result;
    const int count = m_settings.beginReadArray(historyKey);
    for (int i = 0; i < count && i < historyLimit; ++i) {
        m_settings.setArrayIndex(i);
        result.append({m_settings.value(QStringLiteral("time")).toDateTime(),
                       m_settings.value(QStringLiteral("target")).toString(),
                       ToastDraft::fromVariantMap(m_settings.value(QStringLiteral("draft")).toMap())});
    }
    m_settings.endArray();
    return result;
}

void DraftLibrary::addToHistory(const Published &entry)
{
    QList<Published> all = history();
    all.prepend(entry);
    if (all.size() > historyLimit)
        all.resize(historyLimit);
    writeHistory(m_settings, all);
}

} // namespace busmon
