#include "aboutdialog.h"

#include "ui_aboutdialog.h"

#include "bus/hiredisversion.h"
#include "bus/serverversionquery.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFontDatabase>
#include <QPushButton>

namespace busmon {

AboutDialog::AboutDialog(const ConnectionSettings *bus, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    m_ui->iconLabel->setPixmap(QIcon(QStringLiteral(":/busmon/icons/busmon.svg")).pixmap(64, 64));
    m_ui->titleLabel->setText(
        tr("<b style=\"font-size: large\">busmon %1</b>").arg(QCoreApplication::applicationVersion()));

    const QString runtimeQt = QString::fromLatin1(qVersion());
    m_ui->qtVersionLabel->setText(
        runtimeQt == QLatin1String(QT_VERSION_STR)
            ? runtimeQt
            : tr("%1 (built with %2)").arg(runtimeQt, QLatin1String(QT_VERSION_STR)));
    m_ui->hiredisVersionLabel->setText(hiredisVersion());
    if (bus)
        askServerVersion(*bus);
    else
        m_ui->redisVersionLabel->setText(tr("not connected"));

    QFile license(QStringLiteral(":/busmon/license.txt"));
    if (license.open(QIODevice::ReadOnly))
        m_ui->licenseText->setPlainText(QString::fromUtf8(license.readAll()));
    m_ui->licenseText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    QPushButton *copy = m_ui->buttonBox->addButton(tr("&Copy versions"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(versionsText()); });
}

AboutDialog::~AboutDialog() = default;

AboutDialog *AboutDialog::showFor(QWidget *parent, const ConnectionSettings *bus)
{
    auto *dialog = new AboutDialog(bus, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

QString AboutDialog::versionsText() const
{
    return QStringLiteral("busmon %1\nQt %2\nhiredis %3\nRedis server: %4\n")
        .arg(QCoreApplication::applicationVersion(), m_ui->qtVersionLabel->text(),
             m_ui->hiredisVersionLabel->text(), m_ui->redisVersionLabel->text());
}

void AboutDialog::askServerVersion(const ConnectionSettings &bus)
{
    const QString where = bus.displayUrl();
    m_ui->redisVersionLabel->setText(tr("asking %1…").arg(where));
    auto *query = new ServerVersionQuery(bus, this);
    connect(query, &ServerVersionQuery::answered, this, [this, query, where](const QString &version) {
        m_ui->redisVersionLabel->setText(tr("%1 (%2)").arg(version, where));
        query->deleteLater();
    });
    connect(query, &ServerVersionQuery::failed, this, [this, query](const QString &reason) {
        m_ui->redisVersionLabel->setText(tr("unknown: %1").arg(reason));
        query->deleteLater();
    });
    query->start();
}

} // namespace busmon
