#pragma once

#include <QChartView>
#include <functional>

namespace busmon {

// One activity chart on screen, with its export: the chart as a PNG, its data as CSV (context menu,
// or the panel's Export menu).
class ActivityChartView : public QChartView
{
    Q_OBJECT
public:
    using CsvSource = std::function<QString()>;

    ActivityChartView(QChart *chart, const QString &fileStem, CsvSource csv, QWidget *parent = nullptr);

    QString fileStem() const { return m_fileStem; } // "sync-activity-syncs"
    bool savePng(const QString &path, QString *error = nullptr);
    bool saveCsv(const QString &path, QString *error = nullptr);
    // Ask where, then save; a failure is told in a message box.
    void exportPng();
    void exportCsv();

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    QString askPath(const QString &suffix, const QString &filter);

    QString m_fileStem;
    CsvSource m_csv;
};

} // namespace busmon
