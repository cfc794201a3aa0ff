#pragma once

#include <QString>

namespace busmon {

// A password typed into --url on the command line (redis://user:secret@host) can be read by every
// user of the machine in /proc/PID/cmdline and `ps` for as long as the program runs. Like
// redis-cli, we warn and point to REDISCLI_AUTH; unlike it, we also blank the password in the
// process's own argv once the arguments have been read.
class CommandLinePassword
{
public:
    // Overwrites with '*', in place, the password of each --url value in argv[1..argc), given as
    // "--url VALUE" or "--url=VALUE". Returns how many it blanked. Call it with the argc and argv
    // main() got, after QCoreApplication copied what it needs: QCoreApplication keeps pointers
    // into the same strings, so QCoreApplication::arguments() shows the blanked text afterwards.
    static int hide(int argc, char **argv);
    // The warning to print when hide() found one: "Warning: Using a password in --url …".
    static QString warning();
};

} // namespace busmon
