// The busmon window's parts that stand alone: the filter bar's colours and memory, the toast
// preview, the raw view's hex dump, the changes table, saved connection profiles and the status bar.
#include "changestable.h"
#include "connectiondialog.h"
#include "filterbar.h"
#include "profiles/connectionprofile.h"
#include "rawpayloadview.h"
#include "statuspanel.h"
#include "toastpreview.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace busmon;

class TestWidgets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void filterBarTintsByParse();
    void filterBarEmitsOnlyValidText();
    void filterBarRemembersRecent();
    void toastShowsMarkupAsText_data();
    void toastShowsMarkupAsText();
    void toastOfNonObject();
    void rawShowsTextOrHex_data();
    void rawShowsTextOrHex();
    void changesTableListsFields();
    void profilesRoundTrip();
    void statusNamesRefusedSubscriptions();
    void statusSaysSinceWhenTheConnectionIsLost();
    void connectionDialogPicksAndChecks();
    void statusShowsOnlyNoticeableFilterTimes_data();
    void statusShowsOnlyNoticeableFilterTimes();
    void passwordTypedInTheUrlIsNeverSaved_data();
    void passwordTypedInTheUrlIsNeverSaved();
    void passwordsAnOlderVersionSavedAreDropped();
    void statusShowsServerTextOnOneLine();

private:
    QTemporaryDir m_settingsDir;
};

void TestWidgets::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("busmon-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_widgets"));
}

namespace {
// A checker like the real one: parentheses must balance.
QString balanced(const QString &text, int *position)
{
    int depth = 0;
    for (int i = 0; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('('))
            ++depth;
        if (text.at(i) == QLatin1Char(')') && --depth < 0) {
            *position = i;
            return QStringLiteral("unexpected ')'");
        }
    }
    if (depth > 0) {
        *position = static_cast<int>(text.size());
        return QStringLiteral("expected ')'");
    }
    return QString();
}
} // namespace

void TestWidgets::filterBarTintsByParse()
{
    FilterBar bar;
    bar.setChecker(balanced);
    bar.show();
    const QColor plain = bar.lineEdit()->palette().color(QPalette::Base);
    bar.lineEdit()->setText(QStringLiteral("(user:alice"));
    QVERIFY(!bar.isValid());
    const QColor bad = bar.lineEdit()->palette().color(QPalette::Base);
    QVERIFY2(bad.red() > bad.green(), "an expression that does not parse tints the line red");
    auto *error = bar.findChild<QLabel *>(QStringLiteral("filterError"));
    QVERIFY(error && error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("expected ')'")));
    QVERIFY(error->text().contains(QStringLiteral("12")));
    bar.lineEdit()->setText(QStringLiteral("(user:alice)"));
    QVERIFY(bar.isValid());
    const QColor good = bar.lineEdit()->palette().color(QPalette::Base);
    QVERIFY2(good.green() > good.red(), "an expression that parses tints the line green");
    QVERIFY(!error->isVisible());
    bar.lineEdit()->clear();
    QCOMPARE(bar.lineEdit()->palette().color(QPalette::Base), plain);
}

void TestWidgets::filterBarEmitsOnlyValidText()
{
    FilterBar bar;
    bar.setChecker(balanced);
    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    bar.lineEdit()->setText(QStringLiteral("(kind:sync"));
    QTest::qWait(400);
    QCOMPARE(changed.count(), 0);
    bar.lineEdit()->setText(QStringLiteral("(kind:sync)"));
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("(kind:sync)"));
}

void TestWidgets::filterBarRemembersRecent()
{
    {
        FilterBar bar;
        bar.setChecker(balanced);
        bar.lineEdit()->setText(QStringLiteral("user:alice"));
        QTest::keyClick(bar.lineEdit(), Qt::Key_Return);
        bar.lineEdit()->setText(QStringLiteral("kind:sync"));
        QTest::keyClick(bar.lineEdit(), Qt::Key_Return);
    }
    FilterBar later;
    QCOMPARE(later.recentFilters(), (QStringList{QStringLiteral("kind:sync"), QStringLiteral("user:alice")}));
}

void TestWidgets::toastShowsMarkupAsText_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<QString>("type");
    QTest::newRow("plain") << QByteArray(R"({"title":"Sync","message":"done","type":"success"})")
                           << QStringLiteral("Sync: done") << QStringLiteral("success");
    QTest::newRow("markup stays text")
        << QByteArray(R"({"title":"<b>x</b>","message":"<script>alert(1)</script>"})")
        << QStringLiteral("<b>x</b>: <script>alert(1)</script>") << QStringLiteral("info");
    QTest::newRow("unknown type is info") << QByteArray(R"({"title":"a","message":"b","type":"shout"})")
                                          << QStringLiteral("a: b") << QStringLiteral("info");
    QTest::newRow("error") << QByteArray(R"({"title":"Oops","message":"failed","type":"error","duration":5})")
                           << QStringLiteral("Oops: failed") << QStringLiteral("error");
}

