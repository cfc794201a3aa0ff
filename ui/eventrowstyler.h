#pragma once

#include <QIdentityProxyModel>
#include <QPalette>

namespace busmon {

// Colours, fonts and icons for the message table, added in the UI layer so that
// the core model stays free of widgets (GammaRay's way). Colours are mixed from
// the palette, so a dark theme gets dark tints: alert rows (error logs,
// rejected mail, rejected or unrecognized certificates, failed syncs) stand out
// in red, rows with problems carry a warning icon, gap rows are grey and
// italic.
class EventRowStyler : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit EventRowStyler(QObject *parent = nullptr);

    void setPalette(const QPalette &palette);
    QVariant data(const QModelIndex &index, int role) const override;

    QColor alertBackground() const { return m_alertBackground; }
    QColor gapBackground() const { return m_gapBackground; }

private:
    QPalette m_palette;
    QColor m_alertBackground;
    QColor m_noticeBackground;
    QColor m_gapBackground;
    QColor m_gapText;
};

} // namespace busmon
