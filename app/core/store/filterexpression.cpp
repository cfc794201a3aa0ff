#include "store/filterexpression.h"

#include "events/eventkind.h"

namespace busmon {

namespace {

using Node = FilterExpression::Node;

struct ParseError
{
    QString message; // without the position
    int position;
};

bool isSpace(QChar c)
{
    return c.isSpace();
}

bool isFieldChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('[') ||
           c == QLatin1Char(']') || c == QLatin1Char('-');
}

bool isWordEnd(QChar c)
{
    return isSpace(c) || c == QLatin1Char('(') || c == QLatin1Char(')') || c == QLatin1Char('"');
}

QString kindNames()
{
    QStringList names;
    for (EventKind kind : allEventKinds)
        names << QString(eventKindName(kind));
    return names.join(QLatin1String(", "));
}

bool hasGlob(const QString &value)
{
    return value.contains(QLatin1Char('*')) || value.contains(QLatin1Char('?'));
}

class Parser
{
public:
    explicit Parser(const QString &text)
        : m_text(text)
    {}

    std::unique_ptr<Node> parseAll()
    {
        skipSpace();
        if (atEnd())
            return nullptr;
        auto root = std::make_unique<Node>(parseOr());
        skipSpace();
        if (!atEnd()) {
            if (peek() == QLatin1Char(')'))
                fail(QStringLiteral("unexpected ')'"), m_pos);
            fail(QStringLiteral("unexpected '%1'").arg(peek()), m_pos);
        }
        return root;
    }

private:
    // Parentheses and negations nest by recursion: a limit keeps a pasted "((((…" from exhausting the stack.
    static constexpr int maxDepth = 64;
    struct DepthGuard
    {
        DepthGuard(Parser &parser, int position)
            : m_parser(parser)
        {
            if (++m_parser.m_depth > maxDepth)
                m_parser.fail(QStringLiteral("nested more than %1 deep").arg(maxDepth), position);
        }
        ~DepthGuard() { --m_parser.m_depth; }
        DepthGuard(const DepthGuard &) = delete;
        DepthGuard &operator=(const DepthGuard &) = delete;
        Parser &m_parser;
    };

    [[noreturn]] void fail(const QString &message, int position) { throw ParseError{message, position}; }

    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek(int ahead = 0) const
    {
        return m_pos + ahead < m_text.size() ? m_text.at(m_pos + ahead) : QChar();
    }
    void skipSpace()
    {
        while (!atEnd() && isSpace(peek()))
            ++m_pos;
    }

    // A bare keyword ("and", "OR") or symbol at the current position, not consumed.
    bool keywordAhead(const char *word, const char *symbol) const
    {
        const QLatin1StringView sym(symbol);
        if (!sym.isEmpty() && QStringView(m_text).mid(m_pos).startsWith(sym))
            return true;
        const QLatin1StringView keyword(word);
        const int end = m_pos + int(keyword.size());
        if (end > m_text.size() ||
            QStringView(m_text).mid(m_pos, keyword.size()).compare(keyword, Qt::CaseInsensitive) != 0)
            return false;
        return end == m_text.size() || isWordEnd(m_text.at(end));
    }
    void consumeKeyword(const char *word, const char *symbol)
    {
        const QLatin1StringView sym(symbol);
        if (!sym.isEmpty() && QStringView(m_text).mid(m_pos).startsWith(sym))
            m_pos += int(sym.size());
        else
            m_pos += int(qstrlen(word));
    }

    Node combine(Node::Type type, Node left, Node right)
    {
        if (left.type == type) {
            left.children.push_back(std::move(right));
            return left;
        }
        Node node;
        node.type = type;
        node.position = left.position;
        node.children.push_back(std::move(left));
        node.children.push_back(std::move(right));
        return node;
    }

    Node parseOr()
    {
        Node left = parseAnd();
        for (;;) {
            skipSpace();
            if (!keywordAhead("or", "||"))
                return left;
            const int at = m_pos;
            consumeKeyword("or", "||");
            skipSpace();
            if (atEnd() || peek() == QLatin1Char(')'))
                fail(QStringLiteral("expected a term after '%1'").arg(m_text.mid(at, m_pos - at).trimmed()),
                     m_pos);
            left = combine(Node::Type::Or, std::move(left), parseAnd());
        }
    }

