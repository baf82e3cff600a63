/* Timing for the benchmarks: run a function in samples of at least
   `min_s` seconds each, report the per-call median, minimum and maximum. */
#ifndef NN_BENCH_H
#define NN_BENCH_H
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* seconds per call of fn(arg): median / min / max over BENCH_SAMPLES
   samples, each long enough (min_s) that the clock's resolution does not
   matter */
static bench_stat bench_run(void (*fn)(void *), void *arg, double min_s)
{
    double t[BENCH_SAMPLES], t0;
    long reps = 1, i;
    int s;
    bench_stat r;
    fn(arg);                                   /* warm caches and pages */
    for (;;) {                                 /* calls per sample */
        t0 = bench_now();
        for (i = 0; i < reps; i++) fn(arg);
        if (bench_now() - t0 >= min_s || reps > (1L << 30)) break;
        reps *= 2;
    }
    for (s = 0; s < BENCH_SAMPLES; s++) {
        t0 = bench_now();
        for (i = 0; i < reps; i++) fn(arg);
        t[s] = (bench_now() - t0) / (double)reps;
    }
    qsort(t, BENCH_SAMPLES, sizeof t[0], bench_cmp);
    r.med = t[BENCH_SAMPLES / 2]; r.min = t[0]; r.max = t[BENCH_SAMPLES - 1];
    return r;
}

/* "12.3 us" style */
static const char *bench_fmt_time(char *buf, double s)
{
    if (s >= 1) sprintf(buf, "%.3g s", s);
    else if (s >= 1e-3) sprintf(buf, "%.3g ms", s * 1e3);
    else if (s >= 1e-6) sprintf(buf, "%.3g us", s * 1e6);
    else sprintf(buf, "%.3g ns", s * 1e9);
    return buf;
}

/* "med (min-max)" of a time */
static void bench_print_time(bench_stat st)
{
    char a[32], b[32], c[32];
    printf("%10s (%s-%s)", bench_fmt_time(a, st.med), bench_fmt_time(b, st.min),
           bench_fmt_time(c, st.max));
}
#endif
