#pragma once

#include <QPalette>

namespace busmon {

// A dark palette for the Fusion style (`busmon --dark`, or BUSMON_DARK set), so that colours
// taken from the palette can be checked on a dark desktop too.
class DarkPalette
{
public:
    static QPalette make();
};

} // namespace busmon
