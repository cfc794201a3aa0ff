#include "store/filtermatcher.h"

#include "store/byteregex.h"
#include "store/eventstore.h"

#include <QRegularExpression>
#include <QThreadPool>
#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstring>
#include <memory>

namespace busmon {

namespace {

using Node = FilterExpression::Node;
using JsonType = JsonValueRef::Type;

bool isAscii(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool equalsIgnoringAsciiCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (TextSearcher::fold(a[i]) != TextSearcher::fold(b[i]))
            return false;
    }
    return true;
}

// A word with non-ASCII letters can only be in a payload holding non-ASCII bytes or, as Python's
// json.dumps writes them, \u escapes: the cheap test before decoding the payload.
bool holdsNonAscii(QByteArrayView bytes)
{
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    for (; p < end; ++p) {
        if (static_cast<unsigned char>(*p) >= 0x80 || (*p == '\\' && p + 1 < end && p[1] == 'u'))
            return true;
    }
    return false;
}

std::optional<double> parseNumber(QByteArrayView text)
{
    double value = 0;
    const char *begin = text.data();
    const char *end = begin + text.size();
    if (begin != end && *begin == '+')
        ++begin;
    const auto result = std::from_chars(begin, end, value);
    if (result.ec != std::errc() || result.ptr != end || begin == end)
        return std::nullopt;
    return value;
}

QRegularExpression globToRegex(const QString &glob)
{
    QString pattern = QStringLiteral("\\A");
    for (QChar c : glob) {
        if (c == QLatin1Char('*'))
            pattern += QLatin1String(".*");
        else if (c == QLatin1Char('?'))
            pattern += QLatin1Char('.');
        else
            pattern += QRegularExpression::escape(QString(c));
    }
    pattern += QLatin1String("\\z");
    QRegularExpression regex(pattern, QRegularExpression::CaseInsensitiveOption |
                                          QRegularExpression::DotMatchesEverythingOption);
    regex.optimize();
    return regex;
}

// Skips what follows a backslash at pattern[i] (i is left on the escape's last character). More than
// the escape may be skipped (the letters after \x41, say), never less: the caller ends its run.
qsizetype skipEscape(const QString &pattern, qsizetype i)
{
    const qsizetype size = pattern.size();
    if (++i >= size)
        return i;
    const QChar kind = pattern.at(i);
    if (kind == QLatin1Char('Q')) { // \Q...\E: quoted text
        const qsizetype end = pattern.indexOf(QLatin1String("\\E"), i + 1);
        return end < 0 ? size : end + 1;
    }
    if (!QStringLiteral("xopPNgkc0123456789").contains(kind))
        return i;
    const qsizetype next = i + 1;
    if (next < size) {
        const QChar open = pattern.at(next);
        const QChar close = open == QLatin1Char('{')    ? QLatin1Char('}')
                            : open == QLatin1Char('<')  ? QLatin1Char('>')
                            : open == QLatin1Char('\'') ? QLatin1Char('\'')
                                                        : QChar();
        if (!close.isNull()) {
            const qsizetype end = pattern.indexOf(close, next + 1);
            return end < 0 ? size : end;
        }
    }
    if (kind == QLatin1Char('c'))
        return std::min(next, size - 1);
    while (i + 1 < size &&
           (pattern.at(i + 1).isLetterOrNumber() || pattern.at(i + 1) == QLatin1Char('-') ||
            pattern.at(i + 1) == QLatin1Char('+')) &&
           pattern.at(i + 1).unicode() < 0x80)
        ++i;
    return i;
}

// Skips a character class starting at pattern[i] == '['; returns the index of its closing ']'.
qsizetype skipClass(const QString &pattern, qsizetype i)
{
    const qsizetype size = pattern.size();
    ++i;
    if (i < size && pattern.at(i) == QLatin1Char('^'))
        ++i;
    if (i < size && pattern.at(i) == QLatin1Char(']')) // a ']' first is a member
        ++i;
    for (; i < size; ++i) {
        const QChar c = pattern.at(i);
        if (c == QLatin1Char('\\')) {
            i = skipEscape(pattern, i);
        } else if (c == QLatin1Char('[') && i + 1 < size && pattern.at(i + 1) == QLatin1Char(':')) {
            const qsizetype end = pattern.indexOf(QLatin1String(":]"), i + 2);
            i = end < 0 ? size : end + 1;
        } else if (c == QLatin1Char(']')) {
            return i;
        }
    }
    return size;
}

// The longest ASCII run a match of `regex` must contain, or empty when no such run is certain: rows
// without it skip the regex. Conservative: alternation, inline options, groups, classes, escapes,
// quantifier braces and optional characters end a run; with any doubt the answer is "none" and every
// row goes to the regex. Under /i, k and s end a run too: Unicode case folding matches them with
// the Kelvin sign and the long s, which the ASCII search would not find.
QByteArray requiredLiteral(const QRegularExpression &regex)
{
    const QString pattern = regex.pattern();
    const auto options = regex.patternOptions();
    if (pattern.contains(QLatin1String("(?")) || (options & ~QRegularExpression::CaseInsensitiveOption))
        return {};
    const bool caseless = options & QRegularExpression::CaseInsensitiveOption;
    QByteArray best;
    QByteArray run;
    int depth = 0;
    auto endRun = [&] {
        if (run.size() > best.size())
            best = run;
        run.clear();
    };
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == QLatin1Char('|') && depth == 0)
            return {};
        const QChar next = i + 1 < pattern.size() ? pattern.at(i + 1) : QChar();
        const bool optionalNext =
            next == QLatin1Char('?') || next == QLatin1Char('*') || next == QLatin1Char('{');
        const bool foldsBeyondAscii = caseless && QStringLiteral("kKsS").contains(c);
        if (c == QLatin1Char('(')) {
            ++depth;
            endRun();
        } else if (c == QLatin1Char(')')) {
            --depth;
            endRun();
        } else if (c == QLatin1Char('[')) {
            endRun();
            i = skipClass(pattern, i);
        } else if (c == QLatin1Char('\\')) {
            endRun();
            i = skipEscape(pattern, i);
        } else if (c == QLatin1Char('{')) {
            endRun();
            const qsizetype close = pattern.indexOf(QLatin1Char('}'), i + 1);
            i = close < 0 ? pattern.size() : close;
        } else if (depth > 0 || c.unicode() >= 0x80 || foldsBeyondAscii ||
                   QStringLiteral(".^$+?*}").contains(c)) {
            endRun();
        } else if (optionalNext) {
            endRun();
        } else {
            run += static_cast<char>(c.unicode());
            if (next == QLatin1Char('+'))
                endRun();
        }
    }
    endRun();
    return best.size() >= 2 ? best : QByteArray();
}

