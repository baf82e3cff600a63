/* Rows added to nn.h's tables from a program, without editing nn.h: three
   activations (softsign z/(1+|z|), with no vector form, a leaky ReLU of
   slope 1/64, with one, and swish z s(z), whose slope is of z), a loss (L1: the sum of absolute errors) and an
   optimizer (SGD by the sign of the gradient), through NN_EXTRA_ACTS,
   NN_EXTRA_LOSSES and NN_EXTRA_OPTS. Every path must use them, and none
   another function in their place:
   - names: nn_act_name/parse, nn_loss_name/parse, nn_opt_name/parse;
   - nn_forward against plain loops written here, nn_predict against
     nn_forward (the same bits), on a tiny network (the plain loops), a
     small one (the gemm's small path) and a large one (the blocked gemm);
   - nn_backprop against the same loops' backward pass, and against central
     differences of the loss (double);
   - nn_train_step and nn_train_step_opt against one step written here,
     and nn_opt.no_decay refused for the program's optimizer;
   - the vector code: the row with a vector form in vectors, the same bits
     as the plain loops; the rows without one in the plain loops; the tiny
     path's fused step taken for the first and not the others;
   - the slope of z: backprop keeps z for swish's layers (and only for
     them: a network without one gets the work it always did), and
     training allocates nothing after set-up;
   - a model file written and read back with the new names.
   Built twice by make test: NN_REAL double and float. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"

/* the rows: the enum value, the name, f of z, what f' is written in (y or
   z), f' of y = f(z) or of z, the vector form (see NN__ACTS in nn.h) */
#define TT_ABS(v) ((v) < 0 ? -(v) : (v))
#define TT_SIG(z) ((nn_real)1 / ((nn_real)1 + (nn_real)exp(-(double)(z))))
#define NN_EXTRA_ACTS(X, C)                                                   \
    X(C, NN_ACT_SOFTSIGN, "softsign", z / ((nn_real)1 + TT_ABS(z)), y,         \
      ((nn_real)1 - TT_ABS(y)) * ((nn_real)1 - TT_ABS(y)), NN__VEC_NONE)     \
    X(C, NN_ACT_LEAKY, "leaky64", z < 0 ? z * (nn_real)0.015625 : z, y,     \
      y < 0 ? (nn_real)0.015625 : (nn_real)1, TT_VEC_LEAKY)                  \
    X(C, NN_ACT_SWISH, "swish", z * TT_SIG(z), z,                                \
      TT_SIG(z) * ((nn_real)1 + z * ((nn_real)1 - TT_SIG(z))), NN__VEC_NONE)
#define TT_VEC_LEAKY_HAS 1
#define TT_VEC_LEAKY_F(S, z) NN__SEL_##S(z < 0, z * NN__SPLAT_##S(0.015625), z)
#define TT_VEC_LEAKY_D(S, y)                                                  \
    NN__SEL_##S(y < 0, NN__SPLAT_##S(0.015625), NN__SPLAT_##S(1))
/* the enum value, the name, the outputs it fits, reads z, its row function */
#define NN_EXTRA_LOSSES(X, C) X(C, NN_LOSS_L1, "l1", out != NN_ACT_SOFTMAX, 0, tt_l1_row)
/* the enum value, the name, its state, its step, not a form of SGD */
#define NN_EXTRA_OPTS(X, C) X(C, NN_OPT_SIGN, "sign", 0, tt_sign_step, NN__SGD_NONE)

#include "nn.h"
static nn_real tt_l1_row(nn_act act, nn_real *d, const nn_real *yh, const nn_real *z,
                         const nn_real *y, size_t O, nn_real L);
static void tt_sign_step(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                         nn_real rate);
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

#define IS_FLOAT (sizeof(nn_real) == sizeof(float))
/* the library against the loops here: rounding only (sums in another order) */
#define TOL (IS_FLOAT ? 1e-4 : 1e-11)

/* L1: L += |y - yh|, dL/dyh = -sign(y - yh), through f'(yh) */
static nn_real tt_l1_row(nn_act act, nn_real *d, const nn_real *yh, const nn_real *z,
                         const nn_real *y, size_t O, nn_real L)
{
    size_t j;
    for (j = 0; j < O; j++) {
        const nn_real e = y[j] - yh[j];
        L += TT_ABS(e);
        if (d) d[j] = e > 0 ? (nn_real)-1 : e < 0 ? (nn_real)1 : (nn_real)0;
    }
    if (d) nn__act_slope(act, d, yh, z, O);   /* f' of yh, or of z */
    return L;
}

