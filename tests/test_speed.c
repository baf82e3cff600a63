/* The fast paths of nn.h against plain reference loops: every gemm path
   (small, blocked with the portable kernel, blocked with the SIMD kernel)
   on random shapes that are not multiples of the block sizes, all four
   transpose cases, alpha/beta, NaN in c with beta 0; the fused epilogues;
   the polynomial sigmoid against libm over millions of points; training
   against a naive reference; no allocation while training; and, under
   -fopenmp, bit-identical results for 1 and 2 threads.
   With NN_TEST_EMULATED set in the environment (make check's cross stage
   sets it: the programs run under emulation there, where a long double sum
   may take a hundred instructions) the largest gemm shapes are smaller, two
   of the four transpose cases of the exact multiples are left to the random
   shapes, and the sigmoid is tried at a tenth of the points; the checks are
   the same. */
#include <float.h>
#include <stdlib.h>

#include "alloc.h"
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"
#ifdef _OPENMP
#include <omp.h>
#endif

static const double spd_eps = sizeof(nn_real) == sizeof(float) ? FLT_EPSILON : DBL_EPSILON;

/* reference: long double sums, and the sum of magnitudes for the bound */
static void spd_ref_gemm(size_t M, size_t N, size_t K, nn_real alpha,
                         const nn_real *a, int ta, const nn_real *b, int tb,
                         nn_real beta, const nn_real *c0, long double *ref,
                         long double *mag)
{
    size_t i, j, p;
    for (i = 0; i < M; i++)
        for (j = 0; j < N; j++) {
            long double s = 0, m = 0;
            for (p = 0; p < K; p++) {
                long double x = ta ? a[p * M + i] : a[i * K + p];
                long double y = tb ? b[j * K + p] : b[p * N + j];
                s += x * y;
                m += fabsl(x * y);
            }
            s *= alpha; m *= fabsl((long double)alpha);
            if (beta != 0) { s += (long double)beta * c0[i * N + j];
                             m += fabsl((long double)beta * c0[i * N + j]); }
            ref[i * N + j] = s; mag[i * N + j] = m;
        }
}

static nn_rng spd_rng;
/* NN_TEST_EMULATED set: fewer and smaller cases (see the top) */
static int spd_quick;
static size_t spd_pick(size_t lo, size_t hi)   /* in [lo, hi] */
{
    return lo + (size_t)(nn_rng_next(&spd_rng) % (uint64_t)(hi - lo + 1));
}

/* path 0: small, 1: blocked with kernel u, 3: nn_mat_gemm */
static const nn__ukr *spd_u;
static int spd_gemm_case(int path, size_t M, size_t N, size_t K, int ta, int tb,
                         nn_real alpha, nn_real beta)
{
    size_t na = M * K, nb = K * N, nc = M * N, i;
    nn_real *a = (nn_real *)malloc((na + nb + 2 * nc + 1) * sizeof(nn_real));
    nn_real *b = a + na, *c = b + nb, *c0 = c + nc;
    long double *ref = (long double *)malloc((2 * nc + 1) * sizeof(long double));
    long double *mag = ref + nc;
    int ok = 1;
    nn_mat am = nn_mat_view(a, ta ? K : M, ta ? M : K);
    nn_mat bm = nn_mat_view(b, tb ? N : K, tb ? K : N);
    nn_mat_rand(nn_mat_view(a, 1, na + nb), &spd_rng, -1, 1);
    nn_mat_rand(nn_mat_view(c0, 1, nc), &spd_rng, -1, 1);
    for (i = 0; i < nc; i++) c[i] = beta == 0 ? (nn_real)NAN : c0[i];
    spd_ref_gemm(M, N, K, alpha, a, ta, b, tb, beta, c0, ref, mag);
    if (path == 0)
        nn__gemm_small(M, N, K, alpha, a, ta ? M : K, ta, b, tb ? K : N, tb, beta, c, NULL);
    else if (path == 1)
        nn__gemm_blocked(*spd_u, M, N, K, alpha, a, ta ? M : K, ta,
                         b, tb ? K : N, tb, beta, c, NULL);
    else {
        size_t before = test_mem.calls;     /* nn_mat_gemm takes no heap memory */
        ok = nn_mat_gemm(nn_mat_view(c, M, N), alpha, am, ta, bm, tb, beta) == NN_OK;
        ok = ok && test_mem.calls == before;
    }
    for (i = 0; i < nc && ok; i++) {
        long double tol = (long double)((double)(K + 4) * spd_eps) * mag[i] + 1e-30L;
        if (!(fabsl((long double)c[i] - ref[i]) <= tol)) {
            fprintf(stderr, "path %d (%s) M%lu N%lu K%lu ta%d tb%d alpha %g beta %g: "
                    "c[%lu] = %.17g, want %.17Lg\n", path, path == 1 ? spd_u->name : "",
                    (unsigned long)M,
                    (unsigned long)N, (unsigned long)K, ta, tb, (double)alpha,
                    (double)beta, (unsigned long)i, (double)c[i], ref[i]);
            ok = 0;
        }
    }
    free(a); free(ref);
    return ok;
}

/* the kernels this build has and this processor runs; all are tested */
static nn__ukr spd_kernels[NN__UKR_COUNT];
static int spd_nkernels;

/* a and b (n each) the same bits, or (when the compiler may fuse a
   multiply and an add into one FMA, which it may do differently in two
   loop nests) within a few roundings */
static int spd_same(const nn_real *a, const nn_real *b, size_t n)
{
    size_t i;
#if defined(__FMA__) || defined(__aarch64__) || defined(__FP_FAST_FMA)
    for (i = 0; i < n; i++)   /* equal (infinities too), or near */
        if (!(a[i] == b[i] ||
              fabs((double)a[i] - (double)b[i]) <= 1e3 * spd_eps * (1 + fabs((double)b[i]))))
            return 0;
    return 1;
#else
    (void)i;
    return memcmp(a, b, n * sizeof(nn_real)) == 0;
#endif
}

/* the small path (strips in vectors where the build has them) against
   its plain strips one column at a time: the same bits, op(a) as stored
   or transposed, with alpha and beta */
