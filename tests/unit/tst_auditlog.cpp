// The audit log's lines and file: what is written for one message and for a run, that no password
// ever appears, that lines are appended, that only the owner can read the file, and that a log that
// cannot be written says so instead of pretending.
#include "audit/auditentry.h"
#include "audit/auditlog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;

namespace {
SessionOrigin profileTarget()
{
    ConnectionSettings settings =
        *ConnectionSettings::fromUrl(QStringLiteral("rediss://admin:s3cret@bus.example:6380"));
    return SessionOrigin::bus(settings, QStringLiteral("production"), false);
}

AuditEntry oneMessage()
{
    AuditEntry entry;
    entry.timeMs = 1764666000123; // 2025-12-02T09:00:00.123Z
    entry.tool = QStringLiteral("busmon");
    entry.osUser = QStringLiteral("alice");
    entry.target = profileTarget();
    entry.channel = "personal.jane.doe@example.com";
    entry.payload = R"({"username": "jane.doe@example.com", "title": "Hi \u00e9", "message": "M"})";
    entry.receivers = 2;
    return entry;
}

QJsonObject parsed(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", line.constData());
    return document.object();
}
} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT
private slots:
    void oneMessageLine();
    void refusalLine();
    void runLine();
    void payloadThatIsNotText();
    void urlTargetHasNoProfile();
    void appendsOneLineEach();
    void onlyTheOwnerReads();
    void unwritableLogSaysWhy_data();
    void unwritableLogSaysWhy();
    void defaultPathIsSharedByBothTools();
};

void TestAuditLog::oneMessageLine()
{
    const QByteArray line = oneMessage().toJsonLine();
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);
    QVERIFY2(!line.contains("s3cret"), line.constData());
    const QJsonObject object = parsed(line);
    QCOMPARE(object.value("time").toString(), "2025-12-02T09:00:00.123Z");
    QCOMPARE(object.value("tool").toString(), "busmon");
    QCOMPARE(object.value("os_user").toString(), "alice");
    QCOMPARE(object.value("profile").toString(), "production");
    QCOMPARE(object.value("url").toString(), "rediss://admin:***@bus.example:6380");
    QCOMPARE(object.value("host").toString(), "bus.example");
    QCOMPARE(object.value("port").toInt(), 6380);
    QCOMPARE(object.value("channel").toString(), "personal.jane.doe@example.com");
    // The payload, byte for byte, as a JSON string.
    QCOMPARE(object.value("payload").toString().toUtf8(), oneMessage().payload);
    QCOMPARE(object.value("receivers").toInt(), 2);
    QVERIFY(!object.contains("refused"));
    QVERIFY(line.startsWith(R"({"time": )")); // the time first, for people reading it with less
}

void TestAuditLog::refusalLine()
{
    AuditEntry entry = oneMessage();
    entry.receivers.reset();
    entry.refusal = QStringLiteral("publishing to 'x' failed: NOPERM this user has no permissions");
    const QJsonObject object = parsed(entry.toJsonLine());
    QVERIFY(!object.contains("receivers"));
    QCOMPARE(object.value("refused").toString(), entry.refusal);
}

void TestAuditLog::runLine()
{
    AuditEntry entry = oneMessage();
    entry.channel.clear();
    entry.payload.clear();
    entry.tool = QStringLiteral("busmon-cli");
    entry.action = QStringLiteral("replay");
    entry.source = QStringLiteral("/tmp/night.jsonl");
    entry.channels = {"sync.alice", "__general__"};
    entry.channelCount = 2;
    entry.messageCount = 1500;
    entry.speed = 10;
    entry.durationMs = 1234;
    entry.receivers = 3000;
    const QJsonObject object = parsed(entry.toJsonLine());
    QCOMPARE(object.value("action").toString(), "replay");
    QCOMPARE(object.value("source").toString(), "/tmp/night.jsonl");
    QCOMPARE(object.value("channels").toArray(), QJsonArray({"sync.alice", "__general__"}));
    QCOMPARE(object.value("channel_count").toInt(), 2);
    QCOMPARE(object.value("messages").toInt(), 1500);
    QCOMPARE(object.value("speed").toDouble(), 10.0);
    QCOMPARE(object.value("receivers").toInt(), 3000);
    QVERIFY(!object.contains("payload"));
    QVERIFY(!object.contains("unanswered"));
    entry.unansweredCount = 7;
    entry.refusedCount = 1;
    entry.refusal = QStringLiteral("NOPERM");
    const QJsonObject interrupted = parsed(entry.toJsonLine());
    QCOMPARE(interrupted.value("unanswered").toInt(), 7);
    QCOMPARE(interrupted.value("refused_messages").toInt(), 1);
}

