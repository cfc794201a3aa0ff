#include "activity/activityfacts.h"
#include "activity/activitytally.h"
#include "activity/nearestrank.h"

#include <QTest>

using namespace busmon;

namespace {

constexpr qint64 baseMs = 1'795'770'000'000; // 2026-11-27T09:00:00Z, a whole minute

struct Message
{
    qint64 receivedMs = 0;
    EventKind kind = EventKind::Unknown;
    QString user;
    ActivityFacts facts;
};

QByteArray syncPayload(const QByteArray &duration, int records)
{
    QByteArray payload =
        R"({"action": "sync", "stored_count": )" + QByteArray::number(records) + R"(, "merged_count": 0)";
    if (duration == "!")
        return "not json";
    if (duration == "x")
        payload += R"(, "service_duration": "0.5")";
    else if (duration != "-")
        payload += R"(, "service_duration": )" + duration;
    return payload + "}";
}

// "m:ss.mmm kind user detail" items separated by ';', the time after baseMs. Kinds and details:
//   sync alice 0.25      a sync with that service_duration ("-" missing, "x" a string, "!" not JSON);
//   sync alice 0.25+3    … that stored 3 records
//   local alice          a local_sync
//   cert alice yes|no    a certificate check accepted or rejected (mail alike)
//   error alice          an error log line
Message parseMessage(const QString &item)
{
    const QStringList parts = item.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QStringList clock = parts.at(0).split(QLatin1Char(':'));
    Message message;
    message.receivedMs = baseMs + clock.at(0).toLongLong() * 60'000 + qRound64(clock.at(1).toDouble() * 1000);
    message.user = parts.at(2);
    const QString kind = parts.at(1);
    const QString detail = parts.value(3);
    if (kind == QLatin1String("sync")) {
        message.kind = EventKind::Sync;
        const QStringList durationAndRecords = detail.split(QLatin1Char('+'));
        message.facts = ActivityFacts::read(message.kind, syncPayload(durationAndRecords.at(0).toUtf8(),
                                                                      durationAndRecords.value(1).toInt()));
    } else if (kind == QLatin1String("local")) {
        message.kind = EventKind::LocalSync;
    } else if (kind == QLatin1String("cert") || kind == QLatin1String("mail")) {
        message.kind = kind == QLatin1String("cert") ? EventKind::TaskdCertificate : EventKind::IncomingMail;
        const QByteArray field = kind == QLatin1String("cert") ? "certificate_accepted" : "accepted";
        const QByteArray verdict = detail == QLatin1String("yes") ? "true" : "false";
        message.facts = ActivityFacts::read(message.kind, "{\"" + field + "\": " + verdict + "}");
    } else if (kind == QLatin1String("error")) {
        message.kind = EventKind::LogMessage;
        message.facts = ActivityFacts::read(message.kind, R"({"error": true, "count": 1})");
    }
    return message;
}

QList<Message> parseMessages(const QString &spec)
{
    QList<Message> messages;
    for (const QString &item : spec.split(QLatin1Char(';'), Qt::SkipEmptyParts))
        messages << parseMessage(item);
    return messages;
}

void addAll(ActivityTally &tally, const QList<Message> &messages)
{
    for (const Message &message : messages)
        tally.add(message.receivedMs, message.kind, tally.userId(message.user), message.facts);
}

QString text(const std::optional<double> &value)
{
    return value ? QString::number(*value) : QStringLiteral("-");
}

QString perMinuteSyncs(const ActivitySnapshot &snapshot)
{
    QStringList counts;
    for (const ActivitySnapshot::Minute &minute : snapshot.perMinute)
        counts << QString::number(minute.counts.syncs);
    return counts.join(QLatin1Char(','));
}

} // namespace

class TestActivityTally : public QObject
{
    Q_OBJECT
private slots:
    void readsFacts_data();
    void readsFacts();
    void nearestRank_data();
    void nearestRank();
    void buckets_data();
    void buckets();
    void perMinutePercentiles();
    void removingGivesWhatRemains();
    void topUsers();
    void syncsInTheLastMinute();
    void longSpanListsOnlyMinutesWithMessages();
};

