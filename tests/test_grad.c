/* Gradients of deep networks, for every activation and every loss that
   fits it:
   - nn_backprop against central differences of the loss, depths 1 to 4,
     random widths 1..12 and batches 1..9, every output with the sum of
     squares (softmax too), sigmoid with bce, softmax with cross entropy,
     every hidden activation; the differences are taken of the library's
     own loss (nn_forward, nn_net_loss) and of a plain-loop reference in
     long double (ref_t below), and the error is norm-wise: |g - g_num| / max(|g|, |g_num|);
     the activations with parameters (leaky_relu, elu, softplus) with
     parameters drawn away from PyTorch's defaults;
   - nn_backprop against the reference's plain-loop backward pass, for
     widths and batches of at most 16 (the tiny path) and above (the gemm);
   - nn_forward's output and nn_net_loss against the reference;
   - nn_net_loss equal to the loss nn_train_step and nn_train_step_opt
     report, and nn_predict equal to nn_forward's out, bit for bit, with
     the caller's scratch and with its own.
   Deterministic: fixed seeds. A network is redrawn when a pre-activation
   lies near a kink (ReLU's, LeakyReLU's and ELU's at 0, Softplus's at
   threshold/beta, where it turns linear) or a step of the differences
   moves one across it, and one whose gradient is too small to measure is
   redrawn too. Both paths of the library are taken (counted with
   nn__tiny, as test_speed does).
   Built twice by make test: NN_REAL double, and float with looser
   tolerances (central differences in float are noise, so there they are
   taken of the reference only). */
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

#define IS_FLOAT (sizeof(nn_real) == sizeof(float))
#define MAX_LAYERS 4

/* norm-wise relative error of a gradient against central differences */
#define TOL_FD (IS_FLOAT ? 1e-4 : 1e-6)
/* the library against the reference: rounding only */
#define TOL_REF (IS_FLOAT ? 1e-4 : 1e-12)
/* below this the gradient is too small to say anything: redraw */
#define MIN_GRAD 1e-4
/* central difference step on each parameter */
#define STEP 1e-5
/* a ReLU pre-activation closer to 0 than this: redraw. For the central
   differences it is ten steps (and a step that moves one across its kink
   all the same is caught and redrawn); for the comparisons with the
   reference it is beyond the rounding. */
#define KINK_FD (10 * STEP)
#define KINK_REF (IS_FLOAT ? 1e-4 : 1e-9)
#define MAX_DRAWS 100

/* the outputs and the losses that fit them */
static const struct head {
    nn_act act;
    nn_loss loss;
} heads[] = {
    {NN_ACT_SIGMOID, NN_LOSS_SSE},    {NN_ACT_TANH, NN_LOSS_SSE},
    {NN_ACT_RELU, NN_LOSS_SSE},       {NN_ACT_LINEAR, NN_LOSS_SSE},
    {NN_ACT_SOFTMAX, NN_LOSS_SSE},    {NN_ACT_SIGMOID, NN_LOSS_BCE},
    {NN_ACT_SOFTMAX, NN_LOSS_CE},     {NN_ACT_GELU, NN_LOSS_SSE},
    {NN_ACT_GELU_TANH, NN_LOSS_SSE},  {NN_ACT_SILU, NN_LOSS_SSE},
    {NN_ACT_LEAKY_RELU, NN_LOSS_SSE}, {NN_ACT_ELU, NN_LOSS_SSE},
    {NN_ACT_SOFTPLUS, NN_LOSS_SSE},
};
#define N_HEADS (sizeof heads / sizeof heads[0])
static const nn_act hidden_acts[] = {NN_ACT_SIGMOID, NN_ACT_TANH,      NN_ACT_RELU,
                                     NN_ACT_LINEAR,  NN_ACT_GELU,      NN_ACT_GELU_TANH,
                                     NN_ACT_SILU,    NN_ACT_LEAKY_RELU, NN_ACT_ELU,
                                     NN_ACT_SOFTPLUS};
#define N_HIDDEN (sizeof hidden_acts / sizeof hidden_acts[0])

/* the reference's type: long double where the processor has it (x86's 80
   bits, or the same as double); double where long double is a 128-bit
   type done in software (aarch64, s390x, riscv64), whose central
   differences took minutes under emulation */
#if LDBL_MANT_DIG <= 64
typedef long double ref_t;
#define R_(f) f##l      /* libm's function f for ref_t */
#else
typedef double ref_t;
#define R_(f) f
#endif

/* a network: L layers of widths[0] -> widths[1] -> ... -> widths[L], each
   activation with its parameters (ap[l], as nn_layer.act_param) */
typedef struct shape {
    size_t L, widths[MAX_LAYERS + 1];
    nn_act acts[MAX_LAYERS];
    double ap[MAX_LAYERS][NN_ACT_MAX_PARAMS];
    nn_loss loss;
} shape;

