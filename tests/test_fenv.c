/* Floating-point exceptions and non-finite inputs.
   1. nn_sigmoid over every finite magnitude, and training on inputs in a
      wide range, raise neither FE_OVERFLOW nor FE_INVALID. Where glibc's
      feenableexcept exists those two exceptions also trap, so an offending
      operation stops the program at the operation itself.
   2. NaN in an input row gives NaN in that row's outputs and nowhere else;
      +-inf saturates the sigmoid (its limits 1 and 0) or, met by a zero
      weight or the opposite infinity, gives NaN; a training step on any
      non-finite input or target leaves a NaN loss and NaN parameters.
      Nothing crashes or loops. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE   /* feenableexcept */
#endif
#include <fenv.h>
#include <float.h>
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

#if defined(__GLIBC__) && defined(FE_OVERFLOW) && defined(FE_INVALID)
#define TF_TRAPS 1
#else
#define TF_TRAPS 0
#endif

#if defined(FE_OVERFLOW) && defined(FE_INVALID)
#define TF_BAD (FE_OVERFLOW | FE_INVALID)
#else
#define TF_BAD 0
#endif

static void tf_traps(int on)
{
#if TF_TRAPS
    if (on) feenableexcept(FE_OVERFLOW | FE_INVALID);
    else fedisableexcept(FE_OVERFLOW | FE_INVALID);
#else
    (void)on;
#endif
}

/* the largest finite nn_real */
static nn_real tf_max(void)
{
    return sizeof(nn_real) == sizeof(float) ? (nn_real)FLT_MAX : (nn_real)DBL_MAX;
}

static int tf_isnan(nn_real v) { return v != v; }

static void test_sigmoid_range(void)
{
    /* every power of two of either sign, the extremes and the denormals */
    /* volatile: computed at run time, under traps, and rounded to nn_real
       (x87 keeps wider intermediates) */
    volatile nn_real x, y, lo = 1, half;
    nn_real hi = 1;
    int i, n = 0, in_range = 1, monotone = 1;
    nn_real prev = -1;
    feclearexcept(FE_ALL_EXCEPT);
    tf_traps(1);
    /* the smallest positive value: halve until the next halving gives 0 */
    for (i = 0; i < 2200; i++) {
        half = lo / 2;
        if (!(half > 0)) break;
        lo = half;
    }
    for (x = -tf_max(); x < 0 && n < 2200; x = x / 2, n++) {
        y = nn_sigmoid(x);
        if (!(y >= 0 && y <= (nn_real)0.5)) in_range = 0;
        if (!(y >= prev)) monotone = 0;
        prev = y;
    }
    y = nn_sigmoid(0);
    if (!(y == (nn_real)0.5)) in_range = 0;
    for (x = lo; x > 0 && x <= tf_max() / 2 && n < 4400; x = x * 2, n++) {
        y = nn_sigmoid(x);
        if (!(y >= (nn_real)0.5 && y <= 1)) in_range = 0;
        if (!(y >= prev)) monotone = 0;
        prev = y;
        hi = x;
    }
    x = tf_max();
    y = nn_sigmoid(x);
    if (!(y == 1)) in_range = 0;
    y = nn_sigmoid_deriv(y);
    tf_traps(0);
    CHECK(lo > 0 && hi > 1e30);
    CHECK(n > 250 && n < 4400);   /* every binade of float or double, no more */
    CHECK(in_range);
    CHECK(monotone);
    CHECK(y == 0);
    CHECK(TF_BAD == 0 || fetestexcept(TF_BAD) == 0);
}

/* XOR-like data with inputs scaled to [-scale, scale] */
static void test_training(nn_real scale)
{
    nn_net net;
    nn_work work;
    nn_rng rng = nn_rng_seed(5);
    nn_real xs[8 * 3], ys[8 * 2], first = 0, loss = 0;
    nn_mat x = nn_mat_view(xs, 8, 3), y = nn_mat_view(ys, 8, 2);
    int i, ok = 1;
    nn_mat_rand(x, &rng, -scale, scale);
    nn_mat_rand(y, &rng, 0, 1);
    CHECK_STATUS(nn_net_init(&net, 3, 6, 2), NN_OK);
    nn_net_randomize(&net, &rng, -1, 1);
    CHECK_STATUS(nn_work_init(&work, &net, 8), NN_OK);
    feclearexcept(FE_ALL_EXCEPT);
    tf_traps(1);
    for (i = 0; i < 500; i++) {
        if (nn_train_step(&net, x, y, (nn_real)0.5, &work, &loss) != NN_OK) ok = 0;
        if (i == 0) first = loss;
    }
    if (nn_forward(&net, x, &work) != NN_OK) ok = 0;
    tf_traps(0);
    CHECK(ok);
    CHECK(TF_BAD == 0 || fetestexcept(TF_BAD) == 0);
    CHECK(loss <= first);   /* NaN fails */
    nn_work_free(&work);
    nn_net_free(&net);
}

