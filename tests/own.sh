#!/bin/sh
# The ownership test (tests/test_own.c) as the 3.0 rule asks: built by gcc
# and clang at -O0 and -O2, each under AddressSanitizer and UBSan, and plain
# under valgrind (no error of any kind, "uninitialised" reads included), and
# by clang under MemorySanitizer at -O0 and -O2. make check's sanitize stage
# runs it; it prints one line a build, then "N passed, N failed".
# Usage: sh tests/own.sh [BUILD_DIR]
set -u
b=${1:-build/own}
mkdir -p "$b"
passed=0 failed=0
SAN="-g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
MSAN="-g -fno-omit-frame-pointer -fsanitize=memory -fsanitize-memory-track-origins -fno-sanitize-recover=all"
VG="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all"

# one NAME CC FLAGS [RUNNER...]: build tests/test_own.c, run it, count
one() {
    name=$1 cc=$2 flags=$3
    shift 3
    exe="$b/test_own_$name"
    # shellcheck disable=SC2086 # the flags are words
    if $cc -std=c99 $flags -Wall -Wextra -Werror -I. -o "$exe" tests/test_own.c -lm \
        >"$exe.log" 2>&1 && "$@" "./$exe" >>"$exe.log" 2>&1 &&
        tail -n 1 "$exe.log" | grep -q '^[1-9][0-9]* passed, 0 failed$'; then
        passed=$((passed + 1)); echo "ok    $name: $(tail -n 1 "$exe.log")"
    else
        failed=$((failed + 1)); echo "FAIL  $name (log: $exe.log)"; tail -n 15 "$exe.log"
    fi
}

for cc in gcc clang; do
    for o in -O0 -O2; do
        one "$cc$o-asan" "$cc" "$o $SAN" env
        if command -v valgrind >/dev/null; then
            one "$cc$o-valgrind" "$cc" "$o -g" $VG
        else
            failed=$((failed + 1)); echo "FAIL  $cc$o-valgrind: valgrind not installed"
        fi
    done
done
for o in -O0 -O2; do
    one "clang$o-msan" clang "$o $MSAN" env
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
