#pragma once

#include "store/jsonfieldscanner.h"

#include <QByteArray>
#include <QString>
#include <limits>
#include <vector>

class QJsonDocument;

namespace busmon {

// A payload parsed into a flat table of nodes for JsonTreeModel. A value type, so it can be built
// on a worker thread and handed to the model in one step: a big payload never parses on the GUI
// thread. Nodes point into `payload`, which the tree keeps (copies share it; it is never written).
struct JsonTree
{
    struct Node
    {
        int parent = -1; // -1: top level
        int row = 0;
        int firstChild = -1; // children are contiguous
        int childCount = 0;
        bool isElement = false; // an array element: `key` is unused
        JsonValueRef::Type type = JsonValueRef::Type::Null;
        QString key;
        QByteArrayView raw; // into payload
    };

    QByteArray payload;
    std::vector<Node> nodes;
    int topCount = 0;       // top-level nodes are nodes[0 .. topCount)
    QString error;          // why there is no tree: "not JSON: unterminated string at offset 12"
    bool truncated = false; // maxNodes were reached: containers past it show no children

    // *document, when given, receives the parsed document too (null when the payload is not JSON).
    static JsonTree parse(const QByteArray &payload, int maxNodes = std::numeric_limits<int>::max(),
                          QJsonDocument *document = nullptr);

private:
    void build(const JsonValueRef &top, size_t maxNodes);
};

} // namespace busmon
