#pragma once

#include "store/jsonfieldscanner.h"

#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace busmon {

// The filter bar's language, parsed once per edit into a tree (FilterMatcher evaluates it).
//
//   alice  "two words"        plain text: channel, user, summary or payload contain it (any case)
//   /time(out|d)/  /x/i       regular expression on channel, user, summary or payload
//   user:alice  user:ja*      field comparison; `:` and `=` mean equal (any case), or a glob when the
//                             value has * or ? and is not quoted
//   kind:sync  channel:personal.*   summary:word  problem:title   (summary and problem: contains)
//   record_count>10  service_duration>=0.5  error:true  certificate_accepted:false  title:"quoted"
//   task_data.status:pending  task_data.tags[0]:work   payload fields, dotted; arrays: any element
//   user:/^ja/   a regular expression after any field;  != < <= > >= as well
//   has:problems  has:gap  has:task_data.due
//   and  or  not  (also && || ! and -term); juxtaposition means and; parentheses group.
// Gap rows (outages) are shown whatever the filter unless it mentions has:gap.
class FilterExpression
{
public:
    struct Node
    {
        enum class Type : quint8 { And, Or, Not, Text, Regex, Field, Has };
        enum class Op : quint8 { Match, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual };
        enum class Target : quint8 { Payload, User, Channel, Kind, Summary, Problem };
        enum class HasWhat : quint8 { Problems, Gap, PayloadField };

        Type type = Type::Text;
        std::vector<Node> children; // And, Or: two or more; Not: one

        Target target = Target::Payload; // Field
        Op op = Op::Match;
        HasWhat has = HasWhat::Problems;
        QString field;               // as written
        JsonFieldScanner::Path path; // Target::Payload, HasWhat::PayloadField
        QString value;               // Text, Field: the value as written, unquoted
        bool quoted = false;
        QRegularExpression regex; // Regex, and Field when valueIsRegex
        bool valueIsRegex = false;
        int position = 0; // where the term starts in the text (0-based)
    };

    FilterExpression() = default; // empty: matches everything
    static FilterExpression parse(const QString &text);

    const QString &text() const { return m_text; }
    bool isValid() const { return m_errorMessage.isEmpty(); }
    bool isEmpty() const { return isValid() && !m_root; }
    // "expected ')' at column 14"; empty when valid.
    const QString &errorMessage() const { return m_errorMessage; }
    int errorPosition() const { return m_errorPosition; }   // 0-based index into text(); -1 when valid
    int errorColumn() const { return m_errorPosition + 1; } // 1-based; 0 when valid

    const Node *root() const { return m_root.get(); }
    bool mentionsGaps() const;
    // Whether rows must come with their summary to be judged: plain text, a regular expression or summary:.
    bool readsSummary() const;

    // Building blocks for "filter on this value": `user:alice`, `title:"two words"`, `"a \"b\""`.
    static QString quoted(const QString &value);
    static QString term(const QString &field, const QString &value);
    static QStringList reservedFields(); // user, channel, kind, summary, problem, has
    static QString syntaxHelp();         // a few lines for the filter bar\'s tooltip

private:
    QString m_text;
    std::shared_ptr<const Node> m_root;
    QString m_errorMessage;
    int m_errorPosition = -1;
};

} // namespace busmon
