#include "bus/commandlinepassword.h"

#include <cstring>

namespace busmon {

namespace {
// Blanks the password of the URL in `value`, found as ConnectionSettings::fromUrl() finds it:
// the user information is what comes before the last '@' of the part before the first '/', and
// the password what follows its first ':'. The length stays: argv's strings cannot move.
bool blankPassword(char *value)
{
    char *rest = std::strstr(value, "://");
    if (!rest)
        return false;
    rest += 3;
    const size_t authorityLength = std::strcspn(rest, "/");
    char *at = nullptr;
    for (char *c = rest; c < rest + authorityLength; ++c) {
        if (*c == '@')
            at = c;
    }
    if (!at)
        return false;
    char *colon = static_cast<char *>(std::memchr(rest, ':', size_t(at - rest)));
    if (!colon || colon + 1 == at)
        return false;
    std::memset(colon + 1, '*', size_t(at - colon - 1));
    return true;
}
} // namespace

int CommandLinePassword::hide(int argc, char **argv)
{
    static constexpr char option[] = "--url";
    static constexpr size_t optionLength = sizeof(option) - 1;
    int hidden = 0;
    for (int i = 1; i < argc && argv[i]; ++i) {
        char *argument = argv[i];
        if (std::strcmp(argument, "--") == 0)
            break; // what follows is not options
        if (std::strcmp(argument, option) == 0 && i + 1 < argc && argv[i + 1])
            hidden += blankPassword(argv[++i]) ? 1 : 0;
        else if (std::strncmp(argument, option, optionLength) == 0 && argument[optionLength] == '=')
            hidden += blankPassword(argument + optionLength + 1) ? 1 : 0;
    }
    return hidden;
}

QString CommandLinePassword::warning()
{
    return QStringLiteral(
        "Warning: Using a password in --url on the command line may not be safe: other users of this "
        "machine can see it while the program starts, and your shell history keeps it. Put it in the "
        "REDISCLI_AUTH environment variable instead, and leave it out of the URL (redis://user@host:port).");
}

} // namespace busmon