void TestWidgets::toastShowsMarkupAsText()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, shown);
    QFETCH(QString, type);
    ToastPreview preview;
    QVERIFY(preview.showPayload(payload));
    QCOMPARE(preview.shownText(), shown);
    QCOMPARE(preview.toastType(), type);
    auto *label = preview.findChild<QLabel *>(QStringLiteral("toast"));
    QVERIFY(label);
    // Whatever the label renders, the payload's own tags must not become markup.
    QVERIFY(!label->text().contains(QStringLiteral("<script>")));
    QVERIFY(!label->text().contains(QStringLiteral("<b>x</b>")));
}

void TestWidgets::toastOfNonObject()
{
    ToastPreview preview;
    QVERIFY(!preview.showPayload("not json"));
    QVERIFY(preview.shownText().isEmpty());
}

void TestWidgets::rawShowsTextOrHex_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("hex");
    QTest::addColumn<QString>("contains");
    QTest::newRow("json") << QByteArray(R"({"a":"é"})") << false << QString::fromUtf8(R"({"a":"é"})");
    QTest::newRow("latin-1") << QByteArray("caf\xe9") << true << QStringLiteral("63 61 66 e9");
    QTest::newRow("nul byte") << QByteArray("a\0b", 3) << true << QStringLiteral("61 00 62");
    QTest::newRow("empty") << QByteArray() << false << QString();
}

void TestWidgets::rawShowsTextOrHex()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, hex);
    QFETCH(QString, contains);
    RawPayloadView view;
    view.showPayload(payload);
    QCOMPARE(view.isShowingHex(), hex);
    QVERIFY2(view.toPlainText().contains(contains), qPrintable(view.toPlainText()));
}

void TestWidgets::changesTableListsFields()
{
    ChangesTable table;
    const QByteArray payload =
        R"({"changes":{"status":["pending","completed"],"due":[null,"2026-01-02T00:00:00Z"],"tags":[["a"],["a","b"]]}})";
    QCOMPARE(table.showPayload(payload), 3);
    QCOMPARE(table.rowCount(), 3);
    QStringList fields;
    for (int row = 0; row < 3; ++row)
        fields << table.item(row, 0)->text();
    QCOMPARE(fields, (QStringList{QStringLiteral("due"), QStringLiteral("status"), QStringLiteral("tags")}));
    QCOMPARE(table.item(0, 1)->text(), QStringLiteral("null"));
    QCOMPARE(table.item(1, 2)->text(), QStringLiteral("completed"));
    QCOMPARE(table.item(2, 2)->text(), QStringLiteral(R"(["a","b"])"));
    QCOMPARE(table.showPayload("garbage"), 0);
}

void TestWidgets::profilesRoundTrip()
{
    ConnectionProfile production;
    production.name = QStringLiteral("production");
    production.url = QStringLiteral("rediss://bus.example:6380");
    production.user = QStringLiteral("monitor");
    production.caFile = QStringLiteral("/etc/ssl/bus-ca.pem");
    production.readOnly = true;
    ConnectionProfile local;
    local.name = QStringLiteral("local");
    local.readOnly = false;
    local.healthCheckMs = 1500;
    {
        QSettings settings;
        ConnectionProfile::saveAll(settings, {production, local});
    }
    QSettings settings;
    const QList<ConnectionProfile> loaded = ConnectionProfile::loadAll(settings);
    QCOMPARE(loaded.size(), 2);
    QCOMPARE(loaded.at(0).url, production.url);
    QCOMPARE(loaded.at(0).caFile, production.caFile);
    QCOMPARE(loaded.at(1).readOnly, false);
    QCOMPARE(loaded.at(0).healthCheckMs, ConnectionSettings::defaultHealthCheckMs);
    QCOMPARE(loaded.at(1).healthCheckMs, 1500);
    QCOMPARE(loaded.at(1).toSettings(QString())->healthCheckMs, 1500);
    QVERIFY(!settings.allKeys().join(QLatin1Char(' ')).contains(QStringLiteral("password")));
    QVERIFY(ConnectionProfile::load(settings, QStringLiteral("local")).has_value());
    QVERIFY(!ConnectionProfile::load(settings, QStringLiteral("nope")).has_value());
}

