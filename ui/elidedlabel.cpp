#include "elidedlabel.h"

#include <QResizeEvent>

namespace busmon {

namespace {
// The width a label asks for at most, in average characters: about a line of a wide table cell.
constexpr int preferredMaxCharacters = 120;
} // namespace

ElidedLabel::ElidedLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString &text)
{
    m_fullText = text;
    setToolTip(text.size() > maxToolTipCharacters ? text.left(maxToolTipCharacters) + QStringLiteral("…")
                                                  : text);
    showElided();
    updateGeometry();
}

QSize ElidedLabel::sizeHint() const
{
    const QFontMetrics metrics = fontMetrics();
    const int cap = metrics.averageCharWidth() * preferredMaxCharacters;
    // Measuring a huge text is costly too: only as much as can be asked for.
    const int width = metrics.horizontalAdvance(m_fullText.left(preferredMaxCharacters * 2));
    const QMargins margins = contentsMargins();
    return {qMin(width, cap) + margins.left() + margins.right() + 2 * margin(),
            QLabel::minimumSizeHint().height()};
}

QSize ElidedLabel::minimumSizeHint() const
{
    const QMargins margins = contentsMargins();
    return {fontMetrics().horizontalAdvance(QStringLiteral("M…")) + margins.left() + margins.right(),
            QLabel::minimumSizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    showElided();
}

void ElidedLabel::showElided()
{
    const int room = contentsRect().width() - 2 * margin();
    // Elide a bounded prefix: elidedText() lays out the whole string otherwise.
    QString shown = m_fullText.left(qMax(64, room));
    shown.replace(QLatin1Char('\n'), QChar(0x23CE));
    QLabel::setText(fontMetrics().elidedText(shown, Qt::ElideRight, room));
}

} // namespace busmon
