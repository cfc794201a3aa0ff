// The JSON tree of the detail pane: JsonTree::parse and JsonTreeModel on any payload, whole and cut
// to a small node budget, under QAbstractItemModelTester, reading every role of every cell. Besides
// crashes, leaks and sanitizer reports it checks:
// - the detail pane and the table agree on what is JSON: a payload the table judged an object or an
//   array gets a tree, one it judged not JSON gets none (nesting between the two parsers' depth
//   limits aside);
// - "filter on this value" works: every term the tree offers parses, and the filter bar with it
//   selects the message it came from. Not checked where a duplicate key on the path makes it
//   ambiguous, nor for ASCII keys written with \u escapes: the filter looks for ASCII keys as raw
//   bytes, as json.dumps and jsoncpp write them (JsonFieldScanner's fast path, on purpose).
#include "events/eventdecoder.h"
#include "events/payloaddocument.h"
#include "fuzzinput.h"
#include "store/eventstore.h"
#include "store/filtermatcher.h"
#include "store/jsontreemodel.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>

using namespace busmon;

namespace {

void checkAgreement(const QByteArray &payload, const JsonTree &tree)
{
    if (payload.size() > PayloadDocument::sizeLimit)
        return;
    const PayloadDocument document = PayloadDocument::parse(payload);
    switch (document.state()) {
    case PayloadDocument::State::Object:
        BUSMON_FUZZ_CHECK(tree.error.isEmpty(), tree.error.toUtf8());
        break;
    case PayloadDocument::State::NotObject:
        BUSMON_FUZZ_CHECK(tree.error.isEmpty() == (document.error() == QLatin1String("array")),
                          document.error().toUtf8() + " / " + tree.error.toUtf8());
        break;
    case PayloadDocument::State::NotJson:
        if (!document.error().startsWith(QLatin1String("too deeply nested")))
            BUSMON_FUZZ_CHECK(!tree.error.isEmpty(), document.error().toUtf8());
        break;
    default:
        break;
    }
}

bool isElement(const JsonTreeModel &model, const QModelIndex &index)
{
    if (index.parent().isValid())
        return index.parent().data(JsonTreeModel::TypeRole).toInt() == int(JsonValueRef::Type::Array);
    return model.payload().trimmed().startsWith('[');
}

// Whether the filter cannot be expected to find the node: a sibling of it or of an ancestor has the
// same key (the filter takes the first of equal keys), or an ASCII key on the path is written with
// escapes.
bool onAmbiguousPath(const JsonTreeModel &model, QModelIndex index)
{
    for (; index.isValid(); index = index.parent()) {
        if (isElement(model, index))
            continue;
        const QString key = index.siblingAtColumn(JsonTreeModel::KeyColumn).data().toString();
        const bool ascii = std::all_of(key.begin(), key.end(), [](QChar c) { return c.unicode() < 0x80; });
        if (ascii && !model.payload().contains('"' + key.toUtf8() + '"'))
            return true;
        const QModelIndex parent = index.parent();
        for (int row = 0; row < model.rowCount(parent); ++row) {
            if (row != index.row() && model.index(row, 0, parent).data().toString() == key)
                return true;
        }
    }
    return false;
}

class TermChecker
{
public:
    explicit TermChecker(const QByteArray &payload)
    {
        BusEvent event;
        event.sequence = 1;
        event.channel = "personal.alice";
        event.payload = payload;
        EventDecoder::decode(event);
        m_store.append({event});
    }

    void check(const JsonTreeModel &model, const QModelIndex &index)
    {
        const QString term = index.data(JsonTreeModel::FilterTermRole).toString();
        if (term.isEmpty() || onAmbiguousPath(model, index))
            return;
        const FilterExpression expression = FilterExpression::parse(term);
        BUSMON_FUZZ_CHECK(expression.isValid(), term.toUtf8() + "\n" + expression.errorMessage().toUtf8());
        FilterMatcher matcher(std::nullopt, {expression});
        BUSMON_FUZZ_CHECK(matcher.matchingRowIds(m_store, 0, 1).size() == 1, term.toUtf8());
    }

private:
    EventStore m_store;
};

void visit(const JsonTreeModel &model, const QModelIndex &parent, TermChecker *terms)
{
    static const int roles[] = {Qt::DisplayRole,
                                Qt::ToolTipRole,
                                JsonTreeModel::JsonPathRole,
                                JsonTreeModel::ValueTextRole,
                                JsonTreeModel::FilterTermRole,
                                JsonTreeModel::TypeRole};
    for (int row = 0; row < model.rowCount(parent); ++row) {
        for (int column = 0; column < model.columnCount(parent); ++column) {
            const QModelIndex index = model.index(row, column, parent);
            for (int role : roles)
                index.data(role);
        }
        const QModelIndex first = model.index(row, 0, parent);
        if (terms)
            terms->check(model, first);
        visit(model, first, terms);
    }
}

void browse(const QByteArray &payload, int maxNodes, TermChecker *terms)
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    JsonTree tree = JsonTree::parse(payload, maxNodes);
    if (terms)
        checkAgreement(payload, tree);
    model.setTree(std::move(tree));
    visit(model, {}, terms);
    model.clear();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication application(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::FuzzInput input(data, size);
    const QByteArray payload = input.bytes.toByteArray();
    TermChecker terms(payload);
    browse(payload, std::numeric_limits<int>::max(), &terms);
    browse(payload, 1 + int(size % 40), nullptr);
    return 0;
}