void TestWidgets::connectionDialogPicksAndChecks()
{
    ConnectionProfile staging;
    staging.name = QStringLiteral("staging");
    staging.url = QStringLiteral("redis://staging.example:6379");
    staging.user = QStringLiteral("support");
    staging.readOnly = false;
    {
        QSettings settings;
        ConnectionProfile::saveAll(settings, {staging});
    }
    ConnectionDialog dialog(nullptr);
    auto *list = dialog.findChild<QListWidget *>(QStringLiteral("profileList"));
    QVERIFY(list);
    QCOMPARE(list->count(), 1);
    QCOMPARE(dialog.profile().url, staging.url);
    QCOMPARE(dialog.profile().user, staging.user);
    QCOMPARE(dialog.profile().readOnly, false);

    // A URL that cannot be used keeps the dialog open and says why.
    dialog.findChild<QLineEdit *>(QStringLiteral("urlEdit"))->setText(QStringLiteral("http://nope"));
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("messageLabel"))->text().isEmpty());

    // A good one is saved under the profile's name when connecting, the password is not.
    dialog.findChild<QLineEdit *>(QStringLiteral("urlEdit"))
        ->setText(QStringLiteral("redis://staging.example:6380"));
    dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(QStringLiteral("secret"));
    dialog.findChild<QCheckBox *>(QStringLiteral("rememberPasswordCheck"))->setChecked(false);
    dialog.findChild<QDoubleSpinBox *>(QStringLiteral("healthCheckSpin"))->setValue(2.5);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.password(), QStringLiteral("secret"));
    QSettings settings;
    QCOMPARE(ConnectionProfile::load(settings, QStringLiteral("staging"))->url,
             QStringLiteral("redis://staging.example:6380"));
    QCOMPARE(ConnectionProfile::load(settings, QStringLiteral("staging"))->healthCheckMs, 2500);
    for (const QString &key : settings.allKeys())
        QVERIFY2(settings.value(key).toString() != QStringLiteral("secret"), qPrintable(key));
}

void TestWidgets::statusNamesRefusedSubscriptions()
{
    QMainWindow window;
    StatusPanel status(window.statusBar());
    ConnectionStatus subscribed{ConnectionState::Subscribed, QStringLiteral("redis://127.0.0.1:6379")};
    subscribed.refused = {
        {"__general__", false, QStringLiteral("NOPERM No permissions to access a channel"), 1},
        {"personal.*", true, QStringLiteral("NOPERM No permissions to access a channel"), 1}};
    status.setConnection(subscribed, QStringLiteral("redis://127.0.0.1:6379"));
    QCOMPARE(
        status.connectionText(),
        QStringLiteral("connected to redis://127.0.0.1:6379 — the server refused 2 subscriptions: channel "
                       "'__general__', pattern 'personal.*'"));
    const QString toolTip =
        window.statusBar()->findChild<QLabel *>(QStringLiteral("connectionStatus"))->toolTip();
    // The reason once, then each name on its own line.
    QVERIFY2(
        toolTip.endsWith(QLatin1String("\n\nThe server refused (NOPERM No permissions to access a channel):"
                                       "\n    channel '__general__'\n    pattern 'personal.*'")),
        qPrintable(toolTip));
}

void TestWidgets::statusSaysSinceWhenTheConnectionIsLost()
{
    QMainWindow window;
    StatusPanel status(window.statusBar());
    const QDateTime lost = QDateTime::currentDateTime().addSecs(-7);
    const QString since = lost.toString(QStringLiteral("hh:mm:ss"));
    ConnectionStatus reconnecting{ConnectionState::Reconnecting,
                                  QStringLiteral("no answer from the server for 5.0 s"), 400};
    reconnecting.lostSinceMs = lost.toMSecsSinceEpoch();
    status.setConnection(reconnecting, QStringLiteral("redis://h:1"));
    QCOMPARE(status.connectionText(),
             QStringLiteral("reconnecting to redis://h:1 in 0.4 s — no connection since %1 "
                            "(no answer from the server for 5.0 s)")
                 .arg(since));
    ConnectionStatus connecting{ConnectionState::Connecting, QStringLiteral("redis://h:1")};
    connecting.lostSinceMs = lost.toMSecsSinceEpoch();
    status.setConnection(connecting, QStringLiteral("redis://h:1"));
    QCOMPARE(status.connectionText(),
             QStringLiteral("connecting to redis://h:1… — no connection since %1").arg(since));
}

