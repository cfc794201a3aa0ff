// The compose dialog's templates and history, kept in QSettings across runs.
#include "publish/draftlibrary.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace busmon;

namespace {
ToastDraft draftTitled(const QString &title)
{
    ToastDraft draft;
    draft.title = title;
    draft.message = QStringLiteral("m");
    return draft;
}
} // namespace

class TestDraftLibrary : public QObject
{
    Q_OBJECT
private slots:
    void templatesAreNamedAndReplaced();
    void historyKeepsTheLastFiftyNewestFirst();
    void survivesAReopenedSettingsFile();

private:
    QTemporaryDir m_dir;
};

void TestDraftLibrary::templatesAreNamedAndReplaced()
{
    QSettings settings(m_dir.filePath(QStringLiteral("templates.ini")), QSettings::IniFormat);
    DraftLibrary library(settings);
    QVERIFY(library.templates().isEmpty());
    ToastDraft outage = draftTitled(QStringLiteral("Outage"));
    outage.target = ToastDraft::Target::OneUser;
    outage.username = QStringLiteral("jane.doe@example.com");
    outage.type = QStringLiteral("error");
    library.saveTemplate(QStringLiteral("outage"), outage);
    library.saveTemplate(QStringLiteral("Maintenance"), draftTitled(QStringLiteral("Maintenance")));
    QCOMPARE(library.templates().size(), 2);
    QCOMPARE(library.templates().at(0).name, QStringLiteral("Maintenance")); // by name, any case
    QCOMPARE(library.templates().at(1).draft, outage);

    library.saveTemplate(QStringLiteral("outage"), draftTitled(QStringLiteral("Outage, again")));
    QCOMPARE(library.templates().size(), 2);
    QCOMPARE(library.templates().at(1).draft.title, QStringLiteral("Outage, again"));

    library.removeTemplate(QStringLiteral("Maintenance"));
    QCOMPARE(library.templates().size(), 1);
    QCOMPARE(library.templates().at(0).name, QStringLiteral("outage"));
}

void TestDraftLibrary::historyKeepsTheLastFiftyNewestFirst()
{
    QSettings settings(m_dir.filePath(QStringLiteral("history.ini")), QSettings::IniFormat);
    DraftLibrary library(settings);
    const QDateTime start(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC);
    for (int i = 0; i < DraftLibrary::historyLimit + 5; ++i)
        library.addToHistory(
            {start.addSecs(i), QStringLiteral("profile “prod”"), draftTitled(QString::number(i))});
    const QList<DraftLibrary::Published> history = library.history();
    QCOMPARE(history.size(), DraftLibrary::historyLimit);
    QCOMPARE(history.first().draft.title, QString::number(DraftLibrary::historyLimit + 4));
    QCOMPARE(history.first().time, start.addSecs(DraftLibrary::historyLimit + 4));
    QCOMPARE(history.first().target, QStringLiteral("profile “prod”"));
    QCOMPARE(history.last().draft.title, QStringLiteral("5"));
}

void TestDraftLibrary::survivesAReopenedSettingsFile()
{
    const QString path = m_dir.filePath(QStringLiteral("reopened.ini"));
    ToastDraft draft = draftTitled(QString::fromUtf8("\xf0\x9f\x8e\x89 <b>x</b>"));
    draft.duration = QStringLiteral("8000");
    {
        QSettings settings(path, QSettings::IniFormat);
        DraftLibrary library(settings);
        library.saveTemplate(QStringLiteral("party"), draft);
        library.addToHistory({QDateTime::currentDateTimeUtc(), QStringLiteral("redis://h:1"), draft});
    }
    QSettings settings(path, QSettings::IniFormat);
    DraftLibrary library(settings);
    QCOMPARE(library.templates().at(0).draft, draft);
    QCOMPARE(library.history().at(0).draft, draft);
}

QTEST_GUILESS_MAIN(TestDraftLibrary)
#include "tst_draftlibrary.moc"
