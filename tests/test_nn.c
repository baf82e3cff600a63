/* The core test suite: matrices, generator, sigmoid, network, forward
   against a reference, backprop against central finite differences, the
   article's training across seeds and against a reference, determinism,
   and every error path.
   Built twice by `make test`: NN_REAL double (default) and float. */
#include <float.h>
#include <stdint.h>
#include <stdlib.h>

/* The library allocates through these: they count, and refuse what no test
   needs (over 1 GiB) so the out-of-memory paths run without asking the
   system for the impossible. */
#include "alloc.h"
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"
#include "ref.h"

#define IS_FLOAT (sizeof(nn_real) == sizeof(float))
#define EPS ((double)(IS_FLOAT ? FLT_EPSILON : DBL_EPSILON))

/* the article's table: x3 = 1 on every row, y = x1 xor x2 */
static nn_real xor_x[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
static nn_real xor_y[] = {0, 1, 1, 0};

/* the larger of e and d, where NaN wins, so an error that is NaN fails
   the check it feeds (fmax would drop it) */
static double worse(double e, double d)
{
    if (e != e) return e;
    return d <= e ? e : d;
}

/* a quiet NaN without relying on the NAN macro's type */
static nn_real nan_value(void)
{
    volatile double z = 0;
    return (nn_real)(z / z);
}

/* a malloc'd matrix of U[-1, 1) values; the caller frees data */
static nn_mat rand_mat(nn_rng *r, size_t rows, size_t cols)
{
    nn_mat m;
    CHECK_STATUS(nn_mat_alloc(&m, rows, cols), NN_OK);
    nn_mat_rand(m, r, -1, 1);
    return m;
}

/* ---------------------------------------------------------------------- */

static void test_strerror(void)
{
    int s;
    for (s = NN_OK; s <= NN_ERR_FORMAT; s++) {
        const char *msg = nn_strerror((nn_status)s);
        CHECK(msg != NULL && msg[0] != '\0');
    }
    CHECK(nn_strerror((nn_status)99) != NULL);
    CHECK(nn_strerror((nn_status)-1) != NULL);
    CHECK(strcmp(nn_strerror(NN_ERR_SHAPE), nn_strerror(NN_ERR_ARG)) != 0);
    CHECK(strcmp(NN_VERSION, "3.0.0") == 0);
    CHECK(NN_VERSION_MAJOR == 3 && NN_VERSION_MINOR == 0 && NN_VERSION_PATCH == 0);
}

static void test_rng(void)
{
    /* splitmix64's published stream for seed 0 */
    nn_rng r = nn_rng_seed(0);
    nn_real lo = 1, hi = 0;
    double sum = 0;
    int i;
    CHECK(nn_rng_next(&r) == UINT64_C(0xE220A8397B1DCDAF));
    CHECK(nn_rng_next(&r) == UINT64_C(0x6E789E6AA1B965F4));
    CHECK(nn_rng_next(&r) == UINT64_C(0x06C45D188009454F));
    CHECK(nn_rng_next(NULL) == 0);

    /* uniform: the top bits, scaled; all in [0, 1), mean 1/2 */
    r = nn_rng_seed(42);
    {
        nn_rng c = r;
        uint64_t u = nn_rng_next(&c);
        double want = IS_FLOAT ? (double)(u >> 40) / 16777216.0
                               : (double)(u >> 11) / 9007199254740992.0;
        CHECK((double)nn_rng_uniform(&r) == want);
    }
    for (i = 0; i < 100000; i++) {
        nn_real u = nn_rng_uniform(&r);
        if (u < lo) lo = u;
        if (u > hi) hi = u;
        sum += (double)u;
    }
    CHECK(lo >= 0 && hi < 1);
    CHECK(lo < (nn_real)0.001 && hi > (nn_real)0.999);
    CHECK_NEAR(sum / 100000, 0.5, 0.005);

    /* the largest draw still maps below 1 */
    {
        nn_rng top;
        top.state = UINT64_C(0) - UINT64_C(0x9E3779B97F4A7C15);
        CHECK(nn_rng_uniform(&top) < 1);
    }
}

static void test_mat_basics(void)
{
    nn_mat m, keep;
    nn_real buf[6] = {1, 2, 3, 4, 5, 6};
    size_t i;

    CHECK_STATUS(nn_mat_alloc(&m, 3, 5), NN_OK);
    CHECK(m.rows == 3 && m.cols == 5 && m.data != NULL);
    for (i = 0; i < 15; i++) CHECK(m.data[i] == 0);
    nn_mat_fill(m, (nn_real)2.5);
    CHECK(NN_AT(m, 2, 4) == (nn_real)2.5);
    nn_mat_free(&m);
    CHECK(m.data == NULL && m.rows == 0 && m.cols == 0);
    nn_mat_free(&m);               /* twice is fine */
    nn_mat_free(NULL);

    /* empty matrices are valid */
    CHECK_STATUS(nn_mat_alloc(&m, 0, 7), NN_OK);
    CHECK(m.rows == 0 && m.cols == 7 && m.data == NULL);
    nn_mat_free(&m);

    /* failures write nothing */
    keep = nn_mat_view(buf, 2, 3);
    m = keep;
    CHECK_STATUS(nn_mat_alloc(&m, SIZE_MAX / 2, 3), NN_ERR_NOMEM);
    CHECK_STATUS(nn_mat_alloc(&m, SIZE_MAX / sizeof(nn_real) / 2 + 1, 2), NN_ERR_NOMEM);
    CHECK(memcmp(&m, &keep, sizeof m) == 0);
    CHECK_STATUS(nn_mat_alloc(NULL, 2, 2), NN_ERR_ARG);

    /* views, row ranges, NN_AT */
    m = nn_mat_view(buf, 2, 3);
    CHECK(NN_AT(m, 1, 0) == 4 && NN_AT(m, 0, 2) == 3);
    {
        nn_mat v = keep, before = keep;
        CHECK_STATUS(nn_mat_rows(&v, m, 1, 1), NN_OK);
        CHECK(v.rows == 1 && v.cols == 3 && v.data == buf + 3);
        CHECK_STATUS(nn_mat_rows(&v, m, 2, 0), NN_OK);
        CHECK(v.rows == 0);
        v = before;
        CHECK_STATUS(nn_mat_rows(&v, m, 1, 2), NN_ERR_SHAPE);
        CHECK_STATUS(nn_mat_rows(&v, m, 3, 0), NN_ERR_SHAPE);
        CHECK_STATUS(nn_mat_rows(&v, m, SIZE_MAX, 2), NN_ERR_SHAPE);
        CHECK(memcmp(&v, &before, sizeof v) == 0);
        CHECK_STATUS(nn_mat_rows(NULL, m, 0, 1), NN_ERR_ARG);
    }

    /* copy: shapes must agree, overlap allowed */
    {
        nn_real d[6] = {0};
        nn_mat dst = nn_mat_view(d, 2, 3);
        CHECK_STATUS(nn_mat_copy(dst, m), NN_OK);
        CHECK(memcmp(d, buf, sizeof d) == 0);
        d[0] = 9;
        CHECK_STATUS(nn_mat_copy(nn_mat_view(d, 3, 2), m), NN_ERR_SHAPE);
        CHECK(d[0] == 9);
        CHECK_STATUS(nn_mat_copy(nn_mat_view(d, 1, 3), nn_mat_view(d + 1, 1, 3)), NN_OK);
        CHECK(d[0] == 2 && d[2] == 4);
        CHECK_STATUS(nn_mat_copy(nn_mat_view(NULL, 1, 3), m), NN_ERR_ARG);
    }

    /* add_row */
    {
        nn_real a[6] = {1, 2, 3, 4, 5, 6}, row[3] = {10, 20, 30};
        nn_mat am = nn_mat_view(a, 2, 3);
        CHECK_STATUS(nn_mat_add_row(am, nn_mat_view(row, 1, 3)), NN_OK);
        CHECK(a[0] == 11 && a[4] == 25 && a[5] == 36);
        CHECK_STATUS(nn_mat_add_row(am, nn_mat_view(row, 3, 1)), NN_ERR_SHAPE);
        CHECK_STATUS(nn_mat_add_row(am, nn_mat_view(row, 1, 2)), NN_ERR_SHAPE);
        CHECK_STATUS(nn_mat_add_row(am, nn_mat_view(a + 3, 1, 3)), NN_ERR_ARG);
        CHECK(a[0] == 11 && a[5] == 36);
    }

    /* rand: U[lo, hi), also when hi - lo rounds */
    {
        nn_rng r = nn_rng_seed(7);
        nn_mat big;
        int in_range = 1;
        CHECK_STATUS(nn_mat_alloc(&big, 100, 100), NN_OK);
        nn_mat_rand(big, &r, -3, 5);
        for (i = 0; i < 10000; i++)
            if (!(big.data[i] >= -3 && big.data[i] < 5)) in_range = 0;
        CHECK(in_range);
        nn_mat_rand(big, &r, 1, (nn_real)1.0000001);
        for (i = 0; i < 10000; i++)
            if (!(big.data[i] >= 1 && big.data[i] < (nn_real)1.0000001)) in_range = 0;
        CHECK(in_range);
        nn_mat_rand(big, NULL, 0, 1);       /* no generator: nothing */
        nn_mat_free(&big);
    }

    /* the void functions ignore a matrix with no memory */
    nn_mat_fill(nn_mat_view(NULL, 2, 2), 1);
    nn_mat_sigmoid(nn_mat_view(NULL, 2, 2));
}

/* ---------------------------------------------------------------------- */
/* gemm against the triple loop                                            */

/* one gemm call checked against ref_gemm; c starts random (or NaN) */
static void check_gemm(nn_rng *r, size_t M, size_t N, size_t K, int ta, int tb,
                       nn_real alpha, nn_real beta, int nan_c)
{
    nn_mat a = rand_mat(r, ta ? K : M, ta ? M : K);
    nn_mat b = rand_mat(r, tb ? N : K, tb ? K : N);
    nn_mat c = rand_mat(r, M, N), c0 = rand_mat(r, M, N);
    double *want = (double *)malloc((M * N + 1) * sizeof(double));
    double *scale = (double *)malloc((M * N + 1) * sizeof(double));
    size_t i, bad = 0;
    if (nan_c) nn_mat_fill(c, nan_value());
    nn_mat_copy(c0, c);
    ref_gemm(M, N, K, (double)alpha, a.data, a.cols, ta, b.data, b.cols, tb,
             (double)beta, c0.data, want, scale);
    CHECK_STATUS(nn_mat_gemm(c, alpha, a, ta, b, tb, beta), NN_OK);
    /* each product and sum rounds once: (K + 2) eps of what was summed */
    for (i = 0; i < M * N; i++) {
        double tol = (double)(K + 2) * EPS * scale[i] + 1e-300;
        if (!(fabs((double)c.data[i] - want[i]) <= tol)) bad++;
    }
    if (bad)
        fprintf(stderr, "gemm %lux%lux%lu ta=%d tb=%d alpha=%g beta=%g: %lu bad\n",
                (unsigned long)M, (unsigned long)N, (unsigned long)K, ta, tb,
                (double)alpha, (double)beta, (unsigned long)bad);
    CHECK(bad == 0);
    free(want);
    free(scale);
    nn_mat_free(&a); nn_mat_free(&b); nn_mat_free(&c); nn_mat_free(&c0);
}

static void test_gemm(void)
{
    static const size_t shapes[][3] = {
        {0, 0, 0}, {0, 3, 4}, {3, 0, 4}, {3, 4, 0}, {1, 1, 1}, {1, 7, 1},
        {7, 1, 5}, {4, 4, 3}, {4, 1, 4}, {5, 3, 2}, {17, 13, 9}, {33, 65, 31},
        {64, 32, 64}, {257, 129, 65}};
    static const nn_real ab[][2] = {{1, 0}, {1, 1}, {-2, (nn_real)0.5}, {0, 3}, {(nn_real)0.25, 0}};
    nn_rng r = nn_rng_seed(2024);
    size_t s, k;
    int t;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (t = 0; t < 4; t++)
            for (k = 0; k < sizeof ab / sizeof ab[0]; k++)
                check_gemm(&r, shapes[s][0], shapes[s][1], shapes[s][2], t & 1,
                           t >> 1, ab[k][0], ab[k][1], 0);
    /* beta 0: NaN already in c does not survive */
    for (t = 0; t < 4; t++) check_gemm(&r, 9, 11, 7, t & 1, t >> 1, 1, 0, 1);
    /* random shapes, including sizes no block size divides */
    for (k = 0; k < 40; k++) {
        size_t M = 1 + nn_rng_next(&r) % 70, N = 1 + nn_rng_next(&r) % 70;
        size_t K = 1 + nn_rng_next(&r) % 70;
        check_gemm(&r, M, N, K, (int)(k & 1), (int)((k >> 1) & 1), 1, (nn_real)(k % 3), 0);
    }

    /* mul is gemm with alpha 1, beta 0 */
    {
        nn_real a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {7, 8, 9, 10, 11, 12}, c[4];
        c[0] = nan_value();
        CHECK_STATUS(nn_mat_mul(nn_mat_view(c, 2, 2), nn_mat_view(a, 2, 3),
                                nn_mat_view(b, 3, 2)), NN_OK);
        CHECK(c[0] == 58 && c[1] == 64 && c[2] == 139 && c[3] == 154);
    }

    /* alpha 0: a and b are not read (BLAS), so NaN there does not spread */
    {
        nn_real a[4], b[4], c[4] = {1, 2, 3, 4};
        int i;
        for (i = 0; i < 4; i++) a[i] = b[i] = nan_value();
        CHECK_STATUS(nn_mat_gemm(nn_mat_view(c, 2, 2), 0, nn_mat_view(a, 2, 2), 0,
                                 nn_mat_view(b, 2, 2), 0, 2), NN_OK);
        CHECK(c[0] == 2 && c[3] == 8);
    }
    /* but NaN in a when alpha is not 0 reaches c */
    {
        nn_real a[4] = {1, 1, 1, 1}, b[4] = {1, 1, 1, 1}, c[4];
        a[1] = nan_value();
        CHECK_STATUS(nn_mat_gemm(nn_mat_view(c, 2, 2), 1, nn_mat_view(a, 2, 2), 0,
                                 nn_mat_view(b, 2, 2), 0, 0), NN_OK);
        CHECK(c[0] != c[0] && c[1] != c[1] && c[2] == 2);
    }
}

static void test_gemm_errors(void)
{
    nn_real a[12], b[12], c[12], before[12], a0[12], b0[12];
    nn_mat A = nn_mat_view(a, 3, 4), B = nn_mat_view(b, 4, 3), C = nn_mat_view(c, 3, 3);
    int i;
    for (i = 0; i < 12; i++) a[i] = b[i] = c[i] = (nn_real)i;
    memcpy(before, c, sizeof c);
    memcpy(a0, a, sizeof a);
    memcpy(b0, b, sizeof b);

    CHECK_STATUS(nn_mat_gemm(C, 1, A, 0, B, 0, 0), NN_OK);   /* fits */
    memcpy(c, before, sizeof c);
    CHECK_STATUS(nn_mat_gemm(C, 1, A, 1, B, 0, 0), NN_ERR_SHAPE); /* (4,3)(4,3) */
    CHECK_STATUS(nn_mat_gemm(C, 1, A, 0, B, 1, 0), NN_ERR_SHAPE); /* (3,4)(3,4) */
    CHECK_STATUS(nn_mat_gemm(nn_mat_view(c, 3, 4), 1, A, 0, B, 0, 0), NN_ERR_SHAPE);
    CHECK_STATUS(nn_mat_gemm(nn_mat_view(c, 2, 3), 1, A, 0, B, 0, 0), NN_ERR_SHAPE);
    CHECK_STATUS(nn_mat_mul(nn_mat_view(c, 4, 4), A, B), NN_ERR_SHAPE);
    /* c sharing memory with a or b */
    CHECK_STATUS(nn_mat_gemm(nn_mat_view(a, 3, 3), 1, A, 0, B, 0, 0), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_gemm(nn_mat_view(b + 3, 3, 3), 1, A, 0, B, 0, 0), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_gemm(nn_mat_view(a + 11, 1, 1), 1, nn_mat_view(a, 1, 12), 0,
                             nn_mat_view(b, 12, 1), 0, 0), NN_ERR_ARG);
    /* NULL data with elements */
    CHECK_STATUS(nn_mat_gemm(nn_mat_view(NULL, 3, 3), 1, A, 0, B, 0, 0), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_gemm(C, 1, nn_mat_view(NULL, 3, 4), 0, B, 0, 0), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_gemm(C, 1, A, 0, nn_mat_view(NULL, 4, 3), 0, 0), NN_ERR_ARG);
    /* a view too large to address */
    CHECK_STATUS(nn_mat_gemm(C, 1, nn_mat_view(a, SIZE_MAX / 2, 4), 0, B, 0, 0), NN_ERR_ARG);
    CHECK(memcmp(c, before, sizeof c) == 0);
    CHECK(memcmp(a, a0, sizeof a) == 0 && memcmp(b, b0, sizeof b) == 0);
}

/* ---------------------------------------------------------------------- */

static void test_sigmoid(void)
{
    static const double xs[] = {0, 1e-300, 1, -1, 10, -10, 30, -30, 40, -40, 88,
                                -88, 89, -89, 104, -104, 700, -700, 710, -710,
                                745, -745, 746, -746, 1e10, -1e10, 1e300, -1e300};
    size_t i;
    int ok = 1;
    for (i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        nn_real x = (nn_real)xs[i], s = nn_sigmoid(x);
        if (!(s >= 0 && s <= 1)) ok = 0;
        /* the definition, evaluated in double where it does not overflow */
        if (fabs(xs[i]) < 700 && !(fabs((double)s - ref_sigmoid((double)x)) <= 4 * EPS))
            ok = 0;
    }
    CHECK(ok);
    CHECK(nn_sigmoid(0) == (nn_real)0.5);
    CHECK(nn_sigmoid(IS_FLOAT ? (nn_real)FLT_MAX : (nn_real)DBL_MAX) == 1);
    CHECK(nn_sigmoid(IS_FLOAT ? -(nn_real)FLT_MAX : -(nn_real)DBL_MAX) == 0);
    CHECK(nn_sigmoid(-1000) >= 0 && nn_sigmoid(-1000) < (nn_real)1e-30);
    {
        nn_real n = nn_sigmoid(nan_value());
        CHECK(n != n);
    }
    /* symmetry: s(-x) = 1 - s(x) */
    for (i = 0, ok = 1; i < 200; i++) {
        nn_real x = (nn_real)((double)i * 0.1 - 10);
        if (!(fabs((double)(nn_sigmoid(-x) - (1 - nn_sigmoid(x)))) <= 4 * EPS)) ok = 0;
    }
    CHECK(ok);
    CHECK(nn_sigmoid_deriv((nn_real)0.5) == (nn_real)0.25);
    CHECK(nn_sigmoid_deriv(0) == 0 && nn_sigmoid_deriv(1) == 0);
    {
        nn_real m[3] = {0, 100, -100};
        nn_mat_sigmoid(nn_mat_view(m, 1, 3));
        CHECK(m[0] == (nn_real)0.5 && m[1] == 1 && m[2] < (nn_real)1e-40);
    }
}

/* ---------------------------------------------------------------------- */

static void test_net_init(void)
{
    nn_net net, zero;
    nn_rng r = nn_rng_seed(5);
    size_t i;
    memset(&zero, 0, sizeof zero);

    CHECK_STATUS(nn_net_init(&net, 3, 4, 2), NN_OK);
    CHECK(net.n_in == 3 && net.n_hidden == 4 && net.n_out == 2);
    CHECK(net.n_params == 3 * 4 + 4 + 4 * 2 + 2);
    for (i = 0; i < net.n_params; i++) CHECK(net.params[i] == 0);
    /* the four views, in order, inside params */
    CHECK(net.w1.data == net.params && net.w1.rows == 3 && net.w1.cols == 4);
    CHECK(net.b1.data == net.params + 12 && net.b1.rows == 1 && net.b1.cols == 4);
    CHECK(net.w2.data == net.params + 16 && net.w2.rows == 4 && net.w2.cols == 2);
    CHECK(net.b2.data == net.params + 24 && net.b2.rows == 1 && net.b2.cols == 2);

    nn_net_randomize(&net, &r, 0, 1);
    {
        int w_ok = 1, b_zero = 1;
        for (i = 0; i < 12; i++) if (!(net.w1.data[i] >= 0 && net.w1.data[i] < 1)) w_ok = 0;
        for (i = 0; i < 8; i++) if (!(net.w2.data[i] >= 0 && net.w2.data[i] < 1)) w_ok = 0;
        for (i = 0; i < 4; i++) if (net.b1.data[i] != 0) b_zero = 0;
        for (i = 0; i < 2; i++) if (net.b2.data[i] != 0) b_zero = 0;
        CHECK(w_ok && b_zero);
        /* drawn in params order: w1 first, then w2 */
        r = nn_rng_seed(5);
        CHECK(net.w1.data[0] == nn_rng_uniform(&r));
        for (i = 1; i < 12; i++) nn_rng_uniform(&r);
        CHECK(net.w2.data[0] == nn_rng_uniform(&r));
    }
    nn_net_free(&net);
    CHECK(memcmp(&net, &zero, sizeof net) == 0);
    nn_net_free(&net);
    nn_net_free(NULL);
    nn_net_randomize(&net, &r, 0, 1);  /* a freed net: nothing happens */
    CHECK(net.params == NULL);

    /* errors write nothing */
    memset(&net, 0xAB, sizeof net);
    {
        nn_net before = net;
        CHECK_STATUS(nn_net_init(&net, 0, 4, 1), NN_ERR_ARG);
        CHECK_STATUS(nn_net_init(&net, 3, 0, 1), NN_ERR_ARG);
        CHECK_STATUS(nn_net_init(&net, 3, 4, 0), NN_ERR_ARG);
        CHECK_STATUS(nn_net_init(NULL, 3, 4, 1), NN_ERR_ARG);
        CHECK_STATUS(nn_net_init(&net, SIZE_MAX / 2, 4, 1), NN_ERR_NOMEM);
        CHECK_STATUS(nn_net_init(&net, 1, SIZE_MAX, 1), NN_ERR_NOMEM);
        CHECK_STATUS(nn_net_init(&net, 1, SIZE_MAX / sizeof(nn_real) / 4, 1), NN_ERR_NOMEM);
        CHECK(memcmp(&net, &before, sizeof net) == 0);
    }

    /* work buffers */
    {
        nn_work w, wb;
        CHECK_STATUS(nn_net_init(&net, 3, 4, 2), NN_OK);
        CHECK_STATUS(nn_work_init(&w, &net, 5), NN_OK);
        CHECK(w.capacity == 5 && w.grad != NULL);
        /* no rows until a forward pass */
        CHECK(w.hidden.rows == 0 && w.hidden.cols == 4);
        CHECK(w.out.rows == 0 && w.out.cols == 2);
        {
            nn_real xs[15] = {0}, ys[10] = {0};
            CHECK_STATUS(nn_backprop(&net, nn_mat_view(xs, 5, 3), nn_mat_view(ys, 5, 2), &w),
                         NN_ERR_SHAPE);
        }
        nn_work_free(&w);
        CHECK(w.grad == NULL && w.capacity == 0);
        nn_work_free(&w);
        nn_work_free(NULL);
        memset(&w, 0xCD, sizeof w);
        wb = w;
        CHECK_STATUS(nn_work_init(&w, &net, 0), NN_ERR_ARG);
        CHECK_STATUS(nn_work_init(NULL, &net, 4), NN_ERR_ARG);
        CHECK_STATUS(nn_work_init(&w, NULL, 4), NN_ERR_ARG);
        CHECK_STATUS(nn_work_init(&w, &zero, 4), NN_ERR_ARG);
        CHECK_STATUS(nn_work_init(&w, &net, SIZE_MAX / 2), NN_ERR_NOMEM);
        CHECK_STATUS(nn_work_init(&w, &net, SIZE_MAX / sizeof(nn_real) / 16), NN_ERR_NOMEM);
        CHECK(memcmp(&w, &wb, sizeof w) == 0);
        nn_net_free(&net);
    }
}

/* ---------------------------------------------------------------------- */
/* forward and backprop against the reference                              */

/* the net's parameters, in double */
static double *params_double(const nn_net *net)
{
    double *p = (double *)malloc(net->n_params * sizeof(double));
    size_t i;
    for (i = 0; i < net->n_params; i++) p[i] = (double)net->params[i];
    return p;
}

static void test_forward_backprop(void)
{
    nn_rng r = nn_rng_seed(99);
    int trial, fd_ok = 0, fd_trials = 0;
    for (trial = 0; trial < 30; trial++) {
        size_t I = 1 + nn_rng_next(&r) % 9, H = 1 + nn_rng_next(&r) % 12;
        size_t O = 1 + nn_rng_next(&r) % 5, N = 1 + nn_rng_next(&r) % 11;
        size_t i, np;
        nn_net net;
        nn_work w;
        nn_mat x = rand_mat(&r, N, I), y;
        double *p, *xd, *yd, *h, *yh, *g, L_ref;
        nn_real L;
        double gnorm = 0, dnorm = 0, fwd_err = 0;
        nn_real *before;

        CHECK_STATUS(nn_mat_alloc(&y, N, O), NN_OK);
        nn_mat_rand(y, &r, 0, 1);
        CHECK_STATUS(nn_net_init(&net, I, H, O), NN_OK);
        nn_mat_rand(nn_mat_view(net.params, 1, net.n_params), &r, -1, 1);
        CHECK_STATUS(nn_work_init(&w, &net, N + (size_t)(trial % 3)), NN_OK);
        np = net.n_params;
        p = params_double(&net);
        xd = (double *)malloc(N * I * sizeof(double));
        yd = (double *)malloc(N * O * sizeof(double));
        h = (double *)malloc(N * H * sizeof(double));
        yh = (double *)malloc(N * O * sizeof(double));
        g = (double *)malloc(np * sizeof(double));
        for (i = 0; i < N * I; i++) xd[i] = (double)x.data[i];
        for (i = 0; i < N * O; i++) yd[i] = (double)y.data[i];

        /* forward: hidden and out against the reference; the net is const */
        before = (nn_real *)malloc(np * sizeof(nn_real));
        memcpy(before, net.params, np * sizeof(nn_real));
        CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
        CHECK(w.hidden.rows == N && w.out.rows == N);
        L_ref = ref_loss(p, I, H, O, xd, yd, N, h, yh);
        for (i = 0; i < N * H; i++) fwd_err = worse(fwd_err, fabs((double)w.hidden.data[i] - h[i]));
        for (i = 0; i < N * O; i++) fwd_err = worse(fwd_err, fabs((double)w.out.data[i] - yh[i]));
        CHECK(fwd_err <= 64 * EPS);
        CHECK_STATUS(nn_loss_sse(w.out, y, &L), NN_OK);
        CHECK_NEAR(L, L_ref, 64 * EPS * (1 + L_ref));

        /* backprop: every component against central differences in double */
        CHECK_STATUS(nn_backprop(&net, x, y, &w), NN_OK);
        CHECK(memcmp(before, net.params, np * sizeof(nn_real)) == 0);
        free(before);
        for (i = 0; i < np; i++) {
            double keep = p[i], step = 1e-5 * fmax(1, fabs(keep)), lp, lm;
            p[i] = keep + step; lp = ref_loss(p, I, H, O, xd, yd, N, h, yh);
            p[i] = keep - step; lm = ref_loss(p, I, H, O, xd, yd, N, h, yh);
            p[i] = keep;
            g[i] = (lp - lm) / (2 * step);
            gnorm += (double)w.grad[i] * (double)w.grad[i];
            dnorm += ((double)w.grad[i] - g[i]) * ((double)w.grad[i] - g[i]);
        }
        gnorm = sqrt(gnorm);
        dnorm = sqrt(dnorm);
        fd_trials++;
        /* not trivially zero, and relative error below 1e-6 (float: 1e-3,
           its own rounding dominates) */
        if (gnorm > 1e-3 && dnorm / gnorm <= (IS_FLOAT ? 1e-3 : 1e-6)) fd_ok++;
        else fprintf(stderr, "gradient %lu-%lu-%lu N=%lu: |g| %g, rel err %g\n",
                     (unsigned long)I, (unsigned long)H, (unsigned long)O,
                     (unsigned long)N, gnorm, dnorm / gnorm);

        /* grad is overwritten, not accumulated */
        {
            nn_real g0 = w.grad[0];
            CHECK_STATUS(nn_backprop(&net, x, y, &w), NN_OK);
            CHECK(w.grad[0] == g0);
        }
        /* one step moves the loss down for a small rate */
        {
            nn_real L0, L1;
            CHECK_STATUS(nn_train_step(&net, x, y, (nn_real)0.01, &w, &L0), NN_OK);
            CHECK_NEAR(L0, L, 0);
            CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
            CHECK_STATUS(nn_loss_sse(w.out, y, &L1), NN_OK);
            CHECK(L1 < L0);
        }
        free(p); free(xd); free(yd); free(h); free(yh); free(g);
        nn_mat_free(&x); nn_mat_free(&y);
        nn_work_free(&w); nn_net_free(&net);
    }
    CHECK(fd_ok == fd_trials);
}

static void test_loss(void)
{
    nn_real a[4] = {0, 1, (nn_real)0.5, 2}, b[4] = {1, 1, 0, 0}, L = -1;
    CHECK_STATUS(nn_loss_sse(nn_mat_view(a, 2, 2), nn_mat_view(b, 2, 2), &L), NN_OK);
    CHECK(L == (nn_real)5.25);
    L = -1;
    CHECK_STATUS(nn_loss_sse(nn_mat_view(a, 1, 4), nn_mat_view(b, 2, 2), &L), NN_ERR_SHAPE);
    CHECK_STATUS(nn_loss_sse(nn_mat_view(a, 2, 2), nn_mat_view(b, 2, 2), NULL), NN_ERR_ARG);
    CHECK_STATUS(nn_loss_sse(nn_mat_view(NULL, 2, 2), nn_mat_view(b, 2, 2), &L), NN_ERR_ARG);
    CHECK(L == -1);
    CHECK_STATUS(nn_loss_sse(nn_mat_view(NULL, 0, 2), nn_mat_view(NULL, 0, 2), &L), NN_OK);
    CHECK(L == 0);
}

/* ---------------------------------------------------------------------- */
/* the article                                                             */

/* one article step through the public API: biases stay 0 */
static nn_status article_step(nn_net *net, nn_mat x, nn_mat y, nn_work *w,
                              nn_real *loss)
{
    nn_status s = nn_forward(net, x, w);
    if (s == NN_OK) s = nn_loss_sse(w->out, y, loss);
    if (s == NN_OK) s = nn_backprop(net, x, y, w);
    if (s != NN_OK) return s;
    nn_mat_fill(w->db[0], 0);   /* db1 */
    nn_mat_fill(w->db[1], 0);   /* db2 */
    nn_update(net, w, 1);
    return NN_OK;
}

static int xor_converged(const nn_work *w)
{
    const nn_real *o = w->out.data;
    return o[0] < (nn_real)0.1 && o[3] < (nn_real)0.1 &&
           o[1] > (nn_real)0.9 && o[2] > (nn_real)0.9;
}

static void test_article(void)
{
    nn_mat x = nn_mat_view(xor_x, 4, 3), y = nn_mat_view(xor_y, 4, 1);
    int mode;
    uint64_t seed;

    /* one nn_train_step with zero biases changes the weights exactly as the
       article's update does */
    {
        nn_net net;
        nn_work w;
        nn_rng r = nn_rng_seed(3);
        double w1[12], w2[4], xd[12], yd[4], l1[16], out[4], d2[4], d1[16];
        double err = 0;
        size_t i;
        CHECK_STATUS(nn_net_init(&net, 3, 4, 1), NN_OK);
        nn_net_randomize(&net, &r, 0, 1);
        CHECK_STATUS(nn_work_init(&w, &net, 4), NN_OK);
        for (i = 0; i < 12; i++) { w1[i] = (double)net.w1.data[i]; xd[i] = (double)xor_x[i]; }
        for (i = 0; i < 4; i++) { w2[i] = (double)net.w2.data[i]; yd[i] = (double)xor_y[i]; }
        ref_article_step(3, 4, 1, 4, xd, yd, w1, w2, l1, out, d2, d1);
        CHECK_STATUS(nn_train_step(&net, x, y, 1, &w, NULL), NN_OK);
        for (i = 0; i < 12; i++) err = worse(err, fabs((double)net.w1.data[i] - w1[i]));
        for (i = 0; i < 4; i++) err = worse(err, fabs((double)net.w2.data[i] - w2[i]));
        CHECK(err <= 16 * EPS);

        /* and 1500 article steps follow the reference's whole trajectory */
        nn_net_randomize(&net, &r, 0, 1);
        for (i = 0; i < 12; i++) w1[i] = (double)net.w1.data[i];
        for (i = 0; i < 4; i++) w2[i] = (double)net.w2.data[i];
        {
            double loss_err = 0;
            nn_status s = NN_OK;
            for (i = 0; i < 1500 && s == NN_OK; i++) {
                nn_real L = 0;
                double Lr = ref_article_step(3, 4, 1, 4, xd, yd, w1, w2, l1, out, d2, d1);
                s = article_step(&net, x, y, &w, &L);
                loss_err = worse(loss_err, fabs((double)L - Lr));
            }
            CHECK_STATUS(s, NN_OK);
            for (i = 0, err = 0; i < 12; i++) err = worse(err, fabs((double)net.w1.data[i] - w1[i]));
            for (i = 0; i < 4; i++) err = worse(err, fabs((double)net.w2.data[i] - w2[i]));
            CHECK(err <= (IS_FLOAT ? 1e-3 : 1e-10));
            CHECK(loss_err <= (IS_FLOAT ? 1e-4 : 1e-12));
        }
        nn_work_free(&w);
        nn_net_free(&net);
    }

    /* 100 seeds, 1500 steps: mode 0 the article (biases held at 0),
       mode 1 nn_train_step (biases trained too) */
    for (mode = 0; mode < 2; mode++) {
        int converged = 0, monotone = 0;
        for (seed = 1; seed <= 100; seed++) {
            nn_net net;
            nn_work w;
            nn_rng r = nn_rng_seed(seed);
            nn_real prev = 0, L = 0;
            nn_status s = NN_OK;
            size_t allocs;
            int i, rose = 0;
            CHECK_STATUS(nn_net_init(&net, 3, 4, 1), NN_OK);
            nn_net_randomize(&net, &r, 0, 1);
            CHECK_STATUS(nn_work_init(&w, &net, 4), NN_OK);
            allocs = test_mem.allocs;
            for (i = 0; i < 1500 && s == NN_OK; i++) {
                s = mode == 0 ? article_step(&net, x, y, &w, &L)
                              : nn_train_step(&net, x, y, 1, &w, &L);
                /* never rising, beyond the rounding of the sum itself */
                if (i > 0 && !(L <= prev + 8 * EPS)) rose = 1;
                prev = L;
            }
            CHECK_STATUS(s, NN_OK);
            CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
            CHECK(test_mem.allocs == allocs);   /* training allocated nothing */
            converged += xor_converged(&w);
            monotone += !rose;
            nn_work_free(&w);
            nn_net_free(&net);
        }
        if (converged < 100 || monotone < (mode == 0 || !IS_FLOAT ? 100 : 80))
            fprintf(stderr, "mode %d: %d of 100 converged, %d monotone\n", mode,
                    converged, monotone);
        CHECK(converged == 100);   /* the issue asks 95; all 100 do */
        /* the article's loss falls at every step; with trained biases it
           does too in double, while float's rounding lets a few seeds bump
           once on the way (their loss still ends near 0.002) */
        if (mode == 0 || !IS_FLOAT) CHECK(monotone == 100);
        else CHECK(monotone >= 85);
    }
}

static void test_determinism(void)
{
    nn_mat x = nn_mat_view(xor_x, 4, 3), y = nn_mat_view(xor_y, 4, 1);
    nn_net a, b;
    nn_work wa, wb;
    nn_rng ra = nn_rng_seed(77), rb = nn_rng_seed(77);
    int i;
    CHECK_STATUS(nn_net_init(&a, 3, 8, 1), NN_OK);
    CHECK_STATUS(nn_net_init(&b, 3, 8, 1), NN_OK);
    nn_net_randomize(&a, &ra, -1, 1);
    nn_net_randomize(&b, &rb, -1, 1);
    CHECK_STATUS(nn_work_init(&wa, &a, 4), NN_OK);
    CHECK_STATUS(nn_work_init(&wb, &b, 16), NN_OK);  /* capacity does not matter */
    for (i = 0; i < 500; i++) {
        CHECK_STATUS(nn_train_step(&a, x, y, (nn_real)0.5, &wa, NULL), NN_OK);
        CHECK_STATUS(nn_train_step(&b, x, y, (nn_real)0.5, &wb, NULL), NN_OK);
    }
    CHECK(memcmp(a.params, b.params, a.n_params * sizeof(nn_real)) == 0);
    nn_work_free(&wa); nn_work_free(&wb);
    nn_net_free(&a); nn_net_free(&b);
}

/* ---------------------------------------------------------------------- */
/* error paths of the training functions: status, and no byte written      */

struct snapshot {
    nn_net net;
    nn_work work;
    nn_real *params, *block;
    size_t n_block;
};

static void snap(struct snapshot *s, const nn_net *net, const nn_work *w)
{
    s->net = *net;
    s->work = *w;
    s->n_block = w->block_len_;
    s->params = (nn_real *)malloc(net->n_params * sizeof(nn_real));
    s->block = (nn_real *)malloc(s->n_block);   /* block_len_ is in bytes */
    memcpy(s->params, net->params, net->n_params * sizeof(nn_real));
    memcpy(s->block, w->block_, s->n_block);
}

static int same(const struct snapshot *s, const nn_net *net, const nn_work *w)
{
    int ok = memcmp(&s->net, net, sizeof *net) == 0 &&
             memcmp(&s->work, w, sizeof *w) == 0 &&
             memcmp(s->params, net->params, net->n_params * sizeof(nn_real)) == 0 &&
             memcmp(s->block, w->block_, s->n_block) == 0;
    free(s->params);
    free(s->block);
    return ok;
}

/* every call must fail with `want` and leave net and work as they were */
#define CHECK_UNTOUCHED(call, want)                                        \
    do {                                                                   \
        struct snapshot s_;                                                \
        snap(&s_, &net, &w);                                               \
        CHECK_STATUS(call, want);                                          \
        CHECK(same(&s_, &net, &w));                                        \
    } while (0)

static void test_training_errors(void)
{
    nn_net net, other, zero;
    nn_work w, w_other;
    nn_rng r = nn_rng_seed(11);
    nn_real xs[5 * 3], ys[5 * 2], L = -7;
    nn_mat x = nn_mat_view(xs, 4, 3), y = nn_mat_view(ys, 4, 2);
    size_t i;
    memset(&zero, 0, sizeof zero);
    for (i = 0; i < 15; i++) xs[i] = (nn_real)i / 15;
    for (i = 0; i < 10; i++) ys[i] = (nn_real)(i % 2);
    CHECK_STATUS(nn_net_init(&net, 3, 5, 2), NN_OK);
    nn_net_randomize(&net, &r, -1, 1);
    CHECK_STATUS(nn_work_init(&w, &net, 4), NN_OK);
    CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);   /* a state to keep */
    CHECK_STATUS(nn_net_init(&other, 3, 6, 2), NN_OK);
    CHECK_STATUS(nn_work_init(&w_other, &other, 4), NN_OK);

    /* shapes */
    CHECK_UNTOUCHED(nn_forward(&net, nn_mat_view(xs, 4, 2), &w), NN_ERR_SHAPE);
    CHECK_UNTOUCHED(nn_forward(&net, nn_mat_view(xs, 5, 3), &w), NN_ERR_SHAPE);
    CHECK_UNTOUCHED(nn_forward(&net, x, &w_other), NN_ERR_SHAPE);
    CHECK_UNTOUCHED(nn_backprop(&net, x, nn_mat_view(ys, 4, 1), &w), NN_ERR_SHAPE);
    CHECK_UNTOUCHED(nn_backprop(&net, x, nn_mat_view(ys, 3, 2), &w), NN_ERR_SHAPE);
    CHECK_UNTOUCHED(nn_backprop(&net, nn_mat_view(xs, 3, 3), nn_mat_view(ys, 3, 2), &w),
                    NN_ERR_SHAPE);   /* the last forward was on 4 rows */
    CHECK_UNTOUCHED(nn_backprop(&net, nn_mat_view(xs, 5, 3), nn_mat_view(ys, 5, 2), &w),
                    NN_ERR_SHAPE);
    CHECK_UNTOUCHED(nn_train_step(&net, x, nn_mat_view(ys, 4, 1), 1, &w, &L), NN_ERR_SHAPE);
    CHECK_UNTOUCHED(nn_train_step(&net, nn_mat_view(xs, 5, 3), nn_mat_view(ys, 5, 2), 1, &w, &L),
                    NN_ERR_SHAPE);
    CHECK_UNTOUCHED(nn_train_step(&net, x, y, 1, &w_other, &L), NN_ERR_SHAPE);

    /* NULL pointers and uninitialized structs */
    CHECK_UNTOUCHED(nn_forward(NULL, x, &w), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_forward(&net, x, NULL), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_forward(&zero, x, &w), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_forward(&net, nn_mat_view(NULL, 4, 3), &w), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_backprop(&net, x, nn_mat_view(NULL, 4, 2), &w), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_backprop(NULL, x, y, &w), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_train_step(NULL, x, y, 1, &w, &L), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_train_step(&net, x, y, 1, NULL, &L), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_train_step(&net, nn_mat_view(NULL, 4, 3), y, 1, &w, &L), NN_ERR_ARG);
    {
        nn_work wz;
        memset(&wz, 0, sizeof wz);
        CHECK_STATUS(nn_forward(&net, x, &wz), NN_ERR_ARG);
        CHECK_STATUS(nn_train_step(&net, x, y, 1, &wz, &L), NN_ERR_ARG);
    }

    /* inputs inside the work buffers would be overwritten mid-way */
    {
        nn_mat in_work = nn_mat_view(w.hidden.data, 4, 3);
        nn_mat y_in_work = nn_mat_view(w.grad, 4, 2);
        CHECK_UNTOUCHED(nn_forward(&net, in_work, &w), NN_ERR_ARG);
        CHECK_UNTOUCHED(nn_train_step(&net, in_work, y, 1, &w, &L), NN_ERR_ARG);
        CHECK_UNTOUCHED(nn_backprop(&net, x, y_in_work, &w), NN_ERR_ARG);
        CHECK_UNTOUCHED(nn_train_step(&net, x, y_in_work, 1, &w, &L), NN_ERR_ARG);
    }
    /* the loss must not land in an input, the work or the parameters */
    CHECK_UNTOUCHED(nn_train_step(&net, x, y, 1, &w, &ys[0]), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_train_step(&net, x, y, 1, &w, &xs[2]), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_train_step(&net, x, y, 1, &w, w.grad + 3), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_train_step(&net, x, y, 1, &w, net.params + 1), NN_ERR_ARG);
    /* a rate nn_opt_step refuses: NaN, infinite, negative (1.x took them
       and a NaN made every parameter NaN) */
    CHECK_UNTOUCHED(nn_train_step(&net, x, y, (nn_real)NAN, &w, &L), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_train_step(&net, x, y, (nn_real)HUGE_VAL, &w, &L), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_train_step(&net, x, y, (nn_real)-HUGE_VAL, &w, &L), NN_ERR_ARG);
    CHECK_UNTOUCHED(nn_train_step(&net, x, y, (nn_real)-1e-3, &w, &L), NN_ERR_ARG);
    CHECK(L == -7);
    /* the largest finite rate and 0 are taken */
    {
        nn_net c;
        nn_work wc;
        CHECK_STATUS(nn_net_init(&c, 3, 5, 2), NN_OK);
        CHECK_STATUS(nn_net_copy_params(&c, &net), NN_OK);
        CHECK_STATUS(nn_work_init(&wc, &c, 4), NN_OK);
        CHECK_STATUS(nn_train_step(&c, x, y, 0, &wc, &L), NN_OK);
        CHECK(memcmp(c.params, net.params, net.n_params * sizeof(nn_real)) == 0);
        CHECK_STATUS(nn_train_step(&c, x, y, IS_FLOAT ? (nn_real)FLT_MAX : (nn_real)DBL_MAX,
                                   &wc, NULL), NN_OK);
        nn_work_free(&wc);
        nn_net_free(&c);
        L = -7;
    }

    /* nn_update with a work made for other widths, or none: nothing */
    {
        struct snapshot s;
        snap(&s, &net, &w);
        nn_update(&net, &w_other, 1);
        nn_update(&net, NULL, 1);
        nn_update(NULL, &w, 1);
        CHECK(same(&s, &net, &w));
    }

    /* an empty batch is fine and changes nothing but the row counts */
    CHECK_STATUS(nn_forward(&net, nn_mat_view(NULL, 0, 3), &w), NN_OK);
    CHECK(w.out.rows == 0);
    CHECK_STATUS(nn_backprop(&net, nn_mat_view(NULL, 0, 3), nn_mat_view(NULL, 0, 2), &w), NN_OK);
    for (i = 0; i < net.n_params; i++) CHECK(w.grad[i] == 0);

    nn_work_free(&w); nn_work_free(&w_other);
    nn_net_free(&net); nn_net_free(&other);
}

