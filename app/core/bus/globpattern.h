#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <bitset>
#include <optional>
#include <vector>

namespace busmon {

// A PSUBSCRIBE pattern with Redis's glob semantics: `*` any run of bytes, `?` one byte,
// `[abc]`, `[a-z]`, `[^x]` a set, `\` takes the next byte literally (also inside a set).
class GlobPattern
{
public:
    explicit GlobPattern(const QByteArray &pattern);

    const QByteArray &pattern() const { return m_pattern; }
    bool matches(QByteArrayView text) const;
    // A string both patterns match, if there is one (Redis would then deliver a message on that
    // channel once per pattern). Prefers a readable example ("sync.alice") over the shortest one.
    std::optional<QByteArray> commonExample(const GlobPattern &other) const;
    // A channel this pattern matches, with `*` filled by a sample name.
    QByteArray example() const;

private:
    struct Token
    {
        bool star = false;
        std::bitset<256> bytes; // the bytes a non-star token accepts
    };

    static std::vector<Token> tokenize(QByteArrayView pattern);
    static char pickByte(const std::bitset<256> &bytes);
    std::optional<QByteArray> shortestCommon(const GlobPattern &other) const;

    QByteArray m_pattern;
    std::vector<Token> m_tokens;
};

} // namespace busmon