/* the worst errors seen, printed at the end */
static double worst_fd_lib, worst_fd_ref, worst_grad_ref, worst_out_ref,
    worst_loss_ref;
static int n_fd, n_ref, n_redraws;
/* networks that took the tiny path (nn__tiny, as test_speed asks it) */
static int n_fd_tiny, n_ref_tiny;

static double worse(double e, double d)
{
    if (e != e) return e;
    return d <= e ? e : d;
}

static size_t draw(nn_rng *r, size_t lo, size_t hi) /* in [lo, hi] */
{
    return lo + (size_t)(nn_rng_next(r) % (uint64_t)(hi - lo + 1));
}

static double uniform(nn_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * (double)nn_rng_uniform(r);
}

static void describe(const shape *s, size_t N, char *buf, size_t cap)
{
    size_t l, len;
    buf[0] = '\0';
    for (l = 0; l <= s->L; l++) {
        len = strlen(buf);
        snprintf(buf + len, cap - len, l ? "-%lu" : "%lu", (unsigned long)s->widths[l]);
    }
    len = strlen(buf);
    snprintf(buf + len, cap - len, " N=%lu", (unsigned long)N);
    for (l = 0; l < s->L; l++) {
        len = strlen(buf);
        snprintf(buf + len, cap - len, " %s", nn_act_name(s->acts[l]));
    }
    len = strlen(buf);
    snprintf(buf + len, cap - len, " %s", nn_loss_name(s->loss));
}

/* ---------------------------------------------------------------------- */
/* The reference: plain loops in long double, whatever nn_real is          */

static size_t n_params_of(const shape *s)
{
    size_t l, n = 0;
    for (l = 0; l < s->L; l++) n += (s->widths[l] + 1) * s->widths[l + 1];
    return n;
}

static size_t n_units_of(const shape *s)
{
    size_t l, n = 0;
    for (l = 1; l <= s->L; l++) n += s->widths[l];
    return n;
}

static size_t widest(const shape *s)
{
    size_t l, n = 0;
    for (l = 0; l <= s->L; l++) n = s->widths[l] > n ? s->widths[l] : n;
    return n;
}

/* the constants of GELU's tanh form: sqrt(2/pi), PyTorch's kappa */
#define GELU_K ((ref_t)0.797884560802865355879892119868763737L)
#define GELU_KAPPA ((ref_t)0.044715L)

/* f(z) of an elementwise activation with parameters ap */
static ref_t ref_f(nn_act a, ref_t z, const double *ap)
{
    const ref_t b = (ref_t)ap[0];
    switch (a) {
    case NN_ACT_SIGMOID: return 1 / (1 + R_(exp)(-z));
    case NN_ACT_TANH: return R_(tanh)(z);
    case NN_ACT_RELU: return z > 0 ? z : 0;
    case NN_ACT_GELU: return z / 2 * (1 + R_(erf)(z / R_(sqrt)(2)));
    case NN_ACT_GELU_TANH: return z / 2 * (1 + R_(tanh)(GELU_K * (z + GELU_KAPPA * z * z * z)));
    case NN_ACT_SILU: return z / (1 + R_(exp)(-z));
    case NN_ACT_LEAKY_RELU: return z > 0 ? z : b * z;
    case NN_ACT_ELU: return z > 0 ? z : b * R_(expm1)(z);
    case NN_ACT_SOFTPLUS: return b * z > (ref_t)ap[1] ? z : R_(log1p)(R_(exp)(b * z)) / b;
    default: return z;
    }
}

/* f'(z) of an elementwise activation, from z and y = f(z) */
static ref_t ref_df(nn_act a, ref_t z, ref_t y, const double *ap)
{
    const ref_t b = (ref_t)ap[0];
    ref_t s, t;
    switch (a) {
    case NN_ACT_SIGMOID: return y * (1 - y);
    case NN_ACT_TANH: return 1 - y * y;
    case NN_ACT_RELU: return z > 0 ? 1 : 0;
    case NN_ACT_GELU:
        return (1 + R_(erf)(z / R_(sqrt)(2))) / 2 + z * R_(exp)(-z * z / 2) / R_(sqrt)(2 * (ref_t)3.14159265358979323846264338327950288L);
    case NN_ACT_GELU_TANH:
        t = R_(tanh)(GELU_K * (z + GELU_KAPPA * z * z * z));
        return (1 + t) / 2 + z / 2 * (1 - t * t) * GELU_K * (1 + 3 * GELU_KAPPA * z * z);
    case NN_ACT_SILU:
        s = 1 / (1 + R_(exp)(-z));
        return s * (1 + z * (1 - s));
    case NN_ACT_LEAKY_RELU: return z > 0 ? 1 : b;
    case NN_ACT_ELU: return z > 0 ? 1 : b * R_(exp)(z);
    case NN_ACT_SOFTPLUS: return b * z > (ref_t)ap[1] ? 1 : 1 / (1 + R_(exp)(-b * z));
    default: return 1;
    }
}