static void test_nonfinite_forward(void)
{
    nn_net net;
    nn_work work;
    nn_rng rng = nn_rng_seed(9);
    nn_real inf = tf_max() * 2;   /* +inf without <math.h>'s INFINITY */
    nn_real nan = inf - inf;
    /* row 0 NaN, row 1 finite, row 2 +inf, row 3 -inf, row 4 +inf and -inf */
    nn_real xs[5 * 2];
    nn_mat x = nn_mat_view(xs, 5, 2);
    size_t j;
    xs[0] = nan; xs[1] = 0;
    xs[2] = (nn_real)0.5; xs[3] = (nn_real)0.25;
    xs[4] = inf; xs[5] = 0;
    xs[6] = -inf; xs[7] = 0;
    xs[8] = inf; xs[9] = -inf;
    CHECK(tf_isnan(nan));
    CHECK(tf_isnan(nn_sigmoid(nan)));
    CHECK(nn_sigmoid(inf) == 1);
    CHECK(nn_sigmoid(-inf) == 0);
    CHECK_STATUS(nn_net_init(&net, 2, 3, 2), NN_OK);
    /* positive weights: +inf in a row drives every hidden unit to 1 */
    nn_net_randomize(&net, &rng, (nn_real)0.1, 1);
    CHECK_STATUS(nn_work_init(&work, &net, 5), NN_OK);
    CHECK_STATUS(nn_forward(&net, x, &work), NN_OK);
    for (j = 0; j < 2; j++) {
        CHECK(tf_isnan(NN_AT(work.out, 0, j)));
        CHECK(!tf_isnan(NN_AT(work.out, 1, j)));
        CHECK(NN_AT(work.out, 1, j) > 0 && NN_AT(work.out, 1, j) < 1);
        CHECK(NN_AT(work.out, 2, j) > 0 && NN_AT(work.out, 2, j) < 1);
        CHECK(NN_AT(work.out, 3, j) > 0 && NN_AT(work.out, 3, j) < 1);
        CHECK(tf_isnan(NN_AT(work.out, 4, j)));   /* inf w - inf w' */
    }
    for (j = 0; j < 3; j++) {
        CHECK(NN_AT(work.hidden, 2, j) == 1);
        CHECK(NN_AT(work.hidden, 3, j) == 0);
    }
    /* a zero weight meeting +inf: inf * 0 is NaN */
    NN_AT(net.w1, 0, 1) = 0;
    CHECK_STATUS(nn_forward(&net, x, &work), NN_OK);
    CHECK(tf_isnan(NN_AT(work.hidden, 2, 1)));
    CHECK(tf_isnan(NN_AT(work.out, 2, 0)));
    /* NaN in a parameter reaches every output */
    NN_AT(net.b2, 0, 1) = nan;
    CHECK_STATUS(nn_forward(&net, x, &work), NN_OK);
    CHECK(tf_isnan(NN_AT(work.out, 1, 1)));
    CHECK(!tf_isnan(NN_AT(work.out, 1, 0)));
    nn_work_free(&work);
    nn_net_free(&net);
}

/* one training step on a batch with one bad value: loss and parameters NaN */
static void tf_step_bad(int in_target, nn_real bad)
{
    nn_net net;
    nn_work work;
    nn_rng rng = nn_rng_seed(13);
    nn_real xs[4 * 2], ys[4 * 1], loss = 0;
    nn_mat x = nn_mat_view(xs, 4, 2), y = nn_mat_view(ys, 4, 1);
    size_t i, n_nan = 0;
    nn_mat_rand(x, &rng, 0, 1);
    nn_mat_rand(y, &rng, 0, 1);
    if (in_target) ys[2] = bad;
    else xs[5] = bad;
    CHECK_STATUS(nn_net_init(&net, 2, 3, 1), NN_OK);
    nn_net_randomize(&net, &rng, -1, 1);
    CHECK_STATUS(nn_work_init(&work, &net, 4), NN_OK);
    CHECK_STATUS(nn_train_step(&net, x, y, 1, &work, &loss), NN_OK);
    CHECK_STATUS(nn_train_step(&net, x, y, 1, &work, &loss), NN_OK);
    CHECK(tf_isnan(loss));   /* the second step ran on NaN parameters */
    for (i = 0; i < net.n_params; i++) n_nan += tf_isnan(net.params[i]);
    CHECK(n_nan > 0);
    CHECK_STATUS(nn_forward(&net, x, &work), NN_OK);
    CHECK(tf_isnan(work.out.data[0]) && tf_isnan(work.out.data[3]));
    nn_work_free(&work);
    nn_net_free(&net);
}

int main(void)
{
    nn_real inf = tf_max() * 2;
    test_sigmoid_range();
    test_training(1);
    test_training(100);
    test_nonfinite_forward();
    tf_step_bad(0, inf - inf);
    tf_step_bad(0, inf);
    tf_step_bad(0, -inf);
    tf_step_bad(1, inf - inf);
    tf_step_bad(1, inf);
    tf_step_bad(1, -inf);
    printf("floating-point traps: %s\n", TF_TRAPS ? "on (feenableexcept)" : "off");
    return TEST_SUMMARY();
}
