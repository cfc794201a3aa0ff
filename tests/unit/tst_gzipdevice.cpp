#include "capture/captureinput.h"
#include "capture/capturereader.h"
#include "capture/gzipdevice.h"
#include "capturefile.h"
#include "filesizelimit.h"

#include <QBuffer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;
using busmon::test::FileSizeLimit;
using busmon::test::gzipped;

namespace {

QByteArray inflateAll(QByteArray compressed, QString *error = nullptr)
{
    QBuffer buffer(&compressed);
    buffer.open(QIODevice::ReadOnly);
    GzipDevice gzip(&buffer);
    gzip.open(QIODevice::ReadOnly);
    QByteArray out;
    char chunk[1000];
    qint64 got;
    while ((got = gzip.read(chunk, sizeof chunk)) > 0)
        out.append(chunk, got);
    if (error)
        *error = gzip.hasFailed() ? gzip.errorString() : QString();
    return out;
}

QByteArray randomBytes(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return bytes;
}
} // namespace

class TestGzipDevice : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void readsWhatGzipWrote();
    void gzipReadsWhatWeWrote();
    void concatenatedMembers();
    void truncatedStreamIsAnError();
    void garbageIsAnError();
    void inputTellsCompressedFromPlainByContent();
    void writeTheFileRefusedStaysRefused();
};

void TestGzipDevice::roundTrip_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one line") << QByteArray("{\"channel\":\"sync.alice\"}\n");
    QTest::newRow("binary, several chunks") << randomBytes(300'000);
    QTest::newRow("repetitive, large") << QByteArray(5'000'000, 'x');
}

void TestGzipDevice::roundTrip()
{
    QFETCH(QByteArray, plain);
    QString error;
    QCOMPARE(inflateAll(gzipped(plain), &error), plain);
    QCOMPARE(error, QString());
}

void TestGzipDevice::readsWhatGzipWrote()
{
    QTemporaryDir dir;
    const QByteArray plain = QByteArray("line one\nline two \xff\n").repeated(1000);
    QFile file(dir.filePath(QStringLiteral("a")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(plain);
    file.close();
    QCOMPARE(QProcess::execute(QStringLiteral("gzip"), {file.fileName()}), 0);
    QFile gz(file.fileName() + QStringLiteral(".gz"));
    QVERIFY(gz.open(QIODevice::ReadOnly));
    QCOMPARE(inflateAll(gz.readAll()), plain);
}

void TestGzipDevice::gzipReadsWhatWeWrote()
{
    QTemporaryDir dir;
    const QByteArray plain = randomBytes(100'000);
    QFile file(dir.filePath(QStringLiteral("b.gz")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(gzipped(plain));
    file.close();
    QProcess gunzip;
    gunzip.start(QStringLiteral("gzip"), {QStringLiteral("-dc"), file.fileName()});
    QVERIFY(gunzip.waitForFinished());
    QCOMPARE(gunzip.exitCode(), 0);
    QCOMPARE(gunzip.readAllStandardOutput(), plain);
}

void TestGzipDevice::concatenatedMembers()
{
    // `cat a.gz b.gz` is a valid gzip file holding both (as a rotated record might be joined).
    QCOMPARE(inflateAll(gzipped("first\n") + gzipped("second\n")), QByteArray("first\nsecond\n"));
}

void TestGzipDevice::truncatedStreamIsAnError()
{
    const QByteArray plain = randomBytes(200'000);
    const QByteArray whole = gzipped(plain);
    QString error;
    const QByteArray read = inflateAll(whole.left(whole.size() / 2), &error);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QLatin1String("ends early")), qPrintable(error));
    // What came before the cut is handed out, and it is right.
    QVERIFY(read.size() > 0);
    QCOMPARE(read, plain.left(read.size()));
}

void TestGzipDevice::garbageIsAnError()
{
    QByteArray damaged = gzipped(QByteArray("hello world\n").repeated(100));
    damaged[12] = static_cast<char>(damaged[12] ^ 0x55);
    damaged[13] = static_cast<char>(damaged[13] ^ 0x55);
    QString error;
    inflateAll(damaged, &error);
    QVERIFY2(!error.isEmpty(), "a damaged stream must be reported");
}

void TestGzipDevice::inputTellsCompressedFromPlainByContent()
{
    QTemporaryDir dir;
    const QByteArray line =
        R"({"channel":"sync.alice","pattern":null,"received":"2026-11-27T09:00:00.123Z","data":"{}"})"
        "\n";
    // A compressed file without .gz and a plain one with it: the bytes decide.
    QFile compressed(dir.filePath(QStringLiteral("compressed.jsonl")));
    QVERIFY(compressed.open(QIODevice::WriteOnly));
    compressed.write(gzipped(line.repeated(3)));
    compressed.close();
    QFile plain(dir.filePath(QStringLiteral("plain.jsonl.gz")));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.write(line.repeated(3));
    plain.close();
    for (const QString &path : {compressed.fileName(), plain.fileName()}) {
        CaptureInput input;
        QVERIFY2(input.open(path), qPrintable(input.errorString()));
        QCOMPARE(input.isCompressed(), path == compressed.fileName());
        CaptureReader reader(input.device());
        int events = 0;
        while (reader.readNext() == CaptureReader::Entry::Event)
            ++events;
        QCOMPARE(events, 3);
    }
    CaptureInput missing;
    QVERIFY(!missing.open(dir.filePath(QStringLiteral("nothing.jsonl"))));
    QVERIFY(missing.errorString().contains(QLatin1String("nothing.jsonl")));
}

// A file that refuses part of the compressed stream (a full disk; here a file size limit) leaves a
// hole in it: every later write fails with the same reason and adds nothing to the file.
void TestGzipDevice::writeTheFileRefusedStaysRefused()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("limited.jsonl.gz")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    GzipDevice gzip(&file);
    QVERIFY(gzip.open(QIODevice::WriteOnly));
    QByteArray random(256 * 1024, Qt::Uninitialized); // nothing for gzip to take out
    QRandomGenerator(11).fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
    FileSizeLimit limit(4000);
    QVERIFY(limit.isSet());
    const qint64 first = gzip.write(random);
    const qint64 sizeAfterFirst = file.size();
    const qint64 second = gzip.write("a little more");
    const bool flushed = gzip.syncFlush();
    limit.lift();
    QCOMPARE(first, qint64(-1));
    QCOMPARE(second, qint64(-1));
    QVERIFY(!flushed);
    QCOMPARE(file.size(), sizeAfterFirst);
    QVERIFY2(gzip.errorString().contains(FileSizeLimit::refusal()), qPrintable(gzip.errorString()));
}

QTEST_GUILESS_MAIN(TestGzipDevice)
#include "tst_gzipdevice.moc"