static int spd_small_same(size_t M, size_t N, size_t K, int ta, nn_real alpha, nn_real beta)
{
    nn_real *a = (nn_real *)malloc((M * K + K * N + 2 * M * N) * sizeof(nn_real));
    nn_real *b = a + M * K, *c1 = b + K * N, *c2 = c1 + M * N;
    const size_t lda = ta ? M : K, rsa = ta ? 1 : lda, csa = ta ? lda : 1;
    size_t i, j;
    int same;
    nn_mat_rand(nn_mat_view(a, 1, M * K + K * N + M * N), &spd_rng, -1, 1);
    memcpy(c2, c1, M * N * sizeof(nn_real));
    nn__gemm_small(M, N, K, alpha, a, lda, ta, b, N, 0, beta, c1, NULL);
    for (i = 0; i < M; i++)
        for (j = 0; j < N; j++)
            nn__small_strip(1, K, alpha, a + i * rsa, csa, b + j, N, 0, beta, c2 + i * N + j,
                            NULL);
    same = spd_same(c1, c2, M * N);
    free(a);
    return same;
}

static void test_gemm_paths(void)
{
    static const nn_real alphas[] = {1, -0.5, 2}, betas[] = {0, 1, 0.25};
    int path, t, r, k;
    nn__ukr best = nn__ukrs[nn__ukr_row(1)];
    for (k = 0; k < (int)NN__UKR_COUNT; k++)
        if (nn__ukr_runs(&nn__ukrs[k])) {
            spd_kernels[spd_nkernels++] = nn__ukrs[k];
            printf("kernel %s: tested\n", nn__ukrs[k].name);
        }
    /* the portable kernel is the last row, and the only one without SIMD */
    CHECK(nn__ukrs[NN__UKR_COUNT - 1].fn == nn__ukr_portable);
    CHECK(nn__ukrs[nn__ukr_row(0)].fn == nn__ukr_portable);
    /* the kernel the gemm picks is one of them, and not the portable one
       when any other runs here */
    CHECK(spd_nkernels >= 1);
    CHECK(spd_nkernels == 1 || best.fn != nn__ukr_portable);
    for (k = 0; k < spd_nkernels; k++)
        if (spd_kernels[k].fn == best.fn) break;
    CHECK(k < spd_nkernels);
#ifdef NN_NO_SIMD
    CHECK(spd_nkernels == 1 && best.fn == nn__ukr_portable);
#endif
    for (r = 0; r < 40; r++)
        CHECK(spd_small_same(spd_pick(1, 9), spd_pick(1, 19), spd_pick(1, 9), r & 1,
                             alphas[r % 3], betas[(r / 3) % 3]));
    /* k < spd_nkernels: blocked with kernel k; then the small path, then
       nn_mat_gemm */
    for (k = 0; k < spd_nkernels + 2; k++) {
        path = k < spd_nkernels ? 1 : k == spd_nkernels ? 0 : 3;
        spd_u = &spd_kernels[k < spd_nkernels ? k : 0];
        for (t = 0; t < 4; t++)
            for (r = 0; r < 12; r++) {
                /* mostly ragged sizes: a few blocks plus a remainder */
                size_t M = spd_pick(1, r < 6 ? 40 : spd_quick ? 150 : 300);
                size_t N = spd_pick(1, r < 6 ? 60 : spd_quick ? 40 : 130);
                size_t K = spd_pick(1, r < 6 ? 30 : spd_quick ? 300 : 600);
                CHECK(spd_gemm_case(path, M, N, K, t & 1, t >> 1,
                                    alphas[r % 3], betas[(r / 3) % 3]));
            }
        if (path != 1) continue;
        /* exact multiples of every tile and of KC, and one past (quick:
           one block of KC, neither or both operands transposed) */
        for (t = 0; t < 4; t += spd_quick ? 3 : 1) {
            CHECK(spd_gemm_case(1, 48, 96, spd_quick ? 256 : 512, t & 1, t >> 1, 1, 0));
            CHECK(spd_gemm_case(1, 49, 97, 257, t & 1, t >> 1, 1, 1));
        }
    }
}

/* the fused epilogues against gemm followed by plain loops */
static void test_epilogues(void)
{
    size_t shapes[3][3] = {{4, 4, 3}, {37, 75, 41}, {130, 70, 300}}, s, i, j;
    int path;
    for (s = 0; s < 3; s++)
        for (path = 0; path < 1 + spd_nkernels; path++) {
            size_t M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
            nn_mat a, b, bias, c, want, h;
            nn_real *sums = (nn_real *)calloc(N, sizeof(nn_real));
            nn__ep ep;
            int ok = 1;
            /* defined even where gcc -O3 cannot see that the allocations
               below write them (it warns otherwise) */
            a = b = bias = c = want = h = nn_mat_view(NULL, 0, 0);
            nn_mat_alloc(&a, M, K); nn_mat_alloc(&b, K, N); nn_mat_alloc(&bias, 1, N);
            nn_mat_alloc(&c, M, N); nn_mat_alloc(&want, M, N); nn_mat_alloc(&h, M, N);
            nn_mat_rand(a, &spd_rng, -1, 1); nn_mat_rand(b, &spd_rng, -1, 1);
            nn_mat_rand(bias, &spd_rng, -1, 1); nn_mat_rand(h, &spd_rng, 0, 1);
            /* bias + sigmoid */
            nn_mat_gemm(want, 1, a, 0, b, 0, 0);
            for (i = 0; i < M; i++)
                for (j = 0; j < N; j++) {
                    double z = (double)NN_AT(want, i, j) + (double)bias.data[j];
                    NN_AT(want, i, j) = (nn_real)(1 / (1 + exp(-z)));
                }
            ep.kind = NN__EP_BIAS_ACT; ep.act = NN_ACT_SIGMOID; ep.ap = nn__act_none;
            ep.v = bias.data; ep.sums = NULL;
            if (path == 0)
                nn__gemm_small(M, N, K, 1, a.data, K, 0, b.data, N, 0, 0, c.data, &ep);
            else
                nn__gemm_blocked(spd_kernels[path - 1], M, N, K, 1, a.data, K, 0,
                                 b.data, N, 0, 0, c.data, &ep);
            for (i = 0; i < M * N; i++)
                if (!(fabs((double)c.data[i] - (double)want.data[i]) <= 64 * spd_eps))
                    ok = 0;
            CHECK(ok);
            /* derivative and column sums */
            nn_mat_gemm(want, 1, a, 0, b, 0, 0);
            for (i = 0; i < M * N; i++)
                want.data[i] *= h.data[i] * (1 - h.data[i]);
            ep.kind = NN__EP_DACT; ep.act = NN_ACT_SIGMOID; ep.ap = nn__act_none; ep.v = h.data; ep.sums = sums;
            if (path == 0)
                nn__gemm_small(M, N, K, 1, a.data, K, 0, b.data, N, 0, 0, c.data, &ep);
            else
                nn__gemm_blocked(spd_kernels[path - 1], M, N, K, 1, a.data, K, 0,
                                 b.data, N, 0, 0, c.data, &ep);
            ok = 1;
            for (i = 0; i < M * N; i++)
                if (!(fabs((double)c.data[i] - (double)want.data[i]) <= 64 * spd_eps * (double)K))
                    ok = 0;
            CHECK(ok);
            ok = 1;
            for (j = 0; j < N; j++) {
                double sj = 0;
                for (i = 0; i < M; i++) sj += (double)NN_AT(want, i, j);
                if (!(fabs(sj - (double)sums[j]) <= 64 * spd_eps * (double)(K + M)))
                    ok = 0;
            }
            CHECK(ok);
            nn_mat_free(&a); nn_mat_free(&b); nn_mat_free(&bias);
            nn_mat_free(&c); nn_mat_free(&want); nn_mat_free(&h);
            free(sums);
        }
}

