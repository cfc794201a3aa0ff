#include "events/channelname.h"
#include "store/eventfiltermodel.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"

#include <QAbstractItemModelTester>
#include <QIdentityProxyModel>
#include <QSignalSpy>
#include <QTest>

using namespace busmon;

namespace {

BusEvent makeEvent(quint64 sequence, const QByteArray &channel, const QByteArray &payload)
{
    BusEvent event;
    event.sequence = sequence;
    event.receivedMs = qint64(sequence) * 1000;
    event.channel = channel;
    const ChannelName name = ChannelName::parse(channel);
    event.kind = name.kind();
    event.username = name.username();
    event.payload = payload;
    event.summary = QStringLiteral("summary %1").arg(sequence);
    return event;
}

// Sequence n: users alternate alice, bob, carol; kinds alternate sync and log_message;
// record_count is n.
BusEventBatch mixedBatch(quint64 first, int count)
{
    static const QList<QByteArray> users{"alice", "bob", "carol"};
    BusEventBatch batch;
    for (int i = 0; i < count; ++i) {
        const quint64 sequence = first + quint64(i);
        const QByteArray user = users.at(int(sequence % 3));
        const QByteArray prefix = sequence % 2 ? "sync." : "log_message.";
        batch << makeEvent(sequence, prefix + user,
                           QByteArray(R"({"record_count": )") + QByteArray::number(sequence) + "}");
    }
    return batch;
}

QList<quint64> sequences(const QAbstractItemModel &model)
{
    QList<quint64> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.index(row, 0).data(EventTableModel::SequenceRole).toULongLong();
    return result;
}

} // namespace

class TestEventFilterModel : public QObject
{
    Q_OBJECT
private slots:
    void showsEverythingWithoutFilter();
    void newFilterIsOneReset();
    void appendTestsOnlyNewRowsInOneInsert();
    void evictionRemovesMappedFrontRowsOnce();
    void selectionSurvivesEvictionByRowId();
    void kindTabWithSavedFilter();
    void gapRowsShowUnlessFilterMentionsGaps();
    void invalidFilterTextKeepsCurrentFilter();
    void clearResets();
    void passesModelTesterThroughEverything();
    void worksOverAnIdentityProxy();
    void mapsBothWays();
    void tabCountIgnoresFilterBar_data();
    void tabCountIgnoresFilterBar();
    void bigPassRunsInSlicesShowingOldRowsMeanwhile_data();
    void bigPassRunsInSlicesShowingOldRowsMeanwhile();
    void newerFilterReplacesRunningPass();
    void evictionsDuringPassLeaveNoEvictedRows();
    void withoutSlicingAPassCompletesAtOnce();
};

void TestEventFilterModel::showsEverythingWithoutFilter()
{
    EventStore store;
    EventTableModel table(&store);
    store.append(mixedBatch(1, 10));
    EventFilterModel filter(&store);
    filter.setSourceModel(&table);
    QCOMPARE(filter.rowCount(), 10);
    QCOMPARE(filter.columnCount(), int(EventTableModel::ColumnCount));
    QCOMPARE(filter.index(3, EventTableModel::SummaryColumn).data().toString(), QStringLiteral("summary 4"));
}

void TestEventFilterModel::newFilterIsOneReset()
{
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel filter(&store);
    filter.setSourceModel(&table);
    store.append(mixedBatch(1, 30));
    QSignalSpy reset(&filter, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&filter, &QAbstractItemModel::rowsRemoved);
    QSignalSpy applied(&filter, &EventFilterModel::filterApplied);
    filter.setFilterText(QStringLiteral("user:bob record_count>10"));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(sequences(filter), (QList<quint64>{13, 16, 19, 22, 25, 28}));
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.at(0).at(0).toInt(), 6);
}

