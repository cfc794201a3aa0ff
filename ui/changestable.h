#pragma once

#include <QTableWidget>

class QJsonDocument;

namespace busmon {

// The `changes` of a changed_task payload as a table: field, before, after. Either side may be
// null (a field added or removed), shown as an empty, greyed cell.
class ChangesTable : public QTableWidget
{
    Q_OBJECT
public:
    explicit ChangesTable(QWidget *parent = nullptr);

    // Returns the number of changed fields; 0 with a note row when there are none or `changes` is malformed.
    int showPayload(const QByteArray &payload);
    int showDocument(const QJsonDocument &document); // the payload, parsed elsewhere
};

} // namespace busmon
