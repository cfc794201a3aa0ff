#pragma once

#include "store/jsontree.h"

#include <QAbstractItemModel>

namespace busmon {

// The selected payload as a tree: key, value, type. Built only for the selected row. Members keep
// the order of the payload and numbers keep their exact text (no double rounding of big ids).
// A payload that is not JSON gives an empty model and errorString().
class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        JsonPathRole = Qt::UserRole + 1, // QString, `$.task_data.tags[0]`
        ValueTextRole,                   // QString, what "copy value" copies
        FilterTermRole,                  // QString, `task_data.status:pending`; empty for containers
        TypeRole,                        // int(JsonValueRef::Type)
    };
    Q_ENUM(Role)

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    // Parses here, on the caller's thread; setTree() takes one parsed elsewhere (JsonTree::parse).
    void setPayload(const QByteArray &payload);
    void setTree(JsonTree tree);
    void clear();
    const QByteArray &payload() const { return m_tree.payload; }
    bool hasTree() const { return !m_tree.nodes.empty(); }
    // Why there is no tree: "not JSON: unterminated string at offset 12". Empty when there is one.
    const QString &errorString() const { return m_tree.error; }

    QString jsonPath(const QModelIndex &index) const;
    QString valueText(const QModelIndex &index) const;
    // The path in the filter language (`task_data.tags[0]`); empty when a key cannot be written in it.
    QString filterPath(const QModelIndex &index) const;
    // A filter term for this value (`task_data.status:pending`); empty for objects and arrays.
    QString filterTerm(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const JsonTree::Node *nodeOf(const QModelIndex &index) const;
    QString compactValue(const JsonTree::Node &node) const;
    QString fullValue(const JsonTree::Node &node) const;

    JsonTree m_tree;
};

} // namespace busmon