/* where a's slope jumps (its kink), or HUGE_VAL when nowhere */
static double kink_at(nn_act a, const double *ap)
{
    if (a == NN_ACT_RELU || a == NN_ACT_LEAKY_RELU || a == NN_ACT_ELU) return 0;
    if (a == NN_ACT_SOFTPLUS) return ap[1] / ap[0];
    return HUGE_VAL;
}

/* z (pre-activations) and a (outputs), N x n_units each: layer l's block
   of N rows starts at N (n_1 + ... + n_l). Returns the loss of the last
   layer against y; *kink gets the smallest distance of a pre-activation
   to its activation's kink (kink_at), and side (N x n_units, when not
   NULL) which side of it each lies on (1 above, else 0; 0 without one). */
static ref_t ref_forward(const shape *s, const ref_t *p, const ref_t *x,
                          const ref_t *y, size_t N, ref_t *z, ref_t *a,
                          double *kink, unsigned char *side)
{
    size_t l, n, i, j, C = 0;
    const ref_t *in = x;
    ref_t *zl = z, *al = a, loss = 0, m = HUGE_VAL;
    for (l = 0; l < s->L; l++) {
        size_t K = s->widths[l];
        const ref_t *w = p, *b;
        const ref_t k0 = (ref_t)kink_at(s->acts[l], s->ap[l]);
        C = s->widths[l + 1];
        b = w + K * C;
        if (l > 0) zl += N * s->widths[l], al += N * s->widths[l];
        for (n = 0; n < N; n++) {
            ref_t *zr = zl + n * C, *ar = al + n * C;
            for (j = 0; j < C; j++) {
                ref_t t = b[j];
                for (i = 0; i < K; i++) t += in[n * K + i] * w[i * C + j];
                zr[j] = t;
                if (k0 != HUGE_VAL && R_(fabs)(t - k0) < m) m = R_(fabs)(t - k0);
                if (side)
                    side[(size_t)(zr - z) + j] = (unsigned char)(k0 != HUGE_VAL && t > k0);
                ar[j] = ref_f(s->acts[l], t, s->ap[l]);
            }
            if (s->acts[l] == NN_ACT_SOFTMAX) {
                ref_t mx = zr[0], sum = 0;
                for (j = 1; j < C; j++) mx = zr[j] > mx ? zr[j] : mx;
                for (j = 0; j < C; j++) sum += ar[j] = R_(exp)(zr[j] - mx);
                for (j = 0; j < C; j++) ar[j] /= sum;
            }
        }
        in = al;
        p = b + C;
    }
    /* zl, al: the last layer, (N, C) */
    for (n = 0; n < N; n++) {
        const ref_t *zr = zl + n * C, *ar = al + n * C, *yr = y + n * C;
        if (s->loss == NN_LOSS_SSE) {
            for (j = 0; j < C; j++) loss += (yr[j] - ar[j]) * (yr[j] - ar[j]);
        } else if (s->loss == NN_LOSS_BCE) {
            /* -y log s(z) - (1-y) R_(log)(1 - s(z)), from z */
            for (j = 0; j < C; j++)
                loss += (zr[j] > 0 ? zr[j] : 0) - zr[j] * yr[j] + R_(log1p)(R_(exp)(-R_(fabs)(zr[j])));
        } else {
            /* -sum y log softmax(z) */
            ref_t mx = zr[0], sum = 0, lse;
            for (j = 1; j < C; j++) mx = zr[j] > mx ? zr[j] : mx;
            for (j = 0; j < C; j++) sum += R_(exp)(zr[j] - mx);
            lse = mx + R_(log)(sum);
            for (j = 0; j < C; j++) loss += yr[j] * (lse - zr[j]);
        }
    }
    if (kink) *kink = (double)m;
    return loss;
}

/* g = d loss / d p from the z and a of ref_forward; d is scratch of
   2 N widest(s) */