void TestEventFilterModel::appendTestsOnlyNewRowsInOneInsert()
{
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel filter(&store);
    filter.setSourceModel(&table);
    filter.setFilterText(QStringLiteral("user:alice"));
    store.append(mixedBatch(1, 10));
    QSignalSpy inserted(&filter, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&filter, &QAbstractItemModel::modelReset);
    store.append(mixedBatch(11, 10));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 3);
    QCOMPARE(inserted.at(0).at(2).toInt(), 5);
    QCOMPARE(sequences(filter), (QList<quint64>{3, 6, 9, 12, 15, 18}));
    store.append(mixedBatch(21, 2)); // 21 (alice? 21 % 3 == 0: alice), 22 bob
    QCOMPARE(inserted.size(), 2);
    store.append(mixedBatch(23, 1)); // 23: carol, no insert at all
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(sequences(filter).last(), 21u);
}

void TestEventFilterModel::evictionRemovesMappedFrontRowsOnce()
{
    EventStore store;
    store.setRetentionLimit(20);
    EventTableModel table(&store);
    EventFilterModel filter(&store);
    filter.setSourceModel(&table);
    filter.setFilterText(QStringLiteral("kind:sync"));
    store.append(mixedBatch(1, 20)); // syncs: odd 1..19
    QSignalSpy removed(&filter, &QAbstractItemModel::rowsRemoved);
    store.append(mixedBatch(21, 7)); // evicts 1..7: syncs 1, 3, 5, 7
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 3);
    QCOMPARE(sequences(filter), (QList<quint64>{9, 11, 13, 15, 17, 19, 21, 23, 25, 27}));
    // An eviction of non-matching rows only is no signal at all.
    store.append(mixedBatch(28, 1)); // evicts 8, a log line
    QCOMPARE(removed.size(), 1);
}

void TestEventFilterModel::selectionSurvivesEvictionByRowId()
{
    EventStore store;
    store.setRetentionLimit(1000);
    EventTableModel table(&store);
    EventFilterModel filter(&store);
    filter.setSourceModel(&table);
    filter.setFilterText(QStringLiteral("user:carol"));
    store.append(mixedBatch(1, 1000));
    const int selectedRow = 200;
    const quint64 selectedId = filter.rowIdAt(selectedRow);
    const quint64 selectedSequence =
        filter.index(selectedRow, 0).data(EventTableModel::SequenceRole).toULongLong();
    store.append(mixedBatch(1001, 300));
    const int row = filter.proxyRowOfRowId(selectedId);
    QVERIFY(row >= 0);
    QVERIFY(row < selectedRow);
    QCOMPARE(filter.index(row, 0).data(EventTableModel::SequenceRole).toULongLong(), selectedSequence);
    QCOMPARE(filter.proxyRowOfRowId(filter.rowIdAt(0) - 1), -1);
    store.append(mixedBatch(1301, 1000));
    QCOMPARE(filter.proxyRowOfRowId(selectedId), -1); // evicted now
}

void TestEventFilterModel::kindTabWithSavedFilter()
{
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel tab(&store);
    tab.setSourceModel(&table);
    tab.setKind(EventKind::LogMessage);
    tab.setBaseFilter(FilterExpression::parse(QStringLiteral("record_count<=12")));
    store.append(mixedBatch(1, 20));
    QCOMPARE(sequences(tab), (QList<quint64>{2, 4, 6, 8, 10, 12}));
    tab.setFilterText(QStringLiteral("user:bob or user:alice"));
    QCOMPARE(sequences(tab), (QList<quint64>{4, 6, 10, 12}));
    tab.setKind(std::nullopt);
    QCOMPARE(sequences(tab), (QList<quint64>{1, 3, 4, 6, 7, 9, 10, 12}));
    QSignalSpy reset(&tab, &QAbstractItemModel::modelReset);
    tab.setCriteria(EventKind::Sync, FilterExpression::parse(QStringLiteral("record_count>15")),
                    FilterExpression::parse(QStringLiteral("user:carol")));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(sequences(tab), (QList<quint64>{17}));
}