/* nn__opt_update's plain loop, on parameters [from, n) */
static void spd_update_plain(int kind, nn_real *p, nn_real *m, const nn_real *g, size_t from,
                             size_t n, nn_real rate, nn_real wd, nn_real mu)
{
    size_t i;
    for (i = from; i < n; i++) {
        nn_real gi = wd != 0 ? g[i] + wd * p[i] : g[i];
        if (kind != NN_OPT_SGD) {
            m[i] = mu * m[i] + gi;
            gi = kind == NN_OPT_NESTEROV ? gi + mu * m[i] : m[i];
        }
        p[i] -= rate * gi;
    }
}

/* the update in vectors (nn__sgd_fast, then the plain loop on the rest, as
   nn__opt_update does) against the plain loop alone, for SGD, momentum and
   Nesterov, with and without weight decay: the same bits */
static void test_update_vec(void)
{
    enum { n = 37 };
    nn_real p[2][n], m[2][n], g[n];
    const nn_real rate = (nn_real)0.3, mu = (nn_real)0.8;
    int kind, d, ok = 1;
    size_t done = 0;
    for (kind = NN_OPT_SGD; kind <= NN_OPT_NESTEROV; kind++)
        for (d = 0; d < 2; d++) {
            const nn_real wd = d ? (nn_real)0.01 : 0;
            nn_mat_rand(nn_mat_view(p[0], 1, n), &spd_rng, -2, 2);
            nn_mat_rand(nn_mat_view(m[0], 1, n), &spd_rng, -1, 1);
            nn_mat_rand(nn_mat_view(g, 1, n), &spd_rng, -1, 1);
            memcpy(p[1], p[0], sizeof p[0]); memcpy(m[1], m[0], sizeof m[0]);
            done = nn__sgd_fast((nn_opt_kind)kind, p[0], g, m[0], n, rate, wd, mu);
            spd_update_plain(kind, p[0], m[0], g, done, n, rate, wd, mu);
            spd_update_plain(kind, p[1], m[1], g, 0, n, rate, wd, mu);
            ok &= spd_same(p[0], p[1], n) && spd_same(m[0], m[1], n);
        }
    CHECK(ok);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(NN_NO_SIMD)
    CHECK(done > 0);   /* the vector code ran */
#endif
}

/* nn__opt_adam's plain loop, on parameters [from, n) */
static void spd_adam_plain(const nn__adam_k *k, nn_real *p, nn_real *m, nn_real *s,
                           const nn_real *g, size_t from, size_t n)
{
    size_t i;
    for (i = from; i < n; i++) {
        nn_real gi = k->wd != 0 ? g[i] + k->wd * p[i] : g[i];
        m[i] = m[i] * k->b1 + (1 - k->b1) * gi;
        s[i] = s[i] * k->b2 + (1 - k->b2) * gi * gi;
        p[i] -= k->step * m[i] / ((nn_real)sqrt((double)s[i]) / k->bc2 + k->eps);
    }
}

/* Adam in vectors (nn__adam_fast, then the plain loop on the rest, as
   nn__opt_adam does) against the plain loop alone over six steps, with and
   without weight decay, gradients of every size and some zero: the same
   bits */
static void test_adam_vec(void)
{
    enum { n = 37 };
    nn_real p[2][n], m[2][n], s[2][n], g[n];
    nn__adam_k k;
    int d, t, ok = 1;
    size_t i, done = 0;
    for (d = 0; d < 2; d++) {
        nn_mat_rand(nn_mat_view(p[0], 1, n), &spd_rng, -2, 2);
        memcpy(p[1], p[0], sizeof p[0]);
        memset(m, 0, sizeof m); memset(s, 0, sizeof s);
        for (t = 1; t <= 6; t++) {
            k.b1 = (nn_real)0.9; k.b2 = (nn_real)0.999; k.eps = (nn_real)1e-8;
            k.wd = d ? (nn_real)0.01 : 0;
            k.step = (nn_real)(1e-3 / (1 - pow(0.9, t)));
            k.bc2 = (nn_real)sqrt(1 - pow(0.999, t));
            nn_mat_rand(nn_mat_view(g, 1, n), &spd_rng, -1, 1);
            for (i = 0; i < n; i += 5) g[i] = 0;
            for (i = 1; i < n; i += 7) g[i] *= (nn_real)1e-6;
            for (i = 2; i < n; i += 11) g[i] *= (nn_real)1e3;
            done = nn__adam_fast(&k, p[0], g, m[0], s[0], n);
            spd_adam_plain(&k, p[0], m[0], s[0], g, done, n);
            spd_adam_plain(&k, p[1], m[1], s[1], g, 0, n);
            ok &= spd_same(p[0], p[1], n) && spd_same(m[0], m[1], n) &&
                  spd_same(s[0], s[1], n);
        }
    }
    CHECK(ok);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(NN_NO_SIMD)
    CHECK(done > 0);   /* the vector code ran */
#endif
}

/* ---- sigmoid --------------------------------------------------------- */

