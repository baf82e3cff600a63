/* Training benchmarks (the tasks of bench/train_task.h): nn.h beside
   nn.h 1.x and 2.1 (bench/bench_old.h, each from its own file, timed in
   turn with nn.h: bench_turns), the plain loops (bench/plain.h) and the article's
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
#include "bench_old.h"
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

enum { PART_RUN, PART_FORWARD, PART_BACKPROP, PART_UPDATE };

/* nn.h (fn on t) and the older versions (their function `part` on their
   task old_t[i]; old[i] NULL: not built), their samples taken in turn:
   prints their rows, records them under `key` (impl nn, v1, v2) and
   returns nn.h's times */
static bench_stat bench_versions(const char *name, const char *key, void (*fn)(void *),
                                 task *t, const bench_old *const old[2],
                                 void *const old_t[2], int part, double scale,
                                 double min_s, double flops)
{
    static const char *const impl[] = {"nn", "v1", "v2"};
    static const char *const label[] = {"nn.h", "nn.h 1.x", "nn.h 2.1"};
    void (*fns[3])(void *);
    void *args[3];
    long allocs[3];
    int who[3], i, n = 1;           /* who: 0 nn.h, 1 1.x, 2 2.1 */
    bench_stat st[3];
    fns[0] = fn; args[0] = t; who[0] = 0; allocs[0] = bench_allocs;
    for (i = 0; i < 2; i++) {
        if (!old[i]) continue;
        {
            void (*const parts[])(void *) = {old[i]->run, old[i]->forward, old[i]->backprop,
                                             old[i]->update};
            fns[n] = parts[part];
        }
        args[n] = old_t[i]; who[n] = i + 1; allocs[n] = old[i]->allocs();
        n++;
    }
    bench_turns(n, fns, args, 0, min_s, st);
    for (i = 0; i < n; i++) {
        long now = i ? old[who[i] - 1]->allocs() : bench_allocs;
        bench_train_row(name, label[who[i]], st[i], scale, flops, i ? st[0].med : 0);
        bench_record(key, impl[who[i]], st[i].med / scale);
        if (now != allocs[i])
            printf("%-34s %ld allocations while training (%s)\n", name, now - allocs[i],
                   label[who[i]]);
    }
    return st[0];
}

/* nn.h, 1.x and 2.1 on the task `which`, their samples in turn; then the
   plain loops and NumPy. Records nn.h, 1.x, 2.1 and the plain loops for
   the summary (bench_record, key TASK_f64 or TASK_f32: xor_f64,
   digits_f32, ...; the XOR step's parts xor_forward_f64, ...). NumPy's
   row is the one with NumPy's key for this task and nn_real, but float64
   for XOR in both builds: the article's code runs in float64. */
static void bench_case(const char *name, int which, double scale, double min_s,
                       const char *numpy_file)
{
    static const char *const tasks[] = {"xor", "digits", "mnist"};
    const int f32 = sizeof(nn_real) == sizeof(float);
    const bench_old *old[2];
    void *old_t[2] = {NULL, NULL};
    task t;
    double flops;
    bench_stat tn, tp, tnp;
    char key[32];
    const char *np_key = which == BENCH_XOR ? "xor_f64" : key;
    int i;
    old[0] = bench_v1(); old[1] = bench_v2();
    for (i = 0; i < 2; i++)
        if (old[i]) old_t[i] = old[i]->task_new(which);
    sprintf(key, "%s_%s", tasks[which], f32 ? "f32" : "f64");
    task_make(&t, which);
    flops = bench_train_flops(t.I, t.H, t.O, t.rows, t.steps);
    tn = bench_versions(name, key, run_nn, &t, old, old_t, PART_RUN, scale, min_s, flops);
    tp = bench_run(run_plain, &t, min_s);
    bench_train_row(name, "plain loops", tp, scale, flops, tn.med);
    bench_record(key, "plain", tp.med / scale);
    if (bench_lookup(numpy_file, np_key, &tnp)) {
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
        static const char *const parts[] = {"forward", "backprop", "update"};
        void (*const fn[])(void *) = {run_forward, run_backprop, run_update};
        for (i = 0; i < 3; i++) {
            char part_name[64], part_key[32];
            sprintf(part_name, "XOR step: nn_%s", parts[i]);
            sprintf(part_key, "xor_%s_%s", parts[i], f32 ? "f32" : "f64");
            bench_versions(part_name, part_key, fn[i], &t, old, old_t, PART_FORWARD + i, 1,
                           0.05, 0);
        }
    }
    task_free(&t);
    for (i = 0; i < 2; i++)
        if (old[i]) old[i]->task_free(old_t[i]);
}
#endif

int main(int argc, char **argv)
{
    const int f32 = sizeof(nn_real) == sizeof(float);
#ifdef _OPENMP
    printf("training, %s (kernel %s), OpenMP\n", f32 ? "float" : "double",
           nn__ukrs[nn__ukr_row(1)].name);
#else
    printf("training %s, %s (kernel %s; nn.h %s kernel %s; %s)\n", argc > 2 ? argv[2] : "",
           f32 ? "float" : "double", nn__ukrs[nn__ukr_row(1)].name, bench_v1()->version,
           bench_v1()->kernel, bench_v2_about());
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
