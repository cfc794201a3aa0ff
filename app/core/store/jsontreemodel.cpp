#include "store/jsontreemodel.h"

#include "store/filterexpression.h"

namespace busmon {

namespace {

using Type = JsonValueRef::Type;

constexpr int compactLength = 200;

QString typeName(Type type)
{
    switch (type) {
    case Type::String:
        return QStringLiteral("string");
    case Type::Number:
        return QStringLiteral("number");
    case Type::True:
    case Type::False:
        return QStringLiteral("boolean");
    case Type::Null:
        return QStringLiteral("null");
    case Type::Object:
        return QStringLiteral("object");
    case Type::Array:
        return QStringLiteral("array");
    default:
        return QString();
    }
}

bool isIdentifier(const QString &key)
{
    if (key.isEmpty() || key.at(0).isDigit())
        return false;
    for (QChar c : key) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_')))
            return false;
    }
    return true;
}

bool isFilterKey(const QString &key)
{
    if (key.isEmpty())
        return false;
    for (QChar c : key) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-')))
            return false;
    }
    return true;
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setPayload(const QByteArray &payload)
{
    setTree(JsonTree::parse(payload));
}

void JsonTreeModel::setTree(JsonTree tree)
{
    beginResetModel();
    m_tree = std::move(tree);
    endResetModel();
}

void JsonTreeModel::clear()
{
    setTree(JsonTree());
}

const JsonTree::Node *JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const quintptr id = index.internalId();
    return id < m_tree.nodes.size() ? &m_tree.nodes[id] : nullptr;
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        return row < m_tree.topCount ? createIndex(row, column, quintptr(row)) : QModelIndex();
    }
    const JsonTree::Node *node = nodeOf(parent);
    if (!node || row >= node->childCount)
        return {};
    return createIndex(row, column, quintptr(node->firstChild + row));
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    const JsonTree::Node *node = nodeOf(child);
    if (!node || node->parent < 0)
        return {};
    const JsonTree::Node &parentNode = m_tree.nodes[static_cast<size_t>(node->parent)];
    return createIndex(parentNode.row, 0, quintptr(node->parent));
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_tree.topCount;
    if (parent.column() != 0)
        return 0;
    const JsonTree::Node *node = nodeOf(parent);
    return node ? node->childCount : 0;
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString JsonTreeModel::fullValue(const JsonTree::Node &node) const
{
    if (node.type == Type::String)
        return JsonFieldScanner::decodeString(node.raw);
    return QString::fromUtf8(node.raw);
}

QString JsonTreeModel::compactValue(const JsonTree::Node &node) const
{
    switch (node.type) {
    // A container past the node budget of a truncated tree has no children here, but is not empty.
    case Type::Object:
        return m_tree.truncated && node.childCount == 0 && node.raw.size() > 2
                   ? QStringLiteral("{…}")
                   : QStringLiteral("{%1}").arg(node.childCount);
    case Type::Array:
        return m_tree.truncated && node.childCount == 0 && node.raw.size() > 2
                   ? QStringLiteral("[…]")
                   : QStringLiteral("[%1]").arg(node.childCount);
    case Type::String: {
        QString text = JsonFieldScanner::decodeString(
            node.raw.first(std::min<qsizetype>(node.raw.size(), compactLength * 4)));
        text.replace(QLatin1Char('\n'), QChar(0x21B5));
        if (text.size() > compactLength)
            text = text.left(compactLength) + QChar(0x2026);
        return text;
    }
    default:
        return QString::fromUtf8(node.raw);
    }
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    const JsonTree::Node *node = nodeOf(index);
    if (!node)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return node->isElement ? QStringLiteral("[%1]").arg(node->row) : node->key;
        case ValueColumn:
            return compactValue(*node);
        case TypeColumn:
            return typeName(node->type);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn && node->type != Type::Object && node->type != Type::Array)
            return fullValue(*node).left(4096);
        if (index.column() == KeyColumn)
            return jsonPath(index);
        return {};
    case JsonPathRole:
        return jsonPath(index);
    case ValueTextRole:
        return valueText(index);
    case FilterTermRole:
        return filterTerm(index);
    case TypeRole:
        return static_cast<int>(node->type);
    default:
        return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    default:
        return {};
    }
}

QString JsonTreeModel::jsonPath(const QModelIndex &index) const
{
    QStringList parts;
    for (const JsonTree::Node *node = nodeOf(index); node;
         node = node->parent < 0 ? nullptr : &m_tree.nodes[static_cast<size_t>(node->parent)]) {
        if (node->isElement)
            parts.prepend(QStringLiteral("[%1]").arg(node->row));
        else if (isIdentifier(node->key))
            parts.prepend(QLatin1Char('.') + node->key);
        else
            parts.prepend(QStringLiteral("[%1]").arg(FilterExpression::quoted(node->key)));
    }
    if (parts.isEmpty())
        return {};
    return QLatin1Char('$') + parts.join(QString());
}

QString JsonTreeModel::filterPath(const QModelIndex &index) const
{
    QString path;
    for (const JsonTree::Node *node = nodeOf(index); node;
         node = node->parent < 0 ? nullptr : &m_tree.nodes[static_cast<size_t>(node->parent)]) {
        if (node->isElement) {
            path.prepend(QStringLiteral("[%1]").arg(node->row));
        } else {
            if (!isFilterKey(node->key))
                return {};
            const bool separate = !path.isEmpty() && !path.startsWith(QLatin1Char('['));
            path.prepend(separate ? node->key + QLatin1Char('.') : node->key);
        }
    }
    // The filter bar reads a leading '-' before anything but a digit as "not" (-kind:sync).
    if (path.startsWith(QLatin1Char('-')) && !(path.size() > 1 && path.at(1).isDigit()))
        return {};
    return path;
}

QString JsonTreeModel::valueText(const QModelIndex &index) const
{
    const JsonTree::Node *node = nodeOf(index);
    return node ? fullValue(*node) : QString();
}

QString JsonTreeModel::filterTerm(const QModelIndex &index) const
{
    const JsonTree::Node *node = nodeOf(index);
    if (!node || node->type == Type::Object || node->type == Type::Array)
        return {};
    const QString path = filterPath(index);
    if (path.isEmpty() || FilterExpression::reservedFields().contains(path.toLower()))
        return {};
    if (node->type == Type::String)
        return path + QLatin1Char(':') + FilterExpression::quoted(fullValue(*node));
    return path + QLatin1Char(':') + fullValue(*node);
}

} // namespace busmon
