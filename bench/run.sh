#!/bin/sh
# Runs every benchmark built into the directory $1 (default build) and
# prints their tables. NumPy runs when /usr/bin/python3 has numpy; its
# numbers go to $1/numpy.txt for bench_train to print beside nn.h's.
# bench/nn_v1.h is nn.h 1.0.0 as released (`git show main:nn.h`, unchanged),
# the reference that bench_train times nn.h 2.0 against.
# BENCH_CPUTIME=1 in the environment times single-thread rows by the
# thread's CPU time instead of the wall clock (steadier on a busy machine).
B=${1:-build}
echo "nn.h benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
     "load $(cut -d' ' -f1-3 /proc/loadavg)"
grep -m1 'model name' /proc/cpuinfo 2>/dev/null
if [ -n "$BENCH_CPUTIME" ]; then
    echo "timing: thread CPU time (BENCH_CPUTIME), wall clock for threads"
else
    echo "timing: wall clock"
fi
NP=$B/numpy.txt
rm -f "$NP"
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
    echo "NumPy $(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)'), single thread"
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
        /usr/bin/python3 bench/numpy_train.py > "$NP" || rm -f "$NP"
else
    echo "NumPy: skipped (/usr/bin/python3 with numpy not found)"
fi
echo
./$B/bench_gemm "-O3 -march=native"; echo
./$B/bench_gemm_float "-O3 -march=native"; echo
./$B/bench_gemm_O2 "-O2, no -march"; echo
./$B/bench_train "$NP"; echo
./$B/bench_train_float "$NP"; echo
# threads: wall clock always (CPU time of one thread says nothing here)
env -u BENCH_CPUTIME OMP_NUM_THREADS=2 ./$B/bench_train_omp; echo
# threads that sleep at barriers instead of spinning: the better choice when
# other programs keep the cores busy
echo "OMP_WAIT_POLICY=passive:"
env -u BENCH_CPUTIME OMP_WAIT_POLICY=passive OMP_NUM_THREADS=2 ./$B/bench_train_omp