    Node parseAnd()
    {
        Node left = parseUnary();
        for (;;) {
            skipSpace();
            if (atEnd() || peek() == QLatin1Char(')') || keywordAhead("or", "||"))
                return left;
            if (keywordAhead("and", "&&")) {
                const int at = m_pos;
                consumeKeyword("and", "&&");
                skipSpace();
                if (atEnd() || peek() == QLatin1Char(')') || keywordAhead("or", "||"))
                    fail(QStringLiteral("expected a term after '%1'")
                             .arg(m_text.mid(at, m_pos - at).trimmed()),
                         m_pos);
            }
            left = combine(Node::Type::And, std::move(left), parseUnary());
        }
    }

    Node parseUnary()
    {
        skipSpace();
        const int at = m_pos;
        bool negate = false;
        if (keywordAhead("not", "")) {
            consumeKeyword("not", "");
            negate = true;
        } else if (peek() == QLatin1Char('!') && peek(1) != QLatin1Char('=')) {
            ++m_pos;
            negate = true;
        } else if (peek() == QLatin1Char('-') && !peek(1).isNull() && !isSpace(peek(1)) &&
                   peek(1) != QLatin1Char(')') && !peek(1).isDigit()) {
            ++m_pos;
            negate = true;
        }
        if (!negate)
            return parsePrimary();
        skipSpace();
        if (atEnd() || peek() == QLatin1Char(')'))
            fail(QStringLiteral("expected a term after '%1'").arg(m_text.mid(at, m_pos - at).trimmed()),
                 m_pos);
        const DepthGuard guard(*this, at);
        Node node;
        node.type = Node::Type::Not;
        node.position = at;
        node.children.push_back(parseUnary());
        return node;
    }

    Node parsePrimary()
    {
        skipSpace();
        const int at = m_pos;
        if (atEnd())
            fail(QStringLiteral("expected a term"), m_pos);
        const QChar c = peek();
        if (c == QLatin1Char('(')) {
            const DepthGuard guard(*this, at);
            ++m_pos;
            skipSpace();
            if (peek() == QLatin1Char(')'))
                fail(QStringLiteral("empty parentheses"), at);
            Node inner = parseOr();
            skipSpace();
            if (peek() != QLatin1Char(')'))
                fail(QStringLiteral("expected ')'"), m_pos);
            ++m_pos;
            return inner;
        }
        if (c == QLatin1Char(')'))
            fail(QStringLiteral("unexpected ')'"), m_pos);
        if (keywordAhead("or", "||") || keywordAhead("and", "&&"))
            fail(QStringLiteral("expected a term before '%1'")
                     .arg(m_text.mid(m_pos).section(QLatin1Char(' '), 0, 0)),
                 m_pos);
        if (c == QLatin1Char('"')) {
            Node node;
            node.type = Node::Type::Text;
            node.position = at;
            node.value = readQuoted();
            node.quoted = true;
            if (node.value.isEmpty())
                fail(QStringLiteral("empty quoted text"), at);
            return node;
        }
        if (c == QLatin1Char('/')) {
            Node node;
            node.type = Node::Type::Regex;
            node.position = at;
            node.regex = readRegex();
            node.value = node.regex.pattern();
            return node;
        }
        return parseWordOrComparison();
    }