void TestEventFilterModel::gapRowsShowUnlessFilterMentionsGaps()
{
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel filter(&store);
    filter.setSourceModel(&table);
    filter.setKind(EventKind::Sync);
    filter.setFilterText(QStringLiteral("user:alice"));
    store.append(mixedBatch(1, 6));
    store.recordOutage(Outage{100, 0, QStringLiteral("refused")});
    store.append(mixedBatch(7, 6));
    QCOMPARE(filter.rowCount(), 3); // sync 3, the gap, sync 9
    QVERIFY(filter.index(1, 0).data(EventTableModel::IsGapRole).toBool());
    QSignalSpy changed(&filter, &QAbstractItemModel::dataChanged);
    store.recordOutage(Outage{100, 300, QStringLiteral("refused")});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    filter.setFilterText(QStringLiteral("user:alice not has:gap"));
    QCOMPARE(sequences(filter), (QList<quint64>{3, 9}));
    filter.setFilterText(QStringLiteral("has:gap"));
    QCOMPARE(filter.rowCount(), 1);
}

void TestEventFilterModel::invalidFilterTextKeepsCurrentFilter()
{
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel filter(&store);
    filter.setSourceModel(&table);
    store.append(mixedBatch(1, 9));
    QVERIFY(filter.setFilterText(QStringLiteral("user:bob")).isValid());
    QSignalSpy reset(&filter, &QAbstractItemModel::modelReset);
    const FilterExpression result = filter.setFilterText(QStringLiteral("(user:alice"));
    QVERIFY(!result.isValid());
    QCOMPARE(result.errorMessage(), QStringLiteral("expected ')' at column 12"));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(filter.filter().text(), QStringLiteral("user:bob"));
    QCOMPARE(filter.rowCount(), 3);
    filter.setFilterText(QString());
    QCOMPARE(filter.rowCount(), 9);
}

void TestEventFilterModel::clearResets()
{
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel filter(&store);
    filter.setSourceModel(&table);
    filter.setFilterText(QStringLiteral("kind:sync"));
    store.append(mixedBatch(1, 10));
    QSignalSpy reset(&filter, &QAbstractItemModel::modelReset);
    store.clear();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(filter.rowCount(), 0);
    store.append(mixedBatch(11, 4));
    QCOMPARE(sequences(filter), (QList<quint64>{11, 13}));
}

void TestEventFilterModel::passesModelTesterThroughEverything()
{
    EventStore store;
    store.setRetentionLimit(300);
    EventTableModel table(&store);
    EventFilterModel filter(&store);
    filter.setSourceModel(&table);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    store.append(mixedBatch(1, 100));
    filter.setFilterText(QStringLiteral("user:alice or record_count>250"));
    store.append(mixedBatch(101, 150));
    store.recordOutage(Outage{1, 0, QStringLiteral("x")});
    store.append(mixedBatch(251, 100)); // evicts 51 rows
    store.recordOutage(Outage{1, 2, QStringLiteral("x")});
    filter.setKind(EventKind::Sync);
    store.append(mixedBatch(351, 500)); // bigger than the retention
    filter.setFilterText(QStringLiteral("not has:gap"));
    store.setRetentionLimit(50);
    filter.setFilterText(QString());
    store.clear();
    store.append(mixedBatch(1000, 10));
    QCOMPARE(filter.rowCount(), 5);
}

void TestEventFilterModel::worksOverAnIdentityProxy()
{
    EventStore store;
    store.setRetentionLimit(10);
    EventTableModel table(&store);
    QIdentityProxyModel decorated; // where the UI adds colours
    decorated.setSourceModel(&table);
    EventFilterModel filter(&store);
    filter.setSourceModel(&decorated);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setFilterText(QStringLiteral("kind:sync"));
    store.append(mixedBatch(1, 10));
    store.append(mixedBatch(11, 5));
    QCOMPARE(sequences(filter), (QList<quint64>{7, 9, 11, 13, 15}));
    QCOMPARE(filter.mapToSource(filter.index(0, 2)).model(), &decorated);
}

