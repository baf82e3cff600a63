/* nn.h 1.x and 2.1 in the benchmarks beside nn.h: each from its own
   translation unit (bench/bench_old.c, built with NN_STATIC, so none of
   its names meet nn.h's), reached through a table of entry points.
     bench_v1()  nn.h 1.0.0, bench/nn_v1.h as released (`git show
                 main:nn.h` at the time, unchanged)
     bench_v2()  nn.h 2.1.0, the header of commit a1ffb83, which the
                 Makefile extracts into the build directory; NULL when it
                 could not (no git checkout, or no such commit): the
                 programs then say "skipped"
     bench_v3()  this nn.h through the same table (bench/icount.sh)
   Every function takes what the matching _new function made. */
#ifndef NN_BENCH_OLD_H
#define NN_BENCH_OLD_H
#include <stddef.h>

typedef struct bench_old {
    const char *version;                /* its NN_VERSION */
    const char *kernel;                 /* the gemm kernel it runs */
    long (*allocs)(void);               /* its NN_MALLOC calls so far */
    /* the tasks of bench/train_task.h; the run functions are run_nn,
       run_forward, run_backprop and run_update of that file */
    void *(*task_new)(int which);       /* which: BENCH_XOR, ... */
    void (*task_steps)(void *t, size_t steps);  /* passes a run makes */
    void (*task_free)(void *t);
    void (*run)(void *t);
    void (*forward)(void *t);
    void (*backprop)(void *t);
    void (*update)(void *t);
    /* nn_mat_gemm(c, 1, op(a), op(b), 0), a and b copied from arrays of
       nn_real (M x K, or K x M with ta; K x N, or N x K with tb) */
    void *(*gemm_new)(size_t M, size_t N, size_t K, int ta, int tb, const void *a,
                      const void *b);
    void (*gemm_run)(void *g);
    void (*gemm_free)(void *g);
    /* bench/adam_task.h's step (NULL in 1.x, which has no Adam) */
    void *(*adam_new)(void);
    void (*adam_step)(void *t);
    void (*adam_free)(void *t);
} bench_old;

const bench_old *bench_v1(void);
const bench_old *bench_v2(void);
const bench_old *bench_v3(void);
/* "nn.h 2.1.0 kernel avx512" for the headings, or why there is no 2.1 */
const char *bench_v2_about(void);

#define BENCH_NO_V2 "not a git checkout with commit a1ffb83, the one make extracts it from"
#endif
