/* nn.h 1.x for bench_train: bench/nn_v1.h with every function static,
   behind the entry points of bench/bench_v1.h. */
#include <stdint.h>
#include <stdlib.h>
static long v1_n_allocs;
static void *v1_malloc(size_t n) { v1_n_allocs++; return malloc(n); }
#define NN_MALLOC(n) v1_malloc(n)
#define NN_FREE(p) free(p)
#define NN_STATIC
#define NN_IMPLEMENTATION
#include "nn_v1.h"
#include "train_task.h"
#include "bench_v1.h"

void *v1_task_new(int which)
{
    task *t = (task *)malloc(sizeof *t);
    if (!t) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    task_make(t, which);
    return t;
}

void v1_task_free(void *t)
{
    task_free((task *)t);
    free(t);
}

void v1_run(void *t) { run_nn(t); }
void v1_forward(void *t) { run_forward(t); }
void v1_backprop(void *t) { run_backprop(t); }
void v1_update(void *t) { run_update(t); }
const char *v1_version(void) { return NN_VERSION; }
const char *v1_kernel(void) { return nn__ukr_pick(1).name; }
long v1_allocs(void) { return v1_n_allocs; }
