#include "events/eventdecoder.h"
#include "sim/trafficprefetcher.h"
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
    void syncsFollowTheirCertificateCheck();
    void chainsShareShas();
    void changedTasksCarryRealTaskData();
    void realAppShapesAppear();
    void newLogRowsArePublishedTwice();
    void speaksBothFormats();
    void sameSeedSameTraffic();
    void prefetchedTrafficIsTheSimulatorsOwn();
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
    // Mostly syncs, each after its certificate check; announcements rare.
    const int total = static_cast<int>(m_messages.size());
    QVERIFY2(counts.value(EventKind::Sync) > total * 0.25,
             qPrintable(QString::number(counts.value(EventKind::Sync))));
    QVERIFY(counts.value(EventKind::TaskdCertificate) > counts.value(EventKind::Sync));
    QVERIFY(counts.value(EventKind::TaskdCertificate) < counts.value(EventKind::Sync) * 1.05);
    for (EventKind kind : allEventKinds) {
        if (kind != EventKind::Sync && kind != EventKind::TaskdCertificate)
            QVERIFY(counts.value(kind) < counts.value(EventKind::Sync));
    }
    QVERIFY(counts.value(EventKind::General) < total / 200);
    QVERIFY(errors > 0 && errors < counts.value(EventKind::LogMessage) / 2);
    QVERIFY(rejectedMail > 0);
    QCOMPARE(rejectionReasons, (QSet<QString>{"passlist", "subject"}));
    QVERIFY(rejectedCertificates > 0 && unrecognizedCertificates > 0);
    QVERIFY(rejectedCertificates < unrecognizedCertificates);
    QVERIFY(typedToasts > 0 && typedToasts < counts.value(EventKind::Personal));
}

void TestTrafficSimulator::syncsFollowTheirCertificateCheck()
{
    // handle_sync emits taskd.certificate first and throws on a rejected certificate.
    int rejected = 0;
    for (qsizetype i = 0; i < m_messages.size(); ++i) {
        const Decoded &message = m_messages.at(i);
        if (message.event.kind == EventKind::Sync) {
            QVERIFY(i > 0);
            const Decoded &check = m_messages.at(i - 1);
            QCOMPARE(check.event.kind, EventKind::TaskdCertificate);
            QCOMPARE(check.event.username, message.event.username);
            QVERIFY(check.object.value("certificate_accepted").toBool());
            for (const char *field : {"client", "org"})
                QCOMPARE(check.object.value(field), message.object.value(field));
            if (check.object.value("certificate_recognized").toBool())
                QCOMPARE(check.object.value("ip"), message.object.value("ip"));
        }
        if (message.event.kind == EventKind::TaskdCertificate &&
            !message.object.value("certificate_accepted").toBool()) {
            ++rejected;
            if (i + 1 < m_messages.size())
                QVERIFY(m_messages.at(i + 1).event.kind != EventKind::Sync ||
                        m_messages.at(i + 1).event.username != message.event.username);
        }
    }
    QVERIFY(rejected > 0);
}