/* distance in units in the last place between two non-negative values */
#if NN__F32
static double spd_ulps_f(float a, float b)
{
    int32_t x, y;
    memcpy(&x, &a, 4); memcpy(&y, &b, 4);
    return (double)(x > y ? x - y : y - x);
}
static float spd_ref_f(float x)
{
    return (float)(1.0 / (1.0 + exp(-(double)x)));
}
/* each inlined copy of the sigmoid is counted apart by make coverage:
   called through these, every check below runs the same copy */
static float spd_sig_f(float x) { return nn__sigmoid_r(x); }
#else
static double spd_ulps_d(double a, double b)
{
    int64_t x, y;
    memcpy(&x, &a, 8); memcpy(&y, &b, 8);
    return (double)(x > y ? x - y : y - x);
}
/* 1/(1+e^-x) in long double, rounded once to double; e^x/(1+e^x) for
   negative x, whose e^-x would overflow near x = -710 where long double is
   double (32-bit ARM, Windows with MSVC, PowerPC) */
static double spd_ref_d(double x)
{
    long double e;
    if (x >= 0) return (double)(1.0L / (1.0L + expl(-(long double)x)));
    e = expl((long double)x);
    return (double)(e / (1.0L + e));
}
static double spd_sig_d(double x) { return nn__sigmoid_r(x); }
#endif
static nn_real spd_sig_poly(nn_real x) { return nn__sigmoid_poly(x); }

/* the activations in vectors (nn__act_fast, nn__act_fast_bias,
   nn__dact_fast) against the plain loops, on the points x and on x + bias
   over rows of every length up to 19 (whole vectors and the rest): the
   same bits */
static int spd_vec_same(const nn_real *x, size_t n)
{
    static const nn_act acts[] = {NN_ACT_SIGMOID, NN_ACT_TANH, NN_ACT_RELU, NN_ACT_LINEAR};
    nn_real *a = (nn_real *)malloc(2 * n * sizeof(nn_real)), *b = a + n, bias[19];
    size_t k, i, len;
    int ok = 1;
    for (i = 0; i < 19; i++) bias[i] = (nn_real)(0.25 * (double)i - 2);
    for (k = 0; k < sizeof acts / sizeof acts[0]; k++) {
        memcpy(a, x, n * sizeof(nn_real)); memcpy(b, x, n * sizeof(nn_real));
        nn__act_fast(acts[k], nn__act_none, a, n);
        nn__act_apply(acts[k], nn__act_none, b, n);
        ok &= spd_same(a, b, n);
        for (len = 1; len <= 19 && len <= n; len++) {
            memcpy(a, x, n * sizeof(nn_real)); memcpy(b, x, n * sizeof(nn_real));
            nn__act_fast_bias(acts[k], nn__act_none, a, len, bias, n / len, len);
            nn__act_apply_bias(acts[k], nn__act_none, b, len, bias, n / len, len);
            ok &= spd_same(a, b, n);
        }
        /* the slope, d *= f'(y), and the column sums, on rows of the
           first points (finite sums) */
        for (len = 1; len <= 19 && len <= n; len++) {
            const size_t rows = (n < 4096 ? n : 4096) / len;
            nn_real s1[19], s2[19];
            memcpy(a, x, n * sizeof(nn_real)); memcpy(b, x, n * sizeof(nn_real));
            for (i = 0; i < len; i++) s1[i] = s2[i] = bias[i];
            nn__dact_fast(acts[k], nn__act_none, a, len, x + 1, len, s1, rows, len);
            nn__act_dmul(acts[k], nn__act_none, b, len, x + 1, len, rows, len);
            for (i = 0; i < rows * len; i++) s2[i % len] += b[i];
            ok &= spd_same(a, b, n) && spd_same(s1, s2, len);
        }
    }
    free(a);
    return ok;
}

static void test_sigmoid(void)
{
    double worst = 0;
    long n = 0, bad = 0;
    uint64_t u, top_d;
    uint32_t v, top_f;
    int sign;
    double top = 800.0;
    float topf = 110.0f;
    const uint64_t pts = spd_quick ? 150000 : 400000;
    memcpy(&top_d, &top, 8);
    memcpy(&top_f, &topf, 4);
    /* every 2^-k-th bit pattern in [0, 800] and [-800, 0] (110 in float):
       dense in every binade, so near 0, near the subnormal results, near 1;
       the build's precision (the other build runs the other) */
    for (sign = 0; sign < 2; sign++) {
#if NN__F32
        (void)u; (void)top_d;
        for (v = 0; v < top_f; v += top_f / (uint32_t)pts + 1) {
            float x, s, e;
            memcpy(&x, &v, 4);
            if (sign) x = -x;
            s = spd_sig_f(x); e = spd_ref_f(x);
            if (spd_ulps_f(s, e) > worst) worst = spd_ulps_f(s, e);
            if (!(s >= 0 && s <= 1)) bad++;
            n++;
        }
#else
        (void)v; (void)top_f;
        for (u = 0; u < top_d; u += top_d / pts + 1) {
            double x, s, e;
            memcpy(&x, &u, 8);
            if (sign) x = -x;
            s = spd_sig_d(x); e = spd_ref_d(x);
            if (spd_ulps_d(s, e) > worst) worst = spd_ulps_d(s, e);
            if (!(s >= 0 && s <= 1)) bad++;
            n++;
        }
#endif
    }
    printf("sigmoid: %ld points, worst %.0f ulp (%s)\n", n, worst,
           NN__F32 ? "float" : "double");
    CHECK(n > (long)(pts * 5 / 3));
    CHECK(worst <= 4);
    CHECK(bad == 0);
    /* extremes: the largest values, infinities, NaN, signed zeros */
#if NN__F32
    CHECK(spd_sig_f(FLT_MAX) == 1 && spd_sig_f(-FLT_MAX) == 0);
    CHECK(spd_sig_f(INFINITY) == 1 && spd_sig_f(-INFINITY) == 0);
    CHECK(isnan(spd_sig_f(NAN)) && isnan(spd_sig_f(-NAN)));
    CHECK(spd_sig_f(0.0f) == 0.5f && spd_sig_f(-0.0f) == 0.5f);
    CHECK(spd_sig_f(-103.0f) > 0 && spd_sig_f(-104.0f) == 0);
#else
    CHECK(spd_sig_d(DBL_MAX) == 1 && spd_sig_d(-DBL_MAX) == 0);
    CHECK(spd_sig_d(INFINITY) == 1 && spd_sig_d(-INFINITY) == 0);
    CHECK(isnan(spd_sig_d(NAN)) && isnan(spd_sig_d(-NAN)));
    CHECK(spd_sig_d(0.0) == 0.5 && spd_sig_d(-0.0) == 0.5);
    CHECK(spd_sig_d(-745.0) > 0 && spd_sig_d(-746.0) == 0);
    CHECK(spd_sig_d(4.9e-324) == 0.5 && spd_sig_d(40.0) == 1);
#endif
    /* the vector code: the same points in nn_real, and the extremes */
    {
        const size_t m = (size_t)(2 * pts + 8);
        nn_real *x = (nn_real *)malloc(m * sizeof(nn_real)), nan_in = (nn_real)NAN;
        size_t k = 0;
        for (sign = 0; sign < 2; sign++) {
            if (sizeof(nn_real) == sizeof(double))
                for (u = 0; u < top_d && k < m; u += top_d / pts + 1) {
                    double xd;
                    memcpy(&xd, &u, 8);
                    x[k++] = (nn_real)(sign ? -xd : xd);
                }
            else
                for (v = 0; v < top_f && k < m; v += top_f / (uint32_t)pts + 1) {
                    float xf;
                    memcpy(&xf, &v, 4);
                    x[k++] = (nn_real)(sign ? -xf : xf);
                }
        }
        x[k++] = NN__REAL_MAX; x[k++] = -NN__REAL_MAX;
        x[k++] = (nn_real)INFINITY; x[k++] = -(nn_real)INFINITY;
        CHECK(k > (size_t)pts && spd_vec_same(x, k));
        /* NaN in, NaN out, in a whole vector and in the rest */
        for (k = 0; k < 19; k++) x[k] = nan_in;
        nn__act_fast(NN_ACT_SIGMOID, nn__act_none, x, 19);
        for (k = 0; k < 19; k++) CHECK(isnan(x[k]));
        free(x);
    }
    CHECK(isnan(nn_sigmoid((nn_real)NAN)));
    /* the public one is the same function */
    CHECK(nn_sigmoid((nn_real)-3) == spd_sig_poly((nn_real)-3));
    CHECK(nn_sigmoid((nn_real)3) == spd_sig_poly((nn_real)3));
}

