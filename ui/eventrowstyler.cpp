#include "eventrowstyler.h"

#include "colormix.h"
#include "iconlibrary.h"

#include "store/eventtablemodel.h"
#include "store/storedrow.h"

#include <QFont>
#include <QIcon>

namespace busmon {

namespace {
bool isDark(const QColor &color)
{
    return color.lightnessF() < 0.5;
}
} // namespace

EventRowStyler::EventRowStyler(QObject *parent)
    : QIdentityProxyModel(parent)
{
    setPalette(QPalette());
}

void EventRowStyler::setPalette(const QPalette &palette)
{
    m_palette = palette;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    // On a dark base the same tint needs more weight to be seen, and less to stay readable.
    const bool dark = isDark(base);
    m_alertBackground = mixColors(base, QColor(0xe5, 0x3e, 0x3e), dark ? 0.30 : 0.20);
    m_noticeBackground = mixColors(base, QColor(0xf0, 0xa3, 0x0a), dark ? 0.14 : 0.10);
    m_gapBackground = mixColors(base, text, dark ? 0.16 : 0.10);
    m_gapText = mixColors(text, base, 0.30);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
                         {Qt::BackgroundRole, Qt::ForegroundRole});
}

QVariant EventRowStyler::data(const QModelIndex &index, int role) const
{
    switch (role) {
    case Qt::BackgroundRole: {
        if (index.data(EventTableModel::IsGapRole).toBool())
            return m_gapBackground;
        const auto severity = static_cast<Severity>(index.data(EventTableModel::SeverityRole).toInt());
        if (severity == Severity::Alert)
            return m_alertBackground;
        if (severity == Severity::Notice)
            return m_noticeBackground;
        return {};
    }
    case Qt::ForegroundRole:
        if (index.data(EventTableModel::IsGapRole).toBool())
            return m_gapText;
        return {};
    case Qt::FontRole:
        if (index.data(EventTableModel::IsGapRole).toBool()) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == EventTableModel::TimeColumn) {
            if (index.data(EventTableModel::IsGapRole).toBool())
                return IconLibrary::icon(QStringLiteral("gap"));
            if (static_cast<Severity>(index.data(EventTableModel::SeverityRole).toInt()) == Severity::Alert)
                return IconLibrary::icon(QStringLiteral("error"));
        }
        if (index.column() == EventTableModel::ProblemsColumn &&
            index.data(EventTableModel::ProblemCountRole).toInt() > 0)
            return IconLibrary::icon(QStringLiteral("warning"));
        return {};
    case Qt::DisplayRole:
        if (index.column() == EventTableModel::SummaryColumn &&
            index.data(EventTableModel::IsGapRole).toBool())
            return QStringLiteral("— %1 —").arg(QIdentityProxyModel::data(index, role).toString());
        return QIdentityProxyModel::data(index, role);
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

} // namespace busmon