void TestWidgets::statusShowsOnlyNoticeableFilterTimes_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("shown");
    QTest::newRow("a tab switch") << qint64(0) << QString();
    QTest::newRow("quick") << qint64(49) << QString();
    QTest::newRow("noticeable") << qint64(50) << QStringLiteral("filter 50 ms");
    QTest::newRow("a regex over a million rows") << qint64(1480) << QStringLiteral("filter 1480 ms");
}

void TestWidgets::statusShowsOnlyNoticeableFilterTimes()
{
    QFETCH(qint64, ms);
    QMainWindow window;
    StatusPanel status(window.statusBar());
    status.setFilterTiming(1000, 10, 300); // an earlier slow one is replaced, not left behind
    status.setFilterTiming(1'000'000, 12, ms);
    QTEST(status.filterTimingText(), "shown");
}

void TestWidgets::passwordTypedInTheUrlIsNeverSaved_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("kept");
    QTest::addColumn<QString>("password");
    QTest::newRow("user and password")
        << QStringLiteral("redis://ops:s3cr%40t@bus.example:6390")
        << QStringLiteral("redis://ops@bus.example:6390") << QStringLiteral("s3cr@t");
    QTest::newRow("password alone") << QStringLiteral("rediss://:hunter2@bus.example:6380")
                                    << QStringLiteral("rediss://bus.example:6380")
                                    << QStringLiteral("hunter2");
    QTest::newRow("none") << QStringLiteral("redis://bus.example:6379")
                          << QStringLiteral("redis://bus.example:6379") << QString();
}

void TestWidgets::passwordTypedInTheUrlIsNeverSaved()
{
    QFETCH(QString, typed);
    QFETCH(QString, kept);
    QFETCH(QString, password);
    {
        QSettings settings;
        settings.clear();
    }
    ConnectionDialog dialog(nullptr);
    dialog.show();
    auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("prod"));
    url->setText(typed);
    emit url->editingFinished();
    QCOMPARE(url->text(), kept);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->text(), password);
    QCOMPARE(dialog.password(), password);
    if (!password.isEmpty())
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("messageLabel"))
                    ->text()
                    .contains(QStringLiteral("moved")));
    dialog.findChild<QCheckBox *>(QStringLiteral("rememberPasswordCheck"))->setChecked(false);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("bus.example"));
    if (!password.isEmpty()) {
        QVERIFY2(!written.contains(password.toUtf8()), written.constData());
        QVERIFY(!written.contains(QUrl::toPercentEncoding(password)));
    }
    QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                                   QFileDevice::WriteOther),
             QFileDevice::Permissions());
}

void TestWidgets::passwordsAnOlderVersionSavedAreDropped()
{
    {
        // As an older busmon wrote it: the URL as typed.
        QSettings settings;
        settings.clear();
        settings.beginWriteArray(QStringLiteral("profiles"), 2);
        settings.setArrayIndex(0);
        settings.setValue(QStringLiteral("name"), QStringLiteral("old"));
        settings.setValue(QStringLiteral("url"), QStringLiteral("redis://ops:plain-text@bus.example:6390"));
        settings.setArrayIndex(1);
        settings.setValue(QStringLiteral("name"), QStringLiteral("clean"));
        settings.setValue(QStringLiteral("url"), QStringLiteral("redis://bus.example:6379"));
        settings.endArray();
    }
    QSettings settings;
    QStringList affected;
    QVERIFY(ConnectionProfile::dropStoredPasswords(settings, &affected));
    QCOMPARE(affected, QStringList{QStringLiteral("old")});
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("plain-text"));
    QCOMPARE(ConnectionProfile::load(settings, QStringLiteral("old"))->url,
             QStringLiteral("redis://ops@bus.example:6390"));
    QVERIFY(!ConnectionProfile::dropStoredPasswords(settings));
}

void TestWidgets::statusShowsServerTextOnOneLine()
{
    // A refusal quotes the server, which may send anything: the status bar stays one line.
    QMainWindow window;
    StatusPanel status(window.statusBar());
    status.setConnection(
        {ConnectionState::Failed, QStringLiteral("refused (server: ERR\n\u001b[31mno\u202e)"), 0, false},
        QStringLiteral("redis://127.0.0.1:6379"));
    QStringList texts;
    for (const QLabel *label : window.statusBar()->findChildren<QLabel *>())
        texts << label->text();
    QVERIFY2(texts.contains(QStringLiteral("failed: refused (server: ERR [31mno )")),
             qPrintable(texts.join(u'|')));
}

QTEST_MAIN(TestWidgets)
#include "tst_widgets.moc"
