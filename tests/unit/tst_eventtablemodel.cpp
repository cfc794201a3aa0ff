#include "events/channelname.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace busmon;

namespace {

BusEvent makeEvent(quint64 sequence, const QByteArray &channel, const QByteArray &payload,
                   const QStringList &problems = {})
{
    BusEvent event;
    event.sequence = sequence;
    event.receivedMs =
        QDateTime(QDate(2026, 11, 27), QTime(9, 15, 30, 250)).toMSecsSinceEpoch() + qint64(sequence);
    event.channel = channel;
    const ChannelName name = ChannelName::parse(channel);
    event.kind = name.kind();
    event.username = name.username();
    event.payload = payload;
    event.summary = QStringLiteral("summary %1").arg(sequence);
    event.problems = problems;
    return event;
}

BusEventBatch syncBatch(quint64 first, int count)
{
    BusEventBatch batch;
    for (int i = 0; i < count; ++i)
        batch << makeEvent(first + quint64(i), "sync.alice", R"({"record_count": 1})");
    return batch;
}

} // namespace

class TestEventTableModel : public QObject
{
    Q_OBJECT
private slots:
    void columnsShowTheRow();
    void rolesCarryMeaning();
    void gapRow();
    void passesModelTesterThroughAppendEvictClear();
    void oneInsertPerBatchOneRemovePerEviction();
    void indexOfRowIdAfterEviction();
    void namesFromTheBusStayOneLine();
};

void TestEventTableModel::columnsShowTheRow()
{
    EventStore store;
    EventTableModel model(&store);
    store.append({makeEvent(1, "taskd.certificate.jane.doe@example.com", R"({"certificate_accepted": false})",
                            {QStringLiteral("org: missing"), QStringLiteral("ip: missing")})});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), int(EventTableModel::ColumnCount));
    auto text = [&](int column, int role = Qt::DisplayRole) {
        return model.index(0, column).data(role).toString();
    };
    QCOMPARE(text(EventTableModel::TimeColumn), QStringLiteral("09:15:30.251"));
    QVERIFY(text(EventTableModel::TimeColumn, Qt::ToolTipRole)
                .startsWith(QLatin1String("2026-11-27 09:15:30.251")));
    QCOMPARE(text(EventTableModel::ChannelColumn), QStringLiteral("taskd.certificate.jane.doe@example.com"));
    QCOMPARE(text(EventTableModel::KindColumn), QStringLiteral("taskd.certificate"));
    QCOMPARE(text(EventTableModel::UserColumn), QStringLiteral("jane.doe@example.com"));
    QCOMPARE(text(EventTableModel::SummaryColumn), QStringLiteral("summary 1"));
    QCOMPARE(text(EventTableModel::ProblemsColumn), QStringLiteral("2"));
    QCOMPARE(text(EventTableModel::ProblemsColumn, Qt::ToolTipRole),
             QStringLiteral("org: missing\nip: missing"));
    QCOMPARE(model.headerData(EventTableModel::UserColumn, Qt::Horizontal).toString(),
             QStringLiteral("User"));
}

void TestEventTableModel::rolesCarryMeaning()
{
    EventStore store;
    EventTableModel model(&store);
    const QByteArray payload("{\"error\": true, \"bytes\": \"\xff\"}");
    store.append(
        {makeEvent(41, "log_message.bob", payload), makeEvent(42, "sync.bob", "{}", {"x: missing"})});
    const QModelIndex error = model.index(0, EventTableModel::SummaryColumn);
    QCOMPARE(error.data(EventTableModel::SequenceRole).toULongLong(), 41u);
    QCOMPARE(error.data(EventTableModel::RowIdRole).toULongLong(), store.row(0).rowId);
    QCOMPARE(error.data(EventTableModel::KindRole).toInt(), int(EventKind::LogMessage));
    QCOMPARE(error.data(EventTableModel::KindNameRole).toString(), QStringLiteral("log_message"));
    QCOMPARE(error.data(EventTableModel::UsernameRole).toString(), QStringLiteral("bob"));
    QCOMPARE(error.data(EventTableModel::ChannelRole).toByteArray(), QByteArray("log_message.bob"));
    QCOMPARE(error.data(EventTableModel::PayloadRole).toByteArray(), payload);
    QCOMPARE(error.data(EventTableModel::SeverityRole).toInt(), int(Severity::Alert));
    QCOMPARE(error.data(EventTableModel::IsGapRole).toBool(), false);
    QCOMPARE(error.data(EventTableModel::ProblemCountRole).toInt(), 0);
    QCOMPARE(error.data(EventTableModel::ProblemsRole).toStringList(), QStringList());
    QCOMPARE(error.data(EventTableModel::ReceivedMsRole).toLongLong(), store.row(0).receivedMs);
    QCOMPARE(model.index(0, EventTableModel::ProblemsColumn).data().toString(), QString());

    const QModelIndex notice = model.index(1, EventTableModel::TimeColumn);
    QCOMPARE(notice.data(EventTableModel::SeverityRole).toInt(), int(Severity::Notice));
    QCOMPARE(notice.data(EventTableModel::ProblemsRole).toStringList(), QStringList{"x: missing"});
    QCOMPARE(notice.data(EventTableModel::ProblemCountRole).toInt(), 1);
    QVERIFY(model.roleNames().contains(EventTableModel::SeverityRole));
}

