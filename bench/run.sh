#!/bin/sh
# Runs every benchmark built into the directory $1 (default build) and
# prints their tables. NumPy runs when /usr/bin/python3 has numpy, PyTorch
# when it has torch; their numbers go to $1/numpy.txt and $1/adam.txt for
# bench_train and bench_adam to print beside nn.h's.
# bench/nn_v1.h is nn.h 1.0.0 as released (`git show main:nn.h`, unchanged),
# the reference that bench_train times nn.h 2.0 against. $1/nn_v2.h is nn.h
# 2.1.0, the header of commit a1ffb83, which the Makefile extracts there
# (`git show a1ffb83:nn.h > $1/nn_v2.h`, not kept in bench/): bench_train,
# bench_gemm, bench_floor and bench_adam time it beside nn.h in the same
# process, their samples in turn (bench/bench_old.c), and say "skipped" in
# its rows when make found no such commit (not a git checkout). FANN's numbers
# (bench_fann) when libfann-dev was there to build it. bench_floor times the
# latency floor of an article step (its chain of dependent operations)
# beside nn_train_step's step. Last, a summary of
# nn.h's speed-ups against each of them, at -O2 and at -O3 -march=native,
# from this run's medians (collected in $1/results.txt; bench/summary.awk),
# then 2.1 against nn.h again in instructions per call (bench/icount.sh,
# under valgrind), which the machine's load does not move.
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
blas() {
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
        OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$@"
}
NP=$B/numpy.txt
AD=$B/adam.txt
rm -f "$NP" "$AD"
# Fashion-MNIST's IDX files, uncompressed into $B/fashion (FD empty when
# Debian's dataset-fashion-mnist is not installed): bench_step's data and
# the whole training run's
FM=/usr/share/datasets/fashion-mnist FD=$B/fashion
if [ -f "$FM/train-images-idx3-ubyte.gz" ]; then
    mkdir -p "$FD"
    for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte \
             t10k-labels-idx1-ubyte; do
        [ -f "$FD/$f" ] || gzip -dc "$FM/$f.gz" >"$FD/$f"
    done
else
    FD=
    echo "Fashion-MNIST: not installed (dataset-fashion-mnist); bench_step uses U[0,1) rows"
fi
if $PY -c 'import numpy' 2>/dev/null; then
    blas "$PY" bench/numpy_train.py > "$NP" || rm -f "$NP"
    blas "$PY" bench/mlp_adam.py numpy > "$AD"
else
    echo "NumPy: skipped ($PY with numpy not found)"
fi
if $PY -c 'import numpy, torch' 2>/dev/null; then
    blas "$PY" bench/mlp_adam.py torch ${FD:+"$FD"} >> "$AD"
else
    echo "PyTorch: skipped ($PY with numpy and torch not found)"
fi
echo
# rec TAG COMMAND...: runs COMMAND, which appends its medians to $RES under
# TAG (BENCH_OUT, BENCH_TAG: bench_record in bench/bench.h), for the summary
RES=$B/results.txt
rm -f "$RES"
rec() {
    BENCH_OUT=$RES BENCH_TAG=$1
    export BENCH_OUT BENCH_TAG
    shift
    "$@"
    unset BENCH_OUT BENCH_TAG
    echo
}
rec native blas "$B"/bench_gemm "-O3 -march=native"
rec native blas "$B"/bench_gemm_float "-O3 -march=native"
rec O2 blas "$B"/bench_gemm_O2 "-O2, no -march"
rec O2 blas "$B"/bench_gemm_float_O2 "-O2, no -march"
rec native "$B"/bench_train "$NP" "-O3 -march=native"
rec native "$B"/bench_train_float "$NP" "-O3 -march=native"
rec O2 "$B"/bench_train_O2 "$NP" "-O2, no -march"
rec O2 "$B"/bench_train_float_O2 "$NP" "-O2, no -march"
rec O2 "$B"/bench_floor_O2 "$NP" "-O2, no -march"
rec O2 "$B"/bench_floor_float_O2 "$NP" "-O2, no -march"
rec native "$B"/bench_floor "$NP" "-O3 -march=native"
rec native "$B"/bench_floor_float "$NP" "-O3 -march=native"
if [ -x "$B"/bench_fann ]; then
    echo "FANN $(pkg-config --modversion fann 2>/dev/null || echo '(version unknown)')"
    rec O2 "$B"/bench_fann
else
    echo "FANN: skipped (libfann-dev not installed)"; echo
