#include "bus/globpattern.h"

#include <deque>

namespace busmon {

GlobPattern::GlobPattern(const QByteArray &pattern)
    : m_pattern(pattern)
    , m_tokens(tokenize(pattern))
{}

// Follows Redis's stringmatchlen(): an unclosed `[` takes the rest of the pattern as its set, a
// range may be given backwards (`[z-a]`), a trailing `\` stands for itself.
std::vector<GlobPattern::Token> GlobPattern::tokenize(QByteArrayView pattern)
{
    std::vector<Token> tokens;
    const auto byteAt = [&](qsizetype i) { return static_cast<unsigned char>(pattern[i]); };
    qsizetype i = 0;
    const qsizetype n = pattern.size();
    while (i < n) {
        Token token;
        const char c = pattern[i];
        if (c == '*') {
            while (i < n && pattern[i] == '*')
                ++i;
            token.star = true;
            tokens.push_back(token);
            continue;
        }
        if (c == '?') {
            token.bytes.set();
            ++i;
        } else if (c == '[') {
            ++i;
            const bool negate = i < n && pattern[i] == '^';
            if (negate)
                ++i;
            while (i < n && pattern[i] != ']') {
                if (pattern[i] == '\\' && i + 1 < n) {
                    token.bytes.set(byteAt(i + 1));
                    i += 2;
                } else if (i + 2 < n && pattern[i + 1] == '-') {
                    unsigned start = byteAt(i);
                    unsigned end = byteAt(i + 2);
                    if (start > end)
                        std::swap(start, end);
                    for (unsigned b = start; b <= end; ++b)
                        token.bytes.set(b);
                    i += 3;
                } else {
                    token.bytes.set(byteAt(i));
                    ++i;
                }
            }
            if (i < n)
                ++i; // the closing bracket
            if (negate)
                token.bytes.flip();
        } else {
            if (c == '\\' && i + 1 < n)
                ++i;
            token.bytes.set(byteAt(i));
            ++i;
        }
        tokens.push_back(token);
    }
    return tokens;
}

bool GlobPattern::matches(QByteArrayView text) const
{
    // Classic two-pointer glob matching with backtracking to the last star: linear in practice.
    size_t t = 0;
    qsizetype s = 0;
    size_t starToken = SIZE_MAX;
    qsizetype starText = 0;
    while (s < text.size()) {
        if (t < m_tokens.size() && m_tokens[t].star) {
            starToken = t++;
            starText = s;
        } else if (t < m_tokens.size() && m_tokens[t].bytes.test(static_cast<unsigned char>(text[s]))) {
            ++t;
            ++s;
        } else if (starToken != SIZE_MAX) {
            t = starToken + 1;
            s = ++starText;
        } else {
            return false;
        }
    }
    while (t < m_tokens.size() && m_tokens[t].star)
        ++t;
    return t == m_tokens.size();
}

char GlobPattern::pickByte(const std::bitset<256> &bytes)
{
    for (const char *preferred = "abcdefghijklmnopqrstuvwxyz0123456789._-@"; *preferred; ++preferred) {
        if (bytes.test(static_cast<unsigned char>(*preferred)))
            return *preferred;
    }
    for (unsigned b = 0x20; b < 256; ++b) {
        if (bytes.test(b))
            return static_cast<char>(b);
    }
    for (unsigned b = 0; b < 0x20; ++b) {
        if (bytes.test(b))
            return static_cast<char>(b);
    }
    return '?';
}

QByteArray GlobPattern::example() const
{
    QByteArray text;
    for (const Token &token : m_tokens) {
        if (token.star)
            text += "alice";
        else
            text += pickByte(token.bytes);
    }
    return text;
}

std::optional<QByteArray> GlobPattern::commonExample(const GlobPattern &other) const
{
    for (const QByteArray &candidate : {example(), other.example()}) {
        if (matches(candidate) && other.matches(candidate))
            return candidate;
    }
    return shortestCommon(other);
}

// Breadth-first search over pairs of positions in the two patterns (the product of the two
// automatons): a path to the pair of ends spells a string both patterns accept.
std::optional<QByteArray> GlobPattern::shortestCommon(const GlobPattern &other) const
{
    const std::vector<Token> &a = m_tokens;
    const std::vector<Token> &b = other.m_tokens;
    const size_t width = b.size() + 1;
    struct Step
    {
        size_t from = SIZE_MAX;
        int byte = -1; // -1: no byte consumed
        bool seen = false;
    };
    std::vector<Step> steps((a.size() + 1) * width);
    std::deque<size_t> queue{0};
    steps[0].seen = true;
    const auto visit = [&](size_t from, size_t i, size_t j, int byte) {
        const size_t to = i * width + j;
        if (steps[to].seen)
            return;
        steps[to] = Step{from, byte, true};
        queue.push_back(to);
    };
    const size_t goal = a.size() * width + b.size();
    while (!queue.empty()) {
        const size_t here = queue.front();
        queue.pop_front();
        if (here == goal)
            break;
        const size_t i = here / width;
        const size_t j = here % width;
        const bool aStar = i < a.size() && a[i].star;
        const bool bStar = j < b.size() && b[j].star;
        const bool aByte = i < a.size() && !a[i].star;
        const bool bByte = j < b.size() && !b[j].star;
        if (aStar)
            visit(here, i + 1, j, -1);
        if (bStar)
            visit(here, i, j + 1, -1);
        if (aStar && bByte)
            visit(here, i, j + 1, static_cast<unsigned char>(pickByte(b[j].bytes)));
        if (bStar && aByte)
            visit(here, i + 1, j, static_cast<unsigned char>(pickByte(a[i].bytes)));
        if (aByte && bByte && (a[i].bytes & b[j].bytes).any())
            visit(here, i + 1, j + 1, static_cast<unsigned char>(pickByte(a[i].bytes & b[j].bytes)));
    }
    if (!steps[goal].seen)
        return std::nullopt;
    QByteArray reversed;
    for (size_t at = goal; at != 0; at = steps[at].from) {
        if (steps[at].byte >= 0)
            reversed += static_cast<char>(steps[at].byte);
    }
    std::reverse(reversed.begin(), reversed.end());
    return reversed;
}

} // namespace busmon
