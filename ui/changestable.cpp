#include "changestable.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace busmon {

namespace {
QTableWidgetItem *valueItem(const QJsonValue &value, const QPalette &palette)
{
    auto *item = new QTableWidgetItem;
    if (value.isNull() || value.isUndefined()) {
        item->setText(QStringLiteral("null"));
        item->setForeground(palette.color(QPalette::Disabled, QPalette::Text));
    } else if (value.isString()) {
        item->setText(value.toString());
    } else if (value.isArray() || value.isObject()) {
        item->setText(QString::fromUtf8(
            value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                            : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)));
    } else {
        item->setText(value.toVariant().toString());
    }
    item->setToolTip(item->text());
    return item;
}
} // namespace

ChangesTable::ChangesTable(QWidget *parent)
    : QTableWidget(0, 3, parent)
{
    setHorizontalHeaderLabels({tr("Field"), tr("Before"), tr("After")});
    horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setWordWrap(false);
}

int ChangesTable::showPayload(const QByteArray &payload)
{
    return showDocument(QJsonDocument::fromJson(payload));
}

int ChangesTable::showDocument(const QJsonDocument &document)
{
    setRowCount(0);
    const QJsonObject changes = document.object().value(QLatin1String("changes")).toObject();
    const QStringList fields = changes.keys();
    setRowCount(static_cast<int>(fields.size()));
    int row = 0;
    for (const QString &field : fields) {
        const QJsonValue change = changes.value(field);
        const QJsonArray pair = change.toArray();
        setItem(row, 0, new QTableWidgetItem(field));
        if (change.isArray() && pair.size() == 2) {
            setItem(row, 1, valueItem(pair.at(0), palette()));
            setItem(row, 2, valueItem(pair.at(1), palette()));
        } else {
            setItem(row, 1, valueItem(change, palette()));
            setItem(row, 2, new QTableWidgetItem(tr("(not a [before, after] pair)")));
        }
        ++row;
    }
    return row;
}

} // namespace busmon
