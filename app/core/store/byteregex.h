#pragma once

#include <QByteArrayView>
#include <QRegularExpression>
#include <QString>
#include <memory>

namespace busmon {

// A regular expression matched straight against UTF-8 bytes (PCRE2's 8-bit library, JIT-compiled),
// so a filter runs over a million stored rows without decoding each one into a QString.
//
// It answers exactly as QRegularExpression with the same pattern and options would on
// QString::fromUtf8(bytes): the same PCRE2 syntax in UTF mode, Unicode case folding for
// CaseInsensitiveOption, and bytes that are not UTF-8 read as U+FFFD, as fromUtf8 reads them
// (only such subjects are decoded and re-encoded; valid ones are matched as they are).
//
// A match that needs more than matchLimit backtracking steps, or more than maxJitStackBytes of
// stack, counts as no match: a pathological pattern such as (a+)+$ costs a few milliseconds a row
// instead of hanging the filter.
//
// Build once per filter; copies share the compiled pattern; matches() is const and thread-safe
// (each thread has its own match data and JIT stack).
class ByteRegex
{
public:
    static constexpr quint32 matchLimit = 1'000'000;
    static constexpr size_t maxJitStackBytes = 512 * 1024;

    ByteRegex() = default; // not valid: matches nothing
    explicit ByteRegex(const QString &pattern,
                       QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption);
    explicit ByteRegex(const QRegularExpression &regex);

    bool isValid() const { return m_program != nullptr; }
    const QString &pattern() const { return m_pattern; }
    // PCRE2's message and where in pattern() (QChar index) it applies; empty and -1 when valid.
    const QString &errorString() const { return m_errorString; }
    qsizetype errorOffset() const { return m_errorOffset; }

    bool matches(QByteArrayView utf8) const;

private:
    struct Program;
    int run(QByteArrayView utf8, quint32 options) const;

    QString m_pattern;
    std::shared_ptr<const Program> m_program;
    QString m_errorString;
    qsizetype m_errorOffset = -1;
};

} // namespace busmon