/* NaN in the input reaches the output and nothing else breaks */
static void test_nan_propagates(void)
{
    nn_net net;
    nn_work w;
    nn_rng r = nn_rng_seed(8);
    nn_real xs[6] = {0, 1, 0, 1, 1, 1}, ys[2] = {0, 1}, L;
    xs[1] = nan_value();
    CHECK_STATUS(nn_net_init(&net, 3, 4, 1), NN_OK);
    nn_net_randomize(&net, &r, 0, 1);
    CHECK_STATUS(nn_work_init(&w, &net, 2), NN_OK);
    CHECK_STATUS(nn_train_step(&net, nn_mat_view(xs, 2, 3), nn_mat_view(ys, 2, 1), 1, &w, &L),
                 NN_OK);
    CHECK(L != L);
    CHECK(w.out.data[0] != w.out.data[0]);
    CHECK(w.out.data[1] == w.out.data[1]);
    nn_work_free(&w);
    nn_net_free(&net);
}

static void test_print(void)
{
    nn_real d[4] = {1, (nn_real)-2.5, 0, 1000000};
    char buf[256];
    size_t n;
    FILE *f = test_tmpfile();
    CHECK(f != NULL);
    if (!f) return;
    nn_mat_print(f, nn_mat_view(d, 2, 2), "m");
    nn_mat_print(f, nn_mat_view(NULL, 0, 3), NULL);
    nn_mat_print(NULL, nn_mat_view(d, 2, 2), "ignored");
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    CHECK(strcmp(buf, "m (2 x 2)\n  1 -2.5\n  0 1e+06\nmatrix (0 x 3)\n") == 0);
    fclose(f);
}

int main(void)
{
    printf("nn.h %s, nn_real is %s\n", NN_VERSION, IS_FLOAT ? "float" : "double");
    test_strerror();
    test_rng();
    test_mat_basics();
    test_gemm();
    test_gemm_errors();
    test_sigmoid();
    test_net_init();
    test_forward_backprop();
    test_loss();
    test_article();
    test_determinism();
    test_training_errors();
    test_nan_propagates();
    test_print();
    CHECK(test_mem.allocs > 0 && test_mem.live == 0);   /* the hooks were used; no leak */
    return TEST_SUMMARY();
}