/* p -= rate sign(g) */
static void tt_sign_step(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                         nn_real rate)
{
    size_t i;
    (void)o;
    for (i = 0; i < n; i++) p[i] -= g[i] > 0 ? rate : g[i] < 0 ? -rate : 0;
}

/* ---- the reference: plain loops written here -------------------------- */

static double tt_f(nn_act a, double z)
{
    if (a == NN_ACT_SOFTSIGN) return z / (1 + fabs(z));
    if (a == NN_ACT_SWISH) return z / (1 + exp(-z));
    if (a == NN_ACT_LEAKY) return z < 0 ? z * 0.015625 : z;
    if (a == NN_ACT_TANH) return tanh(z);
    return z;   /* linear */
}

/* f' from the output y or, for swish, from z */
static double tt_df(nn_act a, double y, double z)
{
    const double s = 1 / (1 + exp(-z));
    if (a == NN_ACT_SWISH) return s * (1 + z * (1 - s));
    if (a == NN_ACT_SOFTSIGN) return (1 - fabs(y)) * (1 - fabs(y));
    if (a == NN_ACT_LEAKY) return y < 0 ? 0.015625 : 1;
    if (a == NN_ACT_TANH) return 1 - y * y;
    return 1;
}

#define TT_MAXL 3
#define TT_MAXW 256
#define TT_MAXN 128

/* a network's outputs (layer by layer, in double), its loss (sse or l1)
   and its gradient, laid out as params */
typedef struct tt_ref {
    double out[TT_MAXL][TT_MAXN * TT_MAXW];
    double z[TT_MAXL][TT_MAXN * TT_MAXW];
    double loss;
    double *grad;
} tt_ref;

static void tt_reference(const nn_net *net, const nn_real *x, const nn_real *y, size_t N,
                         tt_ref *r)
{
    static double d[TT_MAXN * TT_MAXW], dn[TT_MAXN * TT_MAXW];
    size_t l, i, j, k, L = net->n_layers, off[TT_MAXL + 1];
    off[0] = 0;
    for (l = 0; l < L; l++)
        off[l + 1] = off[l] + net->layers[l].n_in * net->layers[l].n_out +
                     net->layers[l].n_out;
    for (l = 0; l < L; l++) {
        const nn_layer *c = &net->layers[l];
        for (i = 0; i < N; i++)
            for (j = 0; j < c->n_out; j++) {
                double s = 0;
                for (k = 0; k < c->n_in; k++)
                    s += (l ? r->out[l - 1][i * c->n_in + k] : (double)x[i * c->n_in + k]) *
                         (double)c->w.data[k * c->n_out + j];
                s += (double)c->b.data[j];
                r->z[l][i * c->n_out + j] = s;
                r->out[l][i * c->n_out + j] = tt_f(c->act, s);
            }
    }
    {
        const nn_layer *top = &net->layers[L - 1];
        const size_t O = top->n_out;
        r->loss = 0;
        for (i = 0; i < N * O; i++) {
            double e = (double)y[i] - r->out[L - 1][i];
            r->loss += net->loss == NN_LOSS_L1 ? fabs(e) : e * e;
            d[i] = (net->loss == NN_LOSS_L1 ? (e > 0 ? -1 : e < 0 ? 1 : 0) : -2 * e) *
                   tt_df(top->act, r->out[L - 1][i], r->z[L - 1][i]);
        }
    }
    for (l = L; l-- > 0;) {
        const nn_layer *c = &net->layers[l];
        const size_t K = c->n_in, C = c->n_out;
        double *gw = r->grad + off[l], *gb = gw + K * C;
        for (k = 0; k < K; k++)
            for (j = 0; j < C; j++) {
                double s = 0;
                for (i = 0; i < N; i++)
                    s += (l ? r->out[l - 1][i * K + k] : (double)x[i * K + k]) * d[i * C + j];
                gw[k * C + j] = s;
            }
        for (j = 0; j < C; j++) {
            double s = 0;
            for (i = 0; i < N; i++) s += d[i * C + j];
            gb[j] = s;
        }
        if (!l) break;
        for (i = 0; i < N; i++)
            for (k = 0; k < K; k++) {
                double s = 0;
                for (j = 0; j < C; j++) s += d[i * C + j] * (double)c->w.data[k * C + j];
                dn[i * K + k] = s * tt_df(net->layers[l - 1].act, r->out[l - 1][i * K + k],
                                          r->z[l - 1][i * K + k]);
            }
        memcpy(d, dn, N * K * sizeof d[0]);
    }
}