// How a field's value is compared with what the user wrote.
struct Comparison
{
    Node::Op op = Node::Op::Match;
    bool containsMode = false; // summary: and problem: with ':' mean "contains"
    QString value;
    QByteArray valueUtf8;
    bool valueAscii = true;
    TextSearcher searcher; // containsMode with an ASCII value
    ByteRegex pattern;     // a /regex/ or a glob
    bool usePattern = false;
    std::optional<double> number;
    JsonType literal = JsonType::Missing; // unquoted true, false, null

    static Comparison from(const Node &node, bool containsWhenMatch)
    {
        Comparison c;
        c.op = node.op;
        c.value = node.value;
        c.valueUtf8 = node.value.toUtf8();
        c.valueAscii = isAscii(c.valueUtf8);
        c.containsMode = containsWhenMatch && node.op == Node::Op::Match;
        if (node.valueIsRegex) {
            c.pattern = ByteRegex(node.regex);
            c.usePattern = true;
        } else if (!node.quoted &&
                   (node.value.contains(QLatin1Char('*')) || node.value.contains(QLatin1Char('?')))) {
            c.pattern = ByteRegex(globToRegex(node.value));
            c.usePattern = true;
            c.containsMode = false;
        }
        if (c.containsMode && c.valueAscii)
            c.searcher = TextSearcher(c.valueUtf8);
        if (!node.valueIsRegex) {
            c.number = parseNumber(c.valueUtf8);
            if (!node.quoted) {
                if (c.valueUtf8 == "true")
                    c.literal = JsonType::True;
                else if (c.valueUtf8 == "false")
                    c.literal = JsonType::False;
                else if (c.valueUtf8 == "null")
                    c.literal = JsonType::Null;
            }
        }
        return c;
    }

    bool isOrdering() const
    {
        return op == Node::Op::Less || op == Node::Op::LessEqual || op == Node::Op::Greater ||
               op == Node::Op::GreaterEqual;
    }