void TestActivityTally::readsFacts_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("gap");
    QTest::addColumn<double>("duration");
    QTest::addColumn<bool>("changed");
    QTest::addColumn<int>("records");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<bool>("error");

    using Gap = ActivityFacts::DurationGap;
    using Verdict = ActivityFacts::Verdict;
    const int sync = int(EventKind::Sync);
    QTest::newRow("sync, as taskd writes it")
        << sync
        << QByteArray("{\n\t\"merged_count\" : 1,\n\t\"service_duration\" : "
                      "0.25,\n\t\"stored_count\" : 2\n}")
        << int(Gap::None) << 0.25 << true << 3 << int(Verdict::None) << false;
    QTest::newRow("sync that changed nothing")
        << sync << QByteArray(R"({"stored_count": 0, "merged_count": 0, "service_duration": 1e-3})")
        << int(Gap::None) << 0.001 << false << 0 << int(Verdict::None) << false;
    QTest::newRow("duration missing") << sync << QByteArray(R"({"stored_count": 1})") << int(Gap::Missing)
                                      << 0.0 << true << 1 << int(Verdict::None) << false;
    QTest::newRow("duration a string")
        << sync << QByteArray(R"({"service_duration": "0.5"})") << int(Gap::NotANumber) << 0.0 << false << 0
        << int(Verdict::None) << false;
    QTest::newRow("duration null") << sync << QByteArray(R"({"service_duration": null})")
                                   << int(Gap::NotANumber) << 0.0 << false << 0 << int(Verdict::None)
                                   << false;
    QTest::newRow("NaN (Python writes it) is not JSON")
        << sync << QByteArray(R"({"service_duration": NaN})") << int(Gap::Unreadable) << 0.0 << false << 0
        << int(Verdict::None) << false;
    QTest::newRow("payload not JSON") << sync << QByteArray("sync done") << int(Gap::Unreadable) << 0.0
                                      << false << 0 << int(Verdict::None) << false;
    QTest::newRow("payload a JSON array") << sync << QByteArray("[1, 2]") << int(Gap::Unreadable) << 0.0
                                          << false << 0 << int(Verdict::None) << false;
    QTest::newRow("negative and fractional counts")
        << sync
        << QByteArray(R"({"stored_count": -4, "merged_count": 2.5, )"
                      R"("service_duration": 2})")
        << int(Gap::None) << 2.0 << true << 2 << int(Verdict::None) << false;
    QTest::newRow("certificate accepted")
        << int(EventKind::TaskdCertificate) << QByteArray(R"({"certificate_accepted": true})")
        << int(Gap::None) << 0.0 << false << 0 << int(Verdict::Accepted) << false;
    QTest::newRow("certificate rejected")
        << int(EventKind::TaskdCertificate) << QByteArray(R"({"certificate_accepted": false})")
        << int(Gap::None) << 0.0 << false << 0 << int(Verdict::Rejected) << false;
    QTest::newRow("certificate verdict missing")
        << int(EventKind::TaskdCertificate) << QByteArray(R"({"certificate_recognized": false})")
        << int(Gap::None) << 0.0 << false << 0 << int(Verdict::None) << false;
    QTest::newRow("mail rejected") << int(EventKind::IncomingMail)
                                   << QByteArray(R"({"accepted": false, "rejection_reason": "passlist"})")
                                   << int(Gap::None) << 0.0 << false << 0 << int(Verdict::Rejected) << false;
    QTest::newRow("error log line") << int(EventKind::LogMessage)
                                    << QByteArray(R"({"error": true, "count": 1})") << int(Gap::None) << 0.0
                                    << false << 0 << int(Verdict::None) << true;
    QTest::newRow("error log line, first copy (count 0)")
        << int(EventKind::LogMessage) << QByteArray(R"({"error": true, "count": 0, "last_seen": null})")
        << int(Gap::None) << 0.0 << false << 0 << int(Verdict::None) << false;
    QTest::newRow("log line that is no error")
        << int(EventKind::LogMessage) << QByteArray(R"({"error": false, "count": 3})") << int(Gap::None)
        << 0.0 << false << 0 << int(Verdict::None) << false;
    QTest::newRow("a toast counts nothing")
        << int(EventKind::Personal) << QByteArray(R"({"service_duration": 4, "error": true})")
        << int(Gap::None) << 0.0 << false << 0 << int(Verdict::None) << false;
}