/* the largest |a - b| / max(1, |b|), NaN when any is NaN */
static double tt_err(const nn_real *a, const double *b, size_t n)
{
    size_t i;
    double worst = 0;
    for (i = 0; i < n; i++) {
        double e = fabs((double)a[i] - b[i]) / (fabs(b[i]) > 1 ? fabs(b[i]) : 1);
        if (!(e <= worst)) worst = e;
    }
    return worst;
}

/* ---- names ------------------------------------------------------------ */

static void test_names(void)
{
    nn_act a = NN_ACT_TANH;
    nn_loss l = NN_LOSS_SSE;
    nn_opt_kind o = NN_OPT_SGD;
    CHECK(NN_ACT_SOFTSIGN == NN_ACT_SOFTPLUS + 1 && NN_ACT_SWISH == NN_ACT_LEAKY + 1 &&
          NN_ACT_COUNT == NN_ACT_SWISH + 1);
    CHECK(NN_LOSS_L1 == NN_LOSS_CE + 1 && NN_LOSS_COUNT == NN_LOSS_L1 + 1);
    CHECK(NN_OPT_SIGN == NN_OPT_RMSPROP + 1 && NN_OPT_COUNT == NN_OPT_SIGN + 1);
    CHECK(strcmp(nn_act_name(NN_ACT_SOFTSIGN), "softsign") == 0);
    CHECK(strcmp(nn_act_name(NN_ACT_LEAKY), "leaky64") == 0);
    CHECK(strcmp(nn_act_name(NN_ACT_SWISH), "swish") == 0);
    CHECK(strcmp(nn_loss_name(NN_LOSS_L1), "l1") == 0);
    CHECK(strcmp(nn_opt_name(NN_OPT_SIGN), "sign") == 0);
    CHECK(strcmp(nn_act_name(NN_ACT_COUNT), "unknown") == 0);
    CHECK(strcmp(nn_loss_name(NN_LOSS_COUNT), "unknown") == 0);
    CHECK(strcmp(nn_opt_name(NN_OPT_COUNT), "unknown") == 0);
    CHECK_STATUS(nn_act_parse("softsign", &a), NN_OK);
    CHECK(a == NN_ACT_SOFTSIGN);
    CHECK_STATUS(nn_act_parse("leaky64", &a), NN_OK);
    CHECK(a == NN_ACT_LEAKY);
    CHECK_STATUS(nn_act_parse("swish", &a), NN_OK);
    CHECK(a == NN_ACT_SWISH);
    /* which slopes are of z: swish's only */
    CHECK(nn__act_z(NN_ACT_SWISH) && !nn__act_z(NN_ACT_SOFTSIGN) && !nn__act_z(NN_ACT_LEAKY) &&
          !nn__act_z(NN_ACT_SIGMOID) && !nn__act_z(NN_ACT_TANH) && !nn__act_z(NN_ACT_RELU) &&
          !nn__act_z(NN_ACT_LINEAR) && !nn__act_z(NN_ACT_SOFTMAX));
    CHECK_STATUS(nn_loss_parse("l1", &l), NN_OK);
    CHECK(l == NN_LOSS_L1);
    CHECK_STATUS(nn_opt_parse("sign", &o), NN_OK);
    CHECK(o == NN_OPT_SIGN);
    CHECK_STATUS(nn_opt_parse("signs", &o), NN_ERR_ARG);
    CHECK(o == NN_OPT_SIGN);
    /* the loss's row says what it fits: not a softmax */
    {
        nn_net net;
        const size_t widths[3] = {3, 4, 2};
        const nn_act soft[2] = {NN_ACT_SOFTSIGN, NN_ACT_SOFTMAX};
        const nn_act leak[2] = {NN_ACT_SOFTSIGN, NN_ACT_LEAKY};
        CHECK_STATUS(nn_net_init_layers(&net, 2, widths, soft, NN_LOSS_L1), NN_ERR_ARG);
        CHECK_STATUS(nn_net_init_layers(&net, 2, widths, leak, NN_LOSS_L1), NN_OK);
        nn_net_free(&net);
    }
}

/* ---- the vector code -------------------------------------------------- */

/* the row with a vector form through the vector code and the row without
   through whatever nn.h picks: the same bits as the plain loops, which are
   the table's f and f' */
