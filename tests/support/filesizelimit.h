#pragma once

#include <QString>

#include <sys/resource.h>

namespace busmon::test {

// A full disk on demand: a file size limit for this process (RLIMIT_FSIZE). A write that crosses it
// writes what fits and fails with EFBIG, as a filling disk writes what fits and fails with ENOSPC.
// The limit is lifted when this goes, however the test ends.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(qint64 bytes);
    ~FileSizeLimit();
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;

    bool isSet() const { return m_set; }
    void lift();
    // The system's words for a write past the limit, as an error message quotes them.
    static QString refusal();

private:
    rlimit m_old{};
    bool m_set = false;
};

} // namespace busmon::test
