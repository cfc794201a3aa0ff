#include "store/eventtablemodel.h"

#include "events/onelinetext.h"
#include "store/eventstore.h"

#include <QDateTime>

namespace busmon {

namespace {

QString localTime(qint64 ms, const char *format)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QLatin1String(format));
}

QStringList problemList(QByteArrayView problems)
{
    if (problems.isEmpty())
        return {};
    return QString::fromUtf8(problems).split(QLatin1Char('\n'));
}

} // namespace

EventTableModel::EventTableModel(EventStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_rowCount(store->size())
{
    connect(store, &EventStore::rowsAppended, this, [this](int first, int count) {
        beginInsertRows(QModelIndex(), first, first + count - 1);
        m_rowCount += count;
        endInsertRows();
    });
    connect(store, &EventStore::rowsAboutToBeEvicted, this,
            [this](int count) { beginRemoveRows(QModelIndex(), 0, count - 1); });
    connect(store, &EventStore::rowsEvicted, this, [this](int count) {
        m_rowCount -= count;
        endRemoveRows();
    });
    connect(store, &EventStore::aboutToBeCleared, this, [this] { beginResetModel(); });
    connect(store, &EventStore::cleared, this, [this] {
        m_rowCount = 0;
        endResetModel();
    });
    connect(store, &EventStore::rowChanged, this,
            [this](int row) { emit dataChanged(index(row, 0), index(row, ColumnCount - 1)); });
}

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_rowCount ||
        index.column() >= ColumnCount)
        return {};
    const int rowIndex = index.row();
    const StoredRow row = m_store->row(rowIndex);
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column(), rowIndex);
    case Qt::ToolTipRole:
        return toolTip(row, index.column(), rowIndex);
    case SequenceRole:
        return QVariant::fromValue(row.sequence);
    case RowIdRole:
        return QVariant::fromValue(row.rowId);
    case KindRole:
        return row.isGap() ? -1 : static_cast<int>(row.kind);
    case KindNameRole:
        return row.isGap() ? QStringLiteral("gap") : QString(eventKindName(row.kind));
    case ChannelRole:
        return row.channel.toByteArray();
    case UsernameRole:
        return *row.username;
    case PayloadRole:
        return m_store->payloadOf(rowIndex);
    case SummaryRole:
        if (row.isGap())
            return gapText(m_store->outageAt(rowIndex).value_or(Outage{}));
        return QString::fromUtf8(row.summary);
    case ProblemsRole:
        return problemList(row.problems);
    case ProblemCountRole:
        return row.problems.isEmpty() ? 0 : int(row.problems.count('\n')) + 1;
    case IsGapRole:
        return row.isGap();
    case SeverityRole:
        return static_cast<int>(row.severity);
    case ReceivedMsRole:
        return row.receivedMs;
    case GapEndedMsRole:
        return row.isGap() ? m_store->outageAt(rowIndex).value_or(Outage{}).endedMs : qint64(0);
    case GapReasonRole:
        return row.isGap() ? QString::fromUtf8(row.summary) : QString();
    default:
        return {};
    }
}

QVariant EventTableModel::displayText(const StoredRow &row, int column, int index) const
{
    switch (column) {
    case TimeColumn:
        return localTime(row.receivedMs, "hh:mm:ss.zzz");
    // Names from the bus are shown escaped: a newline or an escape character in a channel must not
    // break the row or hide what is there (ChannelRole and UsernameRole keep them exact).
    case ChannelColumn:
        return OneLineText::escaped(QString::fromUtf8(row.channel));
    case KindColumn:
        return row.isGap() ? QStringLiteral("gap") : QString(eventKindName(row.kind));
    case UserColumn:
        return OneLineText::escaped(*row.username);
    case SummaryColumn:
        if (row.isGap())
            return gapText(m_store->outageAt(index).value_or(Outage{}));
        return QString::fromUtf8(row.summary);
    case ProblemsColumn:
        if (row.problems.isEmpty())
            return QString();
        return QString::number(row.problems.count('\n') + 1);
    default:
        return {};
    }
}

QVariant EventTableModel::toolTip(const StoredRow &row, int column, int index) const
{
    switch (column) {
    case TimeColumn:
        return localTime(row.receivedMs, "yyyy-MM-dd hh:mm:ss.zzz t");
    case SummaryColumn:
        return displayText(row, column, index);
    case ProblemsColumn:
        if (row.problems.isEmpty())
            return QVariant();
        return QString::fromUtf8(row.problems);
    default:
        return {};
    }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ChannelColumn:
        return tr("Channel");
    case KindColumn:
        return tr("Kind");
    case UserColumn:
        return tr("User");
    case SummaryColumn:
        return tr("Summary");
    case ProblemsColumn:
        return tr("Problems");
    default:
        return {};
    }
}

QHash<int, QByteArray> EventTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SequenceRole, "sequence");
    names.insert(RowIdRole, "rowId");
    names.insert(KindRole, "kind");
    names.insert(KindNameRole, "kindName");
    names.insert(ChannelRole, "channel");
    names.insert(UsernameRole, "username");
    names.insert(PayloadRole, "payload");
    names.insert(SummaryRole, "summary");
    names.insert(ProblemsRole, "problems");
    names.insert(ProblemCountRole, "problemCount");
    names.insert(IsGapRole, "isGap");
    names.insert(SeverityRole, "severity");
    names.insert(ReceivedMsRole, "receivedMs");
    names.insert(GapEndedMsRole, "gapEndedMs");
    names.insert(GapReasonRole, "gapReason");
    return names;
}

QModelIndex EventTableModel::indexOfRowId(quint64 rowId, int column) const
{
    const int row = m_store->indexOfRowId(rowId);
    if (row < 0 || row >= m_rowCount)
        return {};
    return index(row, column);
}

QString EventTableModel::gapText(const Outage &outage)
{
    // What the user loses first, the reason last: a narrow column cuts the end.
    const QString reason =
        outage.reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(OneLineText::from(outage.reason));
    if (outage.endedMs == 0) {
        return tr("No connection since %1: messages published now are lost%2")
            .arg(localTime(outage.beganMs, "hh:mm:ss"), reason);
    }
    return tr("No connection for %1 s: messages published then are lost%2")
        .arg(QString::number(double(outage.durationMs()) / 1000.0, 'f', 1), reason);
}

} // namespace busmon