static void test_vector(void)
{
    enum { n = 37 };
    nn_real a[n], b[n], z[n], d0[n], d1[n], dd[n], y[n];
    const nn_act acts[3] = {NN_ACT_SOFTSIGN, NN_ACT_LEAKY, NN_ACT_SWISH};
    nn_rng r = nn_rng_seed(5);
    size_t k, i;
    int same = 1, right = 1;
    for (k = 0; k < 3; k++) {
        nn_mat_rand(nn_mat_view(a, 1, n), &r, -3, 3);
        nn_mat_rand(nn_mat_view(d0, 1, n), &r, -1, 1);
        memcpy(b, a, sizeof a);
        memcpy(z, a, sizeof a);
        memcpy(d1, d0, sizeof d0);
        memcpy(dd, d0, sizeof d0);
        nn__act_fast(acts[k], nn__act_none, a, n);
        nn__act_apply(acts[k], nn__act_none, b, n);
        same &= memcmp(a, b, sizeof a) == 0;
        for (i = 0; i < n; i++)   /* f, not the identity or another's */
            right &= fabs((double)a[i] - tt_f(acts[k], (double)z[i])) <= TOL;
        memcpy(y, nn__act_z(acts[k]) ? z : a, sizeof a);   /* what f' is of */
        nn__dact_fast(acts[k], nn__act_none, d0, n, y, n, NULL, 1, n);
        nn__act_dmul(acts[k], nn__act_none, d1, n, y, n, 1, n);
        same &= memcmp(d0, d1, sizeof d0) == 0;
        for (i = 0; i < n; i++) {   /* f', not another's */
            const double want = (double)dd[i] * tt_df(acts[k], (double)a[i], (double)z[i]);
            right &= fabs((double)d1[i] - want) <= TOL;
        }
    }
    CHECK(same && right);
    CHECK(nn__vec_lanes(NN_ACT_SOFTSIGN) == 0);   /* no vector form: never vectors */
    CHECK(nn__vec_lanes(NN_ACT_SWISH) == 0);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(NN_NO_SIMD)
    CHECK(nn__vec_lanes(NN_ACT_LEAKY) > 0);       /* its vector form is taken */
#endif
}

#ifdef NN__HAVE_VEC
/* a row without a vector form, should the vector code ever be given it:
   each lane through the row's own f and f' (nn__lanes), the plain loops'
   bits; in a function with the vector code's target */
static NN__TV int tt_lanes(const nn_real *z, size_t *n)
{
    nn_real a[16], b[16], c[16], one[16];
    size_t i;
    nn__v v;
    *n = sizeof v / sizeof(nn_real);
    memcpy(&v, z, sizeof v);
    v = nn__f_v(NN_ACT_SOFTSIGN, v);
    memcpy(a, &v, sizeof v);
    v = nn__df_v(NN_ACT_SOFTSIGN, v);
    memcpy(b, &v, sizeof v);
    memcpy(c, z, *n * sizeof(nn_real));
    nn__act_apply(NN_ACT_SOFTSIGN, nn__act_none, c, *n);
    for (i = 0; i < *n; i++) one[i] = 1;
    nn__act_dmul(NN_ACT_SOFTSIGN, nn__act_none, one, *n, c, *n, 1, *n);
    return memcmp(a, c, *n * sizeof(nn_real)) == 0 && memcmp(b, one, *n * sizeof(nn_real)) == 0;
}
#endif

static void test_lanes(void)
{
#ifdef NN__HAVE_VEC
    nn_real z[16];
    size_t n = 0;
    nn_rng r = nn_rng_seed(8);
    nn_mat_rand(nn_mat_view(z, 1, 16), &r, -4, 4);
    if (nn__vec_ok()) {
        CHECK(tt_lanes(z, &n));
        CHECK(n >= 2);
    }
#endif
}

/* ---- every path -------------------------------------------------------- */

static tt_ref tt_r;
static double tt_grad[300000];

/* one network: forward, predict, backprop, the gradient's differences, a
   training step of each kind */
