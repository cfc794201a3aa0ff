#include "fuzzinput.h"

#include <cstdio>
#include <cstdlib>

namespace busmon::fuzz {

void fail(const char *what, const QByteArray &detail)
{
    std::fprintf(stderr, "busmon fuzz: invariant failed: %s\n%s\n", what, detail.left(4096).constData());
    std::abort();
}

} // namespace busmon::fuzz