    Node parseWordOrComparison()
    {
        const int at = m_pos;
        int fieldEnd = m_pos;
        while (fieldEnd < m_text.size() && isFieldChar(m_text.at(fieldEnd)))
            ++fieldEnd;
        Node::Op op = Node::Op::Match;
        int opLength = 0;
        if (fieldEnd > at && fieldEnd < m_text.size()) {
            const QStringView rest = QStringView(m_text).mid(fieldEnd);
            if (rest.startsWith(QLatin1String(">=")))
                op = Node::Op::GreaterEqual, opLength = 2;
            else if (rest.startsWith(QLatin1String("<=")))
                op = Node::Op::LessEqual, opLength = 2;
            else if (rest.startsWith(QLatin1String("!=")))
                op = Node::Op::NotEqual, opLength = 2;
            else if (rest.startsWith(QLatin1String("==")))
                op = Node::Op::Equal, opLength = 2;
            else if (rest.startsWith(QLatin1Char('>')))
                op = Node::Op::Greater, opLength = 1;
            else if (rest.startsWith(QLatin1Char('<')))
                op = Node::Op::Less, opLength = 1;
            else if (rest.startsWith(QLatin1Char('=')))
                op = Node::Op::Equal, opLength = 1;
            else if (rest.startsWith(QLatin1Char(':')))
                op = Node::Op::Match, opLength = 1;
        }
        if (opLength == 0) {
            Node node;
            node.type = Node::Type::Text;
            node.position = at;
            while (!atEnd() && !isWordEnd(peek()))
                ++m_pos;
            node.value = m_text.mid(at, m_pos - at);
            return node;
        }
        Node node;
        node.type = Node::Type::Field;
        node.position = at;
        node.field = m_text.mid(at, fieldEnd - at);
        node.op = op;
        m_pos = fieldEnd + opLength;
        const QString written = m_text.mid(at, m_pos - at);
        if (atEnd() || isSpace(peek()) || peek() == QLatin1Char(')') || peek() == QLatin1Char('('))
            fail(QStringLiteral("missing value after '%1'").arg(written), m_pos);
        if (peek() == QLatin1Char('"')) {
            node.value = readQuoted();
            node.quoted = true;
        } else if (peek() == QLatin1Char('/')) {
            node.regex = readRegex();
            node.value = node.regex.pattern();
            node.valueIsRegex = true;
        } else {
            const int valueStart = m_pos;
            while (!atEnd() && !isWordEnd(peek()))
                ++m_pos;
            node.value = m_text.mid(valueStart, m_pos - valueStart);
        }
        resolveField(node, written);
        return node;
    }

    void resolveField(Node &node, const QString &written)
    {
        const QString name = node.field.toLower();
        if (name == QLatin1String("has")) {
            node.type = Node::Type::Has;
            if (node.op != Node::Op::Match && node.op != Node::Op::Equal)
                fail(QStringLiteral("'has' takes ':', as in has:problems"), node.position);
            if (node.valueIsRegex)
                fail(QStringLiteral("'has' takes a name, not a regular expression"), node.position + 4);
            const QString what = node.value.toLower();
            if (what == QLatin1String("problems") || what == QLatin1String("problem")) {
                node.has = Node::HasWhat::Problems;
            } else if (what == QLatin1String("gap") || what == QLatin1String("gaps")) {
                node.has = Node::HasWhat::Gap;
            } else {
                node.has = Node::HasWhat::PayloadField;
                const auto path = JsonFieldScanner::parsePath(node.value);
                if (!path)
                    fail(QStringLiteral("bad field name '%1'").arg(node.value), node.position + 4);
                node.path = *path;
            }
            return;
        }
        if (name == QLatin1String("user"))
            node.target = Node::Target::User;
        else if (name == QLatin1String("channel"))
            node.target = Node::Target::Channel;
        else if (name == QLatin1String("kind"))
            node.target = Node::Target::Kind;
        else if (name == QLatin1String("summary"))
            node.target = Node::Target::Summary;
        else if (name == QLatin1String("problem") || name == QLatin1String("problems"))
            node.target = Node::Target::Problem;
        else
            node.target = Node::Target::Payload;

        if (node.target == Node::Target::Payload) {
            const auto path = JsonFieldScanner::parsePath(node.field);
            if (!path)
                fail(QStringLiteral("bad field name '%1'").arg(node.field), node.position);
            node.path = *path;
        }
        if (node.target == Node::Target::Kind && !node.valueIsRegex && !hasGlob(node.value) &&
            (node.op == Node::Op::Match || node.op == Node::Op::Equal || node.op == Node::Op::NotEqual) &&
            !eventKindFromName(node.value.toLower().toUtf8())) {
            fail(QStringLiteral("unknown kind '%1' (kinds: %2)").arg(node.value, kindNames()),
                 node.position + int(written.size()));
        }
        if (node.valueIsRegex && node.op != Node::Op::Match && node.op != Node::Op::Equal &&
            node.op != Node::Op::NotEqual)
            fail(QStringLiteral("a regular expression needs ':', '=' or '!='"), node.position);
    }

    QString readQuoted()
    {
        const int start = m_pos;
        ++m_pos;
        QString value;
        while (!atEnd()) {
            const QChar c = peek();
            if (c == QLatin1Char('\\') && m_pos + 1 < m_text.size()) {
                value += m_text.at(m_pos + 1);
                m_pos += 2;
                continue;
            }
            ++m_pos;
            if (c == QLatin1Char('"'))
                return value;
            value += c;
        }
        fail(QStringLiteral("unterminated quoted text starting"), start);
    }