static void ref_backward(const shape *s, const ref_t *p, const ref_t *x,
                         const ref_t *y, size_t N, const ref_t *z,
                         const ref_t *a, ref_t *d, ref_t *g)
{
    size_t l, n, i, j, k, L = s->L, off[MAX_LAYERS], poff[MAX_LAYERS];
    ref_t *dz = d, *dprev = d + N * widest(s), *t;
    for (l = 0, off[0] = poff[0] = 0; l + 1 < L; l++) {
        off[l + 1] = off[l] + N * s->widths[l + 1];
        poff[l + 1] = poff[l] + (s->widths[l] + 1) * s->widths[l + 1];
    }
    /* dz of the last layer */
    {
        size_t C = s->widths[L];
        const ref_t *zl = z + off[L - 1], *al = a + off[L - 1];
        for (n = 0; n < N; n++) {
            const ref_t *zr = zl + n * C, *ar = al + n * C, *yr = y + n * C;
            ref_t *dr = dz + n * C;
            if (s->loss == NN_LOSS_SSE) {
                for (j = 0; j < C; j++) dr[j] = 2 * (ar[j] - yr[j]);
                if (s->acts[L - 1] == NN_ACT_SOFTMAX) {
                    ref_t dot = 0;
                    for (j = 0; j < C; j++) dot += dr[j] * ar[j];
                    for (j = 0; j < C; j++) dr[j] = ar[j] * (dr[j] - dot);
                } else {
                    for (j = 0; j < C; j++) dr[j] *= ref_df(s->acts[L - 1], zr[j], ar[j], s->ap[L - 1]);
                }
            } else if (s->loss == NN_LOSS_BCE) {
                for (j = 0; j < C; j++) dr[j] = ar[j] - yr[j];
            } else {
                ref_t sum = 0;
                for (j = 0; j < C; j++) sum += yr[j];
                for (j = 0; j < C; j++) dr[j] = ar[j] * sum - yr[j];
            }
        }
    }
    for (l = L; l-- > 0;) {
        size_t K = s->widths[l], C = s->widths[l + 1];
        const ref_t *in = l ? a + off[l - 1] : x, *w = p + poff[l];
        ref_t *dw = g + poff[l], *db = dw + K * C;
        for (i = 0; i < K; i++)
            for (j = 0; j < C; j++) {
                ref_t sum = 0;
                for (n = 0; n < N; n++) sum += in[n * K + i] * dz[n * C + j];
                dw[i * C + j] = sum;
            }
        for (j = 0; j < C; j++) {
            ref_t sum = 0;
            for (n = 0; n < N; n++) sum += dz[n * C + j];
            db[j] = sum;
        }
        if (l == 0) break;
        for (n = 0; n < N; n++)
            for (k = 0; k < K; k++) {
                ref_t sum = 0, zk = z[off[l - 1] + n * K + k];
                for (j = 0; j < C; j++) sum += dz[n * C + j] * w[k * C + j];
                dprev[n * K + k] = sum * ref_df(s->acts[l - 1], zk, in[n * K + k], s->ap[l - 1]);
            }
        t = dz, dz = dprev, dprev = t;
    }
}

/* ---------------------------------------------------------------------- */
/* A network, a batch and their long double copies                         */

typedef struct trial {
    shape s;
    size_t N, np;
    nn_net net;
    nn_work work;
    nn_real *x, *y;             /* (N, n_in), (N, n_out) */
    ref_t *xd, *yd, *pd;        /* the same in long double, and the parameters */
    ref_t *z, *a, *d, *g;       /* the reference's scratch and gradient */
    unsigned char *side, *side2; /* ReLU kink sides (ref_forward) */
} trial;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "test_grad: out of memory\n");
        exit(1);
    }
    return p;
}

/* targets: for bce values in [0, 1], some of them exactly 0 or 1; for
   cross entropy rows of probabilities summing to 1, one-hot when onehot;
   for the sum of squares anything */
static void draw_targets(trial *t, nn_rng *r, int onehot)
{
    size_t n, j, C = t->s.widths[t->s.L];
    for (n = 0; n < t->N; n++) {
        nn_real *yr = t->y + n * C;
        if (t->s.loss == NN_LOSS_CE && onehot) {
            size_t hot = draw(r, 0, C - 1);
            for (j = 0; j < C; j++) yr[j] = j == hot ? 1 : 0;
        } else if (t->s.loss == NN_LOSS_CE) {
            double sum = 0;
            for (j = 0; j < C; j++) sum += (double)(yr[j] = (nn_real)uniform(r, 0.05, 1));
            for (j = 0; j < C; j++) yr[j] = (nn_real)((double)yr[j] / sum);
        } else if (t->s.loss == NN_LOSS_BCE) {
            for (j = 0; j < C; j++) {
                double u = uniform(r, 0, 1);
                yr[j] = (nn_real)((n + j) % 4 == 0 ? (u < 0.5 ? 0 : 1) : u);
            }
        } else {
            for (j = 0; j < C; j++) yr[j] = (nn_real)uniform(r, -1, 1);
        }
    }
}

/* a network of shape s with Glorot weights and biases in [-0.5, 0.5),
   a batch of N rows of x in [-1, 1), targets that fit the loss */
