// Opening a capture as a monitoring session: the loader on its thread, the intake, the store.
#include "capture/capturewriter.h"
#include "capturefile.h"
#include "events/eventdecoder.h"
#include "session/monitorsession.h"
#include "store/eventstore.h"
#include "store/liveintake.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::gzipped;
using busmon::test::writeCaptureFile;

namespace {
QByteArray captureText(int messages, int outageAfter = -1)
{
    QByteArray text;
    for (int i = 1; i <= messages; ++i) {
        BusEvent event;
        event.receivedMs = 1795770000000 + i;
        event.channel = i % 2 ? "sync.alice" : "personal.bob";
        event.pattern = i % 2 ? "sync.*" : "personal.*";
        event.payload = i % 7 ? R"({"username": "alice", "n": )" + QByteArray::number(i) + "}"
                              : QByteArray("raw \xff bytes");
        EventDecoder::decode(event);
        text += CaptureWriter::line(event);
        if (i == outageAfter)
            text += CaptureWriter::outageLine(
                Outage{1795770000000 + i, 1795770003000 + i, QStringLiteral("gone")});
    }
    return text;
}

struct Opened
{
    CaptureLoadResult result;
    CaptureBadLineList badLines;
    int appendSteps = 0;
    bool rowsBeforeEnd = false;
};

Opened open(MonitorSession &session, const QString &path)
{
    Opened opened;
    QObject::connect(&session, &MonitorSession::badLinesFound, &session,
                     [&](const CaptureBadLineList &lines) { opened.badLines += lines; });
    QObject::connect(session.store(), &EventStore::rowsAppended, &session, [&] {
        ++opened.appendSteps;
        if (session.isLoading())
            opened.rowsBeforeEnd = true;
    });
    QSignalSpy finished(&session, &MonitorSession::loadFinished);
    session.openCapture(path);
    if (!finished.wait(60000))
        return opened;
    opened.result = finished.first().first().value<CaptureLoadResult>();
    if (!QTest::qWaitFor([&] { return session.intake()->waitingCount() == 0; }, 10000))
        opened.result.error = QStringLiteral("the intake never stored every message");
    return opened;
}
} // namespace

class TestCaptureSession : public QObject
{
    Q_OBJECT
private slots:
    void opensPlainAndGzip_data();
    void opensPlainAndGzip();
    void largeFileArrivesInSteps();
    void badLinesAreListedAndTheRestOpens();
    void truncatedLastLine();
    void emptyFile();
    void missingFileSaysWhy();
    void truncatedGzipKeepsWhatWasRead();
    void cancelStopsTheLoad();
    void captureHoldsNoUnsavedMessages();
};

void TestCaptureSession::opensPlainAndGzip_data()
{
    QTest::addColumn<bool>("compress");
    QTest::newRow("plain") << false;
    QTest::newRow("gzip") << true;
}

void TestCaptureSession::opensPlainAndGzip()
{
    QFETCH(bool, compress);
    QTemporaryDir dir;
    const QString path =
        writeCaptureFile(dir.filePath(compress ? QStringLiteral("c.jsonl.gz") : QStringLiteral("c.jsonl")),
                         captureText(1000, 500), compress);
    MonitorSession session;
    const Opened opened = open(session, path);
    QCOMPARE(opened.result.error, QString());
    QCOMPARE(opened.result.messages, 1000);
    QCOMPARE(opened.result.outages, 1);
    QCOMPARE(session.origin().kind, SessionOrigin::Kind::Capture);
    QCOMPARE(session.origin().title(), QFileInfo(path).fileName());
    EventStore *store = session.store();
    QCOMPARE(store->messageCount(), 1000);
    QCOMPARE(store->gapCount(), 1);
    QCOMPARE(store->messageCount(EventKind::Sync), 500);
    QVERIFY(store->row(500).isGap());
    QCOMPARE(store->row(500).receivedMs, 1795770000500);
    QCOMPARE(store->row(0).channel, QByteArrayView("sync.alice"));
    QCOMPARE(store->channel(store->row(0).channelId).pattern, QByteArray("sync.*"));
    QCOMPARE(store->row(6).payload, QByteArrayView("raw \xff bytes"));
    QCOMPARE(store->row(999).receivedMs, 1795770000999);
}

