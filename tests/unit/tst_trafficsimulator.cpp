#include "events/eventdecoder.h"
#include "sim/trafficsimulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace busmon;

namespace {

struct Decoded
{
    BusEvent event;
    QJsonObject object;
};

QList<Decoded> simulate(int count, TrafficSimulator::Options options = {})
{
    TrafficSimulator simulator(std::move(options));
    QList<Decoded> result;
    result.reserve(count);
    for (int i = 0; i < count; ++i) {
        const SimulatedMessage message = simulator.next();
        Decoded decoded;
        decoded.event.channel = message.channel;
        decoded.event.payload = message.payload;
        EventDecoder::decode(decoded.event);
        decoded.object = QJsonDocument::fromJson(message.payload).object();
        result << decoded;
    }
    return result;
}

} // namespace

class TestTrafficSimulator : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void everyMessagePassesTheChecker();
    void everyKindAppearsInPlausibleProportions();
    void chainsShareShas();
    void changedTasksCarryRealTaskData();
    void looksLikePythonJsonDumps();
    void sameSeedSameTraffic();
    void usesTheGivenUsers();

private:
    QList<Decoded> m_messages;
};

void TestTrafficSimulator::initTestCase()
{
    m_messages = simulate(20000);
}

void TestTrafficSimulator::everyMessagePassesTheChecker()
{
    for (const Decoded &decoded : std::as_const(m_messages)) {
        QVERIFY2(decoded.event.problems.isEmpty(),
                 qPrintable(decoded.event.channel + " " + decoded.event.payload + " -> " +
                            decoded.event.problems.join(QLatin1String("; "))));
        QVERIFY(decoded.event.kind != EventKind::Unknown);
        QVERIFY(!decoded.event.summary.isEmpty());
    }
}

void TestTrafficSimulator::everyKindAppearsInPlausibleProportions()
{
    QHash<EventKind, int> counts;
    int errors = 0;
    int rejectedMail = 0;
    QSet<QString> rejectionReasons;
    int rejectedCertificates = 0;
    int unrecognizedCertificates = 0;
    int typedToasts = 0;
    for (const Decoded &decoded : std::as_const(m_messages)) {
        ++counts[decoded.event.kind];
        const QJsonObject &object = decoded.object;
        if (decoded.event.kind == EventKind::LogMessage && object.value("error").toBool())
            ++errors;
        if (decoded.event.kind == EventKind::IncomingMail && !object.value("accepted").toBool()) {
            ++rejectedMail;
            rejectionReasons << object.value("rejection_reason").toString();
        }
        if (decoded.event.kind == EventKind::TaskdCertificate) {
            rejectedCertificates += !object.value("certificate_accepted").toBool();
            unrecognizedCertificates += !object.value("certificate_recognized").toBool();
        }
        if (decoded.event.kind == EventKind::Personal && object.contains("type"))
            ++typedToasts;
    }
    for (EventKind kind : allEventKinds) {
        if (kind != EventKind::Unknown)
            QVERIFY2(counts.value(kind) > 0, eventKindName(kind).data());
    }
    // Mostly syncs; announcements rare.
    const int total = static_cast<int>(m_messages.size());
    QVERIFY2(counts.value(EventKind::Sync) > total * 0.35,
             qPrintable(QString::number(counts.value(EventKind::Sync))));
    for (EventKind kind : allEventKinds) {
        if (kind != EventKind::Sync)
            QVERIFY(counts.value(kind) < counts.value(EventKind::Sync));
    }
    QVERIFY(counts.value(EventKind::General) < total / 200);
    QVERIFY(errors > 0 && errors < counts.value(EventKind::LogMessage) / 2);
    QVERIFY(rejectedMail > 0);
    QCOMPARE(rejectionReasons, (QSet<QString>{"passlist", "subject"}));
    QVERIFY(rejectedCertificates > 0 && unrecognizedCertificates > 0);
    QVERIFY(rejectedCertificates < counts.value(EventKind::TaskdCertificate) / 4);
    QVERIFY(typedToasts > 0 && typedToasts < counts.value(EventKind::Personal));
}

