#include "activitychartview.h"

#include <QContextMenuEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>

namespace busmon {

ActivityChartView::ActivityChartView(QChart *chart, const QString &fileStem, CsvSource csv, QWidget *parent)
    : QChartView(chart, parent)
    , m_fileStem(fileStem)
    , m_csv(std::move(csv))
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(240);
}

bool ActivityChartView::savePng(const QString &path, QString *error)
{
    if (grab().save(path, "PNG"))
        return true;
    if (error)
        *error = tr("Could not write %1.").arg(QDir::toNativeSeparators(path));
    return false;
}

bool ActivityChartView::saveCsv(const QString &path, QString *error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(m_csv().toUtf8());
        if (file.commit())
            return true;
    }
    if (error)
        *error = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}

QString ActivityChartView::askPath(const QString &suffix, const QString &filter)
{
    const QString suggested =
        QStringLiteral("%1-%2.%3")
            .arg(m_fileStem, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")), suffix);
    return QFileDialog::getSaveFileName(this, tr("Export %1").arg(chart()->title()),
                                        QDir::home().filePath(suggested), filter);
}

void ActivityChartView::exportPng()
{
    const QString path = askPath(QStringLiteral("png"), tr("PNG images (*.png)"));
    QString error;
    if (!path.isEmpty() && !savePng(path, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

void ActivityChartView::exportCsv()
{
    const QString path = askPath(QStringLiteral("csv"), tr("CSV files (*.csv)"));
    QString error;
    if (!path.isEmpty() && !saveCsv(path, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

void ActivityChartView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Save chart as PNG…"), this, &ActivityChartView::exportPng);
    menu.addAction(tr("Save data as CSV…"), this, &ActivityChartView::exportCsv);
    menu.exec(event->globalPos());
}

} // namespace busmon