static void tt_net(const char *what, size_t L, const size_t *widths, const nn_act *acts,
                   nn_loss loss, size_t N, int fd)
{
    nn_net net;
    nn_work w;
    nn_opt o;
    nn_rng r = nn_rng_seed(11 + N);
    nn_real *x = (nn_real *)malloc(N * widths[0] * sizeof(nn_real));
    nn_real *y = (nn_real *)malloc(N * widths[L] * sizeof(nn_real));
    nn_real *yh = (nn_real *)malloc(N * widths[L] * sizeof(nn_real));
    nn_real *p0, *expect, Ls;
    size_t i, n, O = widths[L], calls;
    double e;
    tt_r.grad = tt_grad;
    CHECK(x && y && yh);
    CHECK_STATUS(nn_net_init_layers(&net, L, widths, acts, loss), NN_OK);
    CHECK_STATUS(nn_work_init(&w, &net, N), NN_OK);
    nn_net_randomize(&net, &r, (nn_real)-0.5, (nn_real)0.5);
    nn_mat_rand(nn_mat_view(x, N, widths[0]), &r, -1, 1);
    /* targets away from the outputs: L1's kink is never near */
    nn_mat_rand(nn_mat_view(y, N, O), &r, 2, 3);
    for (i = 0; i < N * O; i += 2) y[i] = -y[i];
    n = net.n_params;
    p0 = (nn_real *)malloc(2 * n * sizeof(nn_real));
    CHECK(p0 != NULL && n <= sizeof tt_grad / sizeof tt_grad[0]);
    if (!p0) return;
    expect = p0 + n;
    memcpy(p0, net.params, n * sizeof(nn_real));
    tt_reference(&net, x, y, N, &tt_r);

    /* forward and predict */
    CHECK_STATUS(nn_forward(&net, nn_mat_view(x, N, widths[0]), &w), NN_OK);
    e = tt_err(w.out.data, tt_r.out[L - 1], N * O);
    if (!(e <= TOL)) fprintf(stderr, "%s: forward off by %g\n", what, e);
    CHECK(e <= TOL);
    CHECK_STATUS(nn_predict(&net, nn_mat_view(x, N, widths[0]), nn_mat_view(yh, N, O), NULL,
                            0), NN_OK);
    CHECK(memcmp(yh, w.out.data, N * O * sizeof(nn_real)) == 0);
    CHECK_STATUS(nn_net_loss(&net, &w, nn_mat_view(y, N, O), &Ls), NN_OK);
    CHECK_NEAR(Ls, tt_r.loss, TOL * (1 + tt_r.loss));

    /* backprop against the loops here, and against central differences;
       it and the training steps below allocate nothing */
    calls = test_mem.calls;
    CHECK_STATUS(nn_backprop(&net, nn_mat_view(x, N, widths[0]), nn_mat_view(y, N, O), &w),
                 NN_OK);
    {
        double gmax = 0;
        for (i = 0; i < n; i++) gmax = fabs(tt_grad[i]) > gmax ? fabs(tt_grad[i]) : gmax;
        e = tt_err(w.grad, tt_grad, n) / (gmax > 1 ? gmax : 1);
        if (!(e <= TOL)) fprintf(stderr, "%s: gradient off by %g\n", what, e);
        CHECK(e <= TOL && gmax > 0);
    }
    if (fd && !IS_FLOAT) {
        double worst = 0;
        const double h = 1e-6;
        for (i = 0; i < n; i += 1 + n / 40) {
            nn_real keep = net.params[i], lp, lm;
            double num;
            net.params[i] = (nn_real)((double)keep + h);
            nn_forward(&net, nn_mat_view(x, N, widths[0]), &w);
            nn_net_loss(&net, &w, nn_mat_view(y, N, O), &lp);
            net.params[i] = (nn_real)((double)keep - h);
            nn_forward(&net, nn_mat_view(x, N, widths[0]), &w);
            nn_net_loss(&net, &w, nn_mat_view(y, N, O), &lm);
            net.params[i] = keep;
            num = ((double)lp - (double)lm) / (2 * h);
            e = fabs(num - tt_grad[i]) / (fabs(num) > 1 ? fabs(num) : 1);
            if (!(e <= worst)) worst = e;
        }
        if (!(worst <= 1e-5)) fprintf(stderr, "%s: differences off by %g\n", what, worst);
        CHECK(worst <= 1e-5);   /* a large loss: its rounding over 2h */
    }

    /* a training step: plain SGD (on the tiny path, its fused step when the
       activations have vector forms) */
    for (i = 0; i < n; i++) expect[i] = (nn_real)((double)p0[i] - 0.01 * tt_grad[i]);
    CHECK_STATUS(nn_train_step(&net, nn_mat_view(x, N, widths[0]), nn_mat_view(y, N, O),
                               (nn_real)0.01, &w, &Ls), NN_OK);
    CHECK_NEAR(Ls, tt_r.loss, TOL * (1 + tt_r.loss));
    CHECK(test_mem.calls == calls);
    {
        double worst = 0;
        for (i = 0; i < n; i++) {
            double d = fabs((double)net.params[i] - (double)expect[i]);
            if (!(d <= worst)) worst = d;
        }
        if (!(worst <= TOL)) fprintf(stderr, "%s: step off by %g\n", what, worst);
        CHECK(worst <= TOL);
    }

    /* the sign optimizer: every parameter moves by exactly the rate */
    memcpy(net.params, p0, n * sizeof(nn_real));
    CHECK_STATUS(nn_opt_init(&o, &net, NN_OPT_SIGN), NN_OK);
    CHECK(o.m == NULL && o.kind == NN_OPT_SIGN);
    calls = test_mem.calls;
    CHECK_STATUS(nn_train_step_opt(&net, &o, nn_mat_view(x, N, widths[0]),
                                   nn_mat_view(y, N, O), (nn_real)0.25, &w, &Ls), NN_OK);
    CHECK(test_mem.calls == calls);
    {
        int ok = 1;
        for (i = 0; i < n; i++) {
            /* 0.25 moves a parameter in [-0.5, 0.5] exactly, but a gradient
               near 0 may take either sign in the last bits */
            const nn_real want = tt_grad[i] > 0 ? p0[i] - (nn_real)0.25
                               : tt_grad[i] < 0 ? p0[i] + (nn_real)0.25 : p0[i];
            if (fabs(tt_grad[i]) > 1e-3) ok &= net.params[i] == want;
        }
        CHECK(ok && o.steps == 1);
    }
    /* a program's row is not told where the biases are: no_decay refused,
       nothing written */
    o.no_decay = NN_NO_DECAY_BIASES;
    memcpy(p0, net.params, n * sizeof(nn_real));
    CHECK_STATUS(nn_opt_step(&o, &net, &w, (nn_real)0.25), NN_ERR_ARG);
    CHECK(o.steps == 1 && memcmp(p0, net.params, n * sizeof(nn_real)) == 0);
    nn_opt_free(&o);

    nn_work_free(&w);
    nn_net_free(&net);
    free(p0);
    free(x);
    free(y);
    free(yh);
}