void TestTrafficSimulator::chainsShareShas()
{
    int chains = 0;
    for (qsizetype i = 0; i < m_messages.size(); ++i) {
        const Decoded &sync = m_messages.at(i);
        if (sync.event.kind != EventKind::Sync)
            continue;
        const int stored = sync.object.value("stored_count").toInt();
        const int merged = sync.object.value("merged_count").toInt();
        if (stored + merged == 0)
            continue;
        if (i + 1 >= m_messages.size())
            break;
        ++chains;
        const Decoded &local = m_messages.at(i + 1);
        QCOMPARE(local.event.kind, EventKind::LocalSync);
        QCOMPARE(local.event.username, sync.event.username);
        const QString start = local.object.value("start").toString();
        const QString head = local.object.value("head").toString();
        static const QRegularExpression sha("^[0-9a-f]{40}$");
        QVERIFY(sha.match(start).hasMatch());
        QVERIFY(sha.match(head).hasMatch());
        QVERIFY(start != head);
        const int expectedTasks = qMax(stored, 1);
        for (int t = 0; t < expectedTasks && i + 2 + t < m_messages.size(); ++t) {
            const Decoded &changed = m_messages.at(i + 2 + t);
            QCOMPARE(changed.event.kind, EventKind::ChangedTask);
            QCOMPARE(changed.event.username, sync.event.username);
            QCOMPARE(changed.object.value("start").toString(), start);
            QCOMPARE(changed.object.value("head").toString(), head);
        }
        const qsizetype after = i + 2 + expectedTasks;
        if (after < m_messages.size())
            QVERIFY(m_messages.at(after).event.kind != EventKind::ChangedTask);
    }
    QVERIFY2(chains > 500, qPrintable(QString::number(chains)));

    // The next chain of a user starts where the last one ended.
    QHash<QString, QString> lastHead;
    int continued = 0;
    for (const Decoded &decoded : std::as_const(m_messages)) {
        if (decoded.event.kind != EventKind::LocalSync)
            continue;
        const QString user = decoded.event.username;
        if (lastHead.contains(user)) {
            QCOMPARE(decoded.object.value("start").toString(), lastHead.value(user));
            ++continued;
        }
        lastHead[user] = decoded.object.value("head").toString();
    }
    QVERIFY(continued > 0);
}

void TestTrafficSimulator::changedTasksCarryRealTaskData()
{
    QSet<QString> statuses;
    QSet<QString> changedFields;
    int withTags = 0;
    int withAnnotations = 0;
    int newTasks = 0;
    for (const Decoded &decoded : std::as_const(m_messages)) {
        if (decoded.event.kind != EventKind::ChangedTask)
            continue;
        const QJsonObject task = decoded.object.value("task_data").toObject();
        for (const char *field : {"uuid", "description", "status", "entry", "modified"})
            QVERIFY2(task.value(field).isString(), field);
        QCOMPARE(task.value("uuid").toString(), decoded.object.value("task_id").toString());
        statuses << task.value("status").toString();
        withTags += task.contains("tags");
        withAnnotations += task.contains("annotations");
        const QJsonObject changes = decoded.object.value("changes").toObject();
        QVERIFY(!changes.isEmpty());
        for (auto it = changes.begin(); it != changes.end(); ++it)
            changedFields << (it.key().startsWith("annotation_") ? QStringLiteral("annotation_*") : it.key());
        if (changes.value("uuid").toArray().at(0).isNull())
            ++newTasks;
        else
            QVERIFY(changes.contains("modified"));
    }
    QCOMPARE(statuses, (QSet<QString>{"pending", "completed", "deleted", "waiting"}));
    QVERIFY(withTags > 0 && withAnnotations > 0 && newTasks > 0);
    for (const char *field :
         {"status", "modified", "end", "description", "tags", "priority", "due", "annotation_*"})
        QVERIFY2(changedFields.contains(field), field);
}

void TestTrafficSimulator::looksLikePythonJsonDumps()
{
    int syncs = 0;
    for (const Decoded &decoded : std::as_const(m_messages)) {
        const QByteArray &payload = decoded.event.payload;
        // Separators as json.dumps writes them, and ensure_ascii: no raw non-ASCII.
        QVERIFY(payload.startsWith("{\""));
        QVERIFY(!payload.contains("\",\"") && !payload.contains("\":\""));
        for (const char c : payload)
            QVERIFY(static_cast<uchar>(c) < 0x80);
        if (decoded.event.kind == EventKind::Sync) {
            ++syncs;
            QVERIFY(payload.startsWith("{\"action\": \"sync\", \"username\": "));
            QVERIFY2(payload.size() >= 300 && payload.size() <= 400, payload.constData());
        }
    }
    QVERIFY(syncs > 0);
}

void TestTrafficSimulator::sameSeedSameTraffic()
{
    TrafficSimulator first({{}, 42});
    TrafficSimulator second({{}, 42});
    TrafficSimulator other({{}, 43});
    int differences = 0;
    for (int i = 0; i < 2000; ++i) {
        const SimulatedMessage a = first.next();
        const SimulatedMessage b = second.next();
        const SimulatedMessage c = other.next();
        QCOMPARE(a.channel, b.channel);
        QCOMPARE(a.payload, b.payload);
        differences += a.payload != c.payload;
    }
    QVERIFY(differences > 1900);
}

void TestTrafficSimulator::usesTheGivenUsers()
{
    const QStringList users{"only.me@example.com", QString::fromUtf8("\xc3\xa9milie")};
    QSet<QString> seen;
    for (const Decoded &decoded : simulate(3000, {users, 7})) {
        QVERIFY(decoded.event.problems.isEmpty());
        if (decoded.event.kind != EventKind::General)
            seen << decoded.event.username;
    }
    QCOMPARE(seen, QSet<QString>(users.begin(), users.end()));

    const QStringList defaults = TrafficSimulator::defaultUsers();
    QVERIFY(defaults.contains("jane.doe@example.com"));
    QSet<QString> defaultSeen;
    for (const Decoded &decoded : std::as_const(m_messages))
        defaultSeen << decoded.event.username;
    for (const QString &user : defaults)
        QVERIFY2(defaultSeen.contains(user), qPrintable(user));
}

QTEST_APPLESS_MAIN(TestTrafficSimulator)
#include "tst_trafficsimulator.moc"
