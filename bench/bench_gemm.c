/* nn_mat_gemm beside nn.h 2.1's (bench/bench_old.h, their samples in
   turn), a plain i-k-j loop and OpenBLAS (built with -DBENCH_OPENBLAS),
   on the shapes training uses, single thread.
   Prints OpenBLAS's build and kernel (openblas_get_config, _corename),
   then one row per shape and implementation: GFLOP/s from the median
   time, the median time and the min-max range, and nn.h's ratio. With
   BENCH_OUT set, also appends the medians to that file for bench/run.sh's
   summary (key gemm_f64_MxNxKop or gemm_f32_..., impl nn, v2, ikj, blas). */
#include "bench.h"
#define NN_IMPLEMENTATION
#include "nn.h"
#include "bench_old.h"
#ifdef BENCH_OPENBLAS
#include <cblas.h>
void openblas_set_num_threads(int);
char *openblas_get_corename(void);
char *openblas_get_config(void);
#endif

typedef struct job {
    size_t M, N, K;
    int ta, tb;
    nn_mat a, b, c;
} job;

static void run_nn(void *p)
{
    job *j = (job *)p;
    nn_mat_gemm(j->c, 1, j->a, j->ta, j->b, j->tb, 0);
}

/* the plain loop: c = op(a) op(b) in i-k-j order; with op(b) = b^T a dot
   product per element instead, both reading memory in order (what nn.h
   1.0 did) */
static void run_ikj(void *p)
{
    job *j = (job *)p;
    size_t M = j->M, N = j->N, K = j->K, i, k, n;
    const nn_real *a = j->a.data, *b = j->b.data;
    nn_real *c = j->c.data;
    for (i = 0; i < M; i++) {
        nn_real *ci = c + i * N;
        if (j->tb) {
            for (n = 0; n < N; n++) {
                nn_real s = 0;
                for (k = 0; k < K; k++)
                    s += (j->ta ? a[k * M + i] : a[i * K + k]) * b[n * K + k];
                ci[n] = s;
            }
            continue;
        }
        for (n = 0; n < N; n++) ci[n] = 0;
        for (k = 0; k < K; k++) {
            nn_real aik = j->ta ? a[k * M + i] : a[i * K + k];
            const nn_real *bk = b + k * N;
            for (n = 0; n < N; n++) ci[n] += aik * bk[n];
        }
    }
}

#ifdef BENCH_OPENBLAS
static void run_blas(void *p)
{
    job *j = (job *)p;
    int M = (int)j->M, N = (int)j->N, K = (int)j->K;
    if (sizeof(nn_real) == sizeof(double))
        cblas_dgemm(CblasRowMajor, j->ta ? CblasTrans : CblasNoTrans,
                    j->tb ? CblasTrans : CblasNoTrans, M, N, K, 1,
                    (const double *)(void *)j->a.data, j->ta ? M : K,
                    (const double *)(void *)j->b.data, j->tb ? K : N, 0,
                    (double *)(void *)j->c.data, N);
    else
        cblas_sgemm(CblasRowMajor, j->ta ? CblasTrans : CblasNoTrans,
                    j->tb ? CblasTrans : CblasNoTrans, M, N, K, 1,
                    (const float *)(void *)j->a.data, j->ta ? M : K,
                    (const float *)(void *)j->b.data, j->tb ? K : N, 0,
                    (float *)(void *)j->c.data, N);
}
#endif

static void row(const char *shape, const char *what, bench_stat st, double flops,
                double ref)
{
    printf("%-22s %-9s %8.2f  ", shape, what, flops / st.med * 1e-9);
    bench_print_time(st);
    if (ref > 0) printf("  nn.h %.2fx", st.med / ref);
    printf("\n");
}

int main(int argc, char **argv)
{
    static const size_t shapes[][5] = {
        {256, 1024, 784, 0, 0}, {784, 1024, 256, 1, 0}, {256, 784, 1024, 0, 1},
        {64, 32, 64, 0, 0}, {4, 4, 3, 0, 0}};
    const char *tag = argc > 1 ? argv[1] : "";
    const bench_old *v2 = bench_v2();
    size_t s;
    nn_rng r = nn_rng_seed(1);
#ifdef BENCH_OPENBLAS
    openblas_set_num_threads(1);
#endif
    printf("gemm %s, %s (kernel %s; %s)\n", tag,
           sizeof(nn_real) == sizeof(float) ? "float" : "double",
           nn__ukrs[nn__ukr_row(1)].name, bench_v2_about());
#ifdef BENCH_OPENBLAS
    printf("%s; kernel %s, 1 thread\n", openblas_get_config(),
           openblas_get_corename());
#endif
    printf("%-22s %-9s %8s  %s\n", "shape (M,N,K) op", "impl", "GFLOP/s",
           "time median (min-max)");
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        job j;
        char name[64], key[64];
        double flops;
        bench_stat tn, tp;
        memset(&j, 0, sizeof j);
        j.M = shapes[s][0]; j.N = shapes[s][1]; j.K = shapes[s][2];
        j.ta = (int)shapes[s][3]; j.tb = (int)shapes[s][4];
        flops = 2.0 * (double)j.M * (double)j.N * (double)j.K;
        nn_mat_alloc(&j.a, j.ta ? j.K : j.M, j.ta ? j.M : j.K);
        nn_mat_alloc(&j.b, j.tb ? j.N : j.K, j.tb ? j.K : j.N);
        nn_mat_alloc(&j.c, j.M, j.N);
        nn_mat_rand(j.a, &r, -1, 1);
        nn_mat_rand(j.b, &r, -1, 1);
        sprintf(name, "(%lu,%lu,%lu) %s%s", (unsigned long)j.M, (unsigned long)j.N,
                (unsigned long)j.K, j.ta ? "T" : "N", j.tb ? "T" : "N");
        sprintf(key, "gemm_%s_%lux%lux%lu%s%s",
                sizeof(nn_real) == sizeof(float) ? "f32" : "f64", (unsigned long)j.M,
                (unsigned long)j.N, (unsigned long)j.K, j.ta ? "T" : "N", j.tb ? "T" : "N");
        if (v2) {
            void *g = v2->gemm_new(j.M, j.N, j.K, j.ta, j.tb, j.a.data, j.b.data);
            void (*const fn[])(void *) = {run_nn, v2->gemm_run};
            void *arg[2];
            bench_stat st[2];
            arg[0] = &j; arg[1] = g;
            bench_turns(2, fn, arg, 0, 0.02, st);
            tn = st[0];
            row(name, "nn.h", tn, flops, 0);
            row(name, "nn.h 2.1", st[1], flops, tn.med);
            bench_record(key, "v2", st[1].med);
            v2->gemm_free(g);
        } else {
            tn = bench_run(run_nn, &j, 0.02);
            row(name, "nn.h", tn, flops, 0);
        }
        bench_record(key, "nn", tn.med);
        tp = bench_run(run_ikj, &j, 0.02);
        row(name, "i-k-j", tp, flops, tn.med);
        bench_record(key, "ikj", tp.med);
#ifdef BENCH_OPENBLAS
        {
            bench_stat tb = bench_run(run_blas, &j, 0.02);
            row(name, "OpenBLAS", tb, flops, tn.med);
            bench_record(key, "blas", tb.med);
        }
#else
        printf("%-22s %-9s skipped (OpenBLAS not found)\n", name, "OpenBLAS");
#endif
        nn_mat_free(&j.a); nn_mat_free(&j.b); nn_mat_free(&j.c);
    }
    return 0;
}
