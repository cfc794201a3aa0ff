#include "badlinesdock.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace busmon {

BadLinesDock::BadLinesDock(QWidget *parent)
    : QDockWidget(tr("Bad lines"), parent)
    , m_summary(new QLabel(this))
    , m_list(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("badLinesDock"));
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_list->setObjectName(QStringLiteral("badLinesList"));
    m_list->setColumnCount(2);
    m_list->setHeaderLabels({tr("Line"), tr("Why it was skipped")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(true);
    layout->addWidget(m_list);
    setWidget(content);
}

void BadLinesDock::reset(const QString &fileName)
{
    m_fileName = fileName;
    m_list->clear();
    setTotal(0);
}

void BadLinesDock::addLines(const CaptureBadLineList &lines)
{
    QList<QTreeWidgetItem *> items;
    items.reserve(lines.size());
    for (const CaptureBadLine &line : lines) {
        auto *item = new QTreeWidgetItem({QString::number(line.line), line.reason});
        item->setData(0, Qt::UserRole, line.line);
        item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
        items.append(item);
    }
    m_list->addTopLevelItems(items);
    if (m_list->topLevelItemCount() == items.size() && !items.isEmpty())
        m_list->resizeColumnToContents(0);
    setTotal(m_list->topLevelItemCount());
}

void BadLinesDock::setTotal(qint64 total)
{
    const int listed = listedCount();
    if (total > listed)
        m_summary->setText(tr("%1: %2 lines are not valid capture and were skipped; the first %3 are listed.")
                               .arg(m_fileName)
                               .arg(total)
                               .arg(listed));
    else
        m_summary->setText(total == 1
                               ? tr("%1: 1 line not valid capture, skipped; the rest opened.").arg(m_fileName)
                               : tr("%1: %L2 lines not valid capture, skipped; the rest opened.")
                                     .arg(m_fileName)
                                     .arg(total));
}

int BadLinesDock::listedCount() const
{
    return m_list->topLevelItemCount();
}

} // namespace busmon
