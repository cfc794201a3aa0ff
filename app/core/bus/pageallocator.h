#pragma once

#include <QtGlobal>

#include <cstddef>
#include <memory>
#include <new>
#include <utility>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

namespace busmon {

// A standard allocator that takes big buffers as whole pages from the system (mmap) and gives them
// back at once when freed (munmap), for the big short-lived buffers of a burst. Through malloc they
// would come from the heap of the thread that allocates them (the socket thread), which glibc keeps
// when they are freed on another thread: after a burst that is hundreds of MiB resident and unused.
// Small buffers still come from malloc: a mapping each would be costly, and a process may hold
// only so many mappings (vm.max_map_count, 65530 by default).
template<typename T> struct PageAllocator
{
    using value_type = T;
    static constexpr std::size_t minPagedBytes = 256 * 1024;

    PageAllocator() = default;
    template<typename U> PageAllocator(const PageAllocator<U> &) noexcept {}

    T *allocate(std::size_t count)
    {
#ifdef Q_OS_LINUX
        if (count * sizeof(T) >= minPagedBytes) {
            void *pages =
                mmap(nullptr, count * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (pages == MAP_FAILED)
                throw std::bad_alloc();
            return static_cast<T *>(pages);
        }
#endif
        return std::allocator<T>().allocate(count);
    }

    void deallocate(T *pointer, std::size_t count) noexcept
    {
#ifdef Q_OS_LINUX
        if (count * sizeof(T) >= minPagedBytes) {
            munmap(pointer, count * sizeof(T));
            return;
        }
#endif
        std::allocator<T>().deallocate(pointer, count);
    }

    // Default construction is default-initialisation: a vector of bytes grown by resize() is then not
    // zeroed byte by byte first (std::allocator's fast paths are not taken for this allocator), and
    // RawEventBatch copies the payload over it at once.
    template<typename U> void construct(U *pointer) noexcept(noexcept(U()))
    {
        ::new (static_cast<void *>(pointer)) U;
    }
    template<typename U, typename... Args> void construct(U *pointer, Args &&...arguments)
    {
        ::new (static_cast<void *>(pointer)) U(std::forward<Args>(arguments)...);
    }

    template<typename U> bool operator==(const PageAllocator<U> &) const noexcept
    {
        return true;
    }
};

} // namespace busmon
