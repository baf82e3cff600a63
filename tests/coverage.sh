#!/bin/sh
# make coverage: make test with gcc --coverage in build/coverage, then gcov's
# count of nn.h's lines and branches (through gcovr), printed as "lines: N%"
# and "branches: N%" after any line or branch never taken. The C++ tests are
# built without instrumentation (clang++ writes another counter format).
set -u
MAKE=${MAKE:-make -j${CHECK_JOBS:-2}}
b=build/coverage
rm -rf "$b"
mkdir -p "$b" || exit 1   # its log goes beside it, before make makes it
# make test itself, so every test program, script and example counts.
# NN__INLINE as plain static inline: at -O0 nothing is then inlined, and
# each branch of nn.h is counted once, not once per always-inlined copy
# (copies whose callers fix an argument hold branches no input can take).
$MAKE -s --no-print-directory B="$b" SAN= CC=gcc \
    CFLAGS="-std=c99 -O0 -g --coverage -DNN__INLINE='static inline'" \
    test >"$b.log" 2>&1 || { cat "$b.log"; exit 1; }
tail -n 1 "$b.log"
# counters of the programs listed in CHECK_NO_COVERAGE are left out
for t in $($MAKE -s --no-print-directory B="$b" SAN= print-CHECK_NO_COVERAGE); do
    rm -f "$t"-*.gcda "$t"-*.gcno
done
gcovr --root . --filter 'nn\.h' --object-directory "$b" "$b" \
    --txt "$b/lines.txt" --print-summary >"$b/summary.txt" || exit 1
gcovr --root . --filter 'nn\.h' --object-directory "$b" "$b" --branches \
    --txt "$b/branches.txt" >/dev/null || exit 1
# the lines and branches never taken, if any
sed -n '/^nn\.h/p' "$b/lines.txt" "$b/branches.txt"
grep '^lines:\|^branches:' "$b/summary.txt"