void TestEventTableModel::gapRow()
{
    EventStore store;
    EventTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qint64 began = QDateTime(QDate(2026, 11, 27), QTime(10, 0, 0)).toMSecsSinceEpoch();
    store.recordOutage(Outage{began, 0, QStringLiteral("connection refused")});
    const QModelIndex summary = model.index(0, EventTableModel::SummaryColumn);
    QVERIFY(summary.data(EventTableModel::IsGapRole).toBool());
    QCOMPARE(summary.data(EventTableModel::KindRole).toInt(), -1);
    QCOMPARE(model.index(0, EventTableModel::KindColumn).data().toString(), QStringLiteral("gap"));
    QCOMPARE(
        summary.data().toString(),
        QStringLiteral("No connection since 10:00:00: messages published now are lost (connection refused)"));
    QCOMPARE(summary.data(EventTableModel::GapEndedMsRole).toLongLong(), 0);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    store.recordOutage(Outage{began, began + 12'345, QStringLiteral("connection refused")});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(
        summary.data().toString(),
        QStringLiteral("No connection for 12.3 s: messages published then are lost (connection refused)"));
    QCOMPARE(summary.data(EventTableModel::GapEndedMsRole).toLongLong(), began + 12'345);
    QCOMPARE(summary.data(EventTableModel::GapReasonRole).toString(), QStringLiteral("connection refused"));
    QCOMPARE(summary.data(EventTableModel::SeverityRole).toInt(), int(Severity::Alert));
}

void TestEventTableModel::passesModelTesterThroughAppendEvictClear()
{
    EventStore store;
    store.setRetentionLimit(50);
    EventTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    store.append(syncBatch(1, 30));
    store.recordOutage(Outage{5, 0, QString()});
    store.append(syncBatch(31, 30)); // evicts 11
    store.recordOutage(Outage{5, 9, QString()});
    store.append(syncBatch(61, 200)); // bigger than the retention
    store.setRetentionLimit(10);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.index(0, 0).data(EventTableModel::SequenceRole).toULongLong(), 251u);
    store.clear();
    QCOMPARE(model.rowCount(), 0);
    store.append(syncBatch(1000, 5));
    QCOMPARE(model.rowCount(), 5);
}

void TestEventTableModel::oneInsertPerBatchOneRemovePerEviction()
{
    EventStore store;
    store.setRetentionLimit(1000);
    EventTableModel model(&store);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    store.append(syncBatch(1, 800));
    store.append(syncBatch(801, 800));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 599);
    QCOMPARE(inserted.at(1).at(1).toInt(), 200);
    QCOMPARE(inserted.at(1).at(2).toInt(), 999);
}

void TestEventTableModel::indexOfRowIdAfterEviction()
{
    EventStore store;
    store.setRetentionLimit(100);
    EventTableModel model(&store);
    store.append(syncBatch(1, 100));
    const quint64 selected = model.index(70, 0).data(EventTableModel::RowIdRole).toULongLong();
    const quint64 evicted = model.index(5, 0).data(EventTableModel::RowIdRole).toULongLong();
    store.append(syncBatch(101, 50));
    const QModelIndex index = model.indexOfRowId(selected, EventTableModel::UserColumn);
    QCOMPARE(index.row(), 20);
    QCOMPARE(index.column(), int(EventTableModel::UserColumn));
    QCOMPARE(index.data(EventTableModel::SequenceRole).toULongLong(), 71u);
    QVERIFY(!model.indexOfRowId(evicted).isValid());
}

void TestEventTableModel::namesFromTheBusStayOneLine()
{
    // A channel that tries to drive a terminal or break the row: shown escaped, kept exact in its role.
    EventStore store;
    EventTableModel model(&store);
    const QByteArray channel("personal.ev\x1b[1mil\nfake line");
    store.append({makeEvent(1, channel, "{}")});
    store.recordOutage(Outage{1000, 2000, QStringLiteral("server said:\n\x1b[31mbye")});
    QCOMPARE(model.index(0, EventTableModel::ChannelColumn).data().toString(),
             QStringLiteral("personal.ev\\x1b[1mil\\nfake line"));
    QCOMPARE(model.index(0, EventTableModel::UserColumn).data().toString(),
             QStringLiteral("ev\\x1b[1mil\\nfake line"));
    QCOMPARE(model.index(0, EventTableModel::ChannelColumn).data(EventTableModel::ChannelRole).toByteArray(),
             channel);
    QCOMPARE(model.index(0, EventTableModel::UserColumn).data(EventTableModel::UsernameRole).toString(),
             QStringLiteral("ev\x1b[1mil\nfake line"));
    QCOMPARE(
        model.index(1, EventTableModel::SummaryColumn).data().toString(),
        QStringLiteral("No connection for 1.0 s: messages published then are lost (server said: [31mbye)"));
}

QTEST_GUILESS_MAIN(TestEventTableModel)
#include "tst_eventtablemodel.moc"