static void trial_init(trial *t, nn_rng *r, const shape *s, size_t N, int onehot)
{
    size_t l, i, n_in = s->widths[0], n_out = s->widths[s->L];
    memset(t, 0, sizeof *t);
    t->s = *s;
    t->N = N;
    CHECK_STATUS(nn_net_init_layers(&t->net, s->L, s->widths, s->acts, s->loss), NN_OK);
    CHECK_STATUS(nn_net_init_weights(&t->net, r, NN_INIT_GLOROT_UNIFORM), NN_OK);
    for (l = 0; l < s->L; l++) {
        nn_real ap[NN_ACT_MAX_PARAMS];
        ap[0] = (nn_real)s->ap[l][0];
        ap[1] = (nn_real)s->ap[l][1];
        CHECK_STATUS(nn_net_set_act_params(&t->net, l, ap, nn_act_n_params(s->acts[l])),
                     NN_OK);
    }
    for (l = 0; l < s->L; l++) {
        nn_mat b = t->net.layers[l].b;
        for (i = 0; i < b.cols; i++) b.data[i] = (nn_real)uniform(r, -0.5, 0.5);
    }
    CHECK_STATUS(nn_work_init(&t->work, &t->net, N), NN_OK);
    t->np = t->net.n_params;
    CHECK(t->np == n_params_of(s));
    t->x = (nn_real *)xmalloc(N * n_in * sizeof(nn_real));
    t->y = (nn_real *)xmalloc(N * n_out * sizeof(nn_real));
    for (i = 0; i < N * n_in; i++) t->x[i] = (nn_real)uniform(r, -1, 1);
    draw_targets(t, r, onehot);
    t->xd = (ref_t *)xmalloc(N * n_in * sizeof(ref_t));
    t->yd = (ref_t *)xmalloc(N * n_out * sizeof(ref_t));
    t->pd = (ref_t *)xmalloc(t->np * sizeof(ref_t));
    t->z = (ref_t *)xmalloc(N * n_units_of(s) * sizeof(ref_t));
    t->a = (ref_t *)xmalloc(N * n_units_of(s) * sizeof(ref_t));
    t->d = (ref_t *)xmalloc(2 * N * widest(s) * sizeof(ref_t));
    t->g = (ref_t *)xmalloc(t->np * sizeof(ref_t));
    t->side = (unsigned char *)xmalloc(N * n_units_of(s));
    t->side2 = (unsigned char *)xmalloc(N * n_units_of(s));
    for (i = 0; i < N * n_in; i++) t->xd[i] = (ref_t)t->x[i];
    for (i = 0; i < N * n_out; i++) t->yd[i] = (ref_t)t->y[i];
    for (i = 0; i < t->np; i++) t->pd[i] = (ref_t)t->net.params[i];
}

static void trial_free(trial *t)
{
    nn_work_free(&t->work);
    nn_net_free(&t->net);
    free(t->x); free(t->y); free(t->xd); free(t->yd); free(t->pd);
    free(t->z); free(t->a); free(t->d); free(t->g); free(t->side); free(t->side2);
}

static nn_mat x_of(const trial *t) { return nn_mat_view(t->x, t->N, t->s.widths[0]); }
static nn_mat y_of(const trial *t) { return nn_mat_view(t->y, t->N, t->s.widths[t->s.L]); }

/* the library's loss at its current parameters; NaN when a call fails
   (which then fails the check the loss goes into) */
static double lib_loss(trial *t)
{
    nn_real L = 0;
    if (nn_forward(&t->net, x_of(t), &t->work) != NN_OK ||
        nn_net_loss(&t->net, &t->work, y_of(t), &L) != NN_OK)
        return nan("");
    return (double)L;
}

/* the reference's loss; the ReLU sides in side */
static ref_t ref_loss(trial *t, double *kink, unsigned char *side)
{
    return ref_forward(&t->s, t->pd, t->xd, t->yd, t->N, t->z, t->a, kink, side);
}

/* |g - h| / max(|g|, |h|); *norm gets max(|g|, |h|) */
static double rel_err(const double *g, const ref_t *h, size_t n, double *norm)
{
    ref_t gg = 0, hh = 0, dd = 0, m;
    size_t i;
    for (i = 0; i < n; i++) {
        gg += (ref_t)g[i] * g[i];
        hh += h[i] * h[i];
        dd += (g[i] - h[i]) * (g[i] - h[i]);
    }
    m = R_(sqrt)(gg > hh ? gg : hh);
    if (norm) *norm = (double)m;
    return (double)(m > 0 ? R_(sqrt)(dd) / m : R_(sqrt)(dd));
}

/* ---------------------------------------------------------------------- */
/* Central differences                                                     */

/* nn_backprop's gradient into g (double) */
static void lib_grad(trial *t, double *g)
{
    size_t i;
    CHECK_STATUS(nn_forward(&t->net, x_of(t), &t->work), NN_OK);
    CHECK_STATUS(nn_backprop(&t->net, x_of(t), y_of(t), &t->work), NN_OK);
    for (i = 0; i < t->np; i++) g[i] = (double)t->work.grad[i];
}

