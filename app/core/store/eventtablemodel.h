#pragma once

#include "events/busevent.h"
#include "store/storedrow.h"

#include <QAbstractTableModel>

namespace busmon {

class EventStore;

// The retained rows as a table: one row per store row, same order. Column text is made on demand
// from the compact row (only visible rows are asked for), one insert per batch, one removal per
// eviction. Meaning, not colour: SeverityRole, KindRole and IsGapRole let the UI layer's identity
// proxy add colours and icons from the palette, keeping busmon_core free of QtGui.
class EventTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        ChannelColumn,
        KindColumn,
        UserColumn,
        SummaryColumn,
        ProblemsColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    // Every role answers for every column of the row.
    enum Role {
        SequenceRole = Qt::UserRole + 1, // quint64, the event's sequence; 0 for a gap
        RowIdRole,        // quint64, stable row identity: keep selection with it (EventStore::indexOfRowId)
        KindRole,         // int(EventKind); -1 for a gap
        KindNameRole,     // QString: "sync", …; "gap" for a gap
        ChannelRole,      // QByteArray
        UsernameRole,     // QString; empty where the channel has none
        PayloadRole,      // QByteArray, byte-exact
        SummaryRole,      // QString
        ProblemsRole,     // QStringList
        ProblemCountRole, // int
        IsGapRole,        // bool
        SeverityRole,     // int(Severity)
        ReceivedMsRole,   // qint64, UTC ms since the epoch; for a gap, when it began
        GapEndedMsRole,   // qint64; 0 while the outage lasts (and for messages)
        GapReasonRole,    // QString
    };
    Q_ENUM(Role)

    explicit EventTableModel(EventStore *store, QObject *parent = nullptr);

    EventStore *store() const { return m_store; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The row for a row id, or an invalid index when it was evicted.
    QModelIndex indexOfRowId(quint64 rowId, int column = 0) const;

    // "No connection for 12.3 s: messages published then are lost (server closed the connection)".
    static QString gapText(const Outage &outage);

private:
    QVariant displayText(const StoredRow &row, int column, int index) const;
    QVariant toolTip(const StoredRow &row, int column, int index) const;

    EventStore *m_store;
    int m_rowCount = 0; // follows the store through begin/end pairs
};

} // namespace busmon