void TestAuditLog::payloadThatIsNotText()
{
    AuditEntry entry = oneMessage();
    entry.payload = QByteArray("\xff\xfe\0x", 4);
    const QJsonObject object = parsed(entry.toJsonLine());
    QVERIFY(!object.contains("payload"));
    QCOMPARE(QByteArray::fromBase64(object.value("payload_base64").toString().toLatin1()), entry.payload);
}

void TestAuditLog::urlTargetHasNoProfile()
{
    AuditEntry entry = oneMessage();
    entry.target = SessionOrigin::bus(*ConnectionSettings::fromUrl(QStringLiteral("redis://10.0.0.5:6379")));
    const QJsonObject object = parsed(entry.toJsonLine());
    QVERIFY(object.value("profile").isNull());
    QCOMPARE(object.value("url").toString(), "redis://10.0.0.5:6379");
}

void TestAuditLog::appendsOneLineEach()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("nested/busmon/audit.jsonl"));
    {
        AuditLog log(path);
        QString error;
        QVERIFY2(log.append(oneMessage(), &error), qPrintable(error));
    }
    AuditLog again(path);
    AuditEntry second = oneMessage();
    second.channel = "__general__";
    QVERIFY(again.append(second));
    again.close();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 3); // two lines and the end
    QCOMPARE(parsed(lines.at(0)).value("channel").toString(), "personal.jane.doe@example.com");
    QCOMPARE(parsed(lines.at(1)).value("channel").toString(), "__general__");
    QVERIFY(lines.at(2).isEmpty());
}

void TestAuditLog::onlyTheOwnerReads()
{
    QTemporaryDir dir;
    AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
    QVERIFY(log.open());
    QCOMPARE(QFile::permissions(log.path()) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void TestAuditLog::unwritableLogSaysWhy_data()
{
    QTest::addColumn<QString>("blocked"); // relative to a temporary folder
    QTest::addColumn<QString>("reason");
    QTest::newRow("folder is a file")
        << QStringLiteral("file/busmon/audit.jsonl") << QStringLiteral("folder");
    QTest::newRow("log is a folder") << QStringLiteral("audit.jsonl") << QStringLiteral("audit.jsonl");
}

void TestAuditLog::unwritableLogSaysWhy()
{
    QFETCH(QString, blocked);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("audit.jsonl")));

    AuditLog log(dir.filePath(blocked));
    QString error;
    QVERIFY(!log.open(&error));
    QVERIFY2(error.contains(QLatin1String("cannot be written")) && error.contains(reason), qPrintable(error));
    QVERIFY(!log.append(oneMessage(), &error));
    QVERIFY(!log.isOpen());
}

void TestAuditLog::defaultPathIsSharedByBothTools()
{
    // busmon and busmon-cli have different application names; the log is one file for both.
    qputenv("XDG_DATA_HOME", "/tmp/busmon-data-home");
    QCoreApplication::setApplicationName(QStringLiteral("busmon"));
    const QString window = AuditLog::defaultPath();
    QCoreApplication::setApplicationName(QStringLiteral("busmon-cli"));
    QCOMPARE(AuditLog::defaultPath(), window);
    QCOMPARE(window, QStringLiteral("/tmp/busmon-data-home/busmon/audit.jsonl"));
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