void TestActivityTally::readsFacts()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, payload);
    const ActivityFacts facts = ActivityFacts::read(EventKind(kind), payload);
    QTEST(int(facts.durationGap), "gap");
    QTEST(facts.duration, "duration");
    QTEST(facts.changed, "changed");
    QTEST(int(facts.records), "records");
    QTEST(int(facts.verdict), "verdict");
    QTEST(facts.error, "error");
}

void TestActivityTally::nearestRank_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<int>("percent");
    QTest::addColumn<QString>("expected");

    QTest::newRow("none") << QList<double>{} << 50 << "-";
    QTest::newRow("one, p50") << QList<double>{0.7} << 50 << "0.7";
    QTest::newRow("one, p95") << QList<double>{0.7} << 95 << "0.7";
    QTest::newRow("four, p50: the 2nd") << QList<double>{4, 1, 3, 2} << 50 << "2";
    QTest::newRow("five, p50: the 3rd") << QList<double>{5, 4, 3, 2, 1} << 50 << "3";
    QTest::newRow("twenty, p95: the 19th")
        << QList<double>{20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1} << 95 << "19";
    QTest::newRow("ten, p95: the 10th") << QList<double>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << 95 << "10";
    QTest::newRow("ties") << QList<double>{2, 2, 2, 9} << 95 << "9";
    QTest::newRow("p0 is the smallest") << QList<double>{3, 1, 2} << 0 << "1";
    QTest::newRow("p100 is the largest") << QList<double>{3, 1, 2} << 100 << "3";
}

void TestActivityTally::nearestRank()
{
    QFETCH(QList<double>, values);
    QFETCH(int, percent);
    std::vector<double> copy(values.begin(), values.end());
    QTEST(text(nearestRankPercentile(copy, percent)), "expected");
}

