#!/bin/sh
# Runs every benchmark built into the directory $1 (default build) and
# prints their tables. NumPy runs when /usr/bin/python3 has numpy, PyTorch
# when it has torch; their numbers go to $1/numpy.txt and $1/adam.txt for
# bench_train and bench_adam to print beside nn.h's.
# bench/nn_v1.h is nn.h 1.0.0 as released (`git show main:nn.h`, unchanged),
# the reference that bench_train times nn.h 2.0 against.
# BENCH_CPUTIME=1 in the environment times single-thread rows by the
# thread's CPU time instead of the wall clock (steadier on a busy machine).
B=${1:-build}
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ in bench/
echo "nn.h benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
     "load $(cut -d' ' -f1-3 /proc/loadavg)"
grep -m1 'model name' /proc/cpuinfo 2>/dev/null
if [ -n "$BENCH_CPUTIME" ]; then
    echo "timing: thread CPU time (BENCH_CPUTIME), wall clock for threads"
else
    echo "timing: wall clock"
fi
# What runs OpenBLAS (bench_gemm, NumPy, PyTorch) runs with
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, for that command only: some
# machines set them for older OpenBLAS builds, and they hold a current one
# to a slower kernel. Each prints the kernel it then runs. One thread.
BLAS="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1
      OMP_NUM_THREADS=1 MKL_NUM_THREADS=1"
NP=$B/numpy.txt
AD=$B/adam.txt
rm -f "$NP" "$AD"
if $PY -c 'import numpy' 2>/dev/null; then
    $BLAS $PY bench/numpy_train.py > "$NP" || rm -f "$NP"
    $BLAS $PY bench/mlp_adam.py numpy > "$AD"
else
    echo "NumPy: skipped ($PY with numpy not found)"
fi
if $PY -c 'import numpy, torch' 2>/dev/null; then
    $BLAS $PY bench/mlp_adam.py torch >> "$AD"
else
    echo "PyTorch: skipped ($PY with numpy and torch not found)"
fi
echo
$BLAS "$B"/bench_gemm "-O3 -march=native"; echo
$BLAS "$B"/bench_gemm_float "-O3 -march=native"; echo
$BLAS "$B"/bench_gemm_O2 "-O2, no -march"; echo
"$B"/bench_train "$NP"; echo
"$B"/bench_train_float "$NP"; echo
"$B"/bench_adam "$AD"; echo
"$B"/bench_adam_float "$AD"; echo
# threads: wall clock always (CPU time of one thread says nothing here)
env -u BENCH_CPUTIME OMP_NUM_THREADS=2 "$B"/bench_train_omp; echo
# threads that sleep at barriers instead of spinning: the better choice when
# other programs keep the cores busy
echo "OMP_WAIT_POLICY=passive:"
env -u BENCH_CPUTIME OMP_WAIT_POLICY=passive OMP_NUM_THREADS=2 "$B"/bench_train_omp
