/* Floating-point exceptions and non-finite inputs.
   1. nn_sigmoid and tanh over every finite magnitude, softmax rows of
      logits far apart, binary and categorical cross-entropy on logits out
      to the largest value, and training on inputs in a wide range, raise
      neither FE_OVERFLOW nor FE_INVALID. Where glibc's
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

/* 1 while every feenableexcept has worked: glibc has it on RISC-V and
   32-bit ARM too, but there it always fails (no trapping in hardware), and
   only the flags are checked */
static int tf_trapping = TF_TRAPS;

static void tf_traps(int on)
{
#if TF_TRAPS
    if (on) { if (feenableexcept(FE_OVERFLOW | FE_INVALID) == -1) tf_trapping = 0; }
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

/* +inf and a quiet NaN as constants: computed (max * 2, inf - inf) they
   raise the very flags the tests check, and the compiler may move such a
   computation past a feclearexcept, as mingw-w64's gcc does */
static nn_real tf_inf(void) { return (nn_real)HUGE_VAL; }
static nn_real tf_nan(void) { return (nn_real)NAN; }

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

/* the smallest positive value: halve until the next halving gives 0 */
static nn_real tf_smallest(void)
{
    volatile nn_real lo = 1, half;
    int i;
    for (i = 0; i < 2200; i++) {
        half = lo / 2;
        if (!(half > 0)) break;
        lo = half;
    }
    return lo;
}

/* tanh (through nn_mat_activate) over every power of two of either sign,
   the largest values and the subnormals: in [-1, 1], monotone, +-1 at the
   ends, no overflow or invalid operation */
static void test_tanh_range(void)
{
    volatile nn_real x;
    nn_real v, prev = -2, lo = tf_smallest();
    nn_mat m = nn_mat_view(&v, 1, 1);
    int n = 0, in_range = 1, monotone = 1, ends;
    feclearexcept(FE_ALL_EXCEPT);
    tf_traps(1);
    v = -tf_max();
    nn_mat_activate(m, NN_ACT_TANH);
    ends = v == -1;
    for (x = -tf_max(); x < 0 && n < 2200; x = x / 2, n++) {
        v = x;
        nn_mat_activate(m, NN_ACT_TANH);
        if (!(v >= -1 && v <= 0)) in_range = 0;
        if (!(v >= prev)) monotone = 0;
        prev = v;
    }
    for (x = lo; x > 0 && x <= tf_max() / 2 && n < 4400; x = x * 2, n++) {
        v = x;
        nn_mat_activate(m, NN_ACT_TANH);
        if (!(v >= 0 && v <= 1)) in_range = 0;
        if (!(v >= prev)) monotone = 0;
        prev = v;
    }
    v = tf_max();
    nn_mat_activate(m, NN_ACT_TANH);
    ends = ends && v == 1;
    tf_traps(0);
    CHECK(n > 250 && n < 4400);
    CHECK(in_range);
    CHECK(monotone);
    CHECK(ends);
    CHECK(TF_BAD == 0 || fetestexcept(TF_BAD) == 0);
}

/* softmax rows of logits far apart, for every power of two x: {x, 0, -x}
   while the row spans at most the largest value (2x; beyond that the
   subtraction of the row's maximum overflows), {x, x/2} and {-x, 0} up to
   the largest. Each row sums to 1 and keeps the logits' order. */
static void test_softmax_range(void)
{
    volatile nn_real x;
    nn_real r3[3], r2[2];
    int n = 0, ok = 1;
    feclearexcept(FE_ALL_EXCEPT);
    tf_traps(1);
    for (x = tf_smallest(); x > 0 && n < 2200; x = x * 2, n++) {
        if (x <= tf_max() / 2) {
            r3[0] = x; r3[1] = 0; r3[2] = -x;
            nn_mat_activate(nn_mat_view(r3, 1, 3), NN_ACT_SOFTMAX);
            ok &= r3[0] >= r3[1] && r3[1] >= r3[2] && r3[2] >= 0 &&
                  r3[0] + r3[1] + r3[2] <= (nn_real)1.000001 &&
                  r3[0] + r3[1] + r3[2] >= (nn_real)0.999999;
        }
        r2[0] = x; r2[1] = x / 2;
        nn_mat_activate(nn_mat_view(r2, 1, 2), NN_ACT_SOFTMAX);
        ok &= r2[0] >= r2[1] && r2[1] >= 0 && r2[0] <= 1;
        r2[0] = -x; r2[1] = 0;
        nn_mat_activate(nn_mat_view(r2, 1, 2), NN_ACT_SOFTMAX);
        ok &= r2[1] >= r2[0] && r2[0] >= 0 && r2[1] <= 1;
        if (x > tf_max() / 2) break;
    }
    tf_traps(0);
    CHECK(n > 250 && n < 2200);
    CHECK(ok);
    CHECK(TF_BAD == 0 || fetestexcept(TF_BAD) == 0);
}

/* One-layer networks whose logits are their biases, far out: every power
   of two up to the largest (binary cross-entropy, sigmoid) or up to half
   of it (cross-entropy, softmax: the row spans twice that), a few training
   steps each. The targets lie on the side the logits point to, so the loss
   itself is representable; it is finite, and nothing overflows or is
   invalid on the way (log(1 + e^-|z|), the log-sum-exp, the deltas). */
static void test_extreme_logits(int ce)
{
    const size_t widths[2] = {2, 3};
    const nn_act act = ce ? NN_ACT_SOFTMAX : NN_ACT_SIGMOID;
    /* BCE: 1, 0, 1 for the logits m, -m, m/2; CE: the class of m */
    const nn_real ys_bce[4 * 3] = {1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1};
    const nn_real ys_ce[4 * 3] = {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0};
    nn_net net;
    nn_work work;
    nn_rng rng = nn_rng_seed(21);
    nn_real xs[4 * 2], loss = 0;
    nn_mat x = nn_mat_view(xs, 4, 2);
    nn_mat y = nn_mat_view((nn_real *)(ce ? ys_ce : ys_bce), 4, 3);
    volatile nn_real m;
    int n = 0, ok = 1, step;
    nn_mat_rand(x, &rng, -1, 1);
    CHECK_STATUS(nn_net_init_layers(&net, 1, widths, &act, ce ? NN_LOSS_CE : NN_LOSS_BCE),
                 NN_OK);
    CHECK_STATUS(nn_work_init(&work, &net, 4), NN_OK);
    feclearexcept(FE_ALL_EXCEPT);
    tf_traps(1);
    for (m = ce ? tf_max() / 2 : tf_max(); m >= 1; m = m / 2, n++) {
        nn_mat_rand(net.w1, &rng, (nn_real)-0.1, (nn_real)0.1);
        net.b1.data[0] = m;
        net.b1.data[1] = ce ? 0 : -m;
        net.b1.data[2] = ce ? -m : m / 2;
        for (step = 0; step < 3; step++) {
            if (nn_train_step(&net, x, y, (nn_real)1e-3, &work, &loss) != NN_OK) ok = 0;
            if (!(loss >= 0 && loss <= tf_max())) ok = 0;
        }
    }
    tf_traps(0);
    CHECK(n > 100);
    CHECK(ok);
    CHECK(TF_BAD == 0 || fetestexcept(TF_BAD) == 0);
    nn_work_free(&work);
    nn_net_free(&net);
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
    nn_real inf = tf_inf(), nan = tf_nan();
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
    for (i = 0; i < net.n_params; i++) n_nan += (size_t)tf_isnan(net.params[i]);
    CHECK(n_nan > 0);
    CHECK_STATUS(nn_forward(&net, x, &work), NN_OK);
    CHECK(tf_isnan(work.out.data[0]) && tf_isnan(work.out.data[3]));
    nn_work_free(&work);
    nn_net_free(&net);
}

int main(void)
{
    nn_real inf = tf_inf();
    test_sigmoid_range();
    test_tanh_range();
    test_softmax_range();
    test_extreme_logits(0);
    test_extreme_logits(1);
    test_training(1);
    test_training(100);
    test_nonfinite_forward();
    tf_step_bad(0, tf_nan());
    tf_step_bad(0, inf);
    tf_step_bad(0, -inf);
    tf_step_bad(1, tf_nan());
    tf_step_bad(1, inf);
    tf_step_bad(1, -inf);
    printf("floating-point traps: %s\n", tf_trapping ? "on (feenableexcept)" : "off");
    return TEST_SUMMARY();
}