fi
rec native "$B"/bench_adam "$AD"
rec native "$B"/bench_adam_float "$AD"
# the deep recipe's step in its parts at batch 64 and 256 (bench_step)
rec O2 "$B"/bench_step_O2 "$AD" "-O2, no -march" ${FD:+"$FD"}
rec O2 "$B"/bench_step_float_O2 "$AD" "-O2, no -march" ${FD:+"$FD"}
rec native "$B"/bench_step "$AD" "-O3 -march=native" ${FD:+"$FD"}
rec native "$B"/bench_step_float "$AD" "-O3 -march=native" ${FD:+"$FD"}
env -u BENCH_CPUTIME "$B"/bench_step_omp "$AD" "-O3 -march=native, -fopenmp" ${FD:+"$FD"}; echo
env -u BENCH_CPUTIME "$B"/bench_step_float_omp "$AD" "-O3 -march=native, -fopenmp" ${FD:+"$FD"}; echo
# the whole training run on Fashion-MNIST, 10 epochs of the deep recipe
# with Adam at batch 64 (accuracy on the training and the test rows after
# every epoch, as train reports them): train (double, and float built
# with NN_REAL=float) against the same loop in PyTorch
# (bench/fashion_torch.py), wall clock, one thread each; FASHION_EPOCHS in
# the environment for fewer
# train's peak resident memory beside the features' size (70,000 x 784
# values of the build's type); $PEAK runs a command and writes its peak
# resident KiB into the file $1
FE=${FASHION_EPOCHS:-10}
PEAK='import resource, subprocess, sys
r = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(r)'
if [ -n "$FD" ] && $PY -c 'import numpy, torch' 2>/dev/null; then
    echo "Fashion-MNIST, 784-256-128-10 relu, softmax, cross-entropy (mean), Adam 1e-3,"
    echo "batch 64, $FE epochs, wall clock, 1 thread (seconds, last test accuracy)"
    for t in "$B/train f64 8" "$B/train_float f32 4"; do
        set -- $t
        s0=$(date +%s.%N)
        acc=$("$PY" -c "$PEAK" "$FD/peak_$2" "$1" --idx-images "$FD/train-images-idx3-ubyte" \
              --idx-labels "$FD/train-labels-idx1-ubyte" \
              --test-idx-images "$FD/t10k-images-idx3-ubyte" \
              --test-idx-labels "$FD/t10k-labels-idx1-ubyte" --layers 256,128 \
              --activation relu --output softmax --loss cross_entropy --optimizer adam \
              --rate 0.001 --mean-loss --batch 64 --epochs "$FE" --init he |
              sed -n 's/^test accuracy \([0-9.]*\)%.*/\1/p')
        s1=$(date +%s.%N)
        tn=$(echo "$s0 $s1" | awk '{printf "%.1f", $2 - $1}')
        tt=$(blas "$PY" bench/fashion_torch.py "$FD" "$2" "$FE" 2>/dev/null)
        echo "$tn $acc $tt" | awk -v tag="$2" '{printf "%-5s nn.h %6.1f s %6.2f%%   PyTorch %6.1f s %6.2f%%   nn.h %.2fx\n", tag, $1, $2, $4, 100 * $5, $4 / $1}'
        awk -v size="$3" '{f = 70000 * 784 * size / 1048576
            printf "      train peak resident %.0f MiB: %.2f times the features (%.0f MiB)\n", $1 / 1024, $1 / 1024 / f, f}' "$FD/peak_$2"
    done
else
    echo "Fashion-MNIST: skipped (dataset-fashion-mnist, or $PY with torch, not found)"
fi
echo

# train's CSV reader on the same images as a CSV file (bench_csv), in
# double and in float (the table is held in the build's type)
if [ -n "$FD" ]; then
    rec O2 "$B"/bench_csv "$FD" double
    rec O2 "$B"/bench_csv_float "$FD" float
fi

# threads: wall clock always (CPU time of one thread says nothing here)
env -u BENCH_CPUTIME OMP_NUM_THREADS=2 "$B"/bench_train_omp; echo
# threads that sleep at barriers instead of spinning: the better choice when
# other programs keep the cores busy
echo "OMP_WAIT_POLICY=passive:"
env -u BENCH_CPUTIME OMP_WAIT_POLICY=passive OMP_NUM_THREADS=2 "$B"/bench_train_omp
echo
# the ratios from this run's numbers (bench/summary.awk)
[ -f "$NP" ] || NP=/dev/null
awk -f bench/summary.awk "$NP" "$RES"
# and against 2.1 in instructions, which a busy machine does not move
# (bench/icount.sh; needs valgrind)
echo
sh bench/icount.sh "$B" || true