    bool ordered(int sign) const
    {
        switch (op) {
        case Node::Op::Less:
            return sign < 0;
        case Node::Op::LessEqual:
            return sign <= 0;
        case Node::Op::Greater:
            return sign > 0;
        case Node::Op::GreaterEqual:
            return sign >= 0;
        default:
            return false;
        }
    }

    bool textEquals(QByteArrayView utf8) const
    {
        if (usePattern)
            return pattern.matches(utf8);
        if (containsMode) {
            if (valueAscii)
                return searcher.contains(utf8);
            return QString::fromUtf8(utf8).contains(value, Qt::CaseInsensitive);
        }
        if (valueAscii)
            return equalsIgnoringAsciiCase(utf8, valueUtf8);
        return QString::fromUtf8(utf8).compare(value, Qt::CaseInsensitive) == 0;
    }

    bool compareText(QByteArrayView utf8) const
    {
        if (isOrdering()) {
            if (number) {
                if (const auto own = parseNumber(utf8))
                    return ordered(*own < *number ? -1 : (*own > *number ? 1 : 0));
            }
            const int sign = std::memcmp(utf8.data(), valueUtf8.constData(),
                                         static_cast<size_t>(std::min(utf8.size(), valueUtf8.size())));
            return ordered(
                sign != 0 ? sign : (utf8.size() < valueUtf8.size() ? -1 : (utf8.size() > valueUtf8.size())));
        }
        const bool equal = textEquals(utf8);
        return op == Node::Op::NotEqual ? !equal : equal;
    }

    bool scalarEquals(const JsonValueRef &v) const
    {
        switch (v.type) {
        case JsonType::String:
            if (literal != JsonType::Missing)
                return false;
            return textEquals(v.escaped ? QByteArrayView(JsonFieldScanner::decodeStringUtf8(v.raw)) : v.raw);
        case JsonType::Number:
            if (number && !usePattern) {
                if (const auto own = parseNumber(v.raw))
                    return *own == *number;
            }
            return textEquals(v.raw);
        case JsonType::True:
        case JsonType::False:
        case JsonType::Null:
            if (literal != JsonType::Missing)
                return literal == v.type;
            return textEquals(v.raw);
        default:
            return false;
        }
    }

    bool scalarOrdered(const JsonValueRef &v) const
    {
        if (v.type == JsonType::Number && number) {
            if (const auto own = parseNumber(v.raw))
                return ordered(*own < *number ? -1 : (*own > *number ? 1 : 0));
            return false;
        }
        if (v.type == JsonType::String)
            return compareText(v.escaped ? QByteArrayView(JsonFieldScanner::decodeStringUtf8(v.raw)) : v.raw);
        return false;
    }

    bool anyElement(const JsonValueRef &array, bool ordering) const
    {
        bool found = false;
        JsonFieldScanner::forEachElement(array.raw, [&](const JsonValueRef &element) {
            found = ordering ? scalarOrdered(element) : scalarEquals(element);
            return !found;
        });
        return found;
    }

    bool compareJson(const JsonValueRef &v) const
    {
        if (!v.isPresent())
            return op == Node::Op::NotEqual;
        const bool ordering = isOrdering();
        bool result = false;
        if (v.type == JsonType::Array)
            result = anyElement(v, ordering);
        else if (v.type == JsonType::Object)
            result = !ordering && usePattern && pattern.pattern() == QLatin1String("\\A.*\\z");
        else
            result = ordering ? scalarOrdered(v) : scalarEquals(v);
        return op == Node::Op::NotEqual ? !result : result;
    }
};

} // namespace

struct FilterMatcher::Compiled
{
    enum class Op : quint8 {
        True,
        And,
        Or,
        Not,
        KindMask,
        ChannelLevel, // user:, channel: answered per channel
        HasProblems,
        HasGap,
        HasField,
        SummaryField,
        ProblemField,
        PayloadField,
        Text,
        Regex,
    };
    Op op = Op::True;
    std::vector<Compiled> children;
    const Node *node = nullptr;
    int cost = 0;
    quint32 kindMask = 0;
    int channelResult = -1; // index into m_channelResults
    Comparison comparison;
    TextSearcher searcher; // Text: the word; Regex: a literal it needs; fields: `"key"`
    ByteRegex regex;       // Regex
    bool slowText = false; // Text with non-ASCII letters: compared as decoded text
    TextSearcher asciiRun; // slowText: an ASCII part it needs
};