void TestActivityTally::buckets_data()
{
    QTest::addColumn<QString>("messages");
    QTest::addColumn<int>("window");
    QTest::addColumn<QString>("end"); // m:ss after baseMs
    QTest::addColumn<QString>("perMinute");
    QTest::addColumn<qint64>("syncs");
    QTest::addColumn<QString>("p50");
    QTest::addColumn<QString>("p95");
    QTest::addColumn<QString>("excluded"); // missing/not a number/unreadable

    const int fiveMinutes = int(ActivityWindow::FiveMinutes);
    const int all = int(ActivityWindow::All);
    QTest::newRow("empty window") << "0:10 sync alice 0.1" << fiveMinutes << "9:30"
                                  << "0,0,0,0,0" << 0LL << "-"
                                  << "-"
                                  << "0/0/0";
    QTest::newRow("no messages at all") << "" << all << "4:30"
                                        << "0" << 0LL << "-"
                                        << "-"
                                        << "0/0/0";
    QTest::newRow("one event; the window starts with the data")
        << "2:10 sync alice 0.5" << fiveMinutes << "4:30"
        << "1,0,0" << 1LL << "0.5"
        << "0.5"
        << "0/0/0";
    QTest::newRow("bucket edges: 59.999 s and 60.000 s are two minutes")
        << "0:59.999 sync alice 0.1; 1:00.000 sync alice 0.2; 1:59.999 sync bob 0.3" << fiveMinutes << "4:00"
        << "1,2,0,0,0" << 3LL << "0.2"
        << "0.3"
        << "0/0/0";
    QTest::newRow("the window's first minute is whole")
        << "0:00.000 sync alice 1; 0:59.999 sync alice 2; 5:00.000 sync bob 3" << fiveMinutes << "5:00"
        << "0,0,0,0,1" << 1LL << "3"
        << "3"
        << "0/0/0";
    QTest::newRow("late event: older than the window, left out")
        << "6:00 sync alice 0.1; 0:30 sync bob 0.9; 6:10 sync alice 0.2" << fiveMinutes << "6:10"
        << "0,0,0,0,2" << 2LL << "0.1"
        << "0.2"
        << "0/0/0";
    QTest::newRow("late event: everything retained takes it in")
        << "6:00 sync alice 0.1; 0:30 sync bob 0.9; 6:10 sync alice 0.2" << all << "6:10"
        << "1,0,0,0,0,0,2" << 3LL << "0.2"
        << "0.9"
        << "0/0/0";
    QTest::newRow("out of order within the window")
        << "3:10 sync alice 0.3; 1:05 sync bob 0.1; 3:01 sync carol 0.2; 2:00 sync bob 0.4" << fiveMinutes
        << "3:20"
        << "1,1,2" << 4LL << "0.2"
        << "0.4"
        << "0/0/0";
    QTest::newRow("durations missing or not numbers are left out, and counted")
        << "0:10 sync alice -; 0:20 sync alice x; 0:30 sync alice !; 0:40 sync alice 0.8; 0:50 sync bob 0.4"
        << fiveMinutes << "0:55"
        << "5" << 5LL << "0.4"
        << "0.8"
        << "1/1/1";
    QTest::newRow("only durations that are not numbers")
        << "0:10 sync alice x; 0:20 sync alice -" << all << "0:20"
        << "2" << 2LL << "-"
        << "-"
        << "1/1/0";
    QTest::newRow("other kinds count no syncs")
        << "0:10 local alice; 0:20 cert alice no; 0:30 error alice; 0:40 mail bob yes" << all << "0:40"
        << "0" << 0LL << "-"
        << "-"
        << "0/0/0";
}

void TestActivityTally::buckets()
{
    QFETCH(QString, messages);
    QFETCH(int, window);
    QFETCH(QString, end);
    const QList<Message> parsed = parseMessages(messages);
    ActivityTally tally;
    addAll(tally, parsed);
    const qint64 endMs = parseMessage(end + QStringLiteral(" sync nobody 0")).receivedMs;
    qint64 firstMs = endMs;
    for (const Message &message : parsed)
        firstMs = std::min(firstMs, message.receivedMs);

    const ActivitySnapshot snapshot = tally.snapshot(ActivityWindow(window), firstMs, endMs);
    QTEST(perMinuteSyncs(snapshot), "perMinute");
    QTEST(snapshot.total.syncs, "syncs");
    QTEST(text(snapshot.durationP50), "p50");
    QTEST(text(snapshot.durationP95), "p95");
    QTEST(QStringLiteral("%1/%2/%3")
              .arg(snapshot.total.durationsMissing)
              .arg(snapshot.total.durationsNotANumber)
              .arg(snapshot.total.durationsUnreadable),
          "excluded");
    QCOMPARE(snapshot.perMinute.size(), snapshot.minutes);
    QCOMPARE(snapshot.perMinute.last().startMs, endMs / 60'000 * 60'000);
    QCOMPARE(snapshot.syncsPerMinute, double(snapshot.total.syncs) / double(snapshot.minutes));
}

