# Sourced by run-sanitizers.sh and tests/fuzz/run-fuzzers.sh: configures a clang-14 build tree for
# sanitizers. -O1 with line tables only (the usual sanitizer build): about half the compile and
# link time of -O2 -g, stack traces still name file and line. Debug, so that Q_ASSERT stays on.
#   configure_clang BUILD-DIR -DBUSMON_SANITIZE=… [more cmake arguments]
# The ASan tree is shared: the fuzzers are built in it with -DBUSMON_FUZZ=ON, so both scripts
# configure it alike (asan_tree_options) and CI compiles it once.
asan_tree_options=(-DBUSMON_SANITIZE=address,undefined -DBUSMON_FUZZ=ON)
configure_clang() {
    CC=clang-14 CXX=clang++-14 cmake -S "$top" -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" "${@:2}" >/dev/null
}