void TestCaptureSession::largeFileArrivesInSteps()
{
    QTemporaryDir dir;
    const QString path = writeCaptureFile(dir.filePath(QStringLiteral("large.jsonl")), captureText(200'000));
    MonitorSession session;
    QSignalSpy progress(&session, &MonitorSession::loadProgress);
    const Opened opened = open(session, path);
    QCOMPARE(session.store()->messageCount(), 200'000);
    QVERIFY2(opened.appendSteps > 5, "rows must show while the rest loads");
    QVERIFY(opened.rowsBeforeEnd);
    QVERIFY(!progress.isEmpty());
    const QList<QVariant> last = progress.constLast();
    QCOMPARE(last.at(0).toLongLong(), QFileInfo(path).size());
    QCOMPARE(last.at(1).toLongLong(), QFileInfo(path).size());
}

void TestCaptureSession::badLinesAreListedAndTheRestOpens()
{
    QTemporaryDir dir;
    QByteArray text = captureText(10);
    text.insert(text.indexOf('\n') + 1, "garbage here\n{\"no\":\"channel\"}\n\xff\xfe\n");
    const QString path = writeCaptureFile(dir.filePath(QStringLiteral("bad.jsonl")), text);
    MonitorSession session;
    const Opened opened = open(session, path);
    QCOMPARE(opened.result.messages, 10);
    QCOMPARE(opened.result.badLines, 3);
    QCOMPARE(opened.badLines.size(), 3);
    QCOMPARE(opened.badLines.at(0).line, 2);
    QVERIFY2(opened.badLines.at(0).reason.contains(QLatin1String("not JSON")),
             qPrintable(opened.badLines.at(0).reason));
    QCOMPARE(opened.badLines.at(1).line, 3);
    QVERIFY(opened.badLines.at(1).reason.contains(QLatin1String("channel")));
    QCOMPARE(opened.badLines.at(2).line, 4);
    QVERIFY(opened.badLines.at(2).reason.contains(QLatin1String("UTF-8")));
    QCOMPARE(session.store()->messageCount(), 10);
}

void TestCaptureSession::truncatedLastLine()
{
    // A capture whose writer was killed mid-line.
    QTemporaryDir dir;
    QByteArray text = captureText(20);
    text.chop(40);
    const QString path = writeCaptureFile(dir.filePath(QStringLiteral("cut.jsonl")), text);
    MonitorSession session;
    const Opened opened = open(session, path);
    QCOMPARE(opened.result.messages, 19);
    QCOMPARE(opened.result.badLines, 1);
    QCOMPARE(opened.badLines.constFirst().line, 20);
    QCOMPARE(session.store()->messageCount(), 19);
}

void TestCaptureSession::emptyFile()
{
    QTemporaryDir dir;
    MonitorSession session;
    const Opened opened =
        open(session, writeCaptureFile(dir.filePath(QStringLiteral("empty.jsonl")), QByteArray()));
    QCOMPARE(opened.result.error, QString());
    QCOMPARE(opened.result.messages, 0);
    QCOMPARE(opened.result.badLines, 0);
    QVERIFY(session.store()->isEmpty());
    QVERIFY(!session.isLoading());
}

void TestCaptureSession::missingFileSaysWhy()
{
    QTemporaryDir dir;
    MonitorSession session;
    const Opened opened = open(session, dir.filePath(QStringLiteral("absent.jsonl")));
    QVERIFY2(opened.result.error.contains(QLatin1String("absent.jsonl")), qPrintable(opened.result.error));
    QVERIFY(session.store()->isEmpty());
}

void TestCaptureSession::truncatedGzipKeepsWhatWasRead()
{
    QTemporaryDir dir;
    const QByteArray compressed = gzipped(captureText(50'000));
    const QString path = writeCaptureFile(dir.filePath(QStringLiteral("cut.jsonl.gz")),
                                          compressed.left(compressed.size() / 2));
    MonitorSession session;
    const Opened opened = open(session, path);
    QVERIFY2(opened.result.error.contains(QLatin1String("ends early")), qPrintable(opened.result.error));
    QVERIFY(opened.result.messages > 1000);
    QVERIFY(session.store()->messageCount() >= opened.result.messages - 1);
}

void TestCaptureSession::cancelStopsTheLoad()
{
    QTemporaryDir dir;
    const QString path = writeCaptureFile(dir.filePath(QStringLiteral("big.jsonl")), captureText(300'000));
    MonitorSession session;
    QSignalSpy finished(&session, &MonitorSession::loadFinished);
    session.openCapture(path);
    QTRY_VERIFY(session.store()->messageCount() > 0);
    session.cancelLoad();
    QVERIFY(!session.isLoading());
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.first().first().value<CaptureLoadResult>().cancelled);
    QTest::qWait(200);
    QCOMPARE(finished.size(), 1); // the loader's own end is not reported again
    QVERIFY(session.receivedCount() < 300'000);
}

void TestCaptureSession::captureHoldsNoUnsavedMessages()
{
    QTemporaryDir dir;
    MonitorSession session;
    open(session, writeCaptureFile(dir.filePath(QStringLiteral("c.jsonl")), captureText(10)));
    QCOMPARE(session.receivedCount(), quint64(10));
    QVERIFY(!session.hasUnsavedMessages());
}

QTEST_GUILESS_MAIN(TestCaptureSession)
#include "tst_capturesession.moc"