FilterMatcher::Compiled FilterMatcher::compile(const Node &node, int &channelResults)
{
    Compiled c;
    c.node = &node;
    switch (node.type) {
    case Node::Type::And:
    case Node::Type::Or:
        c.op = node.type == Node::Type::And ? Compiled::Op::And : Compiled::Op::Or;
        for (const Node &child : node.children)
            c.children.push_back(compile(child, channelResults));
        std::stable_sort(c.children.begin(), c.children.end(),
                         [](const Compiled &a, const Compiled &b) { return a.cost < b.cost; });
        for (const Compiled &child : c.children)
            c.cost = std::max(c.cost, child.cost);
        return c;
    case Node::Type::Not:
        c.op = Compiled::Op::Not;
        c.children.push_back(compile(node.children.front(), channelResults));
        c.cost = c.children.front().cost;
        return c;
    case Node::Type::Text: {
        c.op = Compiled::Op::Text;
        c.cost = 4;
        c.channelResult = channelResults++;
        const QByteArray utf8 = node.value.toUtf8();
        if (isAscii(utf8)) {
            c.searcher = TextSearcher(utf8);
        } else {
            c.slowText = true;
            QByteArray best;
            QByteArray run;
            for (char ch : utf8 + '\x80') {
                if (static_cast<unsigned char>(ch) < 0x80) {
                    run += ch;
                } else {
                    if (run.size() > best.size())
                        best = run;
                    run.clear();
                }
            }
            c.asciiRun = TextSearcher(best);
        }
        return c;
    }
    case Node::Type::Regex:
        c.op = Compiled::Op::Regex;
        c.cost = 5;
        c.channelResult = channelResults++;
        c.searcher = TextSearcher(requiredLiteral(node.regex));
        c.regex = ByteRegex(node.regex);
        return c;
    case Node::Type::Has:
        switch (node.has) {
        case Node::HasWhat::Problems:
            c.op = Compiled::Op::HasProblems;
            break;
        case Node::HasWhat::Gap:
            c.op = Compiled::Op::HasGap;
            break;
        case Node::HasWhat::PayloadField:
            c.op = Compiled::Op::HasField;
            c.cost = 3;
            break;
        }
        return c;
    case Node::Type::Field:
        break;
    }
    switch (node.target) {
    case Node::Target::User:
    case Node::Target::Channel:
        c.op = Compiled::Op::ChannelLevel;
        c.cost = 1;
        c.channelResult = channelResults++;
        c.comparison = Comparison::from(node, false);
        break;
    case Node::Target::Kind: {
        c.op = Compiled::Op::KindMask;
        c.comparison = Comparison::from(node, false);
        for (EventKind kind : allEventKinds) {
            const QLatin1StringView name = eventKindName(kind);
            if (c.comparison.compareText(QByteArrayView(name.data(), name.size())))
                c.kindMask |= 1u << static_cast<unsigned>(kind);
        }
        break;
    }
    case Node::Target::Summary:
    case Node::Target::Problem:
        c.op = node.target == Node::Target::Summary ? Compiled::Op::SummaryField : Compiled::Op::ProblemField;
        c.cost = 2;
        c.comparison = Comparison::from(node, true);
        break;
    case Node::Target::Payload:
        c.op = Compiled::Op::PayloadField;
        c.cost = 3;
        c.comparison = Comparison::from(node, false);
        // A missing key can still match `!=`; only a positive test may skip on the key's absence.
        if (node.op != Node::Op::NotEqual)
            break;
    }
    return c;
}

FilterMatcher::FilterMatcher() = default;
FilterMatcher::~FilterMatcher() = default;
FilterMatcher::FilterMatcher(const FilterMatcher &other) = default;
FilterMatcher &FilterMatcher::operator=(const FilterMatcher &other) = default;

FilterMatcher::FilterMatcher(std::optional<EventKind> kind, const QList<FilterExpression> &expressions)
    : m_kind(kind)
{
    int channelResults = 0;
    for (const FilterExpression &expression : expressions) {
        if (!expression.isValid() || !expression.root())
            continue;
        m_expressions.append(expression);
        m_roots.push_back(compile(*expression.root(), channelResults));
        m_gapsFollowFilter = m_gapsFollowFilter || expression.mentionsGaps();
    }
    std::stable_sort(m_roots.begin(), m_roots.end(),
                     [](const Compiled &a, const Compiled &b) { return a.cost < b.cost; });
    m_channelResults.resize(static_cast<size_t>(channelResults));
}

