#pragma once

#include <QString>

namespace busmon {

// The hiredis release the RESP reader was built with, e.g. "0.14.1". hiredis 0.14 cannot be asked
// at run time; its soname (libhiredis.so.0.14) pins the release line.
QString hiredisVersion();

} // namespace busmon
