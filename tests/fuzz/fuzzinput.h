#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>
#include <cstdint>

namespace busmon::fuzz {

// What libFuzzer hands a target, split the way the seed files are written: most targets read a
// first line (a channel, a filter) and the rest (a payload), so a seed is readable as text.
struct FuzzInput
{
    FuzzInput(const uint8_t *data, size_t size)
        : bytes(reinterpret_cast<const char *>(data), qsizetype(size))
    {}

    QByteArray firstLine() const
    {
        const qsizetype newline = bytes.indexOf('\n');
        return (newline < 0 ? bytes : bytes.first(newline)).toByteArray();
    }
    QByteArray afterFirstLine() const
    {
        const qsizetype newline = bytes.indexOf('\n');
        return newline < 0 ? QByteArray() : bytes.sliced(newline + 1).toByteArray();
    }

    QByteArrayView bytes;
};

// A failed invariant is a crash libFuzzer keeps, with the message that says which one.
[[noreturn]] void fail(const char *what, const QByteArray &detail = {});
#define BUSMON_FUZZ_CHECK(condition, detail)                                                                 \
    do {                                                                                                     \
        if (!(condition))                                                                                    \
            ::busmon::fuzz::fail(#condition, detail);                                                        \
    } while (false)

} // namespace busmon::fuzz
