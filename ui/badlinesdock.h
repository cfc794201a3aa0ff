#pragma once

#include "capture/captureloader.h"

#include <QDockWidget>

class QLabel;
class QTreeWidget;

namespace busmon {

// The lines of an opened capture that are not valid capture, with their line numbers and why; the
// rest of the file opened all the same. Appears when the first one is found.
class BadLinesDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit BadLinesDock(QWidget *parent = nullptr);

    void reset(const QString &fileName);
    void addLines(const CaptureBadLineList &lines);
    // When more were found than listed: "12,345 bad lines; the first 10,000 are listed".
    void setTotal(qint64 total);
    int listedCount() const;

private:
    QLabel *m_summary;
    QTreeWidget *m_list;
    QString m_fileName;
};

} // namespace busmon