/* central differences of the reference's loss in long double. Returns 0
   when a step moved a pre-activation across its kink (from the sides in
   t->side), 1 when none did. */
static int ref_numeric(trial *t, ref_t *gn)
{
    size_t i, n = t->N * n_units_of(&t->s);
    int smooth = 1;
    for (i = 0; i < t->np; i++) {
        ref_t keep = t->pd[i], lp, lm;
        t->pd[i] = keep + STEP;
        lp = ref_loss(t, NULL, t->side2);
        smooth &= memcmp(t->side, t->side2, n) == 0;
        t->pd[i] = keep - STEP;
        lm = ref_loss(t, NULL, t->side2);
        smooth &= memcmp(t->side, t->side2, n) == 0;
        t->pd[i] = keep;
        gn[i] = (lp - lm) / (2 * STEP);
    }
    return smooth;
}

/* central differences of the library's own loss (double builds): the step
   actually taken, (p + h) - (p - h) as rounded, is the denominator */
static void lib_numeric(trial *t, ref_t *gn)
{
    size_t i;
    for (i = 0; i < t->np; i++) {
        nn_real keep = t->net.params[i], hi, lo;
        double lp, lm;
        hi = t->net.params[i] = (nn_real)((double)keep + STEP);
        lp = lib_loss(t);
        lo = t->net.params[i] = (nn_real)((double)keep - STEP);
        lm = lib_loss(t);
        t->net.params[i] = keep;
        gn[i] = (ref_t)((lp - lm) / ((double)hi - (double)lo));
    }
}

/* A network of shape s (widths as given), redrawn until no ReLU
   pre-activation lies within KINK_FD of 0 and its gradient norm is at
   least MIN_GRAD; then nn_backprop against central differences. */
static void check_fd(nn_rng *r, const shape *s, size_t N, int onehot)
{
    int draws;
    char what[200];
    describe(s, N, what, sizeof what);
    for (draws = 0; draws < MAX_DRAWS; draws++) {
        trial t;
        double kink, *g, norm, e;
        ref_t *gn;
        int smooth;
        trial_init(&t, r, s, N, onehot);
        ref_loss(&t, &kink, t.side);
        if (kink < KINK_FD) {
            n_redraws++;
            trial_free(&t);
            continue;
        }
        g = (double *)xmalloc(t.np * sizeof(double));
        gn = (ref_t *)xmalloc(t.np * sizeof(ref_t));
        lib_grad(&t, g);
        smooth = ref_numeric(&t, gn);
        e = rel_err(g, gn, t.np, &norm);
        if (!smooth || norm < MIN_GRAD) {
            n_redraws++;
            free(g); free(gn); trial_free(&t);
            continue;
        }
        n_fd++;
        n_fd_tiny += nn__tiny(&t.net, N);
        worst_fd_ref = worse(worst_fd_ref, e);
        if (!(e < TOL_FD))
            fprintf(stderr, "%s: |g| %g, rel err %g against the reference's differences\n",
                    what, norm, e);
        CHECK(e < TOL_FD);
        if (!IS_FLOAT) {
            lib_numeric(&t, gn);
            e = rel_err(g, gn, t.np, &norm);
            worst_fd_lib = worse(worst_fd_lib, e);
            if (!(e < TOL_FD))
                fprintf(stderr, "%s: |g| %g, rel err %g against the library's differences\n",
                        what, norm, e);
            CHECK(e < TOL_FD);
        }
        free(g); free(gn); trial_free(&t);
        return;
    }
    fprintf(stderr, "%s: no draw in %d without a ReLU kink or with a gradient\n", what,
            MAX_DRAWS);
    CHECK(0);
}

/* a random shape of depth L with output head h: hidden activations all
   `hid` (or each drawn when hid is NN_ACT_COUNT), widths in [lo, hi] */
static shape make_shape(nn_rng *r, size_t L, const struct head *h, nn_act hid,
                        size_t lo, size_t hi)
{
    shape s;
    size_t l;
    memset(&s, 0, sizeof s);
    s.L = L;
    for (l = 0; l <= L; l++) s.widths[l] = draw(r, lo, hi);
    /* one softmax unit is the constant 1 */
    if (h->act == NN_ACT_SOFTMAX && s.widths[L] < 2) s.widths[L] = 2;
    for (l = 0; l + 1 < L; l++)
        s.acts[l] = hid == NN_ACT_COUNT ? hidden_acts[draw(r, 0, N_HIDDEN - 1)] : hid;
    s.acts[L - 1] = h->act;
    s.loss = h->loss;
    for (l = 0; l < L; l++)     /* away from the defaults; Softplus's threshold
                                   where some pre-activations cross it */
        if (s.acts[l] == NN_ACT_LEAKY_RELU) {
            s.ap[l][0] = uniform(r, -0.4, 0.6);
        } else if (s.acts[l] == NN_ACT_ELU) {
            s.ap[l][0] = uniform(r, 0.3, 2.5);
        } else if (s.acts[l] == NN_ACT_SOFTPLUS) {
            s.ap[l][0] = uniform(r, 0.5, 3);
            s.ap[l][1] = uniform(r, 0.2, 2);
        }
    return s;
}

