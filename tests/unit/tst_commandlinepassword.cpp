#include "bus/commandlinepassword.h"

#include <QTest>

#include <vector>

using namespace busmon;

namespace {
// A writable argv, laid out as the kernel lays out main()'s: the strings back to back.
struct Argv
{
    explicit Argv(const QList<QByteArray> &arguments)
    {
        for (const QByteArray &argument : arguments)
            storage += argument + '\0';
        qsizetype at = 0;
        for (const QByteArray &argument : arguments) {
            pointers.push_back(storage.data() + at);
            at += argument.size() + 1;
        }
        pointers.push_back(nullptr);
    }
    int argc() const { return int(pointers.size() - 1); }
    QList<QByteArray> arguments() const
    {
        QList<QByteArray> result;
        for (int i = 0; i < argc(); ++i)
            result.append(QByteArray(pointers[size_t(i)]));
        return result;
    }
    QByteArray storage;
    std::vector<char *> pointers;
};
} // namespace

class TestCommandLinePassword : public QObject
{
    Q_OBJECT
private slots:
    void hide_data();
    void hide();
    void warningPointsToTheEnvironment();
};

void TestCommandLinePassword::hide_data()
{
    QTest::addColumn<QList<QByteArray>>("arguments");
    QTest::addColumn<QList<QByteArray>>("afterwards");
    QTest::addColumn<int>("hidden");

    QTest::newRow("password alone") << QList<QByteArray>{"busmon-cli", "tail", "--url",
                                                         "redis://:secret@h:6379"}
                                    << QList<QByteArray>{"busmon-cli", "tail", "--url",
                                                         "redis://:******@h:6379"}
                                    << 1;
    QTest::newRow("user and password, --url=")
        << QList<QByteArray>{"busmon", "--url=rediss://monitor:pw@bus.example:6380/0"}
        << QList<QByteArray>{"busmon", "--url=rediss://monitor:**@bus.example:6380/0"} << 1;
    QTest::newRow("an @ in the password: up to the last one")
        << QList<QByteArray>{"x", "--url", "redis://u:p@ss@h"}
        << QList<QByteArray>{"x", "--url", "redis://u:****@h"} << 1;
    QTest::newRow("percent-encoded") << QList<QByteArray>{"x", "--url", "redis://u:p%3Aw@h"}
                                     << QList<QByteArray>{"x", "--url", "redis://u:*****@h"} << 1;
    QTest::newRow("a colon in the password") << QList<QByteArray>{"x", "--url", "redis://u:a:b@h"}
                                             << QList<QByteArray>{"x", "--url", "redis://u:***@h"} << 1;
    QTest::newRow("user alone") << QList<QByteArray>{"x", "--url", "redis://monitor@h"}
                                << QList<QByteArray>{"x", "--url", "redis://monitor@h"} << 0;
    QTest::newRow("empty password") << QList<QByteArray>{"x", "--url", "redis://monitor:@h"}
                                    << QList<QByteArray>{"x", "--url", "redis://monitor:@h"} << 0;
    QTest::newRow("no user information") << QList<QByteArray>{"x", "--url", "redis://h:6379"}
                                         << QList<QByteArray>{"x", "--url", "redis://h:6379"} << 0;
    QTest::newRow("an @ after the path is not user information")
        << QList<QByteArray>{"x", "--url", "redis://h:1/a:b@c"}
        << QList<QByteArray>{"x", "--url", "redis://h:1/a:b@c"} << 0;
    QTest::newRow("not the value of --url")
        << QList<QByteArray>{"x", "announce", "--message", "redis://:kept@h", "--url", "redis://h"}
        << QList<QByteArray>{"x", "announce", "--message", "redis://:kept@h", "--url", "redis://h"} << 0;
    QTest::newRow("after --") << QList<QByteArray>{"x", "--", "--url", "redis://:kept@h"}
                              << QList<QByteArray>{"x", "--", "--url", "redis://:kept@h"} << 0;
    QTest::newRow("--url last") << QList<QByteArray>{"x", "--url"} << QList<QByteArray>{"x", "--url"} << 0;
    QTest::newRow("--url twice") << QList<QByteArray>{"x", "--url", "redis://:a@h", "--url=redis://:bb@h"}
                                 << QList<QByteArray>{"x", "--url", "redis://:*@h", "--url=redis://:**@h"}
                                 << 2;
    QTest::newRow("program name untouched")
        << QList<QByteArray>{"redis://:x@h", "--url", "redis://:y@h"}
        << QList<QByteArray>{"redis://:x@h", "--url", "redis://:*@h"} << 1;
}

void TestCommandLinePassword::hide()
{
    QFETCH(QList<QByteArray>, arguments);
    QFETCH(QList<QByteArray>, afterwards);
    QFETCH(int, hidden);
    Argv argv(arguments);
    const qsizetype size = argv.storage.size();
    QCOMPARE(CommandLinePassword::hide(argv.argc(), argv.pointers.data()), hidden);
    QCOMPARE(argv.arguments(), afterwards);
    // In place: what /proc/PID/cmdline shows is this very memory, the same length as before.
    QCOMPARE(argv.storage.size(), size);
    QCOMPARE(argv.storage.count('\0'), arguments.size());
}

void TestCommandLinePassword::warningPointsToTheEnvironment()
{
    const QString warning = CommandLinePassword::warning();
    QVERIFY(warning.startsWith(QLatin1String("Warning: Using a password in --url")));
    QVERIFY(warning.contains(QLatin1String("REDISCLI_AUTH")));
    QVERIFY(!warning.contains(u'\n'));
}

QTEST_GUILESS_MAIN(TestCommandLinePassword)
#include "tst_commandlinepassword.moc"
