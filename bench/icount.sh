#!/bin/sh
# Instructions per call of nn.h 2.1 and of this nn.h, counted by valgrind's
# callgrind: exact and the same on every run, where times on a busy machine
# move by several percent. The article's XOR step and its parts, and two
# small products, in double and float, each version built the same way
# (bench/bench_old.c with NN_STATIC, -O2; valgrind 3.19 cannot decode the
# AVX-512 of -march=native builds) and called through the same table
# (bench/icount.c). A call's count is (count of 2000 calls - count of none)
# / 2000. Prints a table and how many rows are within 1.03x of 2.1; exits 1
# when a tool or 2.1's header is missing.
# Usage: sh bench/icount.sh [BUILD_DIR]  (BUILD_DIR/nn_v2.h: make's, from git)
B=${1:-build}
CC=${CC:-cc}
W="-std=c99 -O2 -Wall -Wextra -Wpedantic -Werror"
if ! command -v valgrind >/dev/null 2>&1 || [ ! -f "$B/nn_v2.h" ]; then
    echo "instruction counts: skipped (needs valgrind and $B/nn_v2.h)"
    exit 1
fi
# count PROGRAM ARGS...: the instructions callgrind collects
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
echo "instructions per call (callgrind, -O2 builds), nn.h 2.1 and this nn.h"
printf '%-10s %-7s %10s %10s %8s\n' operation type 2.1 this ratio
n=0 ok=0
for real in double float; do
    x=$B/icount_$real
    def=""; [ "$real" = float ] && def=-DNN_REAL=float
    # shellcheck disable=SC2086
    $CC $W $def -DBENCH_OLD=2 -I"$B" -Ibench -c -o "$x.v2.o" bench/bench_old.c &&
        $CC $W $def -DBENCH_OLD=3 -I. -Ibench -c -o "$x.v3.o" bench/bench_old.c &&
        $CC $W -Ibench -o "$x" bench/icount.c "$x.v2.o" "$x.v3.o" -lm || exit 1
    for op in step forward backprop update gemm4 gemm64; do
        line="$op $real"
        for v in 2 3; do
            c0=$(count "$x" $v $op 0) c1=$(count "$x" $v $op 2000)
            [ -n "$c0" ] && [ -n "$c1" ] || { echo "callgrind gave no count"; exit 1; }
            line="$line $(((c1 - c0) / 2000))"
        done
        echo "$line"
    done
done | awk '
    NF == 4 { r = $4 / $3; n++; if (r <= 1.03) ok++
              printf "%-10s %-7s %10d %10d %7.3fx\n", $1, $2, $3, $4, r; next }
    { print; bad = 1 }
    END { printf "this nn.h within 1.03x of 2.1: %d of %d rows\n", ok, n; exit bad }'
