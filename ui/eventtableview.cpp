#include "eventtableview.h"

#include <QHeaderView>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTimer>

namespace busmon {

namespace {
constexpr int followIntervalMs = 100;
}

EventTableView::EventTableView(QWidget *parent)
    : QTableView(parent)
    , m_followTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("eventTable"));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setWordWrap(false);
    setShowGrid(false);
    setAlternatingRowColors(false);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setTextElideMode(Qt::ElideRight);
    verticalHeader()->hide();
    // Fixed row heights: the view never measures a million rows.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    verticalHeader()->setMinimumSectionSize(fontMetrics().height() + 2);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    horizontalHeader()->setSectionsMovable(true);

    m_followTimer->setInterval(followIntervalMs);
    connect(m_followTimer, &QTimer::timeout, this, &EventTableView::followTick);
    m_followTimer->start();
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &EventTableView::onScrolled);
}

void EventTableView::setFollowing(bool following)
{
    if (m_following == following)
        return;
    m_following = following;
    if (m_following)
        followTick();
    emit followingChanged(m_following);
}

void EventTableView::mousePressEvent(QMouseEvent *event)
{
    // A row picked out with the mouse must not scroll away under the pointer.
    if (indexAt(event->position().toPoint()).isValid())
        setFollowing(false);
    QTableView::mousePressEvent(event);
}

void EventTableView::followTick()
{
    QScrollBar *bar = verticalScrollBar();
    m_lastMaximum = bar->maximum();
    if (!m_following || bar->value() == bar->maximum())
        return;
    m_scrollingByUs = true;
    bar->setValue(bar->maximum());
    m_scrollingByUs = false;
}

void EventTableView::onScrolled(int value)
{
    if (m_scrollingByUs)
        return;
    QScrollBar *bar = verticalScrollBar();
    // Rows arriving or going move the range, not the user: only a move away from the bottom that
    // the range did not cause turns following off.
    const bool atBottom = value >= bar->maximum() - 2;
    if (atBottom && !m_following)
        setFollowing(true);
    else if (!atBottom && m_following && bar->maximum() == m_lastMaximum)
        setFollowing(false);
    m_lastMaximum = bar->maximum();
}

} // namespace busmon