void TestTrafficSimulator::chainsShareShas()
{
    // The web app's sync: taskd's certificate and sync from the web app's address, one changed_task
    // per pulled task, then local_sync; the last two share start and head.
    const QString webApp = TrafficSimulator::webAppAddress();
    static const QRegularExpression sha("^[0-9a-f]{40}$");
    int chains = 0;
    int chainsWithTasks = 0;
    for (qsizetype i = 0; i < m_messages.size(); ++i) {
        const Decoded &local = m_messages.at(i);
        if (local.event.kind != EventKind::LocalSync)
            continue;
        const QString start = local.object.value("start").toString();
        const QString head = local.object.value("head").toString();
        QVERIFY(sha.match(start).hasMatch() && sha.match(head).hasMatch());
        qsizetype first = i;
        while (first > 0 && m_messages.at(first - 1).event.kind == EventKind::ChangedTask &&
               m_messages.at(first - 1).event.username == local.event.username)
            --first;
        const int tasks = static_cast<int>(i - first);
        for (qsizetype t = first; t < i; ++t) {
            QCOMPARE(m_messages.at(t).object.value("start").toString(), start);
            QCOMPARE(m_messages.at(t).object.value("head").toString(), head);
        }
        // Nothing pulled, nothing committed.
        QCOMPARE(start == head, tasks == 0);
        QVERIFY(first >= 2);
        const Decoded &sync = m_messages.at(first - 1);
        QCOMPARE(sync.event.kind, EventKind::Sync);
        QCOMPARE(sync.event.username, local.event.username);
        QCOMPARE(sync.object.value("ip").toString(), webApp);
        QCOMPARE(sync.object.value("delta_count").toInt(), tasks);
        ++chains;
        chainsWithTasks += tasks > 0;
    }
    QVERIFY2(chainsWithTasks > 300 && chains > chainsWithTasks, qPrintable(QString::number(chainsWithTasks)));

    // A user's repository moves on from where it was: every changed_task or local_sync starts at
    // the head of the one before, unless it belongs to the same commit.
    QHash<QString, std::pair<QString, QString>> last;
    int continued = 0;
    for (const Decoded &decoded : std::as_const(m_messages)) {
        if (decoded.event.kind != EventKind::LocalSync && decoded.event.kind != EventKind::ChangedTask)
            continue;
        const std::pair<QString, QString> shas{decoded.object.value("start").toString(),
                                               decoded.object.value("head").toString()};
        const auto previous = last.constFind(decoded.event.username);
        if (previous != last.cend() && *previous != shas) {
            QCOMPARE(shas.first, previous->second);
            ++continued;
        }
        last[decoded.event.username] = shas;
    }
    QVERIFY(continued > 1000);
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
        // Dates in changes as Taskwarrior's data files hold them: epoch seconds.
        static const QRegularExpression epoch("^[0-9]{10}$");
        QVERIFY(epoch.match(changes.value("modified").toArray().at(1).toString()).hasMatch());
        for (const QJsonValue annotation : task.value("annotations").toArray())
            QVERIFY(annotation.isString());
    }
    QCOMPARE(statuses, (QSet<QString>{"pending", "completed", "deleted", "waiting"}));
    QVERIFY(withTags > 0 && withAnnotations > 0 && newTasks > 0);
    for (const char *field :
         {"status", "modified", "end", "description", "tags", "priority", "due", "annotation_*"})
        QVERIFY2(changedFields.contains(field), field);
}

void TestTrafficSimulator::realAppShapesAppear()
{
    int nullDebounce = 0;
    int stringDebounce = 0;
    int tagLists = 0;
    int annotationKeys = 0;
    int wholeUrgency = 0;
    int fractionalUrgency = 0;
    int trelloWebhooks = 0;
    for (const Decoded &decoded : std::as_const(m_messages)) {
        const QJsonObject &object = decoded.object;
        switch (decoded.event.kind) {
        case EventKind::LocalSync:
            nullDebounce += object.value("debounce_id").isNull();
            stringDebounce += object.value("debounce_id").isString();
            break;
        case EventKind::ChangedTask: {
            const QJsonObject changes = object.value("changes").toObject();
            const QJsonArray tags = changes.value("tags").toArray();
            tagLists += tags.at(0).isArray() || tags.at(1).isArray();
            for (const QString &key : changes.keys())
                annotationKeys += key.startsWith("annotation_");
            const QByteArray &payload = decoded.event.payload;
            const qsizetype at = payload.indexOf("\"urgency\": ");
            QVERIFY(at > 0);
            const QByteArray urgency = payload.mid(at + 12, payload.indexOf('}', at) - at - 12);
            (urgency.contains('.') ? fractionalUrgency : wholeUrgency) += 1;
            break;
        }
        case EventKind::IncomingTrelloChange:
            trelloWebhooks += object.value("webhook").toObject().contains("callbackURL") &&
                              object.value("action").toObject().contains("memberCreator");
            break;
        default:
            break;
        }
    }
    // "Sync now" is rarer than the syncs the web app queues itself.
    QVERIFY(nullDebounce > 100 && nullDebounce < stringDebounce);
    QVERIFY(tagLists > 50);
    QVERIFY(annotationKeys > 50);
    QVERIFY(wholeUrgency > 100 && fractionalUrgency > 100);
    QVERIFY(trelloWebhooks > 100);
}