bool FilterMatcher::acceptsEverything() const
{
    return !m_kind && m_roots.empty();
}

void FilterMatcher::prepare(const EventStore &store)
{
    for (const Compiled &root : m_roots)
        prepareNode(root, store);
}

void FilterMatcher::prepareNode(const Compiled &node, const EventStore &store)
{
    for (const Compiled &child : node.children)
        prepareNode(child, store);
    if (node.channelResult < 0)
        return;
    std::vector<char> &results = m_channelResults[static_cast<size_t>(node.channelResult)];
    for (auto id = static_cast<quint32>(results.size()); id < static_cast<quint32>(store.channelCount());
         ++id)
        results.push_back(channelMatches(node, store, id) ? 1 : 0);
}

bool FilterMatcher::channelMatches(const Compiled &node, const EventStore &store, quint32 channelId) const
{
    if (channelId == 0)
        return false; // gap rows have no channel
    const EventStore::ChannelEntry &entry = store.channel(channelId);
    switch (node.op) {
    case Compiled::Op::ChannelLevel:
        if (node.node->target == Node::Target::User)
            return node.comparison.compareText(entry.username.toUtf8());
        return node.comparison.compareText(entry.channel);
    case Compiled::Op::Text:
        if (!node.slowText)
            return node.searcher.contains(entry.channel);
        return QString::fromUtf8(entry.channel).contains(node.node->value, Qt::CaseInsensitive);
    case Compiled::Op::Regex:
        return node.regex.matches(entry.channel) || node.regex.matches(entry.username.toUtf8());
    default:
        return false;
    }
}

bool FilterMatcher::matches(const StoredRow &row) const
{
    if (row.isGap() && !m_gapsFollowFilter)
        return true;
    if (m_kind && !row.isGap() && row.kind != *m_kind)
        return false;
    for (const Compiled &root : m_roots) {
        if (!evaluate(root, row))
            return false;
    }
    return true;
}

bool FilterMatcher::evaluate(const Compiled &node, const StoredRow &row) const
{
    switch (node.op) {
    case Compiled::Op::True:
        return true;
    case Compiled::Op::And:
        for (const Compiled &child : node.children) {
            if (!evaluate(child, row))
                return false;
        }
        return true;
    case Compiled::Op::Or:
        for (const Compiled &child : node.children) {
            if (evaluate(child, row))
                return true;
        }
        return false;
    case Compiled::Op::Not:
        return !evaluate(node.children.front(), row);
    case Compiled::Op::HasGap:
        return row.isGap();
    default:
        break;
    }
    if (row.isGap())
        return false;
    switch (node.op) {
    case Compiled::Op::KindMask:
        return (node.kindMask >> static_cast<unsigned>(row.kind)) & 1u;
    case Compiled::Op::ChannelLevel:
        return m_channelResults[static_cast<size_t>(node.channelResult)][row.channelId] != 0;
    case Compiled::Op::HasProblems:
        return row.hasProblems();
    case Compiled::Op::HasField:
        return JsonFieldScanner::find(row.payload, node.node->path).isPresent();
    case Compiled::Op::SummaryField:
        return node.comparison.compareText(row.summary);
    case Compiled::Op::ProblemField: {
        if (node.comparison.containsMode || node.comparison.op == Node::Op::NotEqual)
            return node.comparison.compareText(row.problems);
        for (QByteArrayView rest = row.problems; !rest.isEmpty();) {
            const qsizetype newline = rest.indexOf('\n');
            const QByteArrayView line = newline < 0 ? rest : rest.first(newline);
            if (node.comparison.compareText(line))
                return true;
            rest = newline < 0 ? QByteArrayView() : rest.sliced(newline + 1);
        }
        return false;
    }
    case Compiled::Op::PayloadField:
        return node.comparison.compareJson(JsonFieldScanner::find(row.payload, node.node->path));
    case Compiled::Op::Text:
        if (m_channelResults[static_cast<size_t>(node.channelResult)][row.channelId] != 0)
            return true;
        if (!node.slowText)
            return node.searcher.contains(row.summary) || node.searcher.contains(row.payload);
        if (node.asciiRun.contains(row.summary) &&
            QString::fromUtf8(row.summary).contains(node.node->value, Qt::CaseInsensitive))
            return true;
        return node.asciiRun.contains(row.payload) && holdsNonAscii(row.payload) &&
               JsonFieldScanner::readableText(row.payload).contains(node.node->value, Qt::CaseInsensitive);
    case Compiled::Op::Regex:
        if (m_channelResults[static_cast<size_t>(node.channelResult)][row.channelId] != 0)
            return true;
        if (node.searcher.contains(row.summary) && node.regex.matches(row.summary))
            return true;
        return node.searcher.contains(row.payload) && node.regex.matches(row.payload);
    default:
        return false;
    }
}