/* ---- training -------------------------------------------------------- */

/* one plain full-batch step: forward, loss, backprop, update; returns loss */
static double spd_ref_step(size_t I, size_t H, size_t O, size_t N, double *p,
                           const nn_real *x, const nn_real *y)
{
    double *w1 = p, *b1 = w1 + I * H, *w2 = b1 + H, *b2 = w2 + H * O;
    size_t np = I * H + H + H * O + O, i, j, k;
    double *h = (double *)calloc(N * H + N * O + N * O + N * H + np, sizeof(double));
    double *o = h + N * H, *dout = o + N * O, *dhid = dout + N * O, *g = dhid + N * H;
    double *gw1 = g, *gb1 = gw1 + I * H, *gw2 = gb1 + H, *gb2 = gw2 + H * O, loss = 0;
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double z = b1[j];
            for (k = 0; k < I; k++) z += (double)x[i * I + k] * w1[k * H + j];
            h[i * H + j] = 1 / (1 + exp(-z));
        }
        for (j = 0; j < O; j++) {
            double z = b2[j];
            for (k = 0; k < H; k++) z += h[i * H + k] * w2[k * O + j];
            o[i * O + j] = 1 / (1 + exp(-z));
        }
    }
    for (i = 0; i < N * O; i++) {
        double e = (double)y[i] - o[i];
        loss += e * e;
        dout[i] = -2 * e * o[i] * (1 - o[i]);
    }
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < O; k++) s += dout[i * O + k] * w2[j * O + k];
            dhid[i * H + j] = s * h[i * H + j] * (1 - h[i * H + j]);
        }
    for (i = 0; i < N; i++) {
        for (j = 0; j < O; j++) {
            gb2[j] += dout[i * O + j];
            for (k = 0; k < H; k++) gw2[k * O + j] += h[i * H + k] * dout[i * O + j];
        }
        for (j = 0; j < H; j++) {
            gb1[j] += dhid[i * H + j];
            for (k = 0; k < I; k++) gw1[k * H + j] += (double)x[i * I + k] * dhid[i * H + j];
        }
    }
    for (i = 0; i < np; i++) p[i] -= 0.1 * g[i];
    free(h);
    return loss;
}

/* a few steps of nn_train_step against the plain version, widths that take
   the blocked paths; no allocation inside the loop */
static void test_training(void)
{
    const size_t I = 70, H = 45, O = 7, N = 33;
    nn_net net; nn_work w; nn_mat x, y;
    double *p;
    size_t i;
    int step, ok = 1;
    size_t before;
    nn_real loss = 0;
    nn_rng r = nn_rng_seed(7);
    CHECK_STATUS(nn_net_init(&net, I, H, O), NN_OK);
    CHECK_STATUS(nn_work_init(&w, &net, N), NN_OK);
    nn_mat_alloc(&x, N, I); nn_mat_alloc(&y, N, O);
    nn_net_randomize(&net, &r, -0.5, 0.5);
    nn_mat_rand(x, &r, 0, 1); nn_mat_rand(y, &r, 0, 1);
    p = (double *)malloc(net.n_params * sizeof(double));
    for (i = 0; i < net.n_params; i++) p[i] = (double)net.params[i];
    before = test_mem.calls;
    for (step = 0; step < 5; step++) {
        double want = spd_ref_step(I, H, O, N, p, x.data, y.data);
        CHECK_STATUS(nn_train_step(&net, x, y, (nn_real)0.1, &w, &loss), NN_OK);
        CHECK_NEAR(loss, want, 1e3 * spd_eps * want);
    }
    CHECK(test_mem.calls == before);
    for (i = 0; i < net.n_params; i++)
        if (!(fabs((double)net.params[i] - p[i]) <= 1e3 * spd_eps)) ok = 0;
    CHECK(ok);
    /* the fused loss is the same number nn_loss_sse gives */
    nn_forward(&net, x, &w);
    {
        nn_real l2, l3;
        nn_loss_sse(w.out, y, &l2);
        nn_backprop(&net, x, y, &w);
        l3 = nn__backprop(&net, x, y, &w);
        CHECK(l2 == l3);
    }
    /* nn_train_step (loss from the delta pass) gives the same bits as
       forward, backprop, update one after another */
    {
        nn_net n2; nn_work w2;
        CHECK_STATUS(nn_net_init(&n2, I, H, O), NN_OK);
        CHECK_STATUS(nn_work_init(&w2, &n2, N), NN_OK);
        memcpy(n2.params, net.params, net.n_params * sizeof(nn_real));
        for (step = 0; step < 3; step++) {
            nn_train_step(&net, x, y, (nn_real)0.1, &w, NULL);
            nn_forward(&n2, x, &w2);
            nn_backprop(&n2, x, y, &w2);
            nn_update(&n2, &w2, (nn_real)0.1);
        }
        CHECK(memcmp(n2.params, net.params, net.n_params * sizeof(nn_real)) == 0);
        nn_work_free(&w2); nn_net_free(&n2);
    }
    free(p);
    nn_mat_free(&x); nn_mat_free(&y);
    nn_work_free(&w); nn_net_free(&net);
}

