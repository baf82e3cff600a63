#!/bin/sh
# make coverage: the test suite built by gcc with --coverage in
# build/coverage, run, and gcov's count of nn.h's lines and branches (through
# gcovr), printed as "lines: N%" and "branches: N%". The C++ tests are built
# without instrumentation (clang++ writes another counter format).
set -u
MAKE=${MAKE:-make}
b=build/coverage
rm -rf "$b"
tests=$($MAKE -s --no-print-directory B="$b" print-TESTS)
$MAKE -s --no-print-directory B="$b" CC=gcc CFLAGS="-std=c99 -O0 -g --coverage" \
    $tests || exit 1
sh tests/run.sh $tests >"$b/run.log" 2>&1 || { cat "$b/run.log"; exit 1; }
tail -n 1 "$b/run.log"
gcovr --root . --filter 'nn\.h' --object-directory "$b" "$b" \
    --txt "$b/lines.txt" --print-summary >"$b/summary.txt" || exit 1
gcovr --root . --filter 'nn\.h' --object-directory "$b" "$b" --branches \
    --txt "$b/branches.txt" >/dev/null || exit 1
# the lines and branches never taken, if any
sed -n '/^nn\.h/p' "$b/lines.txt" "$b/branches.txt"
grep '^lines:\|^branches:' "$b/summary.txt"
