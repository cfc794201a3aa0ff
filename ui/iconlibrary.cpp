#include "iconlibrary.h"

#include <QApplication>
#include <QHash>
#include <QStyle>

// Q_INIT_RESOURCE must be called outside any namespace; the resources live in this static library.
static void initialiseBusmonResources()
{
    Q_INIT_RESOURCE(busmon);
}

namespace busmon {

namespace {
QStyle::StandardPixmap fallbackFor(const QString &name)
{
    static const QHash<QString, QStyle::StandardPixmap> fallbacks{
        {QStringLiteral("warning"), QStyle::SP_MessageBoxWarning},
        {QStringLiteral("error"), QStyle::SP_MessageBoxCritical},
        {QStringLiteral("pause"), QStyle::SP_MediaPause},
        {QStringLiteral("follow"), QStyle::SP_ArrowDown},
        {QStringLiteral("clear"), QStyle::SP_DialogResetButton},
        {QStringLiteral("connect"), QStyle::SP_DriveNetIcon},
        {QStringLiteral("tab-add"), QStyle::SP_FileDialogNewFolder},
        {QStringLiteral("filter"), QStyle::SP_FileDialogContentsView},
        {QStringLiteral("expand"), QStyle::SP_ToolBarVerticalExtensionButton},
        {QStringLiteral("gap"), QStyle::SP_BrowserStop},
        {QStringLiteral("compose"), QStyle::SP_ArrowForward},
    };
    return fallbacks.value(name, QStyle::SP_FileIcon);
}
} // namespace

QIcon IconLibrary::icon(const QString &name)
{
    static bool initialised = false;
    if (!initialised) {
        initialiseBusmonResources();
        initialised = true;
    }
    static QHash<QString, QIcon> cache;
    const auto cached = cache.constFind(name);
    if (cached != cache.constEnd())
        return *cached;
    QIcon result(QStringLiteral(":/busmon/icons/%1.svg").arg(name));
    if (result.pixmap(16, 16).isNull())
        result = QApplication::style()->standardIcon(fallbackFor(name));
    cache.insert(name, result);
    return result;
}

} // namespace busmon
