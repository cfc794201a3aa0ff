// The detail pane with payloads of every size: small ones show at once, bigger ones parse off the
// GUI thread while the tree page says so, and ones too big for a tree show their first part raw,
// more on demand, and save whole.

#include "detailpane.h"
#include "rawpayloadview.h"
#include "toastpreview.h"

#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace busmon;

namespace {
// A JSON object of `bytes` bytes or a little more: many small members, as a hostile or runaway
// publisher would send.
QByteArray bigJsonObject(qsizetype bytes)
{
    QByteArray json = "{\"title\": \"big\", \"items\": [";
    for (int i = 0; json.size() < bytes; ++i)
        json += (i ? ", " : "") + QByteArray::number(i);
    return json + "]}";
}
} // namespace

class TestDetailPane : public QObject
{
    Q_OBJECT
private slots:
    void smallPayloadIsShownAtOnce();
    void mediumPayloadParsesAwayFromTheWindow();
    void newerSelectionWinsOverAnOlderParse();
    void hugePayloadShowsAPartAndSavesWhole_data();
    void hugePayloadShowsAPartAndSavesWhole();
    void rawPartsNeverSplitACharacter();
    void longChannelDoesNotWidenThePane();
};

void TestDetailPane::smallPayloadIsShownAtOnce()
{
    DetailPane pane;
    pane.showMessage(EventKind::Personal, "personal.alice",
                     R"({"username": "alice", "title": "Hi", "message": "there"})", {});
    QVERIFY(!pane.isParsing());
    QCOMPARE(pane.treeNote(), QString());
    QCOMPARE(pane.treeView()->model()->rowCount(), 3);
    QCOMPARE(pane.toastPreview()->shownText(), QStringLiteral("Hi: there"));
    QVERIFY(pane.tabs()->isTabVisible(DetailPane::ToastPage));
}

void TestDetailPane::mediumPayloadParsesAwayFromTheWindow()
{
    const QByteArray payload = bigJsonObject(2 * 1024 * 1024);
    DetailPane pane;
    pane.show();
    pane.showMessage(EventKind::Unknown, "custom.alice", payload, {});
    // Back from showMessage at once, with the tree still to come.
    QVERIFY(pane.isParsing());
    QVERIFY2(pane.treeNote().startsWith(QStringLiteral("Parsing")), qPrintable(pane.treeNote()));
    QTRY_VERIFY_WITH_TIMEOUT(!pane.isParsing(), 20000);
    QTRY_COMPARE(pane.treeNote(), QString());
    QCOMPARE(pane.treeView()->model()->rowCount(), 2);
    const QModelIndex items = pane.treeView()->model()->index(1, 0);
    QCOMPARE(items.data().toString(), QStringLiteral("items"));
    QVERIFY(pane.treeView()->model()->rowCount(items) > 100000);
}

void TestDetailPane::newerSelectionWinsOverAnOlderParse()
{
    DetailPane pane;
    pane.showMessage(EventKind::Unknown, "custom.alice", bigJsonObject(3 * 1024 * 1024), {});
    QVERIFY(pane.isParsing());
    pane.showMessage(EventKind::Sync, "sync.bob", R"({"username": "bob"})", {});
    QVERIFY(!pane.isParsing());
    QCOMPARE(pane.treeView()->model()->rowCount(), 1);
    // The older parse ends in the background and must not replace bob's tree.
    QTest::qWait(3000);
    QCOMPARE(pane.treeView()->model()->rowCount(), 1);
    QCOMPARE(pane.treeView()->model()->index(0, 0).data().toString(), QStringLiteral("username"));
}

void TestDetailPane::hugePayloadShowsAPartAndSavesWhole_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("hex");
    QTest::newRow("50 MB of JSON") << bigJsonObject(50 * 1024 * 1024) << false;
    QByteArray binary(20 * 1024 * 1024, '\0');
    for (qsizetype i = 0; i < binary.size(); ++i)
        binary[i] = static_cast<char>((i * 131) & 0xff);
    QTest::newRow("20 MB not UTF-8") << binary << true;
}

void TestDetailPane::hugePayloadShowsAPartAndSavesWhole()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, hex);
    DetailPane pane;
    pane.show();
    pane.showMessage(EventKind::Personal, "personal.alice", payload, {QStringLiteral("payload: not JSON")});
    QVERIFY(!pane.isParsing());
    QVERIFY2(pane.treeNote().contains(QStringLiteral("too large")), qPrintable(pane.treeNote()));
    QVERIFY(pane.findChild<QPushButton *>(QStringLiteral("treeSavePayload"))->isVisibleTo(&pane));
    QVERIFY(!pane.tabs()->isTabVisible(DetailPane::ToastPage));

    QCOMPARE(pane.rawView()->isShowingHex(), hex);
    QCOMPARE(pane.rawShownBytes(), DetailPane::rawChunkBytes);
    QVERIFY(pane.findChild<QLabel *>(QStringLiteral("rawNote"))
                ->text()
                .startsWith(QStringLiteral("Showing the first")));
    const qsizetype shownLength = pane.rawView()->toPlainText().size();
    pane.showMoreRaw();
    QCOMPARE(pane.rawShownBytes(), 2 * DetailPane::rawChunkBytes);
    QVERIFY(pane.rawView()->toPlainText().size() > shownLength);
    if (!hex)
        QCOMPARE(pane.rawView()->toPlainText().toUtf8(), payload.first(2 * DetailPane::rawChunkBytes));
    else
        QVERIFY(pane.rawView()->toPlainText().contains(QStringLiteral("\n0003fff0  ")));

    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("payload.bin"));
    QString error;
    QVERIFY2(pane.savePayload(path, &error), qPrintable(error));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(saved.readAll() == payload);
    QVERIFY(!pane.savePayload(directory.filePath(QStringLiteral("no/such/folder/p.bin")), &error));
    QVERIFY2(error.contains(QStringLiteral("Could not save")), qPrintable(error));
}

void TestDetailPane::rawPartsNeverSplitACharacter()
{
    // "é" is two bytes: a part boundary at an odd offset would cut one in half.
    QByteArray payload = "{\"x\": \"";
    while (payload.size() < 3 * DetailPane::rawChunkBytes)
        payload += "é";
    payload += "\"}";
    RawPayloadView view;
    view.showPayload(payload, DetailPane::rawChunkBytes);
    QVERIFY(!view.isShowingHex());
    QVERIFY(!view.toPlainText().contains(QChar::ReplacementCharacter));
    while (view.shownBytes() < payload.size())
        view.showMore(DetailPane::rawChunkBytes);
    QCOMPARE(view.toPlainText().toUtf8(), payload);
}

void TestDetailPane::longChannelDoesNotWidenThePane()
{
    DetailPane pane;
    pane.resize(600, 400);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    const QByteArray channel = "personal." + QByteArray(64 * 1024, 'x');
    pane.showMessage(EventKind::Personal, channel, R"({"title": "t", "message": "m"})", {});
    QVERIFY(pane.minimumSizeHint().width() < 600);
    QVERIFY(pane.sizeHint().width() < 2000);
    QVERIFY(pane.headerText().contains(QString::fromLatin1(channel)));
    // A title of one unbroken 64 KB word wraps in the preview instead of asking for 32,767 px.
    pane.showMessage(EventKind::Personal, "personal.alice",
                     "{\"title\": \"" + QByteArray(64 * 1024, 'w') + "\", \"message\": \"m\"}", {});
    QVERIFY(pane.minimumSizeHint().width() < 600);
}

QTEST_MAIN(TestDetailPane)
#include "tst_detailpane.moc"
