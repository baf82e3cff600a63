/* Training benchmarks: nn.h beside the plain loops (bench/plain.h) and the
   article's algorithm in NumPy (numbers read from the file named by argv[1],
   written by bench/numpy_train.py; "skipped" when there is none).
     xor     3-4-1, the 4-row XOR table, 1500 full-batch steps (time for all);
             then nn_forward, nn_backprop and nn_update alone (per step)
     mnist   784-1024-10, batch 256, one step (time per sample)
     digits  64-32-10, 1797 rows (the digits set's size), batch 32, one epoch
   Also counts NN_MALLOC calls while training (must be 0). Built with
   -fopenmp it also times mnist on 1 and 2 threads and compares the bits. */
#include "bench.h"
static long bench_allocs;
static void *bench_malloc(size_t n) { bench_allocs++; return malloc(n); }
#define NN_MALLOC(n) bench_malloc(n)
#define NN_FREE(p) free(p)
#define NN_IMPLEMENTATION
#include "nn.h"
#ifndef _OPENMP
#include "plain.h"
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

typedef struct task {
    size_t I, H, O, N, rows, steps;
    nn_net net;
    nn_work w;
    nn_mat x, y;
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
    memcpy(t->p, t->net.params, np * sizeof(nn_real));
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

#ifndef _OPENMP
/* one part of a step on the whole of x, for the breakdown */
static void run_forward(void *arg)
{
    task *t = (task *)arg;
    nn_forward(&t->net, t->x, &t->w);
}
static void run_backprop(void *arg)
{
    task *t = (task *)arg;
    nn_backprop(&t->net, t->x, t->y, &t->w);
}
static void run_update(void *arg)
{
    task *t = (task *)arg;
    nn_update(&t->net, &t->w, 0);
}

static void run_plain(void *arg)
{
    task *t = (task *)arg;
    size_t s, r;
    for (s = 0; s < t->steps; s++)
        for (r = 0; r < t->rows; r += t->N) {
            size_t n = t->rows - r < t->N ? t->rows - r : t->N;
            plain_train_step(t->I, t->H, t->O, n, t->p, t->x.data + r * t->I,
                             t->y.data + r * t->O, t->rate, t->scratch);
        }
}
#endif

static void row(const char *name, const char *impl, bench_stat st, double scale,
                double flops, double nn_med)
{
    bench_stat s = st;
    s.med /= scale; s.min /= scale; s.max /= scale;
    printf("%-34s %-14s", name, impl);
    if (flops > 0) printf(" %7.2f", flops / st.med * 1e-9); else printf(" %7s", "-");
    printf("  ");
    bench_print_time(s);
    if (nn_med > 0) printf("  nn.h %.1fx", st.med / nn_med);
    printf("\n");
}

#ifndef _OPENMP
/* NumPy's numbers for `key`, from the file: "key median min max" */
static int numpy_lookup(const char *file, const char *key, bench_stat *st)
{
    char k[64];
    double a, b, c;
    int found = 0;
    FILE *f = file ? fopen(file, "r") : NULL;
    if (!f) return 0;
    while (fscanf(f, "%63s %lf %lf %lf", k, &a, &b, &c) == 4)
        if (strcmp(k, key) == 0) { st->med = a; st->min = b; st->max = c; found = 1; }
    fclose(f);
    return found;
}

static void bench_case(const char *name, const char *key, task *t, double scale,
                       double min_s, const char *numpy_file, int with_plain)
{
    /* multiply-adds per pass: forward 2 gemms, backward 3 (the first
       layer's input gradient is not needed) */
    double flops = 2.0 * (double)t->rows * (double)t->steps *
                   (2.0 * (double)t->I * (double)t->H + 3.0 * (double)t->H * (double)t->O);
    bench_stat tn, tp, tnp;
    long a0;
    a0 = bench_allocs;
    tn = bench_run(run_nn, t, min_s);
    row(name, "nn.h", tn, scale, flops, 0);
    if (bench_allocs != a0)
        printf("%-34s %ld allocations while training\n", name, bench_allocs - a0);
    if (with_plain) {
        tp = bench_run(run_plain, t, min_s);
        row(name, "plain loops", tp, scale, flops, tn.med);
    }
    if (numpy_lookup(numpy_file, key, &tnp)) {
        tnp.med *= scale; tnp.min *= scale; tnp.max *= scale;
        row(name, "NumPy", tnp, scale, flops, tn.med);
    } else {
        printf("%-34s %-14s skipped (no NumPy numbers)\n", name, "NumPy");
    }
}

#endif

int main(int argc, char **argv)
{
    const char *np = argc > 1 ? argv[1] : NULL;
    const int f32 = sizeof(nn_real) == sizeof(float);
    task t;
    long a0 = bench_allocs;
    printf("training, %s (kernel %s)%s\n", f32 ? "float" : "double", nn__ukr_pick(1).name,
#ifdef _OPENMP
           ", OpenMP"
#else
           ""
#endif
    );
    printf("%-34s %-14s %7s  %s\n", "benchmark", "impl", "GFLOP/s",
           "time median (min-max)");
#ifndef _OPENMP
    if (!f32) {     /* the article's network, in double as the article */
        static const nn_real xs[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
        static const nn_real ys[] = {0, 1, 1, 0};
        task_init(&t, 3, 4, 1, 4, 4, 1500, 1, 1);
        memcpy(t.x.data, xs, sizeof xs);
        memcpy(t.y.data, ys, sizeof ys);
        bench_case("XOR 3-4-1, 1500 steps", "xor_f64", &t, 1,
                   0.05, np, 1);
        /* where a step's time goes: each part alone, per step */
        row("XOR step: nn_forward", "nn.h", bench_run(run_forward, &t, 0.05), 1,
            0, 0);
        row("XOR step: nn_backprop", "nn.h", bench_run(run_backprop, &t, 0.05), 1,
            0, 0);
        row("XOR step: nn_update", "nn.h", bench_run(run_update, &t, 0.05), 1,
            0, 0);
        task_free(&t);
    }
    task_init(&t, 64, 32, 10, 32, 1797, 1, (nn_real)0.01, 2);
    bench_case("digits 64-32-10 b32, epoch", f32 ? "digits_f32" : "digits_f64", &t,
               1, 0.05, np, 1);
    task_free(&t);
    task_init(&t, 784, 1024, 10, 256, 256, 1, (nn_real)0.001, 3);
    bench_case("784-1024-10 b256, per sample", f32 ? "mnist_f32" : "mnist_f64", &t,
               256, 0.2, np, 1);
    task_free(&t);
#else
    {
        task t2;
        bench_stat t1s, t2s;
        task_init(&t, 784, 1024, 10, 256, 256, 1, (nn_real)0.001, 3);
        task_init(&t2, 784, 1024, 10, 256, 256, 1, (nn_real)0.001, 3);
        omp_set_num_threads(1);
        t1s = bench_run(run_nn, &t, 0.2);
        row("784-1024-10 b256, per sample", "nn.h 1 thread", t1s, 256,
            2.0 * 256 * (2.0 * 784 * 1024 + 3.0 * 1024 * 10), 0);
        omp_set_num_threads(2);
        t2s = bench_run(run_nn, &t2, 0.2);
        row("784-1024-10 b256, per sample", "nn.h 2 threads", t2s, 256,
            2.0 * 256 * (2.0 * 784 * 1024 + 3.0 * 1024 * 10), 0);
        printf("%-34s 2 threads %.2fx 1 thread\n", "784-1024-10 b256", t1s.med / t2s.med);
        /* the same number of steps from the same start: the same bits? */
        task_free(&t); task_free(&t2);
        task_init(&t, 784, 1024, 10, 256, 256, 5, (nn_real)0.001, 3);
        task_init(&t2, 784, 1024, 10, 256, 256, 5, (nn_real)0.001, 3);
        omp_set_num_threads(1); run_nn(&t);
        omp_set_num_threads(2); run_nn(&t2);
        printf("%-34s 1 and 2 threads bit-identical after 5 steps: %s\n",
               "784-1024-10 b256",
               memcmp(t.net.params, t2.net.params, t.net.n_params * sizeof(nn_real))
                   ? "NO" : "yes");
        task_free(&t); task_free(&t2);
    }
#endif
    (void)a0; (void)np;
    return 0;
}