/* does the net I-H-O take the tiny path on batches of N? */
static int spd_tiny(size_t N, size_t I, size_t H, size_t O)
{
    nn_net net;
    int tiny;
    memset(&net, 0, sizeof net);
    if (nn_net_init(&net, I, H, O) != NN_OK) return -1;
    tiny = nn__tiny(&net, N);
    nn_net_free(&net);
    return tiny;
}

/* the tiny path of forward and backprop against the generic one: the same
   bits where no FMA can be formed (the sums are added term by term in the
   same order), for random widths up to NN__TINY (the XOR network among
   them) */
static void test_tiny(void)
{
    static const size_t fixed[2][4] = {{4, 3, 4, 1}, {NN__TINY - 1, NN__TINY, NN__TINY, NN__TINY}};
    int r, same_f = 1, same_b = 1, nonzero = 0, tested = 0;
    CHECK(spd_tiny(4, 3, 4, 1));
    CHECK(spd_tiny(NN__TINY - 1, NN__TINY, NN__TINY, NN__TINY));
    CHECK(!spd_tiny(NN__TINY + 1, 3, 4, 1) && !spd_tiny(4, 3, NN__TINY + 1, 1));
    CHECK(!spd_tiny(NN__TINY, NN__TINY, NN__TINY, NN__TINY));
    for (r = 0; r < 60; r++) {
        size_t N = r < 2 ? fixed[r][0] : spd_pick(1, NN__TINY);
        size_t I = r < 2 ? fixed[r][1] : spd_pick(1, NN__TINY);
        size_t H = r < 2 ? fixed[r][2] : spd_pick(1, NN__TINY);
        size_t O = r < 2 ? fixed[r][3] : spd_pick(1, NN__TINY);
        nn_net net; nn_work w1, w2; nn_mat x, y;
        nn_real l1, l2;
        size_t i;
        if (!spd_tiny(N, I, H, O)) continue;
        tested++;
        nn_net_init(&net, I, H, O);
        nn_net_randomize(&net, &spd_rng, -2, 2);
        nn_mat_rand(net.b1, &spd_rng, -1, 1); nn_mat_rand(net.b2, &spd_rng, -1, 1);
        nn_work_init(&w1, &net, N); nn_work_init(&w2, &net, N);
        nn_mat_alloc(&x, N, I); nn_mat_alloc(&y, N, O);
        nn_mat_rand(x, &spd_rng, -1, 1); nn_mat_rand(y, &spd_rng, 0, 1);
        nn__forward(&net, x, &w1);
        nn__forward_on(&net, x, &w2, 0);
        if (!spd_same(w1.hidden.data, w2.hidden.data, N * H) ||
            !spd_same(w1.out.data, w2.out.data, N * O))
            same_f = 0;
        l1 = nn__backprop(&net, x, y, &w1);
        l2 = nn__backprop_on(&net, x, y, &w2, 0);
        if (!spd_same(&l1, &l2, 1) || !spd_same(w1.grad, w2.grad, net.n_params))
            same_b = 0;
        for (i = 0; i < net.n_params; i++) nonzero += w1.grad[i] != 0;
        nn_mat_free(&x); nn_mat_free(&y);
        nn_work_free(&w1); nn_work_free(&w2); nn_net_free(&net);
    }
    CHECK(tested >= 20);
    CHECK(same_f);
    CHECK(same_b);
    CHECK(nonzero > 0);
}

/* the largest difference of a and b (n each) in units of eps times the
   largest |b|: a few roundings of the array's scale; NaN gives NaN */
static double spd_diff(const nn_real *a, const nn_real *b, size_t n)
{
    double worst = 0, scale = 0;
    size_t i;
    for (i = 0; i < n; i++) scale = fmax(scale, fabs((double)b[i]));
    for (i = 0; i < n; i++) {
        double d = fabs((double)a[i] - (double)b[i]) / (spd_eps * (scale + 1e-300));
        if (!(d <= worst)) worst = d;   /* NaN sticks */
    }
    return worst;
}

/* spd_same, NaN matching NaN: a diverged network's NaN may carry either
   sign, by the path that made it (seen on 32-bit ARM) */
static int spd_same_nan(const nn_real *a, const nn_real *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!(isnan((double)a[i]) && isnan((double)b[i])) && !spd_same(a + i, b + i, 1))
            return 0;
    return 1;
}

/* nn_train_step (the tiny path's fused step, where it is taken) against
   nn_forward, nn_backprop and nn_update one after another, three steps:
   the same parameters, outputs, gradient and loss; spd_steps_finite counts
   the networks that ended with a finite loss */
static int spd_steps_same, spd_steps_finite;
static void spd_step_parts(const nn_net *net, nn_mat x, nn_mat y)
{
    nn_net a, b;
    nn_work wa, wb;
    nn_real la = 0, lb = 0;
    int step;
    memset(&a, 0, sizeof a); memset(&b, 0, sizeof b);   /* nothing to free */
    if (nn_net_copy(&a, net) != NN_OK || nn_net_copy(&b, net) != NN_OK ||
        nn_work_init(&wa, net, x.rows) != NN_OK || nn_work_init(&wb, net, x.rows) != NN_OK) {
        spd_steps_same = 0;
        return;
    }
    for (step = 0; step < 3; step++) {
        if (nn_train_step(&a, x, y, (nn_real)0.1, &wa, &la) != NN_OK) spd_steps_same = 0;
        nn_forward(&b, x, &wb);
        nn_net_loss(&b, &wb, y, &lb);
        nn_backprop(&b, x, y, &wb);
        nn_update(&b, &wb, (nn_real)0.1);
    }
    if (!spd_same_nan(a.params, b.params, a.n_params) || !spd_same_nan(&la, &lb, 1) ||
        !spd_same_nan(wa.out.data, wb.out.data, x.rows * net->n_out) ||
        !spd_same_nan(wa.grad, wb.grad, a.n_params))
        spd_steps_same = 0;
    spd_steps_finite += la <= NN__REAL_MAX && la >= 0;
    nn_work_free(&wa); nn_work_free(&wb);
    nn_net_free(&a); nn_net_free(&b);
}