static void test_paths(void)
{
    const nn_act ss[3] = {NN_ACT_SOFTSIGN, NN_ACT_SOFTSIGN, NN_ACT_SOFTSIGN};
    const nn_act lk[3] = {NN_ACT_LEAKY, NN_ACT_LEAKY, NN_ACT_LEAKY};
    const nn_act mix[3] = {NN_ACT_LEAKY, NN_ACT_SOFTSIGN, NN_ACT_LINEAR};
    const nn_act mix2[3] = {NN_ACT_SOFTSIGN, NN_ACT_LEAKY, NN_ACT_SOFTSIGN};
    const nn_act si[3] = {NN_ACT_SWISH, NN_ACT_SWISH, NN_ACT_SWISH};
    const nn_act mixz[3] = {NN_ACT_SWISH, NN_ACT_SOFTSIGN, NN_ACT_SWISH};
    const nn_act mixz2[3] = {NN_ACT_LEAKY, NN_ACT_SWISH, NN_ACT_LINEAR};
    const size_t tiny[4] = {3, 4, 4, 2}, small[4] = {10, 24, 12, 5},
                 large[4] = {200, 160, 24, 8};
    size_t k;
    nn_loss losses[2];
    losses[0] = NN_LOSS_SSE;
    losses[1] = NN_LOSS_L1;
    /* central differences on the tiny and small networks; the large ones'
       gradients are held to the loops above, which those differences check */
    for (k = 0; k < 2; k++) {
        tt_net("tiny softsign", 3, tiny, ss, losses[k], 4, 1);
        tt_net("tiny leaky", 3, tiny, lk, losses[k], 4, 1);
        tt_net("tiny mixed", 3, tiny, mix, losses[k], 5, 1);
        tt_net("small softsign", 3, small, mix2, losses[k], 12, 1);
        tt_net("small leaky", 3, small, lk, losses[k], 20, 1);
        tt_net("large", 3, large, mix2, losses[k], 96, 0);
        tt_net("large leaky", 2, large, lk, losses[k], 100, 0);
        /* swish, whose slope is of z: hidden, last, next to others */
        tt_net("tiny silu", 3, tiny, si, losses[k], 4, 1);
        tt_net("tiny silu mixed", 3, tiny, mixz2, losses[k], 5, 1);
        tt_net("small silu", 3, small, mixz, losses[k], 12, 1);
        tt_net("small silu mixed", 3, small, mixz2, losses[k], 20, 1);
        tt_net("large silu", 3, large, mixz, losses[k], 96, 0);
        tt_net("large silu mixed", 3, large, mixz2, losses[k], 100, 0);
    }
    /* which path the sizes take */
    {
        nn_net net;
        CHECK_STATUS(nn_net_init_layers(&net, 3, tiny, ss, NN_LOSS_SSE), NN_OK);
        CHECK(nn__tiny(&net, 4));
        nn_net_free(&net);
        CHECK_STATUS(nn_net_init_layers(&net, 3, small, ss, NN_LOSS_SSE), NN_OK);
        CHECK(!nn__tiny(&net, 12) && 12 * 24 * 10 < NN__GEMM_SMALL);
        nn_net_free(&net);
        CHECK(96 * 200 * sizeof(nn_real) > NN__DIRECT_BYTES);   /* packed */
    }
}