void TestTrafficSimulator::newLogRowsArePublishedTwice()
{
    int newRows = 0;
    int repeats = 0;
    for (qsizetype i = 0; i < m_messages.size(); ++i) {
        const Decoded &first = m_messages.at(i);
        if (first.event.kind != EventKind::LogMessage)
            continue;
        const int count = first.object.value("count").toInt();
        if (count == 0) {
            QVERIFY(first.object.value("last_seen").isNull() && first.object.value("created").isNull());
            QVERIFY(i + 1 < m_messages.size());
            const QJsonObject second = m_messages.at(i + 1).object;
            QCOMPARE(m_messages.at(i + 1).event.kind, EventKind::LogMessage);
            QCOMPARE(second.value("md5hash"), first.object.value("md5hash"));
            QCOMPARE(second.value("count").toInt(), 1);
            QVERIFY(second.value("last_seen").isString() && second.value("created").isString());
            ++newRows;
        } else {
            QVERIFY(first.object.value("last_seen").isString());
            repeats += count > 1;
        }
    }
    QVERIFY(newRows > 200 && repeats > 200);
}

void TestTrafficSimulator::speaksBothFormats()
{
    int fromTaskd = 0;
    int fromWebApp = 0;
    int escapedByTaskd = 0;
    int escapedByWebApp = 0;
    for (const Decoded &decoded : std::as_const(m_messages)) {
        const QByteArray &payload = decoded.event.payload;
        // Both escape non-ASCII: no raw byte above 0x7f.
        for (const char c : payload)
            QVERIFY(static_cast<uchar>(c) < 0x80);
        const bool escaped = payload.contains("\\u");
        if (decoded.event.kind == EventKind::Sync || decoded.event.kind == EventKind::TaskdCertificate) {
            // jsoncpp: tab-indented, " : ", keys sorted, no newline at the end.
            ++fromTaskd;
            escapedByTaskd += escaped;
            QVERIFY(payload.startsWith("{\n\t\"") && payload.endsWith("\n}"));
            const QList<QByteArray> lines = payload.mid(2, payload.size() - 4).split('\n');
            QByteArray previousKey;
            for (const QByteArray &line : lines) {
                QVERIFY2(line.startsWith("\t\"") && line.contains("\" : "), line.constData());
                const QByteArray key = line.mid(2, line.indexOf('"', 2) - 2);
                QVERIFY(previousKey < key);
                previousKey = key;
            }
            if (decoded.event.kind == EventKind::Sync)
                QVERIFY2(payload.size() >= 380 && payload.size() <= 480, payload.constData());
        } else {
            // json.dumps: ", " and ": ", one line.
            ++fromWebApp;
            escapedByWebApp += escaped;
            QVERIFY(payload.startsWith("{\"") && !payload.contains('\n') && !payload.contains('\t'));
            QVERIFY(!payload.contains("\",\"") && !payload.contains("\":\""));
        }
    }
    QVERIFY(fromTaskd > 5000 && fromWebApp > 5000);
    QVERIFY(escapedByTaskd > 100 && escapedByWebApp > 100);
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

void TestTrafficSimulator::prefetchedTrafficIsTheSimulatorsOwn()
{
    TrafficSimulator direct({{}, 42});
    // Batches are made ahead on another thread: several of them, and the point where the making
    // thread has to wait for room, are crossed.
    const int count = TrafficPrefetcher::batchSize * (TrafficPrefetcher::batchesAhead + 3) + 7;
    {
        TrafficPrefetcher prefetched({{}, 42});
        for (int i = 0; i < count; ++i) {
            const SimulatedMessage expected = direct.next();
            const SimulatedMessage message = prefetched.next();
            QCOMPARE(message.channel, expected.channel);
            QCOMPARE(message.payload, expected.payload);
        }
    } // and it stops while its making thread waits for room
    TrafficPrefetcher unused({{}, 1});
    Q_UNUSED(unused) // stops at once too
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
