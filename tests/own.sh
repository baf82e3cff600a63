#!/bin/sh
# The ownership test (tests/test_own.c) as the 3.0 rule asks: built by gcc
# and clang at -O0 and -O2, each under AddressSanitizer and UBSan, and plain
# under valgrind (no error of any kind, "uninitialised" reads included), and
# by clang under MemorySanitizer at -O0 and -O2. make check's sanitize stage
# runs it; it prints one line a build, then "N passed, N failed". Two
# builds at a time; -g1 (line tables) for the reports.
# Usage: sh tests/own.sh [BUILD_DIR]
set -u
b=${1:-build/own}
mkdir -p "$b"
passed=0 failed=0
SAN="-g1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
MSAN="-gline-tables-only -fno-omit-frame-pointer -fsanitize=memory -fsanitize-memory-track-origins -fno-sanitize-recover=all"
VG="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all"

# one NAME CC FLAGS [RUNNER...]: build tests/test_own.c, run it; its line
# (and the end of its log when it failed) in $b/NAME.res
one() {
    name=$1 cc=$2 flags=$3
    shift 3
    exe="$b/test_own_$name"
    case $exe in /*) ;; *) exe=./$exe ;; esac
    # shellcheck disable=SC2086 # the flags are words
    if $cc -std=c99 $flags -Wall -Wextra -Werror -I. -o "$exe" tests/test_own.c -lm \
        >"$exe.log" 2>&1 && "$@" "$exe" >>"$exe.log" 2>&1 &&
        tail -n 1 "$exe.log" | grep -q '^[1-9][0-9]* passed, 0 failed$'; then
        echo "ok    $name: $(tail -n 1 "$exe.log")"
    else
        echo "FAIL  $name (log: $exe.log)"; tail -n 15 "$exe.log"
    fi >"$b/$name.res"
}

# two lanes side by side (the machines this targets have two cores), each
# one build after another, about as long (the sanitizers at -O0 take the
# longest to build); the lines in order after
vg() {
    if command -v valgrind >/dev/null; then
        one "$1$2-valgrind" "$1" "$2 -g1" $VG
    else
        echo "FAIL  $1$2-valgrind: valgrind not installed" >"$b/$1$2-valgrind.res"
    fi
}
{
    one gcc-O0-asan gcc "-O0 $SAN" env
    one gcc-O2-asan gcc "-O2 $SAN" env
    vg gcc -O2
    one clang-O2-msan clang "-O2 $MSAN" env
} &
one clang-O0-msan clang "-O0 $MSAN" env
vg gcc -O0
one clang-O0-asan clang "-O0 $SAN" env
one clang-O2-asan clang "-O2 $SAN" env
vg clang -O0
vg clang -O2
wait
names="gcc-O0-asan gcc-O0-valgrind gcc-O2-asan gcc-O2-valgrind clang-O0-asan clang-O0-valgrind
       clang-O2-asan clang-O2-valgrind clang-O0-msan clang-O2-msan"
for n in $names; do
    cat "$b/$n.res"
    case $(head -c 2 "$b/$n.res") in ok) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