/* the tiny path's fused step: taken when every layer's activation has a
   vector form, never for a row without one (softsign; swish, whose slope is
   of z, hidden or last) */
static void test_tiny_step(void)
{
    const size_t widths[3] = {3, 4, 2};
    const nn_act acts[4][2] = {{NN_ACT_LEAKY, NN_ACT_LEAKY},
                               {NN_ACT_LEAKY, NN_ACT_SOFTSIGN},
                               {NN_ACT_SWISH, NN_ACT_LEAKY},
                               {NN_ACT_LEAKY, NN_ACT_SWISH}};
    nn_real x[12], y[8], L;
    nn_net net;
    nn_work w;
    nn_rng r = nn_rng_seed(3);
    int k;
    nn_mat_rand(nn_mat_view(x, 4, 3), &r, -1, 1);
    nn_mat_rand(nn_mat_view(y, 4, 2), &r, -1, 1);
    for (k = 0; k < 4; k++) {
        int taken;
        CHECK_STATUS(nn_net_init_layers(&net, 2, widths, acts[k], NN_LOSS_SSE), NN_OK);
        CHECK_STATUS(nn_work_init(&w, &net, 4), NN_OK);
        nn_net_randomize(&net, &r, -1, 1);
        taken = nn__tiny_step(&net, nn_mat_view(x, 4, 3), nn_mat_view(y, 4, 2),
                              (nn_real)0.1, &w, &L);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(NN_NO_SIMD)
        CHECK(taken == !k);
#else
        CHECK(!k || !taken);
#endif
        nn_work_free(&w);
        nn_net_free(&net);
    }
}

/* ---- the work --------------------------------------------------------- */

/* nn_work_init's block: views, then reals (see nn_work_init), with z kept
   for the layers below the last whose activation's slope is of z (and an
   nn_mat each for all layers when any is); the formula nn.h had before
   swish for every other network */
static size_t tt_block(const nn_net *net, size_t cap)
{
    size_t l, L = net->n_layers, reals = net->n_params + cap * net->n_out, nz = 0;
    for (l = 0; l < L; l++) {
        reals += 2 * cap * net->layers[l].n_out;
        if (l + 1 < L && net->layers[l].act == NN_ACT_SWISH) {
            nz = L;
            reals += cap * net->layers[l].n_out;
        }
    }
    return ((4 * L + nz) * sizeof(nn_mat) + (L + 1) * sizeof(size_t) + 15) / 16 * 16 +
           reals * sizeof(nn_real);
}

static void test_work(void)
{
    const size_t widths[4] = {3, 5, 4, 2};
    const nn_act acts[6][3] = {{NN_ACT_TANH, NN_ACT_RELU, NN_ACT_SIGMOID},
                               {NN_ACT_SOFTSIGN, NN_ACT_LEAKY, NN_ACT_SWISH},
                               {NN_ACT_SWISH, NN_ACT_LEAKY, NN_ACT_LINEAR},
                               {NN_ACT_TANH, NN_ACT_SWISH, NN_ACT_SWISH},
                               {NN_ACT_SWISH, NN_ACT_SWISH, NN_ACT_SOFTMAX},
                               {NN_ACT_RELU, NN_ACT_RELU, NN_ACT_SOFTMAX}};
    size_t k, L;
    for (k = 0; k < 6; k++)
        for (L = 1; L <= 3; L++) {
            nn_net net;
            nn_work w;
            const nn_act *a = acts[k] + 3 - L;
            const int z = (L > 1 && a[0] == NN_ACT_SWISH) || (L > 2 && a[1] == NN_ACT_SWISH);
            const size_t cap = 7;
            CHECK_STATUS(nn_net_init_layers(&net, L, widths + 3 - L, a,
                                            a[L - 1] == NN_ACT_SOFTMAX ? NN_LOSS_CE
                                                                       : NN_LOSS_SSE),
                         NN_OK);
            CHECK_STATUS(nn_work_init(&w, &net, cap), NN_OK);
            CHECK(w.block_len_ == tt_block(&net, cap));
            CHECK(z ? w.zs_ != NULL : w.zs_ == NULL);   /* no more for the others */
            nn_work_free(&w);
            nn_net_free(&net);
        }
}

