# Sourced by run-sanitizers.sh and tests/fuzz/run-fuzzers.sh: configures a clang-14 build tree for
# sanitizers. -O1 with line tables only (the usual sanitizer build): about half the compile and
# link time of -O2 -g, stack traces still name file and line. Debug, so that Q_ASSERT stays on.
#   configure_clang BUILD-DIR -DBUSMON_SANITIZE=… [more cmake arguments]
# The ASan tree is shared: the fuzzers are built in it with -DBUSMON_FUZZ=ON, so both scripts
# configure it alike (asan_tree_options) and CI compiles it once.
# -fno-pch-timestamp: clang otherwise writes the headers' times into each precompiled header, so
# a tree made afresh (a new checkout in CI) gets a PCH that differs from the last one and ccache
# misses every file that uses it (measured: 0 hits of 3 in a toy tree rebuilt; 3 of 3 with it).
# The PCH also holds its own path: only a tree at the same path finds the compilations.
asan_tree_options=(-DBUSMON_SANITIZE=address,undefined -DBUSMON_FUZZ=ON)
configure_clang() {
    CC=clang-14 CXX=clang++-14 cmake -S "$top" -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        "-DCMAKE_CXX_FLAGS=-Xclang -fno-pch-timestamp" "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" \
        "${@:2}" >/dev/null
}
