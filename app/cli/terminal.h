#pragma once

#include <QString>

#include <optional>

namespace busmon::cli {

// The person at the terminal, when there is one. Questions go to standard error (standard output
// stays data) and answers come from standard input.
class Terminal
{
public:
    // Standard input and standard error are both a terminal: someone sees a question and can answer.
    static bool isInteractive();
    // Asks "question [y/N] "; true only for y or yes.
    static bool confirm(const QString &question);
    // Asks for a line with echo off (a password); nullopt at the end of input.
    static std::optional<QString> readSecret(const QString &prompt);
};

} // namespace busmon::cli
