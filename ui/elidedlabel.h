#pragma once

#include <QLabel>

namespace busmon {

// A one-line label for text that comes off the bus (a channel name, a server's reason): however
// long the text, it is cut with "…" to the room the layout gives, never asks for more than a
// readable width, and is whole in the tooltip (up to a bound). So nothing a message holds can
// widen the window.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    static constexpr int maxToolTipCharacters = 2000;

    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    const QString &fullText() const { return m_fullText; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void showElided();

    QString m_fullText;
};

} // namespace busmon