/* The tiny path against the generic one on random deep networks: depth 1
   to 4, widths and batch up to NN__TINY, hidden activations drawn from the
   elementwise ones, every output activation with every loss that fits it.
   Every layer's output, the loss and the gradient: the same bits where no
   FMA can be formed (as for the article's network above), else within a
   few roundings of each array's scale. */
static void test_tiny_deep(void)
{
    int r, tested = 0, same = 1, fits[NN_ACT_COUNT][NN_LOSS_COUNT];
    double worst = 0;
    memset(fits, 0, sizeof fits);
    spd_steps_same = 1;
    spd_steps_finite = 0;
    for (r = 0; r < 300; r++) {
        size_t L = spd_pick(1, 4), N = spd_pick(1, NN__TINY), widths[5], l;
        nn_act acts[4];
        int last = (int)spd_pick(0, NN_ACT_COUNT - 1), other = (int)spd_pick(0, 1);
        nn_loss loss = !other ? NN_LOSS_SSE : last == NN_ACT_SIGMOID ? NN_LOSS_BCE
                     : last == NN_ACT_SOFTMAX ? NN_LOSS_CE : NN_LOSS_SSE;
        nn_net net; nn_work w1, w2; nn_mat x, y;
        nn_real l1, l2;
        for (l = 0; l <= L; l++) widths[l] = spd_pick(1, NN__TINY);
        for (l = 0; l + 1 < L; l++) acts[l] = (nn_act)spd_pick(0, NN_ACT_SOFTMAX - 1);
        acts[L - 1] = (nn_act)last;
        if (nn_net_init_layers(&net, L, widths, acts, loss) != NN_OK) { CHECK(0); continue; }
        if (!nn__tiny(&net, N)) { nn_net_free(&net); continue; }
        tested++;
        fits[last][loss] = 1;
        nn_net_init_weights(&net, &spd_rng, NN_INIT_GLOROT_UNIFORM);
        for (l = 0; l < L; l++) nn_mat_rand(net.layers[l].b, &spd_rng, -1, 1);
        nn_work_init(&w1, &net, N); nn_work_init(&w2, &net, N);
        nn_mat_alloc(&x, N, widths[0]); nn_mat_alloc(&y, N, widths[L]);
        nn_mat_rand(x, &spd_rng, -2, 2); nn_mat_rand(y, &spd_rng, 0, 1);
        if (loss == NN_LOSS_CE) {   /* rows of class probabilities */
            size_t i, j;
            for (i = 0; i < N; i++) {
                nn_real s = 0;
                for (j = 0; j < widths[L]; j++) s += NN_AT(y, i, j);
                for (j = 0; j < widths[L]; j++) NN_AT(y, i, j) /= s;
            }
        }
        spd_step_parts(&net, x, y);
        nn__forward_on(&net, x, &w1, 1);
        nn__forward_on(&net, x, &w2, 0);
        for (l = 0; l < L; l++) {
            same &= spd_same(w1.outs[l].data, w2.outs[l].data, N * widths[l + 1]);
            worst = fmax(worst, spd_diff(w1.outs[l].data, w2.outs[l].data, N * widths[l + 1]));
        }
        l1 = nn__backprop_on(&net, x, y, &w1, 1);
        l2 = nn__backprop_on(&net, x, y, &w2, 0);
        same &= spd_same(&l1, &l2, 1) && spd_same(w1.grad, w2.grad, net.n_params);
        worst = fmax(worst, spd_diff(&l1, &l2, 1));
        worst = fmax(worst, spd_diff(w1.grad, w2.grad, net.n_params));
        nn_mat_free(&x); nn_mat_free(&y);
        nn_work_free(&w1); nn_work_free(&w2); nn_net_free(&net);
    }
    printf("tiny path, deep: %d networks, worst %.3g eps of scale; %d trained 3 steps to a "
           "finite loss\n", tested, worst, spd_steps_finite);
    CHECK(tested >= 100);
    /* every output activation, and each with its own loss, was drawn */
    CHECK(fits[NN_ACT_SIGMOID][NN_LOSS_SSE] && fits[NN_ACT_SIGMOID][NN_LOSS_BCE]);
    CHECK(fits[NN_ACT_TANH][NN_LOSS_SSE] && fits[NN_ACT_RELU][NN_LOSS_SSE]);
    CHECK(fits[NN_ACT_LINEAR][NN_LOSS_SSE] && fits[NN_ACT_SOFTMAX][NN_LOSS_SSE]);
    CHECK(fits[NN_ACT_SOFTMAX][NN_LOSS_CE]);
    CHECK(same);
    CHECK(spd_steps_same);
    CHECK(spd_steps_finite >= 100);
    CHECK(worst <= 16);
}

#ifdef _OPENMP
/* c = alpha op(a) op(b) + beta c on 1 and on 2 threads, from the same c:
   the same bits */
static int threads_same(size_t M, size_t N, size_t K, int ta, int tb, nn_real alpha,
                        nn_real beta, nn_rng *r)
{
    nn_mat a, b, c1, c2;
    int same;
    nn_mat_alloc(&a, ta ? K : M, ta ? M : K); nn_mat_alloc(&b, tb ? N : K, tb ? K : N);
    nn_mat_alloc(&c1, M, N); nn_mat_alloc(&c2, M, N);
    nn_mat_rand(a, r, -1, 1); nn_mat_rand(b, r, -1, 1); nn_mat_rand(c1, r, -1, 1);
    memcpy(c2.data, c1.data, M * N * sizeof(nn_real));
    omp_set_num_threads(1);
    nn_mat_gemm(c1, alpha, a, ta, b, tb, beta);
    omp_set_num_threads(2);
    nn_mat_gemm(c2, alpha, a, ta, b, tb, beta);
    same = memcmp(c1.data, c2.data, M * N * sizeof(nn_real)) == 0;
    nn_mat_free(&a); nn_mat_free(&b); nn_mat_free(&c1); nn_mat_free(&c2);
    return same;
}