static void test_fd(void)
{
    nn_rng r = nn_rng_seed(2024);
    size_t h, L, k;
    int rep, onehot = 0;
    for (h = 0; h < N_HEADS; h++) {
        /* one layer: only the head */
        for (rep = 0; rep < 3; rep++) {
            shape s = make_shape(&r, 1, &heads[h], NN_ACT_SIGMOID, 1, 12);
            check_fd(&r, &s, draw(&r, 1, 9), onehot ^= 1);
        }
        for (L = 2; L <= MAX_LAYERS; L++) {
            /* every hidden activation, and a mix */
            for (k = 0; k < N_HIDDEN; k++) {
                shape s = make_shape(&r, L, &heads[h], hidden_acts[k], 1, 12);
                check_fd(&r, &s, draw(&r, 1, 9), onehot ^= 1);
            }
            for (rep = 0; rep < 2; rep++) {
                shape s = make_shape(&r, L, &heads[h], NN_ACT_COUNT, 1, 12);
                check_fd(&r, &s, draw(&r, 1, 9), onehot ^= 1);
            }
        }
        /* beyond the tiny path, through the gemm: a batch above 16 rows
           and one layer wider than 16 */
        {
            shape s = make_shape(&r, 3, &heads[h], hidden_acts[h % N_HIDDEN], 1, 12);
            size_t which = draw(&r, 0, 3);
            s.widths[which] = draw(&r, 17, 24);
            check_fd(&r, &s, draw(&r, 17, 20), onehot ^= 1);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Against the reference, the losses reported, nn_predict                  */

/* a and b the same bits, n reals */
static int same_bits(const nn_real *a, const nn_real *b, size_t n)
{
    return n == 0 || memcmp(a, b, n * sizeof(nn_real)) == 0;
}

/* One network and batch, redrawn until no ReLU pre-activation lies within
   KINK_REF of 0: forward, loss and gradient against the reference; the
   loss the training steps report; nn_predict. */
static void check_ref(nn_rng *r, const shape *s, size_t N, int onehot)
{
    int draws;
    char what[200];
    describe(s, N, what, sizeof what);
    for (draws = 0; draws < MAX_DRAWS; draws++) {
        trial t;
        double kink, L_ref, L_lib, e, norm, *g, *out;
        size_t i, n_out = s->widths[s->L], no = N * n_out;
        nn_real L_net = 0, L_step = 0, L_opt = 0;
        trial_init(&t, r, s, N, onehot);
        L_ref = (double)ref_loss(&t, &kink, NULL);
        if (kink < KINK_REF) {
            n_redraws++;
            trial_free(&t);
            continue;
        }
        n_ref++;
        n_ref_tiny += nn__tiny(&t.net, N);
        g = (double *)xmalloc(t.np * sizeof(double));
        out = (double *)xmalloc(no * sizeof(double));

        /* forward and loss */
        L_lib = lib_loss(&t);
        L_net = (nn_real)L_lib;
        for (i = 0; i < no; i++) out[i] = (double)t.work.out.data[i];
        e = rel_err(out, t.a + N * (n_units_of(s) - n_out), no, NULL);
        worst_out_ref = worse(worst_out_ref, e);
        if (!(e < TOL_REF)) fprintf(stderr, "%s: output rel err %g\n", what, e);
        CHECK(e < TOL_REF);
        e = fabs(L_lib - L_ref) / (fabs(L_ref) > 1 ? fabs(L_ref) : 1);
        worst_loss_ref = worse(worst_loss_ref, e);
        if (!(e < TOL_REF))
            fprintf(stderr, "%s: loss %.17g, reference %.17g\n", what, L_lib, L_ref);
        CHECK(e < TOL_REF);

        /* nn_predict: the same bits as out, with the caller's scratch and
           with its own */
        {
            size_t n_scr = 0;
            nn_real *yhat = (nn_real *)xmalloc(no * sizeof(nn_real)), *scr;
            nn_mat ym = nn_mat_view(yhat, N, n_out);
            CHECK_STATUS(nn_predict_scratch(&t.net, N, &n_scr), NN_OK);
            scr = (nn_real *)xmalloc((n_scr + 1) * sizeof(nn_real));
            memset(yhat, 0xff, no * sizeof(nn_real));
            CHECK_STATUS(nn_predict(&t.net, x_of(&t), ym, scr, n_scr), NN_OK);
            CHECK(same_bits(yhat, t.work.out.data, no));
            memset(yhat, 0xff, no * sizeof(nn_real));
            CHECK_STATUS(nn_predict(&t.net, x_of(&t), ym, NULL, 0), NN_OK);
            CHECK(same_bits(yhat, t.work.out.data, no));
            free(yhat); free(scr);
        }

        /* the gradient against the reference's backward pass */
        ref_backward(s, t.pd, t.xd, t.yd, N, t.z, t.a, t.d, t.g);
        lib_grad(&t, g);
        e = rel_err(g, t.g, t.np, &norm);
        if (norm > 0) {
            worst_grad_ref = worse(worst_grad_ref, e);
            if (!(e < TOL_REF))
                fprintf(stderr, "%s: |g| %g, rel err %g against the reference\n", what,
                        norm, e);
        }
        CHECK(e < TOL_REF);

        /* nn_net_loss is the loss nn_train_step and nn_train_step_opt
           report, to the bit */
        {
            nn_net c;
            nn_opt o;
            memset(&c, 0, sizeof c);
            memset(&o, 0, sizeof o);
            CHECK_STATUS(nn_net_copy(&c, &t.net), NN_OK);
            L_step = -1;
            CHECK_STATUS(nn_train_step(&c, x_of(&t), y_of(&t), (nn_real)0.01, &t.work,
                                       &L_step), NN_OK);
            if (L_step != L_net)
                fprintf(stderr, "%s: nn_train_step's loss %.17g, nn_net_loss %.17g\n", what,
                        (double)L_step, (double)L_net);
            CHECK(L_step == L_net);
            CHECK_STATUS(nn_net_copy_params(&c, &t.net), NN_OK);
            CHECK_STATUS(nn_opt_init(&o, &c, NN_OPT_ADAM), NN_OK);
            L_opt = -1;
            CHECK_STATUS(nn_train_step_opt(&c, &o, x_of(&t), y_of(&t), (nn_real)0.01,
                                           &t.work, &L_opt), NN_OK);
            if (L_opt != L_net)
                fprintf(stderr, "%s: nn_train_step_opt's loss %.17g, nn_net_loss %.17g\n",
                        what, (double)L_opt, (double)L_net);
            CHECK(L_opt == L_net);
            nn_opt_free(&o);
            nn_net_free(&c);
        }
        free(g); free(out); trial_free(&t);
        return;
    }
    fprintf(stderr, "%s: no draw in %d without a ReLU kink\n", what, MAX_DRAWS);
    CHECK(0);
}

static void test_ref(void)
{
    nn_rng r = nn_rng_seed(77);
    size_t h, L, k;
    int onehot = 0;
    for (h = 0; h < N_HEADS; h++)
        for (L = 1; L <= MAX_LAYERS; L++)
            for (k = 0; k <= N_HIDDEN; k++) {
                nn_act hid = k < N_HIDDEN ? hidden_acts[k] : NN_ACT_COUNT;
                shape s;
                size_t wide;
                if (L == 1 && k > 0) break;
                /* the tiny path: widths and batch at most 16 */
                s = make_shape(&r, L, &heads[h], hid, 1, 16);
                check_ref(&r, &s, draw(&r, 1, 16), onehot ^= 1);
                /* the gemm: widths above 16, batches either side */
                s = make_shape(&r, L, &heads[h], hid, 17, 40);
                check_ref(&r, &s, draw(&r, 1, 40), onehot ^= 1);
                /* a mix: one wide layer among narrow ones */
                s = make_shape(&r, L, &heads[h], hid, 1, 12);
                wide = draw(&r, 0, L);
                s.widths[wide] = draw(&r, 17, 70);
                check_ref(&r, &s, draw(&r, 1, 24), onehot ^= 1);
            }
}

int main(void)
{
    printf("nn.h %s, nn_real is %s\n", NN_VERSION, IS_FLOAT ? "float" : "double");
    test_fd();
    test_ref();
    printf("central differences: %d networks (%d on the tiny path), worst rel err "
           "%.3g (reference)", n_fd, n_fd_tiny, worst_fd_ref);
    if (!IS_FLOAT) printf(", %.3g (library's own loss)", worst_fd_lib);
    printf(", tolerance %g\n", TOL_FD);
    printf("against the reference: %d networks (%d on the tiny path), worst rel err "
           "gradient %.3g, output %.3g, loss %.3g, tolerance %g\n",
           n_ref, n_ref_tiny, worst_grad_ref, worst_out_ref, worst_loss_ref, TOL_REF);
    /* both paths were taken */
    CHECK(n_fd_tiny > 0 && n_fd_tiny < n_fd);
    CHECK(n_ref_tiny > 0 && n_ref_tiny < n_ref);
    printf("%d draws redrawn (a ReLU kink or a vanishing gradient)\n", n_redraws);
    return TEST_SUMMARY();
}
