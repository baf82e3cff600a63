/* nn.h 1.x or 2.1 for the benchmarks, with every function static, behind
   the table of bench/bench_old.h. Built once for each version:
     -DBENCH_OLD=1  bench/nn_v1.h, nn.h 1.0.0: bench_v1()
     -DBENCH_OLD=2  nn_v2.h, nn.h 2.1.0 (`git show a1ffb83:nn.h`, which
                    the Makefile writes into the build directory, given
                    with -I): bench_v2()
     -DBENCH_OLD=3  this nn.h, through the same table: bench_v3()
                    (bench/icount.sh counts both's instructions)
     -DBENCH_OLD=0  no 2.1 header to build with: bench_v2() is NULL */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "bench_old.h"
#if BENCH_OLD
static long old_n_allocs;
static void *old_malloc(size_t n) { old_n_allocs++; return malloc(n); }
#define NN_MALLOC(n) old_malloc(n)
#define NN_FREE(p) free(p)
#define NN_STATIC
#define NN_IMPLEMENTATION
#if BENCH_OLD == 1
#include "nn_v1.h"
#elif BENCH_OLD == 2
#include "nn_v2.h"
#include "adam_task.h"
#else
#include "nn.h"
#include "adam_task.h"
#endif
#include "train_task.h"

/* malloc, or the end of the program */
static void *old_alloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

static void *old_task_new(int which)
{
    task *t = (task *)old_alloc(sizeof *t);
    task_make(t, which);
    return t;
}

static void old_task_steps(void *t, size_t steps) { ((task *)t)->steps = steps; }

static void old_task_free(void *t)
{
    task_free((task *)t);
    free(t);
}

typedef struct old_gemm {
    nn_mat a, b, c;
    int ta, tb;
} old_gemm;

static void *old_gemm_new(size_t M, size_t N, size_t K, int ta, int tb, const void *a,
                          const void *b)
{
    old_gemm *g = (old_gemm *)old_alloc(sizeof *g);
    g->ta = ta; g->tb = tb;
    if (nn_mat_alloc(&g->a, ta ? K : M, ta ? M : K) != NN_OK ||
        nn_mat_alloc(&g->b, tb ? N : K, tb ? K : N) != NN_OK ||
        nn_mat_alloc(&g->c, M, N) != NN_OK) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    memcpy(g->a.data, a, M * K * sizeof(nn_real));
    memcpy(g->b.data, b, N * K * sizeof(nn_real));
    return g;
}

static void old_gemm_run(void *p)
{
    old_gemm *g = (old_gemm *)p;
    nn_mat_gemm(g->c, 1, g->a, g->ta, g->b, g->tb, 0);
}

static void old_gemm_free(void *p)
{
    old_gemm *g = (old_gemm *)p;
    nn_mat_free(&g->a); nn_mat_free(&g->b); nn_mat_free(&g->c);
    free(g);
}

#if BENCH_OLD >= 2
static void *old_adam_new(void)
{
    adam_task *t = (adam_task *)old_alloc(sizeof *t);
    adam_init(t, ADAM_BATCH);
    return t;
}

static void old_adam_free(void *t)
{
    adam_free((adam_task *)t);
    free(t);
}
#define OLD_ADAM old_adam_new, adam_step, old_adam_free
#else
#define OLD_ADAM NULL, NULL, NULL
#endif

static long old_allocs(void) { return old_n_allocs; }

#if BENCH_OLD == 1
const bench_old *bench_v1(void)
#elif BENCH_OLD == 2
const bench_old *bench_v2(void)
#else
const bench_old *bench_v3(void)
#endif
{
    static bench_old v;
    if (!v.version) {       /* the kernel's name is known at run time */
        bench_old o = {NULL, NULL, old_allocs, old_task_new, old_task_steps, old_task_free,
                       run_nn, run_forward, run_backprop, run_update, old_gemm_new,
                       old_gemm_run, old_gemm_free, OLD_ADAM};
#if BENCH_OLD == 3
        o.kernel = nn__ukrs[nn__ukr_row(1)].name;
#else
        o.kernel = nn__ukr_pick(1).name;
#endif
        o.version = NN_VERSION;
        v = o;
    }
    return &v;
}
#else
const bench_old *bench_v2(void) { return NULL; }
#endif

#if BENCH_OLD == 2 || BENCH_OLD == 0
const char *bench_v2_about(void)
{
    static char s[64];
    const bench_old *v = bench_v2();
    if (!v) return "nn.h 2.1 skipped: " BENCH_NO_V2;
    sprintf(s, "nn.h %.16s kernel %.16s", v->version, v->kernel);
    return s;
}
#endif