/* 1 and 2 threads: the same bits, for gemms big enough to split (by
   columns: 300 of them, with 150 and 20 rows, not whole slivers, and 20
   in float, one panel; by rows, for a product of one panel: 8 columns, 150
   rows) in all four transpose cases, with and without alpha and beta, and
   for training (300-200-200-10, a batch of 100, not whole slivers: the
   forward products by columns, with the bias and activation, and the
   product into the second layer's deltas, with their sums) */
static void test_threads(void)
{
    static const size_t shapes[][3] = {
        {150, 300, 520}, {20, 300, 520}, {150, 20, 1000}, {150, 8, 2000}};
    static const size_t widths[] = {300, 200, 200, 10};
    static const nn_act acts[] = {NN_ACT_SIGMOID, NN_ACT_SIGMOID, NN_ACT_SIGMOID};
    size_t s, i;
    nn_net n1, n2; nn_work w1, w2; nn_mat x, y;
    nn_rng r = nn_rng_seed(3);
    int t, step, same = 1;
    for (s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (t = 0; t < 8; t++)
            same &= threads_same(shapes[s][0], shapes[s][1], shapes[s][2], t & 1, t >> 1 & 1,
                                 t & 4 ? (nn_real)0.5 : 1, t & 4 ? (nn_real)0.25 : 0, &r);
    CHECK(same);

    nn_net_init_layers(&n1, 3, widths, acts, NN_LOSS_SSE);
    nn_net_init_layers(&n2, 3, widths, acts, NN_LOSS_SSE);
    nn_net_randomize(&n1, &r, -0.1, 0.1);
    memcpy(n2.params, n1.params, n1.n_params * sizeof(nn_real));
    nn_work_init(&w1, &n1, 100); nn_work_init(&w2, &n2, 100);
    nn_mat_alloc(&x, 100, 300); nn_mat_alloc(&y, 100, 10);
    nn_mat_rand(x, &r, 0, 1); nn_mat_rand(y, &r, 0, 1);
    for (step = 0; step < 3; step++) {
        omp_set_num_threads(1);
        nn_train_step(&n1, x, y, (nn_real)0.01, &w1, NULL);
        omp_set_num_threads(2);
        nn_train_step(&n2, x, y, (nn_real)0.01, &w2, NULL);
    }
    CHECK(memcmp(n1.params, n2.params, n1.n_params * sizeof(nn_real)) == 0);
    for (i = 0; i < n1.n_params && n1.params[i] == 0; i++) {}
    CHECK(i < n1.n_params);
    nn_mat_free(&x); nn_mat_free(&y);
    nn_work_free(&w1); nn_work_free(&w2); nn_net_free(&n1); nn_net_free(&n2);
}

/* every optimizer's step on 2 threads (62,210 parameters: four parts,
   nn__opt_split) against its row's step called once on them all, with
   weight decay; and with the biases out of the decay (a step layer by
   layer), RMSprop centered, momentum 0.5, against the same on 1 thread:
   the same bits */
#define SPD_STEP(CX, E, NAME, STATES, STEP, SGD) STEP,
static const nn__opt_fn spd_steps[] = {NN__OPTS_OWN(SPD_STEP, 0)};
static void test_threads_opt(void)
{
    nn_net n1, n2; nn_work w1, w2; nn_opt o1, o2; nn_mat x, y;
    nn_rng r = nn_rng_seed(4);
    const nn_real rate = (nn_real)0.01;
    int kind, step, d, ok = 1;
    nn_net_init(&n1, 300, 200, 10); nn_net_init(&n2, 300, 200, 10);
    nn_work_init(&w1, &n1, 16); nn_work_init(&w2, &n2, 16);
    nn_mat_alloc(&x, 16, 300); nn_mat_alloc(&y, 16, 10);
    nn_mat_rand(x, &r, 0, 1); nn_mat_rand(y, &r, 0, 1);
    for (kind = 0; kind < (int)(sizeof spd_steps / sizeof *spd_steps) * 2; kind++) {
        d = kind & 1;
        nn_net_randomize(&n1, &r, -0.1, 0.1);
        memcpy(n2.params, n1.params, n1.n_params * sizeof(nn_real));
        nn_opt_init(&o1, &n1, (nn_opt_kind)(kind / 2));
        nn_opt_init(&o2, &n2, (nn_opt_kind)(kind / 2));
        o1.weight_decay = o2.weight_decay = (nn_real)0.01;
        if (d) {
            o1.no_decay = o2.no_decay = NN_NO_DECAY_BIASES;
            o1.centered = o2.centered = 1;
            o1.momentum = o2.momentum = (nn_real)0.5;
        }
        for (step = 0; step < 3; step++) {
            omp_set_num_threads(1);
            if (d) {
                nn_train_step_opt(&n1, &o1, x, y, rate, &w1, NULL);
            } else {
                nn_forward(&n1, x, &w1);
                nn_backprop(&n1, x, y, &w1);
                o1.steps++;
                spd_steps[kind / 2](&o1, n1.params, w1.grad, n1.n_params, rate);
            }
            omp_set_num_threads(2);
            nn_train_step_opt(&n2, &o2, x, y, rate, &w2, NULL);
        }
        ok &= memcmp(n1.params, n2.params, n1.n_params * sizeof(nn_real)) == 0;
        nn_opt_free(&o1); nn_opt_free(&o2);
    }
    CHECK(ok);
    nn_mat_free(&x); nn_mat_free(&y);
    nn_work_free(&w1); nn_work_free(&w2); nn_net_free(&n1); nn_net_free(&n2);
}
#endif

int main(void)
{
    spd_rng = nn_rng_seed(42);
    spd_quick = getenv("NN_TEST_EMULATED") != NULL;
    printf("kernels: %lu in the table (picked: %s), nn_real %s\n",
           (unsigned long)NN__UKR_COUNT, nn__ukrs[nn__ukr_row(1)].name,
           sizeof(nn_real) == sizeof(float) ? "float" : "double");
    test_gemm_paths();
    test_epilogues();
    test_sigmoid();
    test_update_vec();
    test_adam_vec();
    test_training();
    test_tiny();
    test_tiny_deep();
#ifdef _OPENMP
    test_threads();
    test_threads_opt();
#endif
    return TEST_SUMMARY();
}