void TestEventFilterModel::mapsBothWays()
{
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel filter(&store);
    filter.setSourceModel(&table);
    filter.setFilterText(QStringLiteral("user:bob"));
    store.append(mixedBatch(1, 12)); // bob: 1, 4, 7, 10 → source rows 0, 3, 6, 9
    const QModelIndex source = filter.mapToSource(filter.index(2, EventTableModel::UserColumn));
    QCOMPARE(source.row(), 6);
    QCOMPARE(source.column(), int(EventTableModel::UserColumn));
    QCOMPARE(filter.mapFromSource(table.index(9, 1)).row(), 3);
    QVERIFY(!filter.mapFromSource(table.index(8, 1)).isValid());
}

void TestEventFilterModel::tabCountIgnoresFilterBar_data()
{
    QTest::addColumn<int>("kind"); // -1: All
    QTest::addColumn<QString>("saved");
    QTest::addColumn<QString>("bar");
    QTest::addColumn<int>("tabCount");
    QTest::addColumn<int>("shown");
    QTest::newRow("All, no bar") << -1 << QString() << QString() << 30 << 30;
    QTest::newRow("All, bar") << -1 << QString() << QStringLiteral("user:bob") << 30 << 10;
    QTest::newRow("Sync, bar") << int(EventKind::Sync) << QString() << QStringLiteral("user:bob") << 15 << 5;
    QTest::newRow("saved filter, bar")
        << -1 << QStringLiteral("record_count>20") << QStringLiteral("kind:sync") << 10 << 5;
    QTest::newRow("bar matches nothing")
        << int(EventKind::LogMessage) << QString() << QStringLiteral("nobody") << 15 << 0;
}

void TestEventFilterModel::tabCountIgnoresFilterBar()
{
    QFETCH(int, kind);
    QFETCH(QString, saved);
    QFETCH(QString, bar);
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel tab(&store);
    tab.setSourceModel(&table);
    QAbstractItemModelTester tester(&tab, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tab.setCriteria(kind < 0 ? std::nullopt : std::optional(EventKind(kind)), FilterExpression::parse(saved),
                    FilterExpression::parse(bar));
    store.append(mixedBatch(1, 30));
    QTEST(tab.baseRowCount(), "tabCount");
    QTEST(tab.rowCount(), "shown");
    tab.setFilterText(QString());
    QTEST(tab.rowCount(), "tabCount");
    tab.setFilterText(bar);
    QTEST(tab.rowCount(), "shown");
}

void TestEventFilterModel::bigPassRunsInSlicesShowingOldRowsMeanwhile_data()
{
    QTest::addColumn<bool>("kindTab");
    QTest::newRow("filter bar on All") << false;
    QTest::newRow("filter bar on Sync") << true;
}

void TestEventFilterModel::bigPassRunsInSlicesShowingOldRowsMeanwhile()
{
    QFETCH(bool, kindTab);
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel tab(&store);
    tab.setSliceRows(100);
    tab.setSourceModel(&table);
    QAbstractItemModelTester tester(&tab, QAbstractItemModelTester::FailureReportingMode::QtTest);
    if (kindTab)
        tab.setKind(EventKind::Sync);
    store.append(mixedBatch(1, 1200));
    QTRY_VERIFY(!tab.isFiltering());
    const int before = tab.rowCount();
    QCOMPARE(before, kindTab ? 600 : 1200);

    QSignalSpy progress(&tab, &EventFilterModel::filterProgress);
    QSignalSpy applied(&tab, &EventFilterModel::filterApplied);
    QSignalSpy reset(&tab, &QAbstractItemModel::modelReset);
    tab.setFilterText(QStringLiteral("user:alice"));
    QVERIFY(tab.isFiltering());
    QCOMPARE(tab.rowCount(), before);   // the old filter's rows until the new one is complete
    store.append(mixedBatch(1201, 30)); // arrives during the pass
    QCOMPARE(tab.rowCount(), before + (kindTab ? 15 : 30));
    QVERIFY(applied.wait());
    QVERIFY(!tab.isFiltering());
    QCOMPARE(reset.size(), 1);
    QVERIFY(progress.size() >= 3);
    int last = -1;
    for (const QList<QVariant> &report : progress) {
        QVERIFY(report.at(0).toInt() >= last);
        QVERIFY(report.at(0).toInt() < 100);
        last = report.at(0).toInt();
    }
    const QList<quint64> shown = sequences(tab);
    QCOMPARE(shown.size(), kindTab ? 205 : 410); // alice: every third of 1..1230, syncs among them odd
    for (quint64 sequence : shown) {
        QCOMPARE(sequence % 3, 0u);
        if (kindTab)
            QCOMPARE(sequence % 2, 1u);
    }
    QCOMPARE(shown.last(), kindTab ? 1227u : 1230u);
    QCOMPARE(tab.baseRowCount(), kindTab ? 615 : 1230);
}

void TestEventFilterModel::newerFilterReplacesRunningPass()
{
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel tab(&store);
    tab.setSliceRows(100);
    tab.setSourceModel(&table);
    store.append(mixedBatch(1, 1000));
    QSignalSpy applied(&tab, &EventFilterModel::filterApplied);
    tab.setFilterText(QStringLiteral("user:alice"));
    tab.setFilterText(QStringLiteral("user:bob record_count<100"));
    QVERIFY(applied.wait());
    QTest::qWait(20);
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.at(0).at(0).toInt(), 33); // 1, 4, … 97
    QCOMPARE(sequences(tab).first(), 1u);
    QCOMPARE(tab.filter().text(), QStringLiteral("user:bob record_count<100"));
}

