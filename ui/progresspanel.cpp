#include "progresspanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace busmon {

ProgressPanel::ProgressPanel(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    setObjectName(QStringLiteral("progressPanel"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->setRange(0, 100);
    m_bar->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 12);
    m_bar->setMaximumHeight(fontMetrics().height() + 2);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("progressCancel"));
    m_cancel->setAutoRaise(true);
    connect(m_cancel, &QToolButton::clicked, this, &ProgressPanel::cancelRequested);
    hide();
}

void ProgressPanel::begin(const QString &what)
{
    m_label->setText(what);
    m_bar->setRange(0, 100);
    m_bar->setValue(0);
    show();
}

void ProgressPanel::setPercent(int percent)
{
    if (percent < 0) {
        m_bar->setRange(0, 0);
        return;
    }
    m_bar->setRange(0, 100);
    m_bar->setValue(qBound(0, percent, 100));
}

void ProgressPanel::end()
{
    hide();
}

QString ProgressPanel::text() const
{
    return m_label->text();
}

int ProgressPanel::percent() const
{
    return m_bar->value();
}

} // namespace busmon