/* ---- model files ------------------------------------------------------- */

static void tt_file(const nn_act *acts, const char *names)
{
    const size_t widths[4] = {3, 5, 4, 2};
    nn_net a, b;
    nn_rng r = nn_rng_seed(9);
    static unsigned char buf[8192];
    size_t len = 0, l;
    memset(&b, 0, sizeof b);
    CHECK_STATUS(nn_net_init_layers(&a, 3, widths, acts, NN_LOSS_L1), NN_OK);
    nn_net_randomize(&a, &r, -1, 1);
    CHECK_STATUS(nn_save_mem(&a, buf, sizeof buf, &len), NN_OK);
    CHECK(len > 0 && strstr((const char *)buf + 8, names) != NULL);
    CHECK_STATUS(nn_load_mem(&b, buf, len), NN_OK);
    CHECK(b.n_layers == 3 && b.loss == NN_LOSS_L1 && b.n_params == a.n_params);
    for (l = 0; l < 3 && b.n_layers == 3; l++) CHECK(b.layers[l].act == acts[l]);
    if (b.n_params == a.n_params)
        CHECK(memcmp(a.params, b.params, a.n_params * sizeof(nn_real)) == 0);
    nn_net_free(&a);
    nn_net_free(&b);
}

static void test_file(void)
{
    const nn_act acts[3] = {NN_ACT_SOFTSIGN, NN_ACT_LEAKY, NN_ACT_SOFTSIGN};
    const nn_act z[3] = {NN_ACT_SWISH, NN_ACT_LEAKY, NN_ACT_SWISH};
    tt_file(acts, "softsign,leaky64,softsign");
    tt_file(z, "swish,leaky64,swish");
}

/* a work made for a network of the same widths whose hidden layer keeps
   no z is not the swish network's: refused (NN_ERR_SHAPE, nothing read past
   what it holds), and nn_check_batch says why */
static void test_work_of_another(void)
{
    static const size_t widths[4] = {3, 5, 4, 2};
    const nn_act z[3] = {NN_ACT_TANH, NN_ACT_SWISH, NN_ACT_LINEAR};
    const nn_act noz[3] = {NN_ACT_TANH, NN_ACT_LEAKY, NN_ACT_LINEAR};
    nn_net a, b;
    nn_work w;
    nn_real xs[2 * 3] = {0}, ys[2 * 2] = {0};
    char why[160];
    nn_mat x = nn_mat_view(xs, 2, 3), y = nn_mat_view(ys, 2, 2);
    CHECK_STATUS(nn_net_init_layers(&a, 3, widths, z, NN_LOSS_SSE), NN_OK);
    CHECK_STATUS(nn_net_init_layers(&b, 3, widths, noz, NN_LOSS_SSE), NN_OK);
    CHECK_STATUS(nn_work_init(&w, &b, 2), NN_OK);
    CHECK_STATUS(nn_forward(&a, x, &w), NN_ERR_SHAPE);
    CHECK_STATUS(nn_train_step(&a, x, y, (nn_real)0.1, &w, NULL), NN_ERR_SHAPE);
    CHECK_STATUS(nn_check_batch(&a, x, y, &w, why, sizeof why), NN_ERR_SHAPE);
    CHECK(strcmp(why, "w was made for another network: it keeps no z for layer 1") == 0);
    CHECK_STATUS(nn_forward(&b, x, &w), NN_OK);     /* its own network */
    nn_work_free(&w);
    CHECK_STATUS(nn_work_init(&w, &a, 2), NN_OK);   /* and the other way round */
    CHECK_STATUS(nn_forward(&b, x, &w), NN_OK);
    CHECK_STATUS(nn_forward(&a, x, &w), NN_OK);
    nn_work_free(&w);
    nn_net_free(&a);
    nn_net_free(&b);
}

int main(void)
{
    test_work_of_another();
    test_names();
    test_vector();
    test_lanes();
    test_paths();
    test_tiny_step();
    test_work();
    test_file();
    return TEST_SUMMARY();
}
