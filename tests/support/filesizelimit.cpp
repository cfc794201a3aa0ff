#include "filesizelimit.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <utility>

namespace busmon::test {

FileSizeLimit::FileSizeLimit(qint64 bytes)
{
    std::signal(SIGXFSZ, SIG_IGN); // else crossing the limit kills the process
    if (getrlimit(RLIMIT_FSIZE, &m_old) != 0)
        return;
    rlimit limited = m_old;
    limited.rlim_cur = rlim_t(bytes);
    m_set = setrlimit(RLIMIT_FSIZE, &limited) == 0;
}

FileSizeLimit::~FileSizeLimit()
{
    lift();
}

void FileSizeLimit::lift()
{
    if (std::exchange(m_set, false))
        setrlimit(RLIMIT_FSIZE, &m_old);
}

QString FileSizeLimit::refusal()
{
    return QString::fromLocal8Bit(std::strerror(EFBIG));
}

} // namespace busmon::test
