/* The training tasks of bench_train, for whichever nn.h was included
   before this file (nn.h, or 1.x or 2.1 in bench/bench_old.c): the same
   widths, data, weights and steps in each, as every function here is
   static and each translation unit has its own copy.
     BENCH_XOR     3-4-1, the 4-row XOR table, 1500 full-batch steps, rate 1
     BENCH_DIGITS  64-32-10, 1797 rows (the digits set's size), batch 32,
                   one epoch, rate 0.01
     BENCH_MNIST   784-1024-10, batch 256, one step, rate 0.001
   The data are U[0, 1) draws (the XOR table for XOR), the weights
   U[-0.1, 0.1), from nn_rng, the same stream in 1.x and 2.0. */
#ifndef NN_BENCH_TRAIN_TASK_H
#define NN_BENCH_TRAIN_TASK_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BENCH_UNUSED        /* as bench/bench.h has it */
#ifdef __GNUC__
#define BENCH_UNUSED __attribute__((unused))
#else
#define BENCH_UNUSED
#endif
#endif

enum { BENCH_XOR, BENCH_DIGITS, BENCH_MNIST };

typedef struct task {
    size_t I, H, O, N, rows, steps;
    nn_net net;
    nn_work w;
    nn_mat x, y;              /* (rows,I), (rows,O) */
    nn_real *p, *scratch;     /* the plain version's parameters and buffers */
    nn_real rate;
} task;

static void task_init(task *t, size_t I, size_t H, size_t O, size_t N, size_t rows,
                      size_t steps, nn_real rate, uint64_t seed)
{
    nn_rng r = nn_rng_seed(seed);
    size_t np;
    memset(t, 0, sizeof *t);
    t->I = I; t->H = H; t->O = O; t->N = N; t->rows = rows; t->steps = steps;
    t->rate = rate;
    if (nn_net_init(&t->net, I, H, O) != NN_OK || nn_work_init(&t->w, &t->net, N) != NN_OK ||
        nn_mat_alloc(&t->x, rows, I) != NN_OK || nn_mat_alloc(&t->y, rows, O) != NN_OK) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    nn_net_randomize(&t->net, &r, -0.1, 0.1);
    nn_mat_rand(t->x, &r, 0, 1);
    nn_mat_rand(t->y, &r, 0, 1);
    np = t->net.n_params;
    t->p = (nn_real *)malloc(np * sizeof(nn_real));
    t->scratch = (nn_real *)malloc((N * (2 * H + 2 * O) + np) * sizeof(nn_real));
    if (!t->p || !t->scratch) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    memcpy(t->p, t->net.params, np * sizeof(nn_real));
}

/* one of the BENCH_ tasks */
static void task_make(task *t, int which)
{
    static const nn_real xs[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
    static const nn_real ys[] = {0, 1, 1, 0};
    switch (which) {
    case BENCH_XOR:
        task_init(t, 3, 4, 1, 4, 4, 1500, 1, 1);
        memcpy(t->x.data, xs, sizeof xs);
        memcpy(t->y.data, ys, sizeof ys);
        break;
    case BENCH_DIGITS:
        task_init(t, 64, 32, 10, 32, 1797, 1, (nn_real)0.01, 2);
        break;
    default:
        task_init(t, 784, 1024, 10, 256, 256, 1, (nn_real)0.001, 3);
        break;
    }
}

static void task_free(task *t)
{
    nn_net_free(&t->net); nn_work_free(&t->w);
    nn_mat_free(&t->x); nn_mat_free(&t->y);
    free(t->p); free(t->scratch);
}

/* `steps` passes over the rows in batches of N (the last may be short) */
static void run_nn(void *arg)
{
    task *t = (task *)arg;
    size_t s, r;
    for (s = 0; s < t->steps; s++)
        for (r = 0; r < t->rows; r += t->N) {
            size_t n = t->rows - r < t->N ? t->rows - r : t->N;
            nn_mat xb = t->x, yb = t->y;
            nn_mat_rows(&xb, t->x, r, n);
            nn_mat_rows(&yb, t->y, r, n);
            nn_train_step(&t->net, xb, yb, t->rate, &t->w, NULL);
        }
}

/* one part of a step on the whole of x, for the breakdown */
BENCH_UNUSED static void run_forward(void *arg)
{
    task *t = (task *)arg;
    nn_forward(&t->net, t->x, &t->w);
}
BENCH_UNUSED static void run_backprop(void *arg)
{
    task *t = (task *)arg;
    nn_backprop(&t->net, t->x, t->y, &t->w);
}
BENCH_UNUSED static void run_update(void *arg)
{
    task *t = (task *)arg;
    nn_update(&t->net, &t->w, 0);
}
#endif