void TestEventFilterModel::evictionsDuringPassLeaveNoEvictedRows()
{
    EventStore store;
    store.setRetentionLimit(1000);
    EventTableModel table(&store);
    EventFilterModel tab(&store);
    tab.setSliceRows(100);
    tab.setSourceModel(&table);
    QAbstractItemModelTester tester(&tab, QAbstractItemModelTester::FailureReportingMode::QtTest);
    store.append(mixedBatch(1, 1000));
    QSignalSpy applied(&tab, &EventFilterModel::filterApplied);
    tab.setFilterText(QStringLiteral("kind:sync"));
    QVERIFY(tab.isFiltering());
    for (int step = 0; step < 5; ++step) {
        QCoreApplication::processEvents(); // a slice
        QVERIFY(tab.isFiltering());
        store.append(mixedBatch(1001 + quint64(step) * 100, 100)); // evicts 100 each
    }
    QTRY_COMPARE(applied.size(), 1);
    const QList<quint64> shown = sequences(tab);
    QCOMPARE(shown.size(), 500);
    QCOMPARE(shown.first(), 501u);
    QCOMPARE(shown.last(), 1499u);
    QCOMPARE(tab.baseRowCount(), 1000);
}

void TestEventFilterModel::withoutSlicingAPassCompletesAtOnce()
{
    EventStore store;
    EventTableModel table(&store);
    EventFilterModel tab(&store);
    tab.setSliceRows(100);
    tab.setSlicing(false);
    tab.setSourceModel(&table);
    store.append(mixedBatch(1, 1000));
    QSignalSpy applied(&tab, &EventFilterModel::filterApplied);
    tab.setFilterText(QStringLiteral("user:alice"));
    QVERIFY(!tab.isFiltering());
    QCOMPARE(applied.size(), 1);
    QCOMPARE(tab.rowCount(), 333);
}

QTEST_GUILESS_MAIN(TestEventFilterModel)
#include "tst_eventfiltermodel.moc"
