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
    void rawLinesAreKeptUnlessVeryLong_data();
    void rawLinesAreKeptUnlessVeryLong();
    void toastPageStaysInViewWhileBrowsing();
    void rawTurnsToHexWhereBytesAreNotText();
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
    const qsizetype part = hex ? RawPayloadView::hexPartBytes : RawPayloadView::textPartBytes;
    QCOMPARE(pane.rawShownBytes(), part);
    QVERIFY(pane.findChild<QLabel *>(QStringLiteral("rawNote"))
                ->text()
                .startsWith(QStringLiteral("Showing the first")));
    const qsizetype shownLength = pane.rawView()->toPlainText().size();
    pane.showMoreRaw();
    QCOMPARE(pane.rawShownBytes(), 2 * part);
    QVERIFY(pane.rawView()->toPlainText().size() > shownLength);
    if (!hex) {
        // One line of 50 MB is broken for reading (and says so); no byte is lost or changed.
        QVERIFY(pane.rawView()->hasBrokenLines());
        QVERIFY(
            pane.findChild<QLabel *>(QStringLiteral("rawNote"))->text().contains(QStringLiteral("broken")));
        QCOMPARE(pane.rawView()->toPlainText().remove(QLatin1Char('\n')).toUtf8(), payload.first(2 * part));
    } else {
        // Two parts of a hex dump: one line per 16 bytes, offsets running on across the parts.
        const QStringList lines = pane.rawView()->toPlainText().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2 * part / 16);
        QVERIFY(lines.last().startsWith(QStringLiteral("%1  ").arg(2 * part - 16, 8, 16, QLatin1Char('0'))));
    }

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
    while (payload.size() < 3 * RawPayloadView::textPartBytes)
        payload += "é";
    payload += "\"}";
    RawPayloadView view;
    view.showPayload(payload, RawPayloadView::textPartBytes);
    QVERIFY(!view.isShowingHex());
    QVERIFY(!view.toPlainText().contains(QChar::ReplacementCharacter));
    while (view.shownBytes() < payload.size())
        view.showMore(RawPayloadView::textPartBytes);
    QCOMPARE(view.toPlainText().remove(QLatin1Char('\n')).toUtf8(), payload);
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

void TestDetailPane::rawLinesAreKeptUnlessVeryLong_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("broken");
    QTest::newRow("web app (one line)") << QByteArray(R"({"username": "alice", "count": 1})") << false;
    QTest::newRow("taskd (jsoncpp)") << QByteArray("{\n\t\"client\" : \"task 2.6\",\n\t\"records\" : 3\n}")
                                     << false;
    QTest::newRow("a line of exactly the limit") << QByteArray(RawPayloadView::maxLineLength, 'a') + "\n" +
                                                        QByteArray(RawPayloadView::maxLineLength, 'b')
                                                 << false;
    QTest::newRow("a line over the limit") << QByteArray(RawPayloadView::maxLineLength + 1, 'a') << true;
}

void TestDetailPane::rawLinesAreKeptUnlessVeryLong()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, broken);
    RawPayloadView view;
    view.showPayload(payload);
    QCOMPARE(view.hasBrokenLines(), broken);
    if (!broken)
        QCOMPARE(view.toPlainText().toUtf8(), payload);
    else
        QCOMPARE(view.toPlainText().toUtf8(), QByteArray(RawPayloadView::maxLineLength, 'a') + "\na");
}

void TestDetailPane::toastPageStaysInViewWhileBrowsing()
{
    DetailPane pane;
    pane.show();
    pane.showMessage(EventKind::Personal, "personal.alice", R"({"title": "One", "message": "first"})", {});
    pane.tabs()->setCurrentIndex(DetailPane::ToastPage);
    pane.showMessage(EventKind::Personal, "personal.bob", R"({"title": "Two", "message": "second"})", {});
    QCOMPARE(pane.tabs()->currentIndex(), int(DetailPane::ToastPage));
    QCOMPARE(pane.toastPreview()->shownText(), QStringLiteral("Two: second"));
    // A big one is parsed away from the window; the page stays and says so meanwhile.
    QByteArray big = R"({"title": "Three", "message": ")" + QByteArray(200 * 1024, 'x') + "\"}";
    pane.showMessage(EventKind::Personal, "personal.carol", big, {});
    QCOMPARE(pane.tabs()->currentIndex(), int(DetailPane::ToastPage));
    QVERIFY(pane.isParsing());
    QTRY_VERIFY(pane.toastPreview()->shownText().startsWith(QStringLiteral("Three: xxx")));
    QCOMPARE(pane.tabs()->currentIndex(), int(DetailPane::ToastPage));
}

void TestDetailPane::rawTurnsToHexWhereBytesAreNotText()
{
    // Text for the first part, then a byte that is not UTF-8: nothing may be shown as U+FFFD.
    QByteArray payload(3 * RawPayloadView::textPartBytes, 'a');
    payload[RawPayloadView::textPartBytes + 100] = '\xff';
    RawPayloadView view;
    view.showPayload(payload, RawPayloadView::textPartBytes);
    QVERIFY(!view.isShowingHex());
    QCOMPARE(view.shownBytes(), RawPayloadView::textPartBytes);
    view.showMore(view.partBytes());
    QVERIFY(view.isShowingHex());
    QVERIFY(!view.toPlainText().contains(QChar::ReplacementCharacter));
    QVERIFY(view.shownBytes() > RawPayloadView::textPartBytes + 100);
    QVERIFY(view.toPlainText().contains(QStringLiteral("61 61 61 ff 61")));
    QVERIFY(view.toPlainText().startsWith(QStringLiteral("00000000  61 61")));
}

QTEST_MAIN(TestDetailPane)
#include "tst_detailpane.moc"
