/* Training benchmarks (the tasks of bench/train_task.h): nn.h beside
   nn.h 1.x (bench/nn_v1.h, from bench_train_v1.c, timed in turn with
   nn.h: bench_run2), the plain loops (bench/plain.h) and the article's
   algorithm in NumPy (numbers read from the file named by argv[1], written
   by bench/numpy_train.py; "skipped" when there is none); argv[2], the
   build's flags, goes into the heading.
     xor     3-4-1, the 4-row XOR table, 1500 full-batch steps (time for all);
             then nn_forward, nn_backprop and nn_update alone (per step);
             NumPy's row is float64 in the float build too (the article's)
     mnist   784-1024-10, batch 256, one step (time per sample)
     digits  64-32-10, 1797 rows (the digits set's size), batch 32, one epoch
   Also counts NN_MALLOC calls while training (must be 0). Built with
   -fopenmp it times mnist on 1 and 2 threads and compares the bits
   instead (nn.h alone). With BENCH_OUT set, also appends its medians to
   that file for bench/run.sh's summary (bench_record in bench/bench.h). */
#include "bench.h"
static long bench_allocs;
static void *bench_malloc(size_t n) { bench_allocs++; return malloc(n); }
#define NN_MALLOC(n) bench_malloc(n)
#define NN_FREE(p) free(p)
#define NN_IMPLEMENTATION
#include "nn.h"
#include "train_task.h"
#ifndef _OPENMP
#include "plain.h"
#include "bench_v1.h"
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

#ifndef _OPENMP
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

/* nn.h and 1.x on the task `which`: each samples in turn with the other;
   also records nn.h, 1.x and the plain loops for the summary (bench_record,
   key TASK_f64 or TASK_f32: xor_f64, digits_f32, ...). NumPy's row is the
   one with NumPy's key for this task and nn_real, but float64 for XOR in
   both builds: the article's code runs in float64. */
static void bench_case(const char *name, int which, double scale, double min_s,
                       const char *numpy_file)
{
    static const char *const tasks[] = {"xor", "digits", "mnist"};
    const int f32 = sizeof(nn_real) == sizeof(float);
    task t;
    void *t1 = v1_task_new(which);
    double flops;
    bench_stat tn, t1s, tp, tnp;
    long a0, a1;
    char key[32];
    const char *np_key = which == BENCH_XOR ? "xor_f64" : key;
    sprintf(key, "%s_%s", tasks[which], f32 ? "f32" : "f64");
    task_make(&t, which);
    flops = bench_train_flops(t.I, t.H, t.O, t.rows, t.steps);
    a0 = bench_allocs; a1 = v1_allocs();
    bench_run2(run_nn, &t, v1_run, t1, min_s, &tn, &t1s);
    bench_train_row(name, "nn.h", tn, scale, flops, 0);
    bench_record(key, "nn", tn.med / scale);
    if (bench_allocs != a0)
        printf("%-34s %ld allocations while training\n", name, bench_allocs - a0);
    bench_train_row(name, "nn.h 1.x", t1s, scale, flops, tn.med);
    bench_record(key, "v1", t1s.med / scale);
    if (v1_allocs() != a1)
        printf("%-34s %ld allocations while training (1.x)\n", name, v1_allocs() - a1);
    tp = bench_run(run_plain, &t, min_s);
    bench_train_row(name, "plain loops", tp, scale, flops, tn.med);
    bench_record(key, "plain", tp.med / scale);
    if (numpy_lookup(numpy_file, np_key, &tnp)) {
        tnp.med *= scale; tnp.min *= scale; tnp.max *= scale;
        bench_train_row(name, f32 && which == BENCH_XOR ? "NumPy (f64)" : "NumPy", tnp,
                        scale, flops, tn.med);
        if (f32 && which == BENCH_XOR)
            printf("%-34s the article's NumPy code is float64: the float build is "
                   "timed against that same number\n", name);
    } else {
        printf("%-34s %-14s skipped (no NumPy numbers)\n", name, "NumPy");
    }
    if (which == BENCH_XOR) {
        /* where a step's time goes: each part alone, per step */
        static const char *const names[] = {"XOR step: nn_forward",
                                            "XOR step: nn_backprop",
                                            "XOR step: nn_update"};
        void (*const fn[])(void *) = {run_forward, run_backprop, run_update};
        void (*const fn1[])(void *) = {v1_forward, v1_backprop, v1_update};
        int i;
        for (i = 0; i < 3; i++) {
            bench_run2(fn[i], &t, fn1[i], t1, 0.05, &tn, &t1s);
            bench_train_row(names[i], "nn.h", tn, 1, 0, 0);
            bench_train_row(names[i], "nn.h 1.x", t1s, 1, 0, tn.med);
        }
    }
    task_free(&t);
    v1_task_free(t1);
}
#endif

int main(int argc, char **argv)
{
    const int f32 = sizeof(nn_real) == sizeof(float);
#ifdef _OPENMP
    printf("training, %s (kernel %s), OpenMP\n", f32 ? "float" : "double",
           nn__ukrs[nn__ukr_row(1)].name);
#else
    printf("training %s, %s (kernel %s; nn.h %s kernel %s)\n", argc > 2 ? argv[2] : "",
           f32 ? "float" : "double", nn__ukrs[nn__ukr_row(1)].name, v1_version(), v1_kernel());
#endif
    bench_train_head();
#ifndef _OPENMP
    {
        const char *np = argc > 1 ? argv[1] : NULL;
        bench_case("XOR 3-4-1, 1500 steps", BENCH_XOR, 1, 0.05, np);
        bench_case("digits 64-32-10 b32, epoch", BENCH_DIGITS, 1, 0.05, np);
        bench_case("784-1024-10 b256, per sample", BENCH_MNIST, 256, 0.2, np);
    }
#else
    {
        task t, t2;
        bench_stat t1s, t2s;
        double flops = bench_train_flops(784, 1024, 10, 256, 1);
        (void)argc; (void)argv;
        task_make(&t, BENCH_MNIST);
        task_make(&t2, BENCH_MNIST);
        omp_set_num_threads(1);
        t1s = bench_run(run_nn, &t, 0.2);
        bench_train_row("784-1024-10 b256, per sample", "nn.h 1 thread", t1s, 256, flops, 0);
        omp_set_num_threads(2);
        t2s = bench_run(run_nn, &t2, 0.2);
        bench_train_row("784-1024-10 b256, per sample", "nn.h 2 threads", t2s, 256, flops, 0);
        printf("%-34s 2 threads %.2fx 1 thread\n", "784-1024-10 b256", t1s.med / t2s.med);
        /* the same number of steps from the same start: the same bits? */
        task_free(&t); task_free(&t2);
        task_make(&t, BENCH_MNIST);
        task_make(&t2, BENCH_MNIST);
        t.steps = t2.steps = 5;
        omp_set_num_threads(1); run_nn(&t);
        omp_set_num_threads(2); run_nn(&t2);
        printf("%-34s 1 and 2 threads bit-identical after 5 steps: %s\n",
               "784-1024-10 b256",
               memcmp(t.net.params, t2.net.params, t.net.n_params * sizeof(nn_real))
                   ? "NO" : "yes");
        task_free(&t); task_free(&t2);
    }
#endif
    return 0;
}
