/* Timing for the benchmarks: run a function in samples of at least
   `min_s` seconds each, report the per-call median, minimum and maximum. */
#ifndef NN_BENCH_H
#define NN_BENCH_H
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* for the helpers a program may leave unused */
#ifndef BENCH_UNUSED
#ifdef __GNUC__
#define BENCH_UNUSED __attribute__((unused))
#else
#define BENCH_UNUSED
#endif
#endif

/* wall-clock time; with BENCH_CPUTIME set in the environment, the calling
   thread's CPU time instead, which a busy machine disturbs much less (only
   for single-thread measurements) */
static double bench_now(void)
{
    static int cpu = -1;
    struct timespec t;
    if (cpu < 0) cpu = getenv("BENCH_CPUTIME") != NULL;
    clock_gettime(cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct bench_stat { double med, min, max; } bench_stat;

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

#define BENCH_SAMPLES 11

/* calls of fn(arg) per sample: doubled until a sample lasts min_s
   seconds, so that the clock's resolution does not matter; warms caches
   and pages first */
static long bench_reps(void (*fn)(void *), void *arg, double min_s)
{
    double t0;
    long reps = 1, i;
    fn(arg);
    for (;;) {
        t0 = bench_now();
        for (i = 0; i < reps; i++) fn(arg);
        if (bench_now() - t0 >= min_s || reps > (1L << 30)) break;
        reps *= 2;
    }
    return reps;
}

/* seconds per call over one sample of reps calls */
static double bench_sample(void (*fn)(void *), void *arg, long reps)
{
    double t0 = bench_now();
    long i;
    for (i = 0; i < reps; i++) fn(arg);
    return (bench_now() - t0) / (double)reps;
}

/* median, minimum and maximum of BENCH_SAMPLES times (sorts t) */
static bench_stat bench_stats(double *t)
{
    bench_stat r;
    qsort(t, BENCH_SAMPLES, sizeof t[0], bench_cmp);
    r.med = t[BENCH_SAMPLES / 2]; r.min = t[0]; r.max = t[BENCH_SAMPLES - 1];
    return r;
}

/* seconds per call of fn(arg): median / min / max over BENCH_SAMPLES
   samples of at least min_s seconds each */
BENCH_UNUSED static bench_stat bench_run(void (*fn)(void *), void *arg, double min_s)
{
    double t[BENCH_SAMPLES];
    long reps = bench_reps(fn, arg, min_s);
    int s;
    for (s = 0; s < BENCH_SAMPLES; s++) t[s] = bench_sample(fn, arg, reps);
    return bench_stats(t);
}

#define BENCH_TURNS 4    /* the most functions bench_turns takes */

/* bench_run of n functions (at most BENCH_TURNS) with their samples taken
   in turn (fn[0], fn[1], ..., fn[0], ...): all see the same load on a
   busy machine, so the ratios of the medians are steadier than from one
   run after another. With fixed > 0, each sample is that many calls after
   one to warm up, as bench_run_fixed; else as many as min_s seconds take. */
BENCH_UNUSED static void bench_turns(int n, void (*const fn[])(void *), void *const arg[],
                                     long fixed, double min_s, bench_stat r[])
{
    double t[BENCH_TURNS][BENCH_SAMPLES];
    long reps[BENCH_TURNS];
    int i, s;
    for (i = 0; i < n; i++) {
        if (fixed > 0) fn[i](arg[i]);
        reps[i] = fixed > 0 ? fixed : bench_reps(fn[i], arg[i], min_s);
    }
    for (s = 0; s < BENCH_SAMPLES; s++)
        for (i = 0; i < n; i++) t[i][s] = bench_sample(fn[i], arg[i], reps[i]);
    for (i = 0; i < n; i++) r[i] = bench_stats(t[i]);
}

/* a fixed number of calls: one to warm up, then BENCH_SAMPLES samples of
   reps calls (1 + BENCH_SAMPLES * reps calls in all, whatever the speed:
   for training runs whose state drifts with the number of steps) */
BENCH_UNUSED static bench_stat bench_run_fixed(void (*fn)(void *), void *arg, long reps)
{
    double t[BENCH_SAMPLES];
    int s;
    fn(arg);
    for (s = 0; s < BENCH_SAMPLES; s++) t[s] = bench_sample(fn, arg, reps);
    return bench_stats(t);
}

/* the numbers of `key` in the file (NULL: none), written by bench/run.sh's
   Python side: lines "key median min max", seconds; the last line of key
   counts. 1 and *st set, or 0 */
BENCH_UNUSED static int bench_lookup(const char *file, const char *key, bench_stat *st)
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

/* "12.3 us" style */
BENCH_UNUSED static const char *bench_fmt_time(char *buf, double s)
{
    if (s >= 1) sprintf(buf, "%.3g s", s);
    else if (s >= 1e-3) sprintf(buf, "%.3g ms", s * 1e3);
    else if (s >= 1e-6) sprintf(buf, "%.3g us", s * 1e6);
    else sprintf(buf, "%.3g ns", s * 1e9);
    return buf;
}

/* "med (min-max)" of a time */
BENCH_UNUSED static void bench_print_time(bench_stat st)
{
    char a[32], b[32], c[32];
    printf("%10s (%s-%s)", bench_fmt_time(a, st.med), bench_fmt_time(b, st.min),
           bench_fmt_time(c, st.max));
}

/* multiply-adds per training pass of an I-H-O network over rows x steps
   samples, times 2: forward 2 gemms, backward 3 (the first layer's input
   gradient is not needed) */
BENCH_UNUSED static double bench_train_flops(size_t I, size_t H, size_t O, size_t rows,
                                             size_t steps)
{
    return 2.0 * (double)rows * (double)steps *
           (2.0 * (double)I * (double)H + 3.0 * (double)H * (double)O);
}

/* a row of the training tables: times divided by scale (per sample),
   GFLOP/s from the undivided median; with ref_med (nn.h's undivided
   median) > 0, "nn.h Rx": how many times faster nn.h is than this row */
BENCH_UNUSED static void bench_train_row(const char *name, const char *impl, bench_stat st,
                                         double scale, double flops, double ref_med)
{
    bench_stat s = st;
    s.med /= scale; s.min /= scale; s.max /= scale;
    printf("%-34s %-14s", name, impl);
    if (flops > 0) printf(" %7.2f", flops / st.med * 1e-9); else printf(" %7s", "-");
    printf("  ");
    bench_print_time(s);
    if (ref_med > 0) printf("  nn.h %.2fx", st.med / ref_med);
    printf("\n");
}

/* the training tables' heading */
BENCH_UNUSED static void bench_train_head(void)
{
    printf("%-34s %-14s %7s  %s\n", "benchmark", "impl", "GFLOP/s",
           "time median (min-max)");
}

/* with BENCH_OUT=FILE in the environment, appends the line "TAG KEY IMPL
   SECONDS" to FILE for bench/run.sh's summary: TAG from BENCH_TAG (the
   build, "-" without it), KEY the benchmark (no blanks), IMPL who ran it,
   SECONDS the median as the table prints it */
BENCH_UNUSED static void bench_record(const char *key, const char *impl, double med)
{
    const char *path = getenv("BENCH_OUT"), *tag = getenv("BENCH_TAG");
    FILE *f;
    if (!path || !*path) return;
    f = fopen(path, "a");
    if (!f) {
        perror(path);
        exit(1);
    }
    fprintf(f, "%s %s %s %.9g\n", tag && *tag ? tag : "-", key, impl, med);
    if (fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}
#endif