void FilterMatcher::matchRange(const EventStore &store, int first, int count, std::vector<quint64> &out) const
{
    if (m_roots.empty()) {
        // A kind alone (the kind tabs, ten of them, each testing every row of a capture being opened).
        for (int i = first; i < first + count; ++i) {
            if (!m_kind || store.isGapAt(i) || store.kindAt(i) == *m_kind)
                out.push_back(store.firstRowId() + static_cast<quint64>(i));
        }
        return;
    }
    for (int i = first; i < first + count; ++i) {
        const StoredRow row = store.row(i);
        if (matches(row))
            out.push_back(row.rowId);
    }
}

std::vector<quint64> FilterMatcher::matchingRowIds(const EventStore &store, int first, int count)
{
    prepare(store);
    std::vector<quint64> result;
    if (acceptsEverything()) {
        result.reserve(static_cast<size_t>(count));
        for (int i = first; i < first + count; ++i)
            result.push_back(store.firstRowId() + static_cast<quint64>(i));
        return result;
    }
    return inParallel(
        static_cast<size_t>(std::max(0, count)), [&](size_t begin, size_t end, std::vector<quint64> &out) {
            matchRange(store, first + static_cast<int>(begin), static_cast<int>(end - begin), out);
        });
}

std::vector<quint64> FilterMatcher::matchingAmong(const EventStore &store, const quint64 *rowIds,
                                                  size_t count)
{
    prepare(store);
    if (acceptsEverything())
        return std::vector<quint64>(rowIds, rowIds + count);
    return inParallel(count, [&](size_t begin, size_t end, std::vector<quint64> &out) {
        for (size_t i = begin; i < end; ++i) {
            const int index = store.indexOfRowId(rowIds[i]);
            if (index >= 0 && matches(store.row(index)))
                out.push_back(rowIds[i]);
        }
    });
}

std::vector<quint64> FilterMatcher::inParallel(size_t count, const BlockMatcher &matchBlock) const
{
    std::vector<quint64> result;
    static constexpr size_t blockRows = 16384;
    const int helpers = std::max(0, QThreadPool::globalInstance()->maxThreadCount() - 1);
    if (count < 2 * blockRows || helpers == 0) {
        matchBlock(0, count, result);
        return result;
    }

    // Blocks are claimed from a counter, so the calling thread finishes the work alone if the pool
    // is busy; a helper that starts late finds nothing to claim and touches nothing but `state`.
    struct SharedState
    {
        std::atomic<size_t> next{0};
        std::atomic<size_t> done{0};
    };
    const size_t blocks = (count + blockRows - 1) / blockRows;
    auto state = std::make_shared<SharedState>();
    std::vector<std::vector<quint64>> parts(blocks);
    auto work = [state, blocks, count, &matchBlock, &parts] {
        for (;;) {
            const size_t block = state->next.fetch_add(1);
            if (block >= blocks)
                return;
            const size_t begin = block * blockRows;
            matchBlock(begin, std::min(count, begin + blockRows), parts[block]);
            if (state->done.fetch_add(1) + 1 == blocks)
                state->done.notify_all();
        }
    };
    for (int i = 0; i < std::min<int>(helpers, static_cast<int>(blocks) - 1); ++i)
        QThreadPool::globalInstance()->start(work);
    work();
    for (size_t done = state->done.load(); done < blocks; done = state->done.load())
        state->done.wait(done);
    size_t total = 0;
    for (const auto &part : parts)
        total += part.size();
    result.reserve(total);
    for (const auto &part : parts)
        result.insert(result.end(), part.begin(), part.end());
    return result;
}

} // namespace busmon
