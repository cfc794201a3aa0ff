#include "store/jsontree.h"

#include "events/jsonscanner.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace busmon {

namespace {
using Type = JsonValueRef::Type;
} // namespace

JsonTree JsonTree::parse(const QByteArray &payload, int maxNodes, QJsonDocument *document)
{
    JsonTree tree;
    tree.payload = payload;
    // Judged by the same scanner as at ingest (RFC 8259), so the pane never shows a tree for a payload
    // the table calls "not JSON": Qt's parser lets raw control characters in strings pass.
    const auto notJson = [&tree](const QString &why) {
        tree.error = QCoreApplication::translate("busmon::JsonTree", "not JSON: %1").arg(why);
        return tree;
    };
    if (tree.payload.isEmpty()) {
        tree.error = QCoreApplication::translate("busmon::JsonTree", "empty payload");
        return tree;
    }
    if (!QByteArrayView(tree.payload).isValidUtf8())
        return notJson(QStringLiteral("not valid UTF-8"));
    const JsonScanner::Result scanned = JsonScanner::scan(tree.payload);
    if (!scanned.ok)
        return notJson(QStringLiteral("%1 at offset %2").arg(scanned.error).arg(scanned.offset));
    if (!scanned.value.isObject() && !scanned.value.isArray()) {
        tree.error = QCoreApplication::translate("busmon::JsonTree", "not a JSON object or array");
        return tree;
    }
    if (document)
        *document = QJsonDocument::fromJson(tree.payload);
    tree.build(JsonFieldScanner::valueAt(tree.payload), static_cast<size_t>(std::max(maxNodes, 0)));
    return tree;
}

// Breadth-first with an explicit queue: nesting depth costs no stack, and each parent's children
// end up contiguous.
void JsonTree::build(const JsonValueRef &top, size_t maxNodes)
{
    auto addChildren = [this, maxNodes](int parent, const JsonValueRef &container) {
        const int first = static_cast<int>(nodes.size());
        int row = 0;
        if (container.type == Type::Object) {
            JsonFieldScanner::forEachMember(container.raw,
                                            [&](QByteArrayView key, const JsonValueRef &value) {
                                                Node node;
                                                node.parent = parent;
                                                node.row = row++;
                                                node.key = JsonFieldScanner::decodeString(key);
                                                node.type = value.type;
                                                node.raw = value.raw;
                                                nodes.push_back(node);
                                                truncated = nodes.size() >= maxNodes;
                                                return !truncated;
                                            });
        } else {
            JsonFieldScanner::forEachElement(container.raw, [&](const JsonValueRef &value) {
                Node node;
                node.parent = parent;
                node.row = row++;
                node.isElement = true;
                node.type = value.type;
                node.raw = value.raw;
                nodes.push_back(node);
                truncated = nodes.size() >= maxNodes;
                return !truncated;
            });
        }
        return std::pair{first, row};
    };
    topCount = addChildren(-1, top).second;
    for (size_t i = 0; i < nodes.size() && !truncated; ++i) {
        const Type type = nodes[i].type;
        if (type != Type::Object && type != Type::Array)
            continue;
        JsonValueRef container;
        container.type = type;
        container.raw = nodes[i].raw;
        const auto [first, count] = addChildren(static_cast<int>(i), container);
        nodes[i].firstChild = count > 0 ? first : -1;
        nodes[i].childCount = count;
    }
}

} // namespace busmon