void TestActivityTally::perMinutePercentiles()
{
    ActivityTally tally;
    addAll(tally,
           parseMessages("0:01 sync a 4; 0:02 sync a 1; 0:03 sync a 3; 0:04 sync a 2; 0:05 sync a x;"
                         "1:10 sync b 0.5; 1:20 local b; 1:30 cert b no; 1:31 cert b yes; 1:40 mail b no;"
                         "1:50 error b; 1:51 sync c 0.25+2"));
    const ActivitySnapshot snapshot = tally.snapshot(ActivityWindow::All, baseMs, baseMs + 115'000);
    QCOMPARE(snapshot.perMinute.size(), 2);
    const ActivitySnapshot::Minute &first = snapshot.perMinute.at(0);
    QCOMPARE(first.startMs, baseMs);
    QCOMPARE(first.counts.syncs, 5);
    QCOMPARE(text(first.durationP50), QStringLiteral("2"));
    QCOMPARE(text(first.durationP95), QStringLiteral("4"));
    QCOMPARE(first.counts.durationsNotANumber, 1);
    const ActivitySnapshot::Minute &second = snapshot.perMinute.at(1);
    QCOMPARE(second.counts.syncs, 2);
    QCOMPARE(second.counts.syncsChanged, 1);
    QCOMPARE(second.counts.localSyncs, 1);
    QCOMPARE(second.counts.certificatesAccepted, 1);
    QCOMPARE(second.counts.certificatesRejected, 1);
    QCOMPARE(second.counts.mailRejected, 1);
    QCOMPARE(second.counts.mailAccepted, 0);
    QCOMPARE(second.counts.errors, 1);
    QCOMPARE(text(second.durationP50), QStringLiteral("0.25"));
    QCOMPARE(text(second.durationP95), QStringLiteral("0.5"));
    // Over the window: 0.25 0.5 1 2 3 4.
    QCOMPARE(text(snapshot.durationP50), QStringLiteral("1"));
    QCOMPARE(text(snapshot.durationP95), QStringLiteral("4"));
    QCOMPARE(snapshot.durationCount, 6);
}

void TestActivityTally::removingGivesWhatRemains()
{
    QStringList items;
    for (int i = 0; i < 300; ++i) {
        const QString user = QStringLiteral("user%1").arg(i % 7);
        const QString time = QStringLiteral("%1:%2").arg(i / 40).arg(i % 40);
        switch (i % 5) {
        case 0:
            items << QStringLiteral("%1 sync %2 %3+%4").arg(time, user).arg(0.01 * (i % 13)).arg(i % 3);
            break;
        case 1:
            items << QStringLiteral("%1 sync %2 %3")
                         .arg(time, user, i % 2 ? QStringLiteral("x") : QStringLiteral("-"));
            break;
        case 2:
            items << QStringLiteral("%1 cert %2 %3")
                         .arg(time, user, i % 2 ? QStringLiteral("yes") : QStringLiteral("no"));
            break;
        case 3:
            items << QStringLiteral("%1 error %2").arg(time, user);
            break;
        default:
            items << QStringLiteral("%1 local %2").arg(time, user);
        }
    }
    const QList<Message> messages = parseMessages(items.join(QLatin1Char(';')));
    for (const int removed : {1, 37, 150, 299, 300}) {
        ActivityTally tally;
        addAll(tally, messages);
        const quint64 generation = tally.generation();
        for (int i = 0; i < removed; ++i) {
            const Message &message = messages.at(i);
            tally.remove(message.receivedMs, message.kind, tally.userId(message.user), message.facts);
        }
        QVERIFY(tally.generation() != generation);
        ActivityTally fresh;
        addAll(fresh, messages.mid(removed));
        const qint64 end = messages.last().receivedMs;
        for (const ActivityWindow window : allActivityWindows) {
            const ActivitySnapshot left = tally.snapshot(window, baseMs, end);
            const ActivitySnapshot right = fresh.snapshot(window, baseMs, end);
            QCOMPARE(left.total, right.total);
            QCOMPARE(perMinuteSyncs(left), perMinuteSyncs(right));
            QCOMPARE(text(left.durationP50), text(right.durationP50));
            QCOMPARE(text(left.durationP95), text(right.durationP95));
            QCOMPARE(left.distinctUsers, right.distinctUsers);
            QCOMPARE(left.topUsers.size(), right.topUsers.size());
            for (qsizetype i = 0; i < left.topUsers.size(); ++i) {
                QCOMPARE(left.topUsers.at(i).name, right.topUsers.at(i).name);
                QCOMPARE(left.topUsers.at(i).records, right.topUsers.at(i).records);
            }
            for (qsizetype i = 0; i < left.perMinute.size(); ++i)
                QCOMPARE(text(left.perMinute.at(i).durationP95), text(right.perMinute.at(i).durationP95));
        }
        QCOMPARE(tally.messageCount(), fresh.messageCount());
        QCOMPARE(tally.isEmpty(), removed == 300);
    }
}

void TestActivityTally::topUsers()
{
    QStringList items;
    // user k syncs k times (k = 1..12), each sync storing k records; "zed" ties with user12.
    for (int k = 1; k <= 12; ++k) {
        for (int i = 0; i < k; ++i)
            items << QStringLiteral("0:%1 sync user%2 0.1+%3").arg(k).arg(k, 2, 10, QLatin1Char('0')).arg(k);
    }
    for (int i = 0; i < 12; ++i)
        items << QStringLiteral("0:30 sync zed 0.1");
    items << QStringLiteral("0:31 local user01; 0:32 error user01");
    ActivityTally tally;
    addAll(tally, parseMessages(items.join(QLatin1Char(';'))));
    const ActivitySnapshot snapshot = tally.snapshot(ActivityWindow::Hour, baseMs, baseMs + 40'000);
    QCOMPARE(snapshot.distinctUsers, 13);
    QCOMPARE(snapshot.topUsers.size(), ActivitySnapshot::topUserCount);
    QCOMPARE(snapshot.topUsers.at(0).name, QStringLiteral("user12"));
    QCOMPARE(snapshot.topUsers.at(0).syncs, 12);
    QCOMPARE(snapshot.topUsers.at(0).records, 144);
    QCOMPARE(snapshot.topUsers.at(1).name, QStringLiteral("zed")); // same syncs: by name
    QCOMPARE(snapshot.topUsers.at(1).records, 0);
    QCOMPARE(snapshot.topUsers.at(2).name, QStringLiteral("user11"));
    QCOMPARE(snapshot.topUsers.last().name, QStringLiteral("user04"));
}

void TestActivityTally::syncsInTheLastMinute()
{
    ActivityTally tally;
    addAll(tally,
           parseMessages("0:00 sync a 1; 1:00 sync a 1; 1:30 sync a 1; 2:00 sync a 1; 2:00.500 sync a 1"));
    const auto lastMinuteAt = [&](qint64 endMs) {
        return tally.snapshot(ActivityWindow::FiveMinutes, baseMs, endMs).syncsLastMinute;
    };
    QCOMPARE(lastMinuteAt(baseMs + 120'500), 3);  // 1:01 .. 2:00.5 holds 1:30, 2:00, 2:00.5
    QCOMPARE(lastMinuteAt(baseMs + 150'000), 2);  // a live clock past the newest message: 1:31 .. 2:30
    QCOMPARE(lastMinuteAt(baseMs + 181'000), 0);  // nothing in the last 60 s
    QCOMPARE(lastMinuteAt(baseMs + 3600'000), 0); // long after
}

void TestActivityTally::longSpanListsOnlyMinutesWithMessages()
{
    // A capture line without a time reads as 1970: everything retained spans 56 years.
    ActivityTally tally;
    ActivityFacts facts = ActivityFacts::read(EventKind::Sync, R"({"service_duration": 1})");
    tally.add(0, EventKind::Sync, tally.userId(QStringLiteral("a")), facts);
    tally.add(baseMs, EventKind::Sync, tally.userId(QStringLiteral("a")), facts);
    const ActivitySnapshot all = tally.snapshot(ActivityWindow::All, 0, baseMs);
    QVERIFY(all.perMinuteSparse);
    QCOMPARE(all.perMinute.size(), 2);
    QCOMPARE(all.total.syncs, 2);
    const ActivitySnapshot day = tally.snapshot(ActivityWindow::Day, 0, baseMs);
    QVERIFY(!day.perMinuteSparse);
    QCOMPARE(day.perMinute.size(), 24 * 60);
    QCOMPARE(day.total.syncs, 1);
}

QTEST_GUILESS_MAIN(TestActivityTally)
#include "tst_activitytally.moc"