    QRegularExpression readRegex()
    {
        const int start = m_pos;
        ++m_pos;
        QString pattern;
        bool closed = false;
        while (!atEnd()) {
            const QChar c = peek();
            if (c == QLatin1Char('\\') && m_pos + 1 < m_text.size()) {
                // "\/" is a slash in the pattern; every other escape goes to the regex as written.
                if (m_text.at(m_pos + 1) != QLatin1Char('/'))
                    pattern += c;
                pattern += m_text.at(m_pos + 1);
                m_pos += 2;
                continue;
            }
            ++m_pos;
            if (c == QLatin1Char('/')) {
                closed = true;
                break;
            }
            pattern += c;
        }
        if (!closed)
            fail(QStringLiteral("unterminated regular expression starting"), start);
        QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption;
        if (peek() == QLatin1Char('i') && (m_pos + 1 >= m_text.size() || isWordEnd(m_text.at(m_pos + 1)))) {
            options |= QRegularExpression::CaseInsensitiveOption;
            ++m_pos;
        }
        if (!atEnd() && !isWordEnd(peek()))
            fail(QStringLiteral("expected a space or ')' after the regular expression"), m_pos);
        if (pattern.isEmpty())
            fail(QStringLiteral("empty regular expression"), start);
        QRegularExpression regex(pattern, options);
        if (!regex.isValid())
            fail(QStringLiteral("invalid regular expression: %1").arg(regex.errorString()),
                 start + 1 + int(regex.patternErrorOffset()));
        regex.optimize();
        return regex;
    }

    const QString &m_text;
    int m_pos = 0;
    int m_depth = 0;
};

template<typename Predicate> bool anyNode(const Node &node, Predicate predicate)
{
    if (predicate(node))
        return true;
    for (const Node &child : node.children) {
        if (anyNode(child, predicate))
            return true;
    }
    return false;
}

} // namespace

FilterExpression FilterExpression::parse(const QString &text)
{
    FilterExpression expression;
    expression.m_text = text;
    try {
        Parser parser(text);
        std::unique_ptr<Node> root = parser.parseAll();
        expression.m_root = std::move(root);
    } catch (const ParseError &error) {
        expression.m_errorPosition = error.position;
        expression.m_errorMessage =
            QStringLiteral("%1 at column %2").arg(error.message).arg(error.position + 1);
    }
    return expression;
}

bool FilterExpression::mentionsGaps() const
{
    return m_root && anyNode(*m_root, [](const Node &node) {
               return node.type == Node::Type::Has && node.has == Node::HasWhat::Gap;
           });
}

bool FilterExpression::readsSummary() const
{
    return m_root && anyNode(*m_root, [](const Node &node) {
               return node.type == Node::Type::Text || node.type == Node::Type::Regex ||
                      (node.type == Node::Type::Field && node.target == Node::Target::Summary);
           });
}

QString FilterExpression::quoted(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString FilterExpression::term(const QString &field, const QString &value)
{
    bool plain = !value.isEmpty() && !value.startsWith(QLatin1Char('/')) && !hasGlob(value);
    for (QChar c : value) {
        if (isWordEnd(c) || c == QLatin1Char('\\')) {
            plain = false;
            break;
        }
    }
    // Quoting also makes * and ? literal: the term means exactly this value.
    return field + QLatin1Char(':') + (plain ? value : quoted(value));
}

QString FilterExpression::syntaxHelp()
{
    return QStringLiteral(
        "alice  \"two words\"   text in channel, user, summary or payload (any case)\n"
        "user:alice  user:ja*  kind:sync  channel:personal.*   equal (any case), or a glob with * and ?\n"
        "record_count>10  service_duration>=0.5  error:true  title:\"quoted text\"   payload fields\n"
        "task_data.status:pending  task_data.tags:home  tags[0]:home   nested fields; arrays: any element\n"
        "summary:word  problem:missing   contains\n"
        "/regex/  /regex/i  user:/^ja/   regular expressions\n"
        "has:problems  has:gap  has:task_data.due\n"
        "and  or  not  -term  ( )   a space means and");
}

QStringList FilterExpression::reservedFields()
{
    return {QStringLiteral("user"),    QStringLiteral("channel"), QStringLiteral("kind"),
            QStringLiteral("summary"), QStringLiteral("problem"), QStringLiteral("has")};
}

} // namespace busmon
