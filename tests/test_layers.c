/* nn.h 2.0's core, function by function: networks of any depth, their
   copies and initial weights, the normal draw, the activations against
   libm, the names of activations and losses, prediction from a const
   network, the loss of each kind, the optimizers. Each function computes
   what its comment says, and every call it refuses returns the documented
   status having written nothing and allocated nothing.
   Built by `make test` in double, in float and as C++. */
#include <float.h>
#include <stdint.h>
#include <stdlib.h>

/* The library allocates through these: they count calls and live blocks,
   and refuse what no test needs (over 1 GiB). */
#include "alloc.h"
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

#define IS_FLOAT (sizeof(nn_real) == sizeof(float))
#define EPS ((double)(IS_FLOAT ? FLT_EPSILON : DBL_EPSILON))

/* values no enum of nn.h has; C++ may only name those that fit the
   enum's bits, C any int */
#ifdef __cplusplus
#define TL_BAD_ACTS {NN_ACT_COUNT, (nn_act)15}
#define TL_BAD_LOSSES {NN_LOSS_COUNT}
#define TL_BAD_INITS {NN_INIT_COUNT}
#define TL_BAD_OPTS {NN_OPT_COUNT, (nn_opt_kind)7}
#else
#define TL_BAD_ACTS {NN_ACT_COUNT, (nn_act)15, (nn_act)-1, (nn_act)1000}
#define TL_BAD_LOSSES {NN_LOSS_COUNT, (nn_loss)-1, (nn_loss)77}
#define TL_BAD_INITS {NN_INIT_COUNT, (nn_init)-1, (nn_init)9}
#define TL_BAD_OPTS {NN_OPT_COUNT, (nn_opt_kind)7, (nn_opt_kind)-1}
#endif
#define TL_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static nn_real tl_nan(void)
{
    volatile double z = 0;
    return (nn_real)(z / z);
}

static nn_real tl_inf(void)
{
    volatile double one = 1, z = 0;
    return (nn_real)(one / z);
}

static nn_real tl_max(void)
{
    return IS_FLOAT ? (nn_real)FLT_MAX : (nn_real)DBL_MAX;
}

static int tl_isnan(nn_real v) { return v != v; }

/* the larger of e and d, where NaN wins (fmax would drop it) */
static double tl_worse(double e, double d)
{
    if (e != e) return e;
    return d <= e ? e : d;
}

static int tl_same_mat(nn_mat a, nn_mat b)
{
    return a.rows == b.rows && a.cols == b.cols && a.data == b.data;
}

/* ---------------------------------------------------------------------- */
/* watched memory: a refused call must leave it as it was                  */

#define TL_REGIONS 16
static struct {
    int n;
    const void *at[TL_REGIONS];
    size_t len[TL_REGIONS];
    unsigned char *copy[TL_REGIONS];
    size_t allocs, live;
} tl_w;

static void tl_unwatch(void)
{
    int i;
    for (i = 0; i < tl_w.n; i++) free(tl_w.copy[i]);
    tl_w.n = 0;
}

/* watch [p, p + len) from now on, and the allocation counts */
static void tl_watch(const void *p, size_t len)
{
    CHECK(tl_w.n < TL_REGIONS);
    if (tl_w.n == TL_REGIONS) return;
    tl_w.at[tl_w.n] = p;
    tl_w.len[tl_w.n] = len;
    tl_w.copy[tl_w.n] = (unsigned char *)malloc(len ? len : 1);
    if (len) memcpy(tl_w.copy[tl_w.n], p, len);
    tl_w.n++;
    tl_w.allocs = test_mem.allocs;
    tl_w.live = test_mem.live;
}

/* every watched byte as it was */
static int tl_watched_bytes(void)
{
    int i, ok = 1;
    for (i = 0; i < tl_w.n; i++)
        if (tl_w.len[i] && memcmp(tl_w.copy[i], tl_w.at[i], tl_w.len[i]) != 0) ok = 0;
    return ok;
}

/* and nothing allocated since */
static int tl_watched_same(void)
{
    return tl_watched_bytes() && test_mem.allocs == tl_w.allocs && test_mem.live == tl_w.live;
}

/* the call returns `want`, writes no watched byte, allocates nothing */
#define CHECK_REFUSED(call, want)                                          \
    do {                                                                   \
        CHECK_STATUS(call, want);                                          \
        CHECK(tl_watched_same());                                          \
    } while (0)

/* a network's struct, its parameters and layers; a work's struct and block */
static void tl_watch_net(const nn_net *net)
{
    tl_watch(net, sizeof *net);
    tl_watch(net->params, net->n_params * sizeof(nn_real));
    tl_watch(net->layers, net->n_layers * sizeof(nn_layer));
}

static void tl_watch_work(const nn_work *w)
{
    tl_watch(w, sizeof *w);
    tl_watch(w->block_, w->block_len_);
}

static size_t tl_states(int kind);

static void tl_watch_opt(const nn_opt *o)
{
    size_t k = tl_states(o->kind);
    tl_watch(o, sizeof *o);
    if (o->m) tl_watch(o->m, k * o->n_params * sizeof(nn_real));
}

/* ---------------------------------------------------------------------- */
/* networks for the tests                                                  */

/* L layers of the widths and activations, the loss; Glorot weights and
   biases in [-0.5, 0.5) from r. 0 when nn_net_init_layers refused. */
static int tl_net(nn_net *net, size_t L, const size_t *widths, const nn_act *acts,
                  nn_loss loss, nn_rng *r)
{
    size_t l;
    nn_status s = nn_net_init_layers(net, L, widths, acts, loss);
    CHECK_STATUS(s, NN_OK);
    if (s != NN_OK) return 0;
    CHECK_STATUS(nn_net_init_weights(net, r, NN_INIT_GLOROT_UNIFORM), NN_OK);
    for (l = 0; l < L; l++) nn_mat_rand(net->layers[l].b, r, (nn_real)-0.5, (nn_real)0.5);
    return 1;
}

/* a malloc'd matrix of U[lo, hi) values, NaN-free; free its data */
static nn_mat tl_mat(nn_rng *r, size_t rows, size_t cols, double lo, double hi)
{
    nn_mat m = nn_mat_view((nn_real *)malloc((rows * cols + 1) * sizeof(nn_real)), rows, cols);
    nn_mat_rand(m, r, (nn_real)lo, (nn_real)hi);
    return m;
}

/* targets that fit the loss: class probabilities summing to 1 per row for
   cross-entropy, values in [0, 1] otherwise */
static nn_mat tl_targets(nn_rng *r, size_t rows, size_t cols, nn_loss loss)
{
    nn_mat y = tl_mat(r, rows, cols, 0, 1);
    size_t i, j;
    if (loss == NN_LOSS_CE)
        for (i = 0; i < rows; i++) {
            nn_real s = 0;
            for (j = 0; j < cols; j++) s += NN_AT(y, i, j);
            for (j = 0; j < cols; j++) NN_AT(y, i, j) /= s;
        }
    return y;
}

/* ---------------------------------------------------------------------- */
/* names                                                                   */

static void test_names(void)
{
    /* the names files and command lines already use, by value */
    static const char *const acts[] = {"sigmoid", "tanh",       "relu", "linear",
                                       "softmax", "gelu",       "gelu_tanh", "silu",
                                       "leaky_relu", "elu",     "softplus"};
    static const char *const losses[] = {"sse", "bce", "cross_entropy"};
    static const char *const opts[] = {"sgd", "momentum", "nesterov", "adam"};
    static const char *const bad[] = {"", "Sigmoid", "sigmoid ", " tanh", "soft",
                                      "unknown", "ce", "mse", "cross-entropy",
                                      "relu\n", "SSE", "bce\t", "sigmoidx", "Adam",
                                      "sgd ", "nesterov_", "momentum\n"};
    const nn_act bad_acts[] = TL_BAD_ACTS;
    const nn_loss bad_losses[] = TL_BAD_LOSSES;
    const nn_opt_kind bad_opts[] = TL_BAD_OPTS;
    size_t i;
    int k;
    for (i = 0; i < TL_COUNT(acts); i++)
        CHECK(strcmp(nn_act_name((nn_act)i), acts[i]) == 0);
    for (i = 0; i < TL_COUNT(losses); i++)
        CHECK(strcmp(nn_loss_name((nn_loss)i), losses[i]) == 0);
    for (i = 0; i < TL_COUNT(opts); i++)
        CHECK(strcmp(nn_opt_name((nn_opt_kind)i), opts[i]) == 0);
    /* every kind's name reads back to it (so no two share a name) */
    for (k = 0; k < NN_ACT_COUNT; k++) {
        nn_act a = NN_ACT_COUNT;
        CHECK(strcmp(nn_act_name((nn_act)k), "unknown") != 0);
        CHECK_STATUS(nn_act_parse(nn_act_name((nn_act)k), &a), NN_OK);
        CHECK(a == (nn_act)k);
    }
    for (k = 0; k < NN_LOSS_COUNT; k++) {
        nn_loss l = NN_LOSS_COUNT;
        CHECK(strcmp(nn_loss_name((nn_loss)k), "unknown") != 0);
        CHECK_STATUS(nn_loss_parse(nn_loss_name((nn_loss)k), &l), NN_OK);
        CHECK(l == (nn_loss)k);
    }
    for (k = 0; k < NN_OPT_COUNT; k++) {
        nn_opt_kind o = NN_OPT_COUNT;
        CHECK(strcmp(nn_opt_name((nn_opt_kind)k), "unknown") != 0);
        CHECK_STATUS(nn_opt_parse(nn_opt_name((nn_opt_kind)k), &o), NN_OK);
        CHECK(o == (nn_opt_kind)k);
    }
    for (i = 0; i < TL_COUNT(bad_acts); i++)
        CHECK(strcmp(nn_act_name(bad_acts[i]), "unknown") == 0);
    for (i = 0; i < TL_COUNT(bad_losses); i++)
        CHECK(strcmp(nn_loss_name(bad_losses[i]), "unknown") == 0);
    for (i = 0; i < TL_COUNT(bad_opts); i++)
        CHECK(strcmp(nn_opt_name(bad_opts[i]), "unknown") == 0);
    /* unknown names and NULL pointers: NN_ERR_ARG, the output untouched */
    for (i = 0; i < TL_COUNT(bad); i++) {
        nn_act a = NN_ACT_TANH;
        nn_loss l = NN_LOSS_BCE;
        nn_opt_kind o = NN_OPT_NESTEROV;
        CHECK_STATUS(nn_act_parse(bad[i], &a), NN_ERR_ARG);
        CHECK_STATUS(nn_loss_parse(bad[i], &l), NN_ERR_ARG);
        CHECK_STATUS(nn_opt_parse(bad[i], &o), NN_ERR_ARG);
        CHECK(a == NN_ACT_TANH && l == NN_LOSS_BCE && o == NN_OPT_NESTEROV);
    }
    {
        nn_act a = NN_ACT_RELU;
        nn_loss l = NN_LOSS_CE;
        nn_opt_kind o = NN_OPT_ADAM;
        CHECK_STATUS(nn_act_parse("bce", &a), NN_ERR_ARG);       /* a loss's name */
        CHECK_STATUS(nn_loss_parse("sigmoid", &l), NN_ERR_ARG);  /* an activation's */
        CHECK_STATUS(nn_opt_parse("sse", &o), NN_ERR_ARG);
        CHECK_STATUS(nn_act_parse(NULL, &a), NN_ERR_ARG);
        CHECK_STATUS(nn_loss_parse(NULL, &l), NN_ERR_ARG);
        CHECK_STATUS(nn_opt_parse(NULL, &o), NN_ERR_ARG);
        CHECK(a == NN_ACT_RELU && l == NN_LOSS_CE && o == NN_OPT_ADAM);
        CHECK_STATUS(nn_act_parse("tanh", NULL), NN_ERR_ARG);
        CHECK_STATUS(nn_loss_parse("sse", NULL), NN_ERR_ARG);
        CHECK_STATUS(nn_opt_parse("adam", NULL), NN_ERR_ARG);
    }
}

/* ---------------------------------------------------------------------- */
/* nn_net_init_layers                                                      */

/* net is the network of those layers: every layer's widths, activation
   and views in params' order, the 1.x names, all parameters zero */
static void check_layout(const nn_net *net, size_t L, const size_t *widths,
                         const nn_act *acts, nn_loss loss)
{
    size_t l, off = 0;
    int ok = 1;
    CHECK(net->n_layers == L && net->layers != NULL && net->loss == loss);
    if (net->n_layers != L || !net->layers) return;
    for (l = 0; l < L; l++) {
        const nn_layer *y = &net->layers[l];
        nn_act want = acts ? acts[l] : NN_ACT_SIGMOID;
        if (y->n_in != widths[l] || y->n_out != widths[l + 1] || y->act != want) ok = 0;
        if (!tl_same_mat(y->w, nn_mat_view(net->params + off, widths[l], widths[l + 1])))
            ok = 0;
        off += widths[l] * widths[l + 1];
        if (!tl_same_mat(y->b, nn_mat_view(net->params + off, 1, widths[l + 1]))) ok = 0;
        off += widths[l + 1];
    }
    CHECK(ok);
    CHECK(net->n_params == off);
    /* the 1.x names: the first layer and the last */
    CHECK(net->n_in == widths[0] && net->n_out == widths[L]);
    CHECK(net->n_hidden == (L > 1 ? widths[1] : 0));
    CHECK(tl_same_mat(net->w1, net->layers[0].w) && tl_same_mat(net->b1, net->layers[0].b));
    CHECK(tl_same_mat(net->w2, net->layers[L - 1].w) &&
          tl_same_mat(net->b2, net->layers[L - 1].b));
    for (l = 0; l < net->n_params && ok; l++) ok = net->params[l] == 0;
    CHECK(ok);
}

static void test_init_layers(void)
{
    static const size_t w1[] = {3, 2}, w2[] = {4, 6, 3}, w3[] = {5, 7, 4, 2};
    static const nn_act a1[] = {NN_ACT_LINEAR};
    static const nn_act a2[] = {NN_ACT_RELU, NN_ACT_SOFTMAX};
    static const nn_act a3[] = {NN_ACT_TANH, NN_ACT_LINEAR, NN_ACT_SIGMOID};
    const nn_act bad_acts[] = TL_BAD_ACTS;
    const nn_loss bad_losses[] = TL_BAD_LOSSES;
    nn_net net, before;
    size_t i, l, live = test_mem.live;
    int k;

    /* L = 1, 2, 3, with and without activations */
    CHECK_STATUS(nn_net_init_layers(&net, 1, w1, a1, NN_LOSS_SSE), NN_OK);
    check_layout(&net, 1, w1, a1, NN_LOSS_SSE);
    CHECK(net.n_params == 3 * 2 + 2);
    nn_net_free(&net);
    CHECK_STATUS(nn_net_init_layers(&net, 1, w1, NULL, NN_LOSS_BCE), NN_OK);
    check_layout(&net, 1, w1, NULL, NN_LOSS_BCE);
    nn_net_free(&net);
    CHECK_STATUS(nn_net_init_layers(&net, 2, w2, a2, NN_LOSS_CE), NN_OK);
    check_layout(&net, 2, w2, a2, NN_LOSS_CE);
    nn_net_free(&net);
    CHECK_STATUS(nn_net_init_layers(&net, 2, w2, NULL, NN_LOSS_SSE), NN_OK);
    check_layout(&net, 2, w2, NULL, NN_LOSS_SSE);
    nn_net_free(&net);
    CHECK_STATUS(nn_net_init_layers(&net, 3, w3, a3, NN_LOSS_BCE), NN_OK);
    check_layout(&net, 3, w3, a3, NN_LOSS_BCE);
    CHECK(net.n_params == 5 * 7 + 7 + 7 * 4 + 4 + 4 * 2 + 2);
    nn_net_free(&net);
    CHECK_STATUS(nn_net_init_layers(&net, 3, w3, NULL, NN_LOSS_SSE), NN_OK);
    check_layout(&net, 3, w3, NULL, NN_LOSS_SSE);
    nn_net_free(&net);
    /* softmax last with the sum of squares is allowed */
    {
        static const nn_act a[] = {NN_ACT_SIGMOID, NN_ACT_SOFTMAX};
        CHECK_STATUS(nn_net_init_layers(&net, 2, w2, a, NN_LOSS_SSE), NN_OK);
        check_layout(&net, 2, w2, a, NN_LOSS_SSE);
        nn_net_free(&net);
    }
    /* the article's network is the two-layer one of nn_net_init */
    {
        nn_net old;
        CHECK_STATUS(nn_net_init(&old, 4, 6, 3), NN_OK);
        check_layout(&old, 2, w2, NULL, NN_LOSS_SSE);
        nn_net_free(&old);
    }
    CHECK(test_mem.live == live);

    /* refused: NN_ERR_ARG, *net untouched, nothing allocated */
    memset(&net, 0x5A, sizeof net);
    before = net;
    tl_watch(&net, sizeof net);
    CHECK_REFUSED(nn_net_init_layers(NULL, 3, w3, a3, NN_LOSS_SSE), NN_ERR_ARG);
    CHECK_REFUSED(nn_net_init_layers(&net, 3, NULL, a3, NN_LOSS_SSE), NN_ERR_ARG);
    CHECK_REFUSED(nn_net_init_layers(&net, 0, w3, a3, NN_LOSS_SSE), NN_ERR_ARG);
    for (i = 0; i < 4; i++) {   /* a width 0 at each place */
        size_t w[4];
        memcpy(w, w3, sizeof w);
        w[i] = 0;
        CHECK_REFUSED(nn_net_init_layers(&net, 3, w, a3, NN_LOSS_SSE), NN_ERR_ARG);
        CHECK_REFUSED(nn_net_init_layers(&net, 3, w, NULL, NN_LOSS_SSE), NN_ERR_ARG);
    }
    for (i = 0; i < TL_COUNT(bad_acts); i++)   /* an unknown activation anywhere */
        for (l = 0; l < 3; l++) {
            nn_act a[3];
            memcpy(a, a3, sizeof a);
            a[l] = bad_acts[i];
            CHECK_REFUSED(nn_net_init_layers(&net, 3, w3, a, NN_LOSS_SSE), NN_ERR_ARG);
        }
    for (i = 0; i < TL_COUNT(bad_losses); i++) {
        CHECK_REFUSED(nn_net_init_layers(&net, 3, w3, a3, bad_losses[i]), NN_ERR_ARG);
        CHECK_REFUSED(nn_net_init_layers(&net, 1, w1, NULL, bad_losses[i]), NN_ERR_ARG);
    }
    for (l = 0; l < 2; l++) {   /* softmax before the last layer */
        nn_act a[3] = {NN_ACT_RELU, NN_ACT_RELU, NN_ACT_SOFTMAX};
        a[l] = NN_ACT_SOFTMAX;
        CHECK_REFUSED(nn_net_init_layers(&net, 3, w3, a, NN_LOSS_SSE), NN_ERR_ARG);
        CHECK_REFUSED(nn_net_init_layers(&net, 3, w3, a, NN_LOSS_CE), NN_ERR_ARG);
    }
    for (k = 0; k < NN_ACT_COUNT; k++) {   /* a loss that does not fit the output */
        nn_act a[3] = {NN_ACT_TANH, NN_ACT_RELU, NN_ACT_SIGMOID};
        a[2] = (nn_act)k;
        if (k != NN_ACT_SIGMOID)
            CHECK_REFUSED(nn_net_init_layers(&net, 3, w3, a, NN_LOSS_BCE), NN_ERR_ARG);
        if (k != NN_ACT_SOFTMAX)
            CHECK_REFUSED(nn_net_init_layers(&net, 3, w3, a, NN_LOSS_CE), NN_ERR_ARG);
        if (k != NN_ACT_SIGMOID)
            CHECK_REFUSED(nn_net_init_layers(&net, 1, w1, a + 2, NN_LOSS_BCE), NN_ERR_ARG);
    }
    /* acts NULL means sigmoid: cross-entropy does not fit it */
    CHECK_REFUSED(nn_net_init_layers(&net, 3, w3, NULL, NN_LOSS_CE), NN_ERR_ARG);
    /* sizes beyond size_t: NN_ERR_NOMEM before any allocation */
    {
        size_t big[4] = {SIZE_MAX / 2, 4, 1, 1};
        CHECK_REFUSED(nn_net_init_layers(&net, 3, big, NULL, NN_LOSS_SSE), NN_ERR_NOMEM);
        big[0] = 1; big[1] = SIZE_MAX;                 /* n_out + n_in n_out */
        CHECK_REFUSED(nn_net_init_layers(&net, 3, big, NULL, NN_LOSS_SSE), NN_ERR_NOMEM);
        big[1] = SIZE_MAX / 2;                         /* the second layer's */
        CHECK_REFUSED(nn_net_init_layers(&net, 3, big, NULL, NN_LOSS_SSE), NN_ERR_NOMEM);
        big[1] = SIZE_MAX / 16;                        /* elements fit, bytes not */
        CHECK_REFUSED(nn_net_init_layers(&net, 3, big, NULL, NN_LOSS_SSE), NN_ERR_NOMEM);
    }
    tl_unwatch();
    CHECK(memcmp(&net, &before, sizeof net) == 0);
}

/* ---------------------------------------------------------------------- */
/* nn_net_copy                                                             */

/* dst is a network of src's layers with its own parameters, equal to src's */
static int tl_copy_of(const nn_net *dst, const nn_net *src)
{
    size_t l;
    int ok = dst->n_layers == src->n_layers && dst->n_params == src->n_params &&
             dst->loss == src->loss && dst->n_in == src->n_in &&
             dst->n_out == src->n_out && dst->n_hidden == src->n_hidden &&
             dst->params != src->params && dst->layers != src->layers;
    if (!ok) return 0;
    for (l = 0; l < src->n_layers; l++) {
        const nn_layer *a = &dst->layers[l], *b = &src->layers[l];
        if (a->n_in != b->n_in || a->n_out != b->n_out || a->act != b->act ||
            a->w.data != dst->params + (b->w.data - src->params) ||
            a->b.data != dst->params + (b->b.data - src->params))
            return 0;
    }
    return memcmp(dst->params, src->params, src->n_params * sizeof(nn_real)) == 0 &&
           tl_same_mat(dst->w1, dst->layers[0].w) &&
           tl_same_mat(dst->b2, dst->layers[dst->n_layers - 1].b);
}

static void test_copy(void)
{
    static const size_t wa[] = {3, 5, 4, 2}, wb[] = {3, 6, 2};
    static const nn_act aa[] = {NN_ACT_TANH, NN_ACT_RELU, NN_ACT_SOFTMAX};
    static const nn_act ab[] = {NN_ACT_RELU, NN_ACT_SIGMOID};
    nn_net src, dst, other, zero;
    nn_rng r = nn_rng_seed(21);
    size_t allocs, live = test_mem.live;
    nn_real *p, keep;
    memset(&zero, 0, sizeof zero);
    if (!tl_net(&src, 3, wa, aa, NN_LOSS_CE, &r) ||
        !tl_net(&other, 2, wb, ab, NN_LOSS_BCE, &r))
        return;

    /* a struct never used (garbage bytes): a new network */
    memset(&dst, 0xC3, sizeof dst);
    allocs = test_mem.allocs;
    CHECK_STATUS(nn_net_copy(&dst, &src), NN_OK);
    CHECK(test_mem.allocs == allocs + 1 && test_mem.live == live + 3);
    CHECK(tl_copy_of(&dst, &src));
    /* its own parameters */
    keep = src.params[0];
    src.params[0] = keep + 1;
    CHECK(dst.params[0] == keep);
    src.params[0] = keep;

    /* copying over a network does not read it: the old one lives on, its
       to free (the struct holding a live network's bytes, as a stack slot
       may, is no exception) */
    {
        nn_net old = dst;
        allocs = test_mem.allocs;
        CHECK_STATUS(nn_net_copy(&dst, &other), NN_OK);
        CHECK(test_mem.allocs == allocs + 1 && test_mem.live == live + 4);
        CHECK(tl_copy_of(&dst, &other) && tl_copy_of(&old, &src));
        nn_net_free(&old);
        CHECK(test_mem.live == live + 3);
        old = dst;                                  /* a byte copy of dst */
        CHECK_STATUS(nn_net_copy(&dst, &src), NN_OK);
        CHECK(tl_copy_of(&dst, &src) && tl_copy_of(&old, &other));
        nn_net_free(&old);
    }

    /* parameters in place: the same layers, nothing allocated */
    CHECK_STATUS(nn_net_init_weights(&src, &r, NN_INIT_HE_NORMAL), NN_OK);
    CHECK(memcmp(dst.params, src.params, src.n_params * sizeof(nn_real)) != 0);
    p = dst.params;
    allocs = test_mem.allocs;
    CHECK_STATUS(nn_net_copy_params(&dst, &src), NN_OK);
    CHECK(test_mem.allocs == allocs && dst.params == p);
    CHECK(tl_copy_of(&dst, &src));
    CHECK_STATUS(nn_net_copy_params(&dst, &dst), NN_OK);
    CHECK(tl_copy_of(&dst, &src));

    /* other layers, the same widths with another activation, or another
       loss: NN_ERR_SHAPE, dst untouched */
    tl_watch_net(&dst);
    CHECK_REFUSED(nn_net_copy_params(&dst, &other), NN_ERR_SHAPE);
    tl_unwatch();
    {
        static const nn_act ac[] = {NN_ACT_TANH, NN_ACT_SIGMOID};
        nn_net third, od;
        CHECK_STATUS(nn_net_copy(&od, &other), NN_OK);
        if (tl_net(&third, 2, wb, ac, NN_LOSS_BCE, &r)) {
            tl_watch_net(&od);
            CHECK_REFUSED(nn_net_copy_params(&od, &third), NN_ERR_SHAPE);
            tl_unwatch();
            nn_net_free(&third);
        }
        if (tl_net(&third, 2, wb, ab, NN_LOSS_SSE, &r)) {
            tl_watch_net(&od);
            CHECK_REFUSED(nn_net_copy_params(&od, &third), NN_ERR_SHAPE);
            tl_unwatch();
            nn_net_free(&third);
        }
        nn_net_free(&od);
        CHECK(test_mem.live == live + 3);
    }
    /* into a view, a zeroed or a freed struct: no network to write */
    {
        nn_layer vl[3];
        nn_net v, z;
        memset(&z, 0, sizeof z);
        CHECK_STATUS(nn_net_view(&v, 3, wa, aa, NN_LOSS_CE, src.params, src.n_params, vl),
                     NN_OK);
        CHECK_STATUS(nn_net_copy_params(&v, &dst), NN_ERR_ARG);
        CHECK_STATUS(nn_net_copy_params(&z, &src), NN_ERR_ARG);
        CHECK_STATUS(nn_net_copy_params(NULL, &src), NN_ERR_ARG);
        CHECK_STATUS(nn_net_copy_params(&dst, NULL), NN_ERR_ARG);
        CHECK_STATUS(nn_net_copy_params(&dst, &z), NN_ERR_ARG);
        /* from a view */
        CHECK_STATUS(nn_net_copy_params(&dst, &v), NN_OK);
        CHECK(tl_copy_of(&dst, &src));
    }

    /* a zeroed struct, and one freed */
    {
        nn_net z;
        memset(&z, 0, sizeof z);
        CHECK_STATUS(nn_net_copy(&z, &src), NN_OK);
        CHECK(tl_copy_of(&z, &src));
        nn_net_free(&z);
        CHECK_STATUS(nn_net_copy(&z, &other), NN_OK);
        CHECK(tl_copy_of(&z, &other));
        nn_net_free(&z);
    }
    CHECK(test_mem.live == live + 3);

    /* onto itself: refused, the network would be lost (nothing changes) */
    tl_watch_net(&src);
    CHECK_REFUSED(nn_net_copy(&src, &src), NN_ERR_ARG);
    tl_unwatch();

    /* refused: dst untouched, nothing allocated */
    tl_watch_net(&dst);
    CHECK_REFUSED(nn_net_copy(NULL, &src), NN_ERR_ARG);
    CHECK_REFUSED(nn_net_copy(&dst, NULL), NN_ERR_ARG);
    CHECK_REFUSED(nn_net_copy(&dst, &zero), NN_ERR_ARG);
    {
        nn_net odd = src;   /* no layers, no parameters, no owner: not a network */
        odd.layers = NULL;
        CHECK_REFUSED(nn_net_copy(&dst, &odd), NN_ERR_ARG);
        odd = src; odd.params = NULL;
        CHECK_REFUSED(nn_net_copy(&dst, &odd), NN_ERR_ARG);
        odd = src; odd.n_layers = 0;
        CHECK_REFUSED(nn_net_copy(&dst, &odd), NN_ERR_ARG);
        odd = src; odd.owner_ = 0;
        CHECK_REFUSED(nn_net_copy(&dst, &odd), NN_ERR_ARG);
    }
    tl_unwatch();
    nn_net_free(&dst);

    /* the copy computes what the original does */
    CHECK_STATUS(nn_net_copy(&dst, &src), NN_OK);
    {
        nn_work w1, w2;
        nn_mat x = tl_mat(&r, 4, 3, -1, 1);
        CHECK_STATUS(nn_work_init(&w1, &src, 4), NN_OK);
        CHECK_STATUS(nn_work_init(&w2, &dst, 4), NN_OK);
        CHECK_STATUS(nn_forward(&src, x, &w1), NN_OK);
        CHECK_STATUS(nn_forward(&dst, x, &w2), NN_OK);
        CHECK(memcmp(w1.out.data, w2.out.data, 4 * 2 * sizeof(nn_real)) == 0);
        nn_work_free(&w1);
        nn_work_free(&w2);
        free(x.data);
    }
    nn_net_free(&src);
    nn_net_free(&dst);
    nn_net_free(&other);
    CHECK(test_mem.live == live);
    /* a freed network is no source */
    CHECK_STATUS(nn_net_copy(&dst, &src), NN_ERR_ARG);
    CHECK(dst.params == NULL);
}

/* ---------------------------------------------------------------------- */
/* nn_work_init on deep networks                                           */

static void test_work_layout(void)
{
    static const size_t w3[] = {5, 7, 4, 2}, w1[] = {6, 3};
    nn_net net;
    nn_work w;
    size_t l;
    int ok = 1;
    CHECK_STATUS(nn_net_init_layers(&net, 3, w3, NULL, NN_LOSS_SSE), NN_OK);
    CHECK_STATUS(nn_work_init(&w, &net, 9), NN_OK);
    CHECK(w.n_layers == 3 && w.capacity == 9 && w.grad != NULL);
    for (l = 0; l < 3; l++) {
        /* dw and db laid out in grad as w and b are in params */
        if (!tl_same_mat(w.dw[l], nn_mat_view(w.grad + (net.layers[l].w.data - net.params),
                                              w3[l], w3[l + 1])) ||
            !tl_same_mat(w.db[l], nn_mat_view(w.grad + (net.layers[l].b.data - net.params),
                                              1, w3[l + 1])))
            ok = 0;
        /* outputs get their rows from the forward pass */
        if (w.outs[l].rows != 0 || w.outs[l].cols != w3[l + 1] || !w.outs[l].data) ok = 0;
    }
    CHECK(ok);
    CHECK(w.hidden.data == w.outs[0].data && w.hidden.cols == 7);
    CHECK(w.out.data == w.outs[2].data && w.out.cols == 2);
    {
        nn_rng r = nn_rng_seed(3);
        nn_mat x = tl_mat(&r, 6, 5, -1, 1);
        CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
        for (l = 0; l < 3; l++) CHECK(w.outs[l].rows == 6);
        CHECK(w.hidden.rows == 6 && w.out.rows == 6);
        free(x.data);
    }
    nn_work_free(&w);
    nn_net_free(&net);
    /* one layer: no hidden layer */
    CHECK_STATUS(nn_net_init_layers(&net, 1, w1, NULL, NN_LOSS_SSE), NN_OK);
    CHECK_STATUS(nn_work_init(&w, &net, 2), NN_OK);
    CHECK(w.n_layers == 1 && w.hidden.data == NULL && w.hidden.rows == 0 &&
          w.hidden.cols == 0);
    CHECK(w.out.data == w.outs[0].data && w.out.cols == 3);
    CHECK(tl_same_mat(w.dw[0], nn_mat_view(w.grad, 6, 3)) &&
          tl_same_mat(w.db[0], nn_mat_view(w.grad + 18, 1, 3)));
    {
        nn_real xs[2 * 6] = {0};
        CHECK_STATUS(nn_forward(&net, nn_mat_view(xs, 2, 6), &w), NN_OK);
        CHECK(w.out.rows == 2 && w.hidden.rows == 0);
    }
    nn_work_free(&w);
    nn_net_free(&net);
}

/* ---------------------------------------------------------------------- */
/* initial weights and the normal draw                                     */

/* mean and standard deviation of n values */
static void tl_stats(const nn_real *v, size_t n, double *mean, double *sd)
{
    double s = 0, q = 0;
    size_t i;
    for (i = 0; i < n; i++) s += (double)v[i];
    s /= (double)n;
    for (i = 0; i < n; i++) q += ((double)v[i] - s) * ((double)v[i] - s);
    *mean = s;
    *sd = sqrt(q / (double)(n - 1));
}

/* The sample mean and standard deviation of n draws of a law of standard
   deviation sd and kurtosis kurt lie within 6 standard errors of 0 and sd:
   far enough that any seed passes, near enough to tell a wrong scale. */
static int tl_law(const nn_real *v, size_t n, double sd, double kurt)
{
    double m, s;
    tl_stats(v, n, &m, &s);
    return fabs(m) <= 6 * sd / sqrt((double)n) &&
           fabs(s - sd) <= 6 * sd * sqrt((kurt - 1) / (4 * (double)n));
}

static void test_init_weights(void)
{
    static const size_t wd[] = {64, 128, 96, 32};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_LINEAR};
    const nn_init bad_kinds[] = TL_BAD_INITS;
    nn_net net, zero;
    int kind;
    size_t l, i;
    memset(&zero, 0, sizeof zero);
    CHECK_STATUS(nn_net_init_layers(&net, 3, wd, acts, NN_LOSS_SSE), NN_OK);
    for (kind = 0; kind < NN_INIT_COUNT; kind++) {
        nn_rng r = nn_rng_seed(1234), copy = r;
        nn_real *first = (nn_real *)malloc(net.n_params * sizeof(nn_real));
        int bounded = 1, law = 1, reach = 1, order = 1, biases = 1;
        for (l = 0; l < 3; l++) nn_mat_fill(net.layers[l].b, 7);
        CHECK_STATUS(nn_net_init_weights(&net, &r, (nn_init)kind), NN_OK);
        for (l = 0; l < 3; l++) {
            const nn_layer *y = &net.layers[l];
            double fi = (double)y->n_in, fo = (double)y->n_out, a, sd;
            size_t n = y->n_in * y->n_out;
            nn_real big = 0;
            for (i = 0; i < y->n_out; i++) biases &= y->b.data[i] == 0;
            if (kind == NN_INIT_HE_NORMAL) {
                sd = sqrt(2 / fi);
                law &= tl_law(y->w.data, n, sd, 3);
                /* in params order, from the same stream */
                for (i = 0; i < n; i++)
                    order &= y->w.data[i] == (nn_real)(sd * (double)nn_rng_normal(&copy));
                for (i = 0; i < n; i++) bounded &= fabs((double)y->w.data[i]) < 8 * sd;
                continue;
            }
            a = kind == NN_INIT_GLOROT_UNIFORM ? sqrt(6 / (fi + fo)) : sqrt(6 / fi);
            law &= tl_law(y->w.data, n, a / sqrt(3.0), 1.8);
            for (i = 0; i < n; i++) {
                nn_real v = y->w.data[i];
                bounded &= v >= -(nn_real)a && v < (nn_real)a;
                big = v > big ? v : -v > big ? -v : big;
            }
            reach &= (double)big > 0.99 * a;   /* the draws fill the range */
            {   /* in params order: the draws nn_mat_rand makes from the same stream */
                nn_mat m = nn_mat_view((nn_real *)malloc(n * sizeof(nn_real)), y->n_in,
                                       y->n_out);
                nn_mat_rand(m, &copy, -(nn_real)a, (nn_real)a);
                order &= memcmp(m.data, y->w.data, n * sizeof(nn_real)) == 0;
                free(m.data);
            }
        }
        CHECK(bounded);
        CHECK(law);
        CHECK(reach);
        CHECK(order);
        CHECK(biases);
        /* the same seed, the same weights; another seed, others */
        memcpy(first, net.params, net.n_params * sizeof(nn_real));
        r = nn_rng_seed(1234);
        CHECK_STATUS(nn_net_init_weights(&net, &r, (nn_init)kind), NN_OK);
        CHECK(memcmp(first, net.params, net.n_params * sizeof(nn_real)) == 0);
        r = nn_rng_seed(1235);
        CHECK_STATUS(nn_net_init_weights(&net, &r, (nn_init)kind), NN_OK);
        CHECK(memcmp(first, net.params, net.n_params * sizeof(nn_real)) != 0);
        free(first);
    }
    /* the two uniform laws differ by their scale only */
    {
        nn_rng r1 = nn_rng_seed(5), r2 = nn_rng_seed(5);
        nn_net he;
        CHECK_STATUS(nn_net_init_layers(&he, 3, wd, acts, NN_LOSS_SSE), NN_OK);
        CHECK_STATUS(nn_net_init_weights(&net, &r1, NN_INIT_GLOROT_UNIFORM), NN_OK);
        CHECK_STATUS(nn_net_init_weights(&he, &r2, NN_INIT_HE_UNIFORM), NN_OK);
        CHECK(r1.state == r2.state);   /* one draw per weight, no more */
        CHECK(fabs((double)he.params[0]) > fabs((double)net.params[0]));
        nn_net_free(&he);
    }

    /* refused: nothing written, the generator not advanced */
    {
        nn_rng r = nn_rng_seed(9);
        tl_watch_net(&net);
        tl_watch(&r, sizeof r);
        CHECK_REFUSED(nn_net_init_weights(NULL, &r, NN_INIT_HE_UNIFORM), NN_ERR_ARG);
        CHECK_REFUSED(nn_net_init_weights(&zero, &r, NN_INIT_HE_UNIFORM), NN_ERR_ARG);
        CHECK_REFUSED(nn_net_init_weights(&net, NULL, NN_INIT_HE_UNIFORM), NN_ERR_ARG);
        for (i = 0; i < TL_COUNT(bad_kinds); i++)
            CHECK_REFUSED(nn_net_init_weights(&net, &r, bad_kinds[i]), NN_ERR_ARG);
        tl_unwatch();
    }
    nn_net_free(&net);
    {   /* a freed network */
        nn_rng r = nn_rng_seed(9);
        CHECK_STATUS(nn_net_init_weights(&net, &r, NN_INIT_HE_UNIFORM), NN_ERR_ARG);
        CHECK(r.state == 9);
    }
}

static void test_rng_normal(void)
{
    const size_t n = 200000;
    nn_real *v = (nn_real *)malloc(n * sizeof(nn_real));
    nn_rng r = nn_rng_seed(77), again = nn_rng_seed(77);
    size_t i, within1 = 0, beyond3 = 0;
    int same = 1, finite = 1;
    double p1 = 0.6826894921370859, p3 = 0.0026997960632601866;
    for (i = 0; i < n; i++) {
        v[i] = nn_rng_normal(&r);
        finite &= fabs((double)v[i]) < 10;   /* 10 sd: never, for any seed */
        within1 += fabs((double)v[i]) < 1;
        beyond3 += fabs((double)v[i]) > 3;
    }
    CHECK(finite);
    CHECK(tl_law(v, n, 1, 3));
    /* the shape: the share within 1 and beyond 3, within 6 standard errors */
    CHECK_NEAR((double)within1 / (double)n, p1, 6 * sqrt(p1 * (1 - p1) / (double)n));
    CHECK_NEAR((double)beyond3 / (double)n, p3, 6 * sqrt(p3 * (1 - p3) / (double)n));
    /* the same seed, the same draws */
    for (i = 0; i < 1000; i++) same &= nn_rng_normal(&again) == v[i];
    CHECK(same);
    CHECK(nn_rng_normal(NULL) == 0);
    free(v);
}

/* ---------------------------------------------------------------------- */
/* activations                                                             */

/* x's place among the values of nn_real in order (both zeros at 0): the
   distance in ulps of two values is the difference of their places */
static int64_t tl_place(nn_real x)
{
    if (IS_FLOAT) {
        float f = (float)x;
        int32_t b;
        memcpy(&b, &f, sizeof b);
        return b < 0 ? -(int64_t)(b & INT32_MAX) : (int64_t)b;
    } else {
        double d = (double)x;
        int64_t b;
        memcpy(&b, &d, sizeof b);
        return b < 0 ? -(b & INT64_MAX) : b;
    }
}

static double tl_ulps(nn_real a, nn_real b)
{
    int64_t d = tl_place(a) - tl_place(b);
    return (double)(d < 0 ? -d : d);
}

/* the non-negative value at place k */
static nn_real tl_at_place(int64_t k)
{
    if (IS_FLOAT) {
        int32_t b = (int32_t)k;
        float f;
        memcpy(&f, &b, sizeof f);
        return (nn_real)f;
    } else {
        double d;
        memcpy(&d, &k, sizeof d);
        return (nn_real)d;
    }
}

/* tanh against libm's, rounded to nn_real, over a dense sweep of [0, 25]
   by bit patterns (every binade from the smallest subnormal up), then
   every power of two to the largest value; -x gives -tanh x exactly */
static void test_tanh(void)
{
    enum { B = 1024 };
    nn_real x[B], y[B], ny[B];
    int64_t top = tl_place(25), k = 0, step = top / 400000 + 1;
    double worst = 0;
    long n = 0, bad = 0;
    while (k <= top) {
        size_t m = 0, i;
        for (; m < B && k <= top; m++, k += step) x[m] = tl_at_place(k);
        for (i = 0; i < m; i++) { y[i] = x[i]; ny[i] = -x[i]; }
        CHECK_STATUS(nn_mat_activate(nn_mat_view(y, 1, m), NN_ACT_TANH), NN_OK);
        CHECK_STATUS(nn_mat_activate(nn_mat_view(ny, m, 1), NN_ACT_TANH), NN_OK);
        for (i = 0; i < m; i++) {
            nn_real want = (nn_real)tanh((double)x[i]);
            worst = tl_worse(worst, tl_ulps(y[i], want));
            if (!(y[i] >= 0 && y[i] <= 1) || tl_place(ny[i]) != -tl_place(y[i])) bad++;
            n++;
        }
    }
    printf("tanh: %ld points, worst %.0f ulp\n", n, worst);
    CHECK(n > 300000);
    CHECK(worst <= 4);
    CHECK(bad == 0);
    /* the sign of zero is kept, as libm's tanh keeps it */
    {
        nn_real v[2] = {0, 0}, pz = 0, nz = -pz;
        v[1] = nz;
        CHECK_STATUS(nn_mat_activate(nn_mat_view(v, 1, 2), NN_ACT_TANH), NN_OK);
        CHECK(memcmp(&v[0], &pz, sizeof pz) == 0);
        CHECK(memcmp(&v[1], &nz, sizeof nz) == 0);
    }
    /* past 20 every value is +-1, up to the largest */
    {
        nn_real v[2];
        int ones = 1;
        volatile nn_real p = 32;
        for (; p < tl_max() / 2; p = p * 2) {
            v[0] = p; v[1] = -p;
            nn_mat_activate(nn_mat_view(v, 1, 2), NN_ACT_TANH);
            ones &= v[0] == 1 && v[1] == -1;
        }
        v[0] = tl_max(); v[1] = -tl_max();
        nn_mat_activate(nn_mat_view(v, 1, 2), NN_ACT_TANH);
        ones &= v[0] == 1 && v[1] == -1;
        v[0] = tl_inf(); v[1] = -tl_inf();
        nn_mat_activate(nn_mat_view(v, 1, 2), NN_ACT_TANH);
        ones &= v[0] == 1 && v[1] == -1;
        CHECK(ones);
    }
}

/* softmax rows (N,C) against a double reference: each element within a
   few roundings, each row summing to 1; returns the failures */
static long tl_softmax_check(const nn_real *z, size_t N, size_t C)
{
    nn_real *s = (nn_real *)malloc(N * C * sizeof(nn_real));
    const double tiny = (IS_FLOAT ? FLT_MIN : DBL_MIN) * EPS;   /* the smallest subnormal */
    size_t i, j;
    long bad = 0;
    memcpy(s, z, N * C * sizeof(nn_real));
    CHECK_STATUS(nn_mat_activate(nn_mat_view(s, N, C), NN_ACT_SOFTMAX), NN_OK);
    for (i = 0; i < N; i++) {
        double mx = (double)z[i * C], sum = 0, got = 0;
        for (j = 1; j < C; j++) mx = fmax(mx, (double)z[i * C + j]);
        for (j = 0; j < C; j++) sum += exp((double)z[i * C + j] - mx);
        for (j = 0; j < C; j++) {
            double want = exp((double)z[i * C + j] - mx) / sum, v = (double)s[i * C + j];
            /* z - max rounds to nn_real first: |z - max| eps more */
            double d = mx - (double)z[i * C + j];
            if (!(fabs(v - want) <= ((double)(C + 4) + d) * EPS * want + 4 * tiny) ||
                !(v >= 0 && v <= 1))
                bad++;
            got += v;
        }
        if (!(fabs(got - 1) <= (double)(C + 1) * EPS)) bad++;
    }
    free(s);
    return bad;
}

static void test_softmax(void)
{
    static const double scales[] = {1, 20, 300, 1000};
    nn_rng r = nn_rng_seed(31);
    long bad = 0;
    int t;
    for (t = 0; t < 400; t++) {
        size_t C = 1 + (size_t)t % 13, N = 1 + (size_t)t % 4;
        double sc = scales[t % 4];
        nn_mat z = tl_mat(&r, N, C, -sc, sc);
        bad += tl_softmax_check(z.data, N, C);
        free(z.data);
    }
    CHECK(bad == 0);
    /* logits of +-1000: nothing overflows, the rows still sum to 1 */
    {
        nn_real z[5 * 4] = {1000, -1000, 0, 999,   -1000, -1000, -1000, -1000,
                            1000, 1000, 1000, 1000, -1000, 1000, -999, 998,
                            0, 0, 0, 0};
        nn_real s[5 * 4];
        CHECK(tl_softmax_check(z, 5, 4) == 0);
        memcpy(s, z, sizeof s);
        CHECK_STATUS(nn_mat_activate(nn_mat_view(s, 5, 4), NN_ACT_SOFTMAX), NN_OK);
        CHECK(s[1] == 0 && s[2] == 0 && s[0] > s[3] && s[3] > 0);
        CHECK(s[4] == (nn_real)0.25 && s[7] == (nn_real)0.25);
        CHECK(s[8] == (nn_real)0.25 && s[11] == (nn_real)0.25);
        CHECK(s[12] == 0 && s[14] == 0 && s[13] > s[15] && s[15] > 0);
        CHECK(s[16] == (nn_real)0.25);
    }
    /* one column: 1 whatever the logit; shifting a row changes nothing
       beyond rounding */
    {
        nn_real one[3] = {-1000, 0, 5}, a[6] = {1, 2, 3, 1001, 1002, 1003};
        CHECK_STATUS(nn_mat_activate(nn_mat_view(one, 3, 1), NN_ACT_SOFTMAX), NN_OK);
        CHECK(one[0] == 1 && one[1] == 1 && one[2] == 1);
        CHECK_STATUS(nn_mat_activate(nn_mat_view(a, 2, 3), NN_ACT_SOFTMAX), NN_OK);
        CHECK_NEAR(a[0], a[3], 4 * EPS);
        CHECK_NEAR(a[2], a[5], 4 * EPS);
        CHECK(a[0] < a[1] && a[1] < a[2]);
    }
    /* NaN in a row makes that row NaN and no other; -inf is a 0 */
    {
        nn_real z[3 * 3] = {1, 0, 2, 3, 4, 5, 0, 0, 0};
        z[1] = tl_nan();
        z[6] = -tl_inf();
        CHECK_STATUS(nn_mat_activate(nn_mat_view(z, 3, 3), NN_ACT_SOFTMAX), NN_OK);
        CHECK(tl_isnan(z[0]) && tl_isnan(z[1]) && tl_isnan(z[2]));
        CHECK(z[3] > 0 && z[4] > z[3] && z[5] > z[4] && z[5] < 1);
        CHECK(z[6] == 0 && z[7] == (nn_real)0.5 && z[8] == (nn_real)0.5);
    }
}

/* the elementwise ones: values, NaN, infinities; and the refused calls */
static void test_activate(void)
{
    const nn_act bad_acts[] = TL_BAD_ACTS;
    nn_real nan = tl_nan(), inf = tl_inf();
    size_t i;
    int k;
    /* sigmoid is nn_sigmoid, bit for bit */
    {
        nn_real v[7] = {0, 1, -1, (nn_real)0.3, -30, 50, (nn_real)-1e-3};
        nn_real s[7];
        int same = 1;
        memcpy(s, v, sizeof s);
        CHECK_STATUS(nn_mat_activate(nn_mat_view(s, 7, 1), NN_ACT_SIGMOID), NN_OK);
        for (i = 0; i < 7; i++) same &= s[i] == nn_sigmoid(v[i]);
        CHECK(same);
        nn_mat_sigmoid(nn_mat_view(v, 1, 7));
        CHECK(memcmp(v, s, sizeof s) == 0);
    }
    /* relu and linear */
    {
        nn_real v[6] = {-3, (nn_real)2.5, 0, (nn_real)-1e-30, 0, 0}, w[6];
        v[4] = inf; v[5] = -inf;
        memcpy(w, v, sizeof w);
        CHECK_STATUS(nn_mat_activate(nn_mat_view(v, 2, 3), NN_ACT_RELU), NN_OK);
        CHECK(v[0] == 0 && v[1] == (nn_real)2.5 && v[2] == 0 && v[3] == 0);
        CHECK(v[4] == inf && v[5] == 0);
        memcpy(v, w, sizeof v);
        CHECK_STATUS(nn_mat_activate(nn_mat_view(v, 3, 2), NN_ACT_LINEAR), NN_OK);
        CHECK(memcmp(v, w, sizeof v) == 0);
    }
    /* NaN stays NaN through every activation, and its neighbours do not
       turn NaN (softmax: its row only) */
    for (k = 0; k < NN_ACT_COUNT; k++) {
        nn_real v[2 * 2] = {0, (nn_real)0.5, (nn_real)-0.5, 2};
        v[0] = nan;
        CHECK_STATUS(nn_mat_activate(nn_mat_view(v, 2, 2), (nn_act)k), NN_OK);
        CHECK(tl_isnan(v[0]));
        CHECK(!tl_isnan(v[2]) && !tl_isnan(v[3]));
        if (k != NN_ACT_SOFTMAX) CHECK(!tl_isnan(v[1]));
    }
    /* refused: unknown activation, no data, a view beyond size_t */
    {
        nn_real v[4] = {1, 2, 3, 4};
        tl_watch(v, sizeof v);
        for (i = 0; i < TL_COUNT(bad_acts); i++)
            CHECK_REFUSED(nn_mat_activate(nn_mat_view(v, 2, 2), bad_acts[i]), NN_ERR_ARG);
        for (k = 0; k < NN_ACT_COUNT; k++) {
            CHECK_REFUSED(nn_mat_activate(nn_mat_view(NULL, 2, 2), (nn_act)k), NN_ERR_ARG);
            CHECK_REFUSED(nn_mat_activate(nn_mat_view(v, SIZE_MAX / 2, 4), (nn_act)k),
                          NN_ERR_ARG);
            /* nothing to do is fine */
            CHECK_REFUSED(nn_mat_activate(nn_mat_view(NULL, 0, 3), (nn_act)k), NN_OK);
            CHECK_REFUSED(nn_mat_activate(nn_mat_view(NULL, 3, 0), (nn_act)k), NN_OK);
        }
        tl_unwatch();
    }
}

/* ---------------------------------------------------------------------- */
/* prediction                                                              */

static int tl_fits(nn_loss l, nn_act out)
{
    return l == NN_LOSS_SSE || (l == NN_LOSS_BCE && out == NN_ACT_SIGMOID) ||
           (l == NN_LOSS_CE && out == NN_ACT_SOFTMAX);
}

/* 2 N times the widest hidden layer */
static size_t tl_scratch(const size_t *widths, size_t L, size_t N)
{
    size_t l, m = 0;
    for (l = 1; l < L; l++) m = widths[l] > m ? widths[l] : m;
    return 2 * N * m;
}

/* the batch for a size class: the tiny path, the blocked gemm, the small
   gemm (widths of the tiny path, a batch above NN__TINY) */
static size_t tl_batch(int size) { return size == 1 ? 40 : size == 2 ? 24 : 5; }

/* A random network: depth L, output activation `last`, loss; hidden
   activations drawn from the elementwise ones; widths up to 8 (size 0 and
   2) or from 17 to 46 (size 1), for the batches of tl_batch. */
static int tl_random_net(nn_net *net, nn_rng *r, size_t L, int last, int loss, int size,
                         size_t *widths)
{
    nn_act acts[4];
    size_t l;
    for (l = 0; l <= L; l++)
        widths[l] = size == 1 ? 17 + (size_t)(nn_rng_next(r) % 30)
                              : 1 + (size_t)(nn_rng_next(r) % 8);
    for (l = 0; l + 1 < L; l++) {   /* any elementwise one: not softmax */
        int k = (int)(nn_rng_next(r) % (NN_ACT_COUNT - 1));
        acts[l] = (nn_act)(k < NN_ACT_SOFTMAX ? k : k + 1);
    }
    acts[L - 1] = (nn_act)last;
    return tl_net(net, L, widths, acts, (nn_loss)loss, r);
}

/* nn_predict gives nn_forward's out bit for bit, for every output
   activation and loss (BCE and CE keep the logits), depths 1 to 3, on the
   tiny path, the small gemm and the blocked one; with the caller's
   scratch (nothing allocated)
   and without (one allocation, freed); the network untouched */
static void test_predict(void)
{
    nn_rng r = nn_rng_seed(55);
    int last, loss, size, tiny = 0, gemm = 0, same_s = 1, same_n = 1, allocs_ok = 1;
    size_t L;
    for (L = 1; L <= 3; L++)
        for (last = 0; last < NN_ACT_COUNT; last++)
            for (loss = 0; loss < NN_LOSS_COUNT; loss++)
                for (size = 0; size < 3; size++) {
                    size_t widths[4], N = tl_batch(size), need = 7, allocs, live, O, i;
                    nn_net net;
                    nn_work w;
                    nn_mat x, yh;
                    nn_real *scratch;
                    int nonzero = 0;
                    if (!tl_fits((nn_loss)loss, (nn_act)last)) continue;
                    if (!tl_random_net(&net, &r, L, last, loss, size, widths)) continue;
                    O = widths[L];
                    if (nn__tiny(&net, N)) tiny++; else gemm++;
                    CHECK_STATUS(nn_work_init(&w, &net, N), NN_OK);
                    x = tl_mat(&r, N, widths[0], -2, 2);
                    yh = tl_mat(&r, N, O, 0, 0);
                    CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
                    for (i = 0; i < N * O; i++) nonzero += w.out.data[i] != 0;
                    CHECK(nonzero > 0);
                    CHECK_STATUS(nn_predict_scratch(&net, N, &need), NN_OK);
                    CHECK(need == tl_scratch(widths, L, N));
                    scratch = (nn_real *)malloc((need + 1) * sizeof(nn_real));
                    tl_watch_net(&net);
                    tl_watch(x.data, N * widths[0] * sizeof(nn_real));
                    allocs = test_mem.allocs;
                    live = test_mem.live;
                    memset(yh.data, 0xFF, N * O * sizeof(nn_real));   /* NaN */
                    CHECK_STATUS(nn_predict(&net, x, yh, scratch, need), NN_OK);
                    same_s &= memcmp(yh.data, w.out.data, N * O * sizeof(nn_real)) == 0;
                    allocs_ok &= test_mem.allocs == allocs;
                    memset(yh.data, 0xFF, N * O * sizeof(nn_real));
                    CHECK_STATUS(nn_predict(&net, x, yh, NULL, 0), NN_OK);
                    same_n &= memcmp(yh.data, w.out.data, N * O * sizeof(nn_real)) == 0;
                    allocs_ok &= test_mem.allocs == allocs + (need ? 1 : 0) && test_mem.live == live;
                    CHECK(tl_watched_bytes());
                    tl_unwatch();
                    free(scratch);
                    free(x.data);
                    free(yh.data);
                    nn_work_free(&w);
                    nn_net_free(&net);
                }
    CHECK(same_s);
    CHECK(same_n);
    CHECK(allocs_ok);
    CHECK(tiny >= 10 && gemm >= 10);
}

/* a view of const data: the same pointer, read by prediction, forward and
   training as a copy in writable memory is (xs lies in read-only memory: a
   write through the view would crash) */
static void test_mat_cview(void)
{
    static const nn_real xs[12] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
    static const nn_real ys[4] = {0, 1, 1, 0};
    nn_real xw[12], yw[4], yh[4], scratch[NN_PREDICT_SCRATCH(4, 4)];
    nn_mat x = nn_mat_cview(xs, 4, 3), y = nn_mat_cview(ys, 4, 1);
    nn_net a, b;
    nn_work wa, wb;
    nn_rng ra = nn_rng_seed(8), rb = nn_rng_seed(8);
    nn_real la = 0, lb = 0;
    size_t allocs;
    CHECK(x.rows == 4 && x.cols == 3 && (const nn_real *)x.data == xs);
    CHECK(y.rows == 4 && y.cols == 1 && (const nn_real *)y.data == ys);
    memcpy(xw, xs, sizeof xw);
    memcpy(yw, ys, sizeof yw);
    CHECK_STATUS(nn_net_init(&a, 3, 4, 1), NN_OK);
    nn_net_randomize(&a, &ra, 0, 1);
    CHECK_STATUS(nn_net_init(&b, 3, 4, 1), NN_OK);
    nn_net_randomize(&b, &rb, 0, 1);
    CHECK_STATUS(nn_work_init(&wa, &a, 4), NN_OK);
    CHECK_STATUS(nn_work_init(&wb, &b, 4), NN_OK);
    allocs = test_mem.allocs;
    CHECK_STATUS(nn_predict(&a, x, nn_mat_view(yh, 4, 1), scratch,
                            sizeof scratch / sizeof scratch[0]), NN_OK);
    CHECK(test_mem.allocs == allocs);
    CHECK_STATUS(nn_forward(&a, nn_mat_view(xw, 4, 3), &wa), NN_OK);
    CHECK(memcmp(yh, wa.out.data, sizeof yh) == 0);
    CHECK_STATUS(nn_train_step(&a, x, y, 1, &wa, &la), NN_OK);
    CHECK_STATUS(nn_train_step(&b, nn_mat_view(xw, 4, 3), nn_mat_view(yw, 4, 1), 1, &wb, &lb),
                 NN_OK);
    CHECK(memcmp(&la, &lb, sizeof la) == 0 && la > 0);
    CHECK(memcmp(a.params, b.params, a.n_params * sizeof(nn_real)) == 0);
    CHECK(memcmp(xw, xs, sizeof xw) == 0 && memcmp(yw, ys, sizeof yw) == 0);
    nn_work_free(&wa);
    nn_work_free(&wb);
    nn_net_free(&a);
    nn_net_free(&b);
}

static void test_predict_errors(void)
{
    static const size_t wd[] = {4, 6, 9, 3}, w1[] = {4, 3};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_SOFTMAX};
    const size_t N = 5;
    nn_net net, one, zero;
    nn_rng r = nn_rng_seed(8);
    size_t need = 0, n = 12345;
    /* one buffer: scratch room at [0, 90), x (5,4) at 100, yhat (5,3) at
       130, so that overlaps can be made */
    nn_mat buf = tl_mat(&r, 1, 300, -1, 1);
    nn_real *b = buf.data;
    nn_mat x = nn_mat_view(b + 100, N, 4), yh = nn_mat_view(b + 130, N, 3);
    memset(&zero, 0, sizeof zero);
    if (!tl_net(&net, 3, wd, acts, NN_LOSS_CE, &r) ||
        !tl_net(&one, 1, w1, NULL, NN_LOSS_SSE, &r))
        return;
    CHECK_STATUS(nn_predict_scratch(&net, N, &need), NN_OK);
    CHECK(need == 2 * N * 9);
    CHECK_STATUS(nn_predict_scratch(&one, SIZE_MAX, &n), NN_OK);   /* one layer: none */
    CHECK(n == 0);

    n = 12345;
    tl_watch(&n, sizeof n);
    CHECK_REFUSED(nn_predict_scratch(NULL, N, &n), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict_scratch(&zero, N, &n), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict_scratch(&net, N, NULL), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict_scratch(&net, SIZE_MAX, &n), NN_ERR_NOMEM);
    CHECK_REFUSED(nn_predict_scratch(&net, SIZE_MAX / 2 / sizeof(nn_real) / 9 + 1, &n),
                  NN_ERR_NOMEM);
    tl_unwatch();

    tl_watch_net(&net);
    tl_watch(b, 300 * sizeof(nn_real));
    CHECK_REFUSED(nn_predict(NULL, x, yh, b, need), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&zero, x, yh, b, need), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&net, nn_mat_view(NULL, N, 4), yh, b, need), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&net, x, nn_mat_view(NULL, N, 3), b, need), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&net, x, yh, NULL, need), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&net, x, yh, b, need - 1), NN_ERR_ARG);   /* too small */
    CHECK_REFUSED(nn_predict(&net, x, yh, b, 0), NN_ERR_ARG);
    /* shapes */
    CHECK_REFUSED(nn_predict(&net, nn_mat_view(b + 100, N, 3), yh, b, need), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_predict(&net, x, nn_mat_view(b + 130, N - 1, 3), b, need), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_predict(&net, x, nn_mat_view(b + 130, N, 2), b, need), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_predict(&net, x, nn_mat_view(b + 130, 3, 5), b, need), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_predict(&one, x, nn_mat_view(b + 130, N, 4), NULL, 0), NN_ERR_SHAPE);
    /* overlaps: yhat on x, scratch on x, scratch on yhat */
    CHECK_REFUSED(nn_predict(&net, x, nn_mat_view(b + 119, N, 3), b, need), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&net, x, nn_mat_view(b + 85, N, 3), b, need), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&net, x, nn_mat_view(b + 100, N, 3), NULL, 0), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&net, x, yh, b + 11, need), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&net, x, yh, b + 144, need), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&net, x, yh, b + 120, need), NN_ERR_ARG);
    CHECK_REFUSED(nn_predict(&one, x, nn_mat_view(b + 117, N, 3), NULL, 0), NN_ERR_ARG);
    /* no rows: nothing to do, nothing written */
    CHECK_REFUSED(nn_predict(&net, nn_mat_view(NULL, 0, 4), nn_mat_view(NULL, 0, 3), NULL, 0),
                  NN_OK);
    CHECK_REFUSED(nn_predict(&net, nn_mat_view(b + 100, 0, 4), nn_mat_view(b + 130, 0, 3),
                             b, 0), NN_OK);
    tl_unwatch();

    /* room to spare is fine, and a scratch right after x and yhat */
    {
        nn_real want[5 * 3];
        CHECK_STATUS(nn_predict(&net, x, yh, b, 100), NN_OK);
        memcpy(want, yh.data, sizeof want);
        CHECK_STATUS(nn_predict(&net, x, yh, b + 145, need), NN_OK);
        CHECK(memcmp(want, yh.data, sizeof want) == 0);
        /* and one layer needs no scratch at all */
        tl_watch(&test_mem.allocs, 0);
        CHECK_REFUSED(nn_predict(&one, x, yh, NULL, 0), NN_OK);
        tl_unwatch();
    }
    free(b);
    nn_net_free(&net);
    nn_net_free(&one);
}

/* ---------------------------------------------------------------------- */
/* losses                                                                  */

/* the output layer's pre-activations z of net on x: the same network with
   a linear last layer */
static nn_mat tl_logits(const nn_net *net, nn_mat x)
{
    nn_net lin;
    nn_work w;
    nn_act acts[4];
    size_t widths[5], l, L = net->n_layers;
    nn_mat z = nn_mat_view((nn_real *)malloc((x.rows * net->n_out + 1) * sizeof(nn_real)),
                           x.rows, net->n_out);
    for (l = 0; l < L; l++) {
        widths[l] = net->layers[l].n_in;
        acts[l] = net->layers[l].act;
    }
    widths[L] = net->n_out;
    acts[L - 1] = NN_ACT_LINEAR;
    CHECK_STATUS(nn_net_init_layers(&lin, L, widths, acts, NN_LOSS_SSE), NN_OK);
    memcpy(lin.params, net->params, net->n_params * sizeof(nn_real));
    CHECK_STATUS(nn_work_init(&w, &lin, x.rows), NN_OK);
    CHECK_STATUS(nn_forward(&lin, x, &w), NN_OK);
    memcpy(z.data, w.out.data, x.rows * net->n_out * sizeof(nn_real));
    nn_work_free(&w);
    nn_net_free(&lin);
    return z;
}

/* the loss of yhat = f(z) against y, in long double; *mag gets the sum of
   the magnitudes of what was added */
static long double tl_ref_loss(nn_loss loss, nn_mat yh, nn_mat z, nn_mat y, long double *mag)
{
    size_t i, j, N = y.rows, O = y.cols;
    long double L = 0, m = 0;
    for (i = 0; i < N; i++) {
        long double mx = NN_AT(z, i, 0), sum = 0, lse;
        for (j = 1; j < O; j++) mx = NN_AT(z, i, j) > mx ? NN_AT(z, i, j) : mx;
        for (j = 0; j < O; j++) sum += expl((long double)NN_AT(z, i, j) - mx);
        lse = mx + logl(sum);
        for (j = 0; j < O; j++) {
            long double zz = NN_AT(z, i, j), t = NN_AT(y, i, j), e;
            if (loss == NN_LOSS_SSE) {
                e = t - (long double)NN_AT(yh, i, j);
                e *= e;
                m += e;
            } else if (loss == NN_LOSS_BCE) {
                e = log1pl(expl(-fabsl(zz))) + (zz > 0 ? zz : 0) - zz * t;
                m += fabsl(zz) + fabsl(zz * t) + 1;
            } else {
                e = t * (lse - zz);
                m += fabsl(t) * (fabsl(lse) + fabsl(zz));
            }
            L += e;
        }
    }
    *mag = m;
    return L;
}

/* nn_net_loss after nn_forward: the loss nn_train_step reports before its
   update, bit for bit, for every loss and output; nn_loss_sse's for the sum
   of squares; and a long double reference's within the rounding of the sum */
static void test_net_loss(void)
{
    nn_rng r = nn_rng_seed(66);
    int last, loss, size, same_step = 1, same_sse = 1, near_ref = 1;
    size_t L;
    for (L = 1; L <= 3; L++)
        for (last = 0; last < NN_ACT_COUNT; last++)
            for (loss = 0; loss < NN_LOSS_COUNT; loss++)
                for (size = 0; size < 3; size++) {
                    size_t widths[4], N = tl_batch(size), O;
                    nn_net net;
                    nn_work w;
                    nn_mat x, y, z;
                    nn_real l1 = -1, l2 = -2, l3 = -3;
                    long double ref, mag;
                    if (!tl_fits((nn_loss)loss, (nn_act)last)) continue;
                    if (!tl_random_net(&net, &r, L, last, loss, size, widths)) continue;
                    O = widths[L];
                    CHECK_STATUS(nn_work_init(&w, &net, N), NN_OK);
                    x = tl_mat(&r, N, widths[0], -2, 2);
                    y = tl_targets(&r, N, O, (nn_loss)loss);
                    z = tl_logits(&net, x);
                    CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
                    CHECK_STATUS(nn_net_loss(&net, &w, y, &l1), NN_OK);
                    ref = tl_ref_loss((nn_loss)loss, w.out, z, y, &mag);
                    if (!(fabsl((long double)l1 - ref) <=
                          (long double)((double)(N * O + 4) * EPS) * mag + 1e-300L)) {
                        near_ref = 0;
                        fprintf(stderr, "%s loss L=%lu %s: %.17g, want %.17Lg\n",
                                nn_loss_name((nn_loss)loss), (unsigned long)L,
                                nn_act_name((nn_act)last), (double)l1, ref);
                    }
                    if (loss == NN_LOSS_SSE) {
                        CHECK_STATUS(nn_loss_sse(w.out, y, &l3), NN_OK);
                        same_sse &= l3 == l1;
                    }
                    CHECK_STATUS(nn_train_step(&net, x, y, (nn_real)0.01, &w, &l2), NN_OK);
                    same_step &= l2 == l1;
                    free(x.data);
                    free(y.data);
                    free(z.data);
                    nn_work_free(&w);
                    nn_net_free(&net);
                }
    CHECK(same_step);
    CHECK(same_sse);
    CHECK(near_ref);
}

static void test_net_loss_errors(void)
{
    static const size_t wd[] = {3, 5, 2}, wo[] = {3, 4, 2};
    nn_net net, other, zero;
    nn_work w, wz, w_other;
    nn_rng r = nn_rng_seed(4);
    nn_mat x = tl_mat(&r, 4, 3, -1, 1), y = tl_mat(&r, 4, 2, 0, 1);
    nn_real loss = -5;
    memset(&zero, 0, sizeof zero);
    memset(&wz, 0, sizeof wz);
    if (!tl_net(&net, 2, wd, NULL, NN_LOSS_BCE, &r) ||
        !tl_net(&other, 2, wo, NULL, NN_LOSS_BCE, &r))
        return;
    CHECK_STATUS(nn_work_init(&w, &net, 4), NN_OK);
    CHECK_STATUS(nn_work_init(&w_other, &other, 4), NN_OK);
    /* before any forward pass the work has no rows */
    CHECK_STATUS(nn_net_loss(&net, &w, y, &loss), NN_ERR_SHAPE);
    CHECK_STATUS(nn_net_loss(&net, &w, nn_mat_view(NULL, 0, 2), &loss), NN_OK);
    CHECK(loss == 0);
    CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
    loss = -5;
    tl_watch(&loss, sizeof loss);
    tl_watch_net(&net);
    tl_watch_work(&w);
    CHECK_REFUSED(nn_net_loss(NULL, &w, y, &loss), NN_ERR_ARG);
    CHECK_REFUSED(nn_net_loss(&zero, &w, y, &loss), NN_ERR_ARG);
    CHECK_REFUSED(nn_net_loss(&net, NULL, y, &loss), NN_ERR_ARG);
    CHECK_REFUSED(nn_net_loss(&net, &wz, y, &loss), NN_ERR_ARG);
    CHECK_REFUSED(nn_net_loss(&net, &w, y, NULL), NN_ERR_ARG);
    CHECK_REFUSED(nn_net_loss(&net, &w, nn_mat_view(NULL, 4, 2), &loss), NN_ERR_ARG);
    CHECK_REFUSED(nn_net_loss(&net, &w_other, y, &loss), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_net_loss(&net, &w, nn_mat_view(y.data, 3, 2), &loss), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_net_loss(&net, &w, nn_mat_view(y.data, 4, 1), &loss), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_net_loss(&net, &w, nn_mat_view(y.data, 2, 4), &loss), NN_ERR_SHAPE);
    tl_unwatch();
    CHECK_STATUS(nn_net_loss(&net, &w, y, &loss), NN_OK);
    CHECK(loss > 0);
    free(x.data);
    free(y.data);
    nn_work_free(&w);
    nn_work_free(&w_other);
    nn_net_free(&net);
    nn_net_free(&other);
}

/* Logits far out (+-1000, +-1e4, +-1e30): binary and categorical
   cross-entropy stay finite where log(sigmoid) or log(softmax) would be
   log(0), match the long double reference, and a step keeps everything
   finite. The logits are x itself: one layer, identity weights, zero
   biases. */
static void test_extreme_losses(void)
{
    static const double zs[] = {1000, -1000, 1e4, -1e4, 1e30, -1e30, 0, 40, -40, 745, -750};
    static const double bce_t[] = {0, 1, 0.25};
    /* the class of each one-hot row: the smallest logit (its probability
       is e^-2e30, 0 in any type), -1000 (e^-1e30 too), the largest */
    static const double ce_at[] = {-1e30, -1000, 1e30};
    const size_t K = TL_COUNT(zs), N = 4;
    int loss;
    for (loss = NN_LOSS_BCE; loss <= NN_LOSS_CE; loss++) {
        size_t widths[2], i, j;
        nn_act act = loss == NN_LOSS_BCE ? NN_ACT_SIGMOID : NN_ACT_SOFTMAX;
        nn_net net;
        nn_work w;
        nn_mat x, y;
        nn_real l1 = 0, l2 = 0;
        long double ref, mag;
        int finite = 1;
        widths[0] = widths[1] = K;
        CHECK_STATUS(nn_net_init_layers(&net, 1, widths, &act, (nn_loss)loss), NN_OK);
        for (i = 0; i < K; i++) NN_AT(net.w1, i, i) = 1;
        CHECK_STATUS(nn_work_init(&w, &net, N), NN_OK);
        x = tl_mat(NULL, N, K, 0, 0);
        y = tl_mat(NULL, N, K, 0, 0);
        for (i = 0; i < N; i++)
            for (j = 0; j < K; j++) {
                double z = zs[(j + 3 * i) % K];   /* each row its own order */
                NN_AT(x, i, j) = (nn_real)z;
                if (loss == NN_LOSS_BCE)           /* targets 0, 1 and 1/4 */
                    NN_AT(y, i, j) = (nn_real)bce_t[(i + j) % 3];
                else if (i == 3)                   /* soft: uniform */
                    NN_AT(y, i, j) = (nn_real)1 / (nn_real)K;
                else                               /* one-hot on ce_at[i] */
                    NN_AT(y, i, j) = z == ce_at[i] ? 1 : 0;
            }
        CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
        CHECK_STATUS(nn_net_loss(&net, &w, y, &l1), NN_OK);
        ref = tl_ref_loss((nn_loss)loss, w.out, x, y, &mag);
        CHECK(fabs((double)l1) <= (double)tl_max());
        CHECK(fabsl((long double)l1 - ref) <= (long double)((double)(N * K + 4) * EPS) * mag);
        for (i = 0; i < N * K; i++)
            finite &= w.out.data[i] >= 0 && w.out.data[i] <= 1;
        CHECK(finite);
        /* a step reports the same loss and leaves finite parameters */
        CHECK_STATUS(nn_train_step(&net, x, y, (nn_real)1e-6, &w, &l2), NN_OK);
        CHECK(l2 == l1);
        for (i = 0; i < net.n_params; i++)
            finite &= fabs((double)net.params[i]) <= (double)tl_max();
        CHECK(finite);
        free(x.data);
        free(y.data);
        nn_work_free(&w);
        nn_net_free(&net);
    }
}

/* ---------------------------------------------------------------------- */
/* optimizers                                                              */

/* the state of each kind: SGD none, momentum and Nesterov v, Adam and
   AdamW m and s, RMSprop v, s and c */
static size_t tl_states(int kind)
{
    if (kind == NN_OPT_ADAM || kind == NN_OPT_ADAMW) return 2;
    if (kind == NN_OPT_RMSPROP) return 3;
    return kind == NN_OPT_SGD ? 0 : 1;
}

static void test_opt_init(void)
{
    static const size_t wd[] = {3, 4, 2};
    const nn_opt_kind bad[] = TL_BAD_OPTS;
    nn_net net, zero;
    nn_opt o;
    nn_rng r = nn_rng_seed(12);
    size_t i;
    int k;
    memset(&zero, 0, sizeof zero);
    if (!tl_net(&net, 2, wd, NULL, NN_LOSS_SSE, &r)) return;
    for (k = 0; k < NN_OPT_COUNT; k++) {
        size_t allocs = test_mem.allocs, live = test_mem.live, states = tl_states(k);
        int zeros = 1;
        memset(&o, 0xA5, sizeof o);
        CHECK_STATUS(nn_opt_init(&o, &net, (nn_opt_kind)k), NN_OK);
        CHECK(o.kind == (nn_opt_kind)k && o.steps == 0 && o.n_params == net.n_params);
        /* torch.optim's defaults: RMSprop's momentum 0, AdamW's decay 0.01 */
        CHECK(o.momentum == (k == NN_OPT_RMSPROP ? 0 : (nn_real)0.9));
        CHECK(o.beta1 == (nn_real)0.9);
        CHECK(o.beta2 == (nn_real)0.999 && o.eps == (nn_real)1e-8);
        CHECK(o.weight_decay == (k == NN_OPT_ADAMW ? (nn_real)0.01 : 0));
        CHECK(o.alpha == (nn_real)0.99 && o.centered == 0 && o.no_decay == 0);
        /* the state: allocated once here, zero; SGD has none */
        CHECK(test_mem.allocs == allocs + (states ? 1 : 0) && test_mem.live == live + (states ? 1 : 0));
        CHECK((o.m != NULL) == (states >= 1) && (o.s != NULL) == (states >= 2));
        CHECK((o.c != NULL) == (states == 3));
        for (i = 0; i < net.n_params; i++) {
            if (o.m) zeros &= o.m[i] == 0;
            if (o.s) zeros &= o.s[i] == 0;
            if (o.c) zeros &= o.c[i] == 0;
        }
        CHECK(zeros);
        if (o.m && o.s) CHECK(o.s >= o.m + net.n_params || o.m >= o.s + net.n_params);
        if (o.c) CHECK(o.c >= o.s + net.n_params && o.s >= o.m + net.n_params);
        nn_opt_free(&o);
        CHECK(o.m == NULL && o.s == NULL && o.c == NULL && o.n_params == 0 && o.steps == 0);
        CHECK(test_mem.live == live);
        nn_opt_free(&o);   /* twice is fine */
    }
    nn_opt_free(NULL);
    nn_opt_reset(NULL);

    /* refused: *o untouched, nothing allocated */
    memset(&o, 0xA5, sizeof o);
    tl_watch(&o, sizeof o);
    CHECK_REFUSED(nn_opt_init(NULL, &net, NN_OPT_ADAM), NN_ERR_ARG);
    CHECK_REFUSED(nn_opt_init(&o, NULL, NN_OPT_ADAM), NN_ERR_ARG);
    CHECK_REFUSED(nn_opt_init(&o, &zero, NN_OPT_MOMENTUM), NN_ERR_ARG);
    for (i = 0; i < TL_COUNT(bad); i++)
        CHECK_REFUSED(nn_opt_init(&o, &net, bad[i]), NN_ERR_ARG);
    tl_unwatch();
    nn_net_free(&net);
}

/* one step of PyTorch's formulas (nn.h's Optimizers), in double; c is
   RMSprop's third state, bias[i] nonzero where parameter i is a bias */
static void tl_ref_opt(int kind, double *p, double *m, double *s, double *c,
                       const double *g, const unsigned char *bias, size_t n, double rate,
                       const nn_opt *o, double t)
{
    const double mu = (double)o->momentum, b1 = (double)o->beta1, b2 = (double)o->beta2;
    const double eps = (double)o->eps, a = (double)o->alpha;
    size_t i;
    for (i = 0; i < n; i++) {
        const double wd = bias[i] && o->no_decay ? 0 : (double)o->weight_decay;
        double gi = kind == NN_OPT_ADAMW ? g[i] : g[i] + wd * p[i];
        if (kind == NN_OPT_SGD) {
            p[i] -= rate * gi;
        } else if (kind == NN_OPT_ADAM || kind == NN_OPT_ADAMW) {
            if (kind == NN_OPT_ADAMW) p[i] *= 1 - rate * wd;
            m[i] = b1 * m[i] + (1 - b1) * gi;
            s[i] = b2 * s[i] + (1 - b2) * gi * gi;
            p[i] -= rate / (1 - pow(b1, t)) * m[i] / (sqrt(s[i]) / sqrt(1 - pow(b2, t)) + eps);
        } else if (kind == NN_OPT_RMSPROP) {
            double d;
            s[i] = a * s[i] + (1 - a) * gi * gi;
            if (o->centered) c[i] = a * c[i] + (1 - a) * gi;
            d = (o->centered ? sqrt(s[i] - c[i] * c[i]) : sqrt(s[i])) + eps;
            if (mu > 0) m[i] = mu * m[i] + gi / d;
            p[i] -= rate * (mu > 0 ? m[i] : gi / d);
        } else {
            m[i] = mu * m[i] + gi;
            p[i] -= rate * (kind == NN_OPT_NESTEROV ? gi + mu * m[i] : m[i]);
        }
    }
}

/* the largest relative error of nn.h's n values v against want's (NaN wins) */
static double tl_rel(const nn_real *v, const double *want, size_t n, double scale, double worst)
{
    size_t i;
    for (i = 0; i < n; i++)
        worst = tl_worse(worst, fabs((double)v[i] - want[i]) / (fabs(want[i]) + scale));
    return worst;
}

/* nn_opt_step from gradients set by hand, against the formulas, for each
   kind, with and without weight decay, with the biases out of it or not,
   RMSprop plain or centered, with momentum 0 or not, all with settings
   other than the defaults; the step count */
static void test_opt_math(void)
{
    static const size_t wd[] = {3, 4, 2};
    nn_rng r = nn_rng_seed(13);
    int kind, d;
    for (kind = 0; kind < NN_OPT_COUNT; kind++)
        for (d = 0; d < 16; d++) {
            nn_net net;
            nn_work w;
            nn_opt o;
            double *p, *m, *s, *c, *g, worst = 0;
            unsigned char bias[3 * 4 + 4 + 4 * 2 + 2];
            const double rate = 0.1;
            size_t n, i, l;
            int step;
            if (!tl_net(&net, 2, wd, NULL, NN_LOSS_SSE, &r)) continue;
            n = net.n_params;
            CHECK(n == sizeof bias);
            memset(bias, 0, sizeof bias);
            for (l = 0; l < 2; l++)
                memset(bias + (net.layers[l].b.data - net.params), 1, net.layers[l].n_out);
            CHECK_STATUS(nn_work_init(&w, &net, 1), NN_OK);
            CHECK_STATUS(nn_opt_init(&o, &net, (nn_opt_kind)kind), NN_OK);
            o.weight_decay = (nn_real)(d & 1 ? 0.05 : 0);
            o.centered = d >> 1 & 1;
            o.momentum = (nn_real)(d & 4 ? 0.8 : 0);
            o.no_decay = d & 8 ? NN_NO_DECAY_BIASES : 0;
            o.beta1 = (nn_real)0.85;
            o.beta2 = (nn_real)0.99;
            o.alpha = (nn_real)0.9;
            o.eps = (nn_real)1e-6;
            p = (double *)calloc(5 * n, sizeof(double));
            m = p + n; s = m + n; c = s + n; g = c + n;
            for (i = 0; i < n; i++) p[i] = (double)net.params[i];
            for (step = 1; step <= 4; step++) {
                nn_mat_rand(nn_mat_view(w.grad, 1, n), &r, -1, 1);
                for (i = 0; i < n; i++) g[i] = (double)w.grad[i];
                CHECK_STATUS(nn_opt_step(&o, &net, &w, (nn_real)rate), NN_OK);
                CHECK(o.steps == (uint64_t)step);
                tl_ref_opt(kind, p, m, s, c, g, bias, n, rate, &o, step);
                worst = tl_rel(net.params, p, n, rate * 8, worst);
                if (o.m) worst = tl_rel(o.m, m, n, 1, worst);
                if (o.s) worst = tl_rel(o.s, s, n, 1, worst);
                if (o.c) worst = tl_rel(o.c, c, n, 1, worst);
            }
            if (!(worst <= 64 * EPS))
                fprintf(stderr, "optimizer %d, settings %d: relative error %g\n", kind, d,
                        worst);
            CHECK(worst <= 64 * EPS);
            free(p);
            nn_opt_free(&o);
            nn_work_free(&w);
            nn_net_free(&net);
        }
}

/* SGD through nn_train_step_opt is nn_train_step, bit for bit, losses and
   parameters; nn_opt_step after nn_backprop is nn_update */
static void test_opt_sgd(void)
{
    static const size_t wd[] = {5, 7, 6, 3};
    static const nn_act acts[] = {NN_ACT_TANH, NN_ACT_RELU, NN_ACT_SIGMOID};
    nn_net a, b;
    nn_work wa, wb;
    nn_opt o;
    nn_rng r = nn_rng_seed(14);
    nn_mat x = tl_mat(&r, 9, 5, -1, 1), y = tl_mat(&r, 9, 3, 0, 1);
    int step, same_loss = 1;
    memset(&b, 0, sizeof b);
    if (!tl_net(&a, 3, wd, acts, NN_LOSS_BCE, &r)) return;
    CHECK_STATUS(nn_net_copy(&b, &a), NN_OK);
    CHECK_STATUS(nn_work_init(&wa, &a, 9), NN_OK);
    CHECK_STATUS(nn_work_init(&wb, &b, 9), NN_OK);
    CHECK_STATUS(nn_opt_init(&o, &b, NN_OPT_SGD), NN_OK);
    for (step = 0; step < 5; step++) {
        nn_real la = -1, lb = -2;
        CHECK_STATUS(nn_train_step(&a, x, y, (nn_real)0.3, &wa, &la), NN_OK);
        CHECK_STATUS(nn_train_step_opt(&b, &o, x, y, (nn_real)0.3, &wb, &lb), NN_OK);
        same_loss &= la == lb;
    }
    CHECK(same_loss);
    CHECK(memcmp(a.params, b.params, a.n_params * sizeof(nn_real)) == 0);
    CHECK(o.steps == 5);
    /* a step without a loss */
    CHECK_STATUS(nn_train_step(&a, x, y, (nn_real)0.3, &wa, NULL), NN_OK);
    CHECK_STATUS(nn_train_step_opt(&b, &o, x, y, (nn_real)0.3, &wb, NULL), NN_OK);
    CHECK(memcmp(a.params, b.params, a.n_params * sizeof(nn_real)) == 0);
    CHECK(o.steps == 6);
    /* one gradient, both updates */
    CHECK_STATUS(nn_forward(&a, x, &wa), NN_OK);
    CHECK_STATUS(nn_backprop(&a, x, y, &wa), NN_OK);
    nn_update(&a, &wa, (nn_real)0.3);
    CHECK_STATUS(nn_opt_step(&o, &b, &wa, (nn_real)0.3), NN_OK);
    CHECK(memcmp(a.params, b.params, a.n_params * sizeof(nn_real)) == 0);
    CHECK(o.steps == 7);
    nn_opt_free(&o);
    nn_work_free(&wa);
    nn_work_free(&wb);
    nn_net_free(&a);
    nn_net_free(&b);
    free(x.data);
    free(y.data);
}

/* after nn_opt_reset the optimizer is a new one: the same start gives the
   same steps, bit for bit; its settings stay */
static void test_opt_reset(void)
{
    static const size_t wd[] = {4, 6, 3};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_SOFTMAX};
    nn_rng r = nn_rng_seed(15);
    nn_mat x = tl_mat(&r, 6, 4, -1, 1), y = tl_targets(&r, 6, 3, NN_LOSS_CE);
    int kind;
    for (kind = 0; kind < NN_OPT_COUNT; kind++) {
        nn_net net;
        nn_work w;
        nn_opt o;
        nn_real *start, *after;
        size_t n, i, k = tl_states(kind);
        int step, zeros = 1;
        if (!tl_net(&net, 2, wd, acts, NN_LOSS_CE, &r)) continue;
        n = net.n_params;
        start = (nn_real *)malloc(2 * n * sizeof(nn_real));
        after = start + n;
        memcpy(start, net.params, n * sizeof(nn_real));
        CHECK_STATUS(nn_work_init(&w, &net, 6), NN_OK);
        CHECK_STATUS(nn_opt_init(&o, &net, (nn_opt_kind)kind), NN_OK);
        o.weight_decay = (nn_real)0.01;
        o.momentum = (nn_real)0.7;
        for (step = 0; step < 5; step++)
            CHECK_STATUS(nn_train_step_opt(&net, &o, x, y, (nn_real)0.05, &w, NULL), NN_OK);
        CHECK(o.steps == 5);
        memcpy(after, net.params, n * sizeof(nn_real));
        CHECK(memcmp(after, start, n * sizeof(nn_real)) != 0);
        nn_opt_reset(&o);
        CHECK(o.steps == 0 && o.weight_decay == (nn_real)0.01 && o.momentum == (nn_real)0.7);
        CHECK(o.kind == (nn_opt_kind)kind && o.n_params == n);
        for (i = 0; i < k * n; i++) zeros &= o.m[i] == 0;
        CHECK(zeros);
        memcpy(net.params, start, n * sizeof(nn_real));
        for (step = 0; step < 5; step++)
            CHECK_STATUS(nn_train_step_opt(&net, &o, x, y, (nn_real)0.05, &w, NULL), NN_OK);
        CHECK(memcmp(after, net.params, n * sizeof(nn_real)) == 0);
        /* an unknown kind: the count goes back, the state is left alone */
        if (k) {
            nn_opt_kind keep = o.kind;
            o.kind = NN_OPT_COUNT;
            o.steps = 3;
            memcpy(start, o.m, n * sizeof(nn_real));
            nn_opt_reset(&o);
            CHECK(o.steps == 0 && memcmp(start, o.m, n * sizeof(nn_real)) == 0);
            o.kind = keep;
        }
        free(start);
        nn_opt_free(&o);
        nn_work_free(&w);
        nn_net_free(&net);
    }
    free(x.data);
    free(y.data);
}

/* refused steps: status, nothing written (parameters, work, optimizer
   state and step count, loss), nothing allocated */
static void test_opt_errors(void)
{
    static const size_t wd[] = {3, 5, 2}, wo[] = {3, 6, 2};
    const nn_opt_kind bad_kinds[] = TL_BAD_OPTS;
    nn_net net, other, zero;
    nn_work w, w_other;
    nn_opt adam, mom, sgd, rms, o_other, bad;
    nn_rng r = nn_rng_seed(16);
    nn_real xs[5 * 3], ys[5 * 2], loss = -9;
    nn_mat x = nn_mat_view(xs, 4, 3), y = nn_mat_view(ys, 4, 2);
    nn_real nan = tl_nan(), inf = tl_inf();
    const nn_real rates[] = {nan, -1, inf, -inf, (nn_real)-1e-30};
    const nn_real units[] = {-(nn_real)0.1, 1, (nn_real)1.5, nan, inf};
    const nn_real positives[] = {0, -(nn_real)1e-8, nan, inf};
    const nn_real decays[] = {-(nn_real)1e-3, nan, inf};
    size_t i;
    memset(&zero, 0, sizeof zero);
    nn_mat_rand(nn_mat_view(xs, 1, 15), &r, -1, 1);
    nn_mat_rand(nn_mat_view(ys, 1, 10), &r, 0, 1);
    if (!tl_net(&net, 2, wd, NULL, NN_LOSS_SSE, &r) ||
        !tl_net(&other, 2, wo, NULL, NN_LOSS_SSE, &r))
        return;
    CHECK_STATUS(nn_work_init(&w, &net, 4), NN_OK);
    CHECK_STATUS(nn_work_init(&w_other, &other, 4), NN_OK);
    CHECK_STATUS(nn_opt_init(&adam, &net, NN_OPT_ADAM), NN_OK);
    CHECK_STATUS(nn_opt_init(&mom, &net, NN_OPT_MOMENTUM), NN_OK);
    CHECK_STATUS(nn_opt_init(&sgd, &net, NN_OPT_SGD), NN_OK);
    CHECK_STATUS(nn_opt_init(&rms, &net, NN_OPT_RMSPROP), NN_OK);
    CHECK_STATUS(nn_opt_init(&o_other, &other, NN_OPT_ADAM), NN_OK);
    /* a state to keep: a few steps taken */
    for (i = 0; i < 3; i++) {
        CHECK_STATUS(nn_train_step_opt(&net, &adam, x, y, (nn_real)0.01, &w, &loss), NN_OK);
        CHECK_STATUS(nn_train_step_opt(&net, &mom, x, y, (nn_real)0.01, &w, &loss), NN_OK);
        CHECK_STATUS(nn_train_step_opt(&net, &rms, x, y, (nn_real)0.01, &w, &loss), NN_OK);
    }
    rms.centered = 1;
    rms.momentum = (nn_real)0.5;
    CHECK_STATUS(nn_train_step_opt(&net, &rms, x, y, (nn_real)0.01, &w, &loss), NN_OK);
    loss = -9;
    tl_watch_net(&net);
    tl_watch_work(&w);
    tl_watch_opt(&adam);
    tl_watch_opt(&mom);
    tl_watch_opt(&rms);
    tl_watch(&loss, sizeof loss);
    tl_watch(xs, sizeof xs);
    tl_watch(ys, sizeof ys);

    /* the rate: finite and >= 0 */
    for (i = 0; i < TL_COUNT(rates); i++) {
        CHECK_REFUSED(nn_opt_step(&adam, &net, &w, rates[i]), NN_ERR_ARG);
        CHECK_REFUSED(nn_opt_step(&mom, &net, &w, rates[i]), NN_ERR_ARG);
        CHECK_REFUSED(nn_opt_step(&sgd, &net, &w, rates[i]), NN_ERR_ARG);
        CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, y, rates[i], &w, &loss), NN_ERR_ARG);
        CHECK_REFUSED(nn_train_step_opt(&net, &sgd, x, y, rates[i], &w, &loss), NN_ERR_ARG);
    }
    /* settings out of range; bad shares adam's or mom's state */
#define TL_BAD_SETTING(from, field, value)                                       \
    do {                                                                         \
        bad = from;                                                              \
        bad.field = value;                                                       \
        CHECK_REFUSED(nn_opt_step(&bad, &net, &w, (nn_real)0.01), NN_ERR_ARG);   \
        CHECK_REFUSED(nn_train_step_opt(&net, &bad, x, y, (nn_real)0.01, &w, &loss), \
                      NN_ERR_ARG);                                               \
        CHECK(bad.steps == from.steps);                                          \
    } while (0)
    for (i = 0; i < TL_COUNT(units); i++) {
        TL_BAD_SETTING(mom, momentum, units[i]);
        TL_BAD_SETTING(adam, beta1, units[i]);
        TL_BAD_SETTING(adam, beta2, units[i]);
        TL_BAD_SETTING(rms, alpha, units[i]);
        TL_BAD_SETTING(rms, momentum, units[i]);
    }
    for (i = 0; i < TL_COUNT(positives); i++) {
        TL_BAD_SETTING(adam, eps, positives[i]);
        TL_BAD_SETTING(rms, eps, positives[i]);
    }
    for (i = 0; i < TL_COUNT(decays); i++) {
        TL_BAD_SETTING(adam, weight_decay, decays[i]);
        TL_BAD_SETTING(mom, weight_decay, decays[i]);
        TL_BAD_SETTING(rms, weight_decay, decays[i]);
    }
    /* no_decay: a bit nn.h does not know */
    TL_BAD_SETTING(rms, no_decay, 2u);
    TL_BAD_SETTING(adam, no_decay, NN_NO_DECAY_BIASES | 0x80000000u);
    for (i = 0; i < TL_COUNT(bad_kinds); i++) TL_BAD_SETTING(mom, kind, bad_kinds[i]);
#undef TL_BAD_SETTING
    /* made for another network, or missing its state */
    CHECK_REFUSED(nn_opt_step(&o_other, &net, &w, (nn_real)0.01), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_train_step_opt(&net, &o_other, x, y, (nn_real)0.01, &w, &loss),
                  NN_ERR_SHAPE);
    bad = mom; bad.m = NULL;
    CHECK_REFUSED(nn_opt_step(&bad, &net, &w, (nn_real)0.01), NN_ERR_SHAPE);
    bad = adam; bad.s = NULL;
    CHECK_REFUSED(nn_opt_step(&bad, &net, &w, (nn_real)0.01), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_train_step_opt(&net, &bad, x, y, (nn_real)0.01, &w, &loss), NN_ERR_SHAPE);
    bad = rms; bad.c = NULL;
    CHECK_REFUSED(nn_opt_step(&bad, &net, &w, (nn_real)0.01), NN_ERR_SHAPE);
    bad = adam; bad.kind = NN_OPT_RMSPROP;   /* Adam's has no c */
    CHECK_REFUSED(nn_train_step_opt(&net, &bad, x, y, (nn_real)0.01, &w, &loss), NN_ERR_SHAPE);
    bad = sgd; bad.kind = NN_OPT_NESTEROV;   /* SGD's has no state */
    CHECK_REFUSED(nn_opt_step(&bad, &net, &w, (nn_real)0.01), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_opt_step(&adam, &net, &w_other, (nn_real)0.01), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, y, (nn_real)0.01, &w_other, &loss),
                  NN_ERR_SHAPE);
    /* NULL and what is not a network */
    CHECK_REFUSED(nn_opt_step(NULL, &net, &w, (nn_real)0.01), NN_ERR_ARG);
    CHECK_REFUSED(nn_opt_step(&adam, NULL, &w, (nn_real)0.01), NN_ERR_ARG);
    CHECK_REFUSED(nn_opt_step(&adam, &zero, &w, (nn_real)0.01), NN_ERR_ARG);
    CHECK_REFUSED(nn_opt_step(&adam, &net, NULL, (nn_real)0.01), NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, NULL, x, y, (nn_real)0.01, &w, &loss), NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(NULL, &adam, x, y, (nn_real)0.01, &w, &loss), NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, y, (nn_real)0.01, NULL, &loss),
                  NN_ERR_ARG);
    /* the batch: shapes, data, inputs inside the work */
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, nn_mat_view(xs, 4, 2), y, (nn_real)0.01, &w,
                                    &loss), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, nn_mat_view(ys, 3, 2), (nn_real)0.01, &w,
                                    &loss), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, nn_mat_view(xs, 5, 3), nn_mat_view(ys, 5, 2),
                                    (nn_real)0.01, &w, &loss), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, nn_mat_view(NULL, 4, 3), y, (nn_real)0.01, &w,
                                    &loss), NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, nn_mat_view(w.grad, 4, 3), y, (nn_real)0.01,
                                    &w, &loss), NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, nn_mat_view(w.out.data, 4, 2),
                                    (nn_real)0.01, &w, &loss), NN_ERR_ARG);
    /* the loss inside what the step reads or writes */
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, y, (nn_real)0.01, &w, adam.m + 1),
                  NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, y, (nn_real)0.01, &w, adam.s + 2),
                  NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, &mom, x, y, (nn_real)0.01, &w, mom.m), NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, &rms, x, y, (nn_real)0.01, &w, rms.c + 3), NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, y, (nn_real)0.01, &w, xs + 3), NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, y, (nn_real)0.01, &w, ys + 7), NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, y, (nn_real)0.01, &w, net.params + 2),
                  NN_ERR_ARG);
    CHECK_REFUSED(nn_train_step_opt(&net, &adam, x, y, (nn_real)0.01, &w, w.grad), NN_ERR_ARG);
    tl_unwatch();

    /* at the edges of the ranges: accepted */
    {
        nn_opt edge = mom;
        edge.momentum = 0;
        edge.weight_decay = 0;
        CHECK_STATUS(nn_opt_step(&edge, &net, &w, 0), NN_OK);
        edge = adam;
        edge.beta1 = 0;
        edge.beta2 = 0;
        edge.eps = IS_FLOAT ? (nn_real)FLT_MIN : (nn_real)DBL_MIN;
        CHECK_STATUS(nn_opt_step(&edge, &net, &w, 0), NN_OK);
        /* rate 0 moves nothing */
        memcpy(xs, net.params, 15 * sizeof(nn_real));
        CHECK_STATUS(nn_train_step_opt(&net, &adam, x, y, 0, &w, &loss), NN_OK);
        CHECK(memcmp(xs, net.params, 15 * sizeof(nn_real)) == 0 && adam.steps == 4);
        CHECK_STATUS(nn_opt_step(&sgd, &net, &w, tl_max()), NN_OK);
        edge = rms;
        edge.alpha = 0;
        edge.no_decay = NN_NO_DECAY_BIASES;
        CHECK_STATUS(nn_opt_step(&edge, &net, &w, 0), NN_OK);
    }
    nn_opt_free(&adam);
    nn_opt_free(&mom);
    nn_opt_free(&sgd);
    nn_opt_free(&rms);
    nn_opt_free(&o_other);
    nn_work_free(&w);
    nn_work_free(&w_other);
    nn_net_free(&net);
    nn_net_free(&other);
}

/* nn_clip_grad_norm against the norms computed here in double: tensor
   by tensor, then the norm of the norms; the gradient scaled by
   max_norm / (total + 1e-6) when that is below 1, else times 1 (the same
   bits); max_norm 0 zeroes it; NaN and infinite gradients as PyTorch's;
   refused calls write nothing */
static void test_clip(void)
{
    static const size_t wd[] = {3, 5, 2}, wo[] = {3, 6, 2};
    static const double maxes[] = {1e9, 0.5, 0};
    nn_net net, other, zero;
    nn_work w, w_other;
    nn_rng r = nn_rng_seed(19);
    nn_real *g0, total = -1;
    size_t n, i, l, allocs;
    int k;
    memset(&zero, 0, sizeof zero);
    if (!tl_net(&net, 2, wd, NULL, NN_LOSS_SSE, &r) ||
        !tl_net(&other, 2, wo, NULL, NN_LOSS_SSE, &r))
        return;
    n = net.n_params;
    CHECK_STATUS(nn_work_init(&w, &net, 4), NN_OK);
    CHECK_STATUS(nn_work_init(&w_other, &other, 4), NN_OK);
    g0 = (nn_real *)malloc(n * sizeof(nn_real));
    nn_mat_rand(nn_mat_view(w.grad, 1, n), &r, -1, 1);
    memcpy(g0, w.grad, n * sizeof(nn_real));
    for (k = 0; k < 3; k++) {
        double sum = 0, want, coef, worst = 0;
        memcpy(w.grad, g0, n * sizeof(nn_real));
        for (l = 0; l < 2; l++) {   /* weight, bias, in the model file's order */
            double sw = 0, sb = 0;
            for (i = 0; i < nn__mat_size(net.layers[l].w); i++)
                sw += (double)w.dw[l].data[i] * (double)w.dw[l].data[i];
            for (i = 0; i < net.layers[l].n_out; i++)
                sb += (double)w.db[l].data[i] * (double)w.db[l].data[i];
            sum += sw + sb;
        }
        want = sqrt(sum);
        coef = maxes[k] / (want + 1e-6);
        allocs = test_mem.allocs;
        CHECK(k != 1 || coef < 1);
        CHECK_STATUS(nn_clip_grad_norm(&net, &w, (nn_real)maxes[k], &total), NN_OK);
        CHECK(test_mem.allocs == allocs);
        CHECK(fabs((double)total - want) <= 4 * EPS * want);
        if (coef >= 1) {
            CHECK(memcmp(w.grad, g0, n * sizeof(nn_real)) == 0);
        } else {
            for (i = 0; i < n; i++)
                worst = tl_worse(worst, fabs((double)w.grad[i] - coef * (double)g0[i]));
            CHECK(worst <= 8 * EPS);
        }
    }
    /* total may be NULL */
    memcpy(w.grad, g0, n * sizeof(nn_real));
    CHECK_STATUS(nn_clip_grad_norm(&net, &w, (nn_real)0.25, NULL), NN_OK);
    CHECK(fabs((double)w.grad[3]) < fabs((double)g0[3]));
    /* a NaN: the total and every gradient NaN; an infinity: the total
       infinite, the coefficient 0, so inf times 0 is NaN and the rest 0 */
    memcpy(w.grad, g0, n * sizeof(nn_real));
    w.grad[2] = tl_nan();
    CHECK_STATUS(nn_clip_grad_norm(&net, &w, 1, &total), NN_OK);
    CHECK(tl_isnan(total) && tl_isnan(w.grad[0]) && tl_isnan(w.grad[n - 1]));
    memcpy(w.grad, g0, n * sizeof(nn_real));
    w.grad[2] = tl_inf();
    CHECK_STATUS(nn_clip_grad_norm(&net, &w, 1, &total), NN_OK);
    CHECK(total == tl_inf() && tl_isnan(w.grad[2]) && w.grad[0] == 0 && w.grad[n - 1] == 0);

    /* refused: nothing written */
    memcpy(w.grad, g0, n * sizeof(nn_real));
    total = -1;
    tl_watch_net(&net);
    tl_watch_work(&w);
    tl_watch(&total, sizeof total);
    CHECK_REFUSED(nn_clip_grad_norm(NULL, &w, 1, &total), NN_ERR_ARG);
    CHECK_REFUSED(nn_clip_grad_norm(&zero, &w, 1, &total), NN_ERR_ARG);
    CHECK_REFUSED(nn_clip_grad_norm(&net, NULL, 1, &total), NN_ERR_ARG);
    CHECK_REFUSED(nn_clip_grad_norm(&net, &w, tl_nan(), &total), NN_ERR_ARG);
    CHECK_REFUSED(nn_clip_grad_norm(&net, &w, tl_inf(), &total), NN_ERR_ARG);
    CHECK_REFUSED(nn_clip_grad_norm(&net, &w, -tl_inf(), &total), NN_ERR_ARG);
    CHECK_REFUSED(nn_clip_grad_norm(&net, &w, (nn_real)-1e-30, &total), NN_ERR_ARG);
    CHECK_REFUSED(nn_clip_grad_norm(&net, &w, 1, w.grad + 4), NN_ERR_ARG);
    CHECK_REFUSED(nn_clip_grad_norm(&net, &w, 1, w.out.data), NN_ERR_ARG);
    CHECK_REFUSED(nn_clip_grad_norm(&net, &w, 1, net.params + n - 1), NN_ERR_ARG);
    CHECK_REFUSED(nn_clip_grad_norm(&net, &w_other, 1, &total), NN_ERR_SHAPE);
    CHECK_REFUSED(nn_clip_grad_norm(&other, &w, 1, &total), NN_ERR_SHAPE);
    tl_unwatch();
    free(g0);
    nn_work_free(&w);
    nn_work_free(&w_other);
    nn_net_free(&net);
    nn_net_free(&other);
}

/* 100 steps of Adam on a 3-layer network allocate nothing, on the tiny
   path (widths <= 16) and the gemm's; the loss goes down */
static void test_train_no_alloc(void)
{
    static const size_t small[] = {6, 12, 10, 3}, large[] = {40, 64, 48, 10};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_SOFTMAX};
    nn_rng r = nn_rng_seed(17);
    int c;
    for (c = 0; c < 2; c++) {
        const size_t *wd = c ? large : small, N = c ? 32 : 8;
        nn_net net;
        nn_work w;
        nn_opt o;
        nn_mat x, y;
        nn_real first = 0, last = 0;
        size_t allocs;
        int i, ok = 1, kind;
        if (!tl_net(&net, 3, wd, acts, NN_LOSS_CE, &r)) continue;
        CHECK(nn__tiny(&net, N) == !c);
        x = tl_mat(&r, N, wd[0], -1, 1);
        y = tl_targets(&r, N, wd[3], NN_LOSS_CE);
        CHECK_STATUS(nn_work_init(&w, &net, N), NN_OK);
        CHECK_STATUS(nn_opt_init(&o, &net, NN_OPT_ADAM), NN_OK);
        allocs = test_mem.allocs;
        for (i = 0; i < 100; i++) {
            ok &= nn_train_step_opt(&net, &o, x, y, (nn_real)1e-3, &w, &last) == NN_OK;
            if (i == 0) first = last;
        }
        CHECK(ok);
        CHECK(test_mem.allocs == allocs);
        CHECK(last < first);
        nn_opt_free(&o);
        /* and every kind */
        for (kind = NN_OPT_SGD; kind < NN_OPT_COUNT; kind++) {
            CHECK_STATUS(nn_opt_init(&o, &net, (nn_opt_kind)kind), NN_OK);
            allocs = test_mem.allocs;
            for (i = 0; i < 10; i++)
                ok &= nn_train_step_opt(&net, &o, x, y, (nn_real)1e-3, &w, &last) == NN_OK;
            CHECK(ok && test_mem.allocs == allocs);
            nn_opt_free(&o);
        }
        nn_work_free(&w);
        nn_net_free(&net);
        free(x.data);
        free(y.data);
    }
}

/* ---------------------------------------------------------------------- */
/* corners                                                                 */

/* networks whose fields were set by hand and marked as nn.h marks its
   own (owner_): what no real network reaches, sizes beyond size_t */
static void test_corners(void)
{
    static const size_t w1[] = {1, 1}, wa[] = {2, 3, 1}, wb[] = {3, 3, 1}, wc[] = {2, 4, 1};
    nn_net net, dst, forged;
    nn_work w;
    nn_opt o;
    nn_rng r = nn_rng_seed(18);
    size_t live = test_mem.live;
    if (!tl_net(&net, 2, wa, NULL, NN_LOSS_SSE, &r)) return;
    /* parameters into the same depth with another n_in, another width */
    CHECK_STATUS(nn_net_init_layers(&dst, 2, wb, NULL, NN_LOSS_SSE), NN_OK);
    tl_watch_net(&dst);
    CHECK_REFUSED(nn_net_copy_params(&dst, &net), NN_ERR_SHAPE);
    tl_unwatch();
    nn_net_free(&dst);
    CHECK_STATUS(nn_net_init_layers(&dst, 2, wc, NULL, NN_LOSS_SSE), NN_OK);
    tl_watch_net(&dst);
    CHECK_REFUSED(nn_net_copy_params(&dst, &net), NN_ERR_SHAPE);
    tl_unwatch();
    nn_net_free(&dst);
    CHECK(test_mem.live == live + 1);

    /* work and optimizer state beyond size_t: refused before allocating */
    memset(&w, 0xA5, sizeof w);
    memset(&o, 0xA5, sizeof o);
    tl_watch(&w, sizeof w);
    tl_watch(&o, sizeof o);
    forged = net;
    forged.n_layers = SIZE_MAX / 4;
        CHECK_REFUSED(nn_work_init(&w, &forged, 1), NN_ERR_NOMEM);
    forged = net;
    forged.n_params = SIZE_MAX / 2 + 1;                      /* 2 n_params */
        CHECK_REFUSED(nn_opt_init(&o, &forged, NN_OPT_ADAM), NN_ERR_NOMEM);
    forged.n_params = SIZE_MAX / 2 / sizeof(nn_real) + 1;    /* its bytes */
        CHECK_REFUSED(nn_opt_init(&o, &forged, NN_OPT_ADAM), NN_ERR_NOMEM);
    tl_unwatch();
    CHECK_STATUS(nn_opt_init(&o, &forged, NN_OPT_SGD), NN_OK);    /* no state */
    CHECK(o.m == NULL && o.n_params == SIZE_MAX / 2 / sizeof(nn_real) + 1);
    nn_net_free(&net);
    /* one layer 1 -> 1: the work holds 2 + 3 cap reals */
    if (!tl_net(&net, 1, w1, NULL, NN_LOSS_SSE, &r)) return;
    memset(&w, 0xA5, sizeof w);
    tl_watch(&w, sizeof w);
    CHECK_REFUSED(nn_work_init(&w, &net, SIZE_MAX / 3), NN_ERR_NOMEM);   /* the count */
    {   /* the count fits, and its bytes fit without the views before them */
        size_t views = (4 * sizeof(nn_mat) + 2 * sizeof(size_t) + 15) / 16 * 16;
        size_t cap = ((SIZE_MAX - views) / sizeof(nn_real) - 2) / 3 + 1;
        CHECK_REFUSED(nn_work_init(&w, &net, cap), NN_ERR_NOMEM);
    }
    tl_unwatch();
    nn_net_free(&net);
    CHECK(test_mem.live == live);
}

/* ---------------------------------------------------------------------- */
/* why: the sentence each refusal gives                                   */

/* call gives want and the sentence say, with nothing else written */
#define CHECK_WHY(call, want, say)                                         \
    do {                                                                   \
        memset(why, 0x5A, sizeof why);                                     \
        CHECK_REFUSED(call, want);                                         \
        if (strcmp(why, say) != 0)                                         \
            fprintf(stderr, "%s:%d: why \"%s\", want \"%s\"\n", __FILE__,   \
                    __LINE__, why, say);                                   \
        CHECK(strcmp(why, say) == 0);                                      \
    } while (0)

static void test_why(void)
{
    static const size_t w3[] = {4, 5, 6, 3}, w0[] = {4, 5, 0, 3}, w2[] = {4, 6, 3};
    static const nn_act a3[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_SOFTMAX},
                        early[] = {NN_ACT_RELU, NN_ACT_SOFTMAX, NN_ACT_SOFTMAX},
                        relu[] = {NN_ACT_RELU, NN_ACT_RELU, NN_ACT_RELU};
    nn_act odd[3];
    nn_net net, big;
    nn_layer layers[3];
    nn_work w, w2net;
    nn_real params[64];
    char why[160];
    size_t live = test_mem.live, n_big;
    memcpy(odd, a3, sizeof odd);
    odd[1] = (nn_act)15;   /* a value C++ can hold in an nn_act */
    memset(&net, 0x5A, sizeof net);
    tl_watch(&net, sizeof net);
    /* the five refusals of nn_net_init_layers, and the view's own */
    CHECK_WHY(nn_net_init_layers_why(NULL, 3, w3, a3, NN_LOSS_CE, why, sizeof why),
              NN_ERR_ARG, "net is NULL");
    CHECK_WHY(nn_net_init_layers_why(&net, 3, NULL, a3, NN_LOSS_CE, why, sizeof why),
              NN_ERR_ARG, "widths is NULL");
    CHECK_WHY(nn_net_init_layers_why(&net, 0, w3, a3, NN_LOSS_CE, why, sizeof why),
              NN_ERR_ARG, "n_layers is 0");
    CHECK_WHY(nn_net_init_layers_why(&net, 3, w0, a3, NN_LOSS_CE, why, sizeof why),
              NN_ERR_ARG, "widths[2] is 0");
    CHECK_WHY(nn_net_init_layers_why(&net, 3, w3, odd, NN_LOSS_CE, why, sizeof why),
              NN_ERR_ARG, "acts[1] is not an activation");
    CHECK_WHY(nn_net_init_layers_why(&net, 3, w3, early, NN_LOSS_CE, why, sizeof why),
              NN_ERR_ARG, "acts[1] is softmax, which only the last layer may be");
    CHECK_WHY(nn_net_init_layers_why(&net, 3, w3, a3, NN_LOSS_COUNT, why, sizeof why),
              NN_ERR_ARG, "loss is not a loss");
    CHECK_WHY(nn_net_init_layers_why(&net, 3, w3, relu, NN_LOSS_CE, why, sizeof why),
              NN_ERR_ARG,
              "the cross_entropy loss does not fit the last layer's activation, relu");
    CHECK_WHY(nn_net_init_layers_why(&net, 3, w3, NULL, NN_LOSS_CE, why, sizeof why),
              NN_ERR_ARG,
              "the cross_entropy loss does not fit the last layer's activation, sigmoid");
    CHECK_WHY(nn_net_init_layers_why(&net, 3, w3, a3, NN_LOSS_BCE, why, sizeof why),
              NN_ERR_ARG,
              "the bce loss does not fit the last layer's activation, softmax");
    {
        size_t huge[3];
        huge[0] = SIZE_MAX / 2; huge[1] = 4; huge[2] = 1;
        CHECK_WHY(nn_net_init_layers_why(&net, 2, huge, NULL, NN_LOSS_SSE, why, sizeof why),
                  NN_ERR_NOMEM, "the parameter count overflows size_t");
    }
    n_big = 4 * 6 + 6 + 6 * 3 + 3;
    CHECK_WHY(nn_net_view_why(&net, 2, w2, NULL, NN_LOSS_SSE, params, n_big - 1, layers,
                              why, sizeof why),
              NN_ERR_ARG, "n_params is 50, the widths need 51 parameters");
    CHECK_WHY(nn_net_view_why(&net, 2, w2, NULL, NN_LOSS_SSE, NULL, n_big, layers, why,
                              sizeof why),
              NN_ERR_ARG, "params is NULL");
    CHECK_WHY(nn_net_view_why(&net, 2, w2, NULL, NN_LOSS_SSE, params, n_big, NULL, why,
                              sizeof why),
              NN_ERR_ARG, "layers is NULL");
    CHECK_WHY(nn_net_view_why(&net, 2, w2, NULL, NN_LOSS_SSE, params, n_big,
                              (nn_layer *)(void *)params, why, sizeof why),
              NN_ERR_ARG, "layers overlaps params or *net");
    CHECK_WHY(nn_net_view_why(&net, 2, w0, NULL, NN_LOSS_SSE, params, n_big, layers, why,
                              sizeof why),
              NN_ERR_ARG, "widths[2] is 0");
    /* a short buffer gets the sentence cut, NUL-terminated; none at all
       gets nothing */
    {
        char small[8];
        memset(small, 0x5A, sizeof small);
        CHECK_REFUSED(nn_net_init_layers_why(&net, 0, w3, a3, NN_LOSS_CE, small, sizeof small),
                      NN_ERR_ARG);
        CHECK(strcmp(small, "n_layer") == 0);
        CHECK_REFUSED(nn_net_init_layers_why(&net, 0, w3, a3, NN_LOSS_CE, NULL, 0), NN_ERR_ARG);
    }
    tl_unwatch();
    CHECK(test_mem.live == live);

    /* success: "" */
    memset(why, 0x5A, sizeof why);
    CHECK_STATUS(nn_net_init_layers_why(&net, 3, w3, a3, NN_LOSS_CE, why, sizeof why), NN_OK);
    CHECK(why[0] == '\0');
    memset(why, 0x5A, sizeof why);
    memset(params, 0, sizeof params);
    CHECK_STATUS(nn_net_view_why(&big, 2, w2, NULL, NN_LOSS_SSE, params, n_big, layers, why,
                                 sizeof why), NN_OK);
    CHECK(why[0] == '\0');

    /* batches: nn_check_batch says what nn_forward and the steps refuse */
    CHECK_STATUS(nn_work_init(&w, &net, 8), NN_OK);
    CHECK_STATUS(nn_work_init(&w2net, &big, 8), NN_OK);
    {
        nn_mat x, y, none = nn_mat_view(NULL, 0, 0);
        nn_real xs[9 * 4], ys[9 * 3];
        memset(xs, 0, sizeof xs);
        memset(ys, 0, sizeof ys);
        x = nn_mat_view(xs, 8, 4);
        y = nn_mat_view(ys, 8, 3);
        tl_watch(xs, sizeof xs);
        memset(why, 0x5A, sizeof why);
        CHECK_STATUS(nn_check_batch(&net, x, y, &w, why, sizeof why), NN_OK);
        CHECK(why[0] == '\0');
        CHECK_STATUS(nn_check_batch(&net, x, none, &w, why, sizeof why), NN_OK);
        CHECK_WHY(nn_check_batch(&net, nn_mat_view(xs, 9, 4), none, &w, why, sizeof why),
                  NN_ERR_SHAPE, "x has 9 rows, over the 8 that w was made for");
        CHECK_STATUS(nn_forward(&net, nn_mat_view(xs, 9, 4), &w), NN_ERR_SHAPE);
        CHECK_WHY(nn_check_batch(&net, nn_mat_view(xs, 8, 3), none, &w, why, sizeof why),
                  NN_ERR_SHAPE, "x has 3 columns, the network takes 4");
        CHECK_WHY(nn_check_batch(&net, x, none, &w2net, why, sizeof why), NN_ERR_SHAPE,
                  "w was made for a network of 2 layers, this one has 3");
        CHECK_WHY(nn_check_batch(&big, x, none, &w, why, sizeof why), NN_ERR_SHAPE,
                  "w was made for a network of 3 layers, this one has 2");
        CHECK_WHY(nn_check_batch(&net, x, nn_mat_view(ys, 8, 2), &w, why, sizeof why),
                  NN_ERR_SHAPE, "y is 8 x 2, the batch needs 8 x 3 (rows of x, n_out)");
        CHECK_STATUS(nn_train_step(&net, x, nn_mat_view(ys, 8, 2), 0, &w, NULL), NN_ERR_SHAPE);
        CHECK_WHY(nn_check_batch(&net, x, nn_mat_view(ys, 7, 3), &w, why, sizeof why),
                  NN_ERR_SHAPE, "y is 7 x 3, the batch needs 8 x 3 (rows of x, n_out)");
        CHECK_WHY(nn_check_batch(NULL, x, y, &w, why, sizeof why), NN_ERR_ARG,
                  "net is not a network nn.h made");
        CHECK_WHY(nn_check_batch(&net, x, y, NULL, why, sizeof why), NN_ERR_ARG,
                  "w is not an nn_work nn_work_init made");
        CHECK_WHY(nn_check_batch(&net, nn_mat_view(NULL, 2, 4), y, &w, why, sizeof why),
                  NN_ERR_ARG, "x has no data");
        CHECK_WHY(nn_check_batch(&net, x, nn_mat_view(NULL, 8, 3), &w, why, sizeof why),
                  NN_ERR_ARG, "y has no data");
        CHECK_WHY(nn_check_batch(&net, nn_mat_view(w.grad, 2, 4), none, &w, why, sizeof why),
                  NN_ERR_ARG, "x lies in w's buffers");
        CHECK_WHY(nn_check_batch(&net, nn_mat_view(xs, 2, 4), nn_mat_view(w.grad, 2, 3), &w,
                                 why, sizeof why),
                  NN_ERR_ARG, "y lies in w's buffers");
        tl_unwatch();
    }
    {   /* the same depth, another width */
        static const size_t w3b[] = {4, 5, 7, 3};
        nn_net other;
        nn_mat x;
        nn_real xs[4];
        memset(xs, 0, sizeof xs);
        x = nn_mat_view(xs, 1, 4);
        CHECK_STATUS(nn_net_init_layers(&other, 3, w3b, a3, NN_LOSS_CE), NN_OK);
        tl_watch(xs, sizeof xs);
        CHECK_WHY(nn_check_batch(&other, x, nn_mat_view(NULL, 0, 0), &w, why, sizeof why),
                  NN_ERR_SHAPE, "w was made for another network: width 2 is 6 there, 7 here");
        tl_unwatch();
        nn_net_free(&other);
    }
    nn_work_free(&w);
    nn_work_free(&w2net);
    nn_net_free(&net);
    CHECK(test_mem.live == live);
}

int main(void)
{
    printf("nn.h %s, nn_real is %s\n", NN_VERSION, IS_FLOAT ? "float" : "double");
    test_names();
    test_init_layers();
    test_copy();
    test_work_layout();
    test_init_weights();
    test_rng_normal();
    test_tanh();
    test_softmax();
    test_activate();
    test_predict();
    test_mat_cview();
    test_predict_errors();
    test_net_loss();
    test_net_loss_errors();
    test_extreme_losses();
    test_opt_init();
    test_opt_math();
    test_opt_sgd();
    test_opt_reset();
    test_opt_errors();
    test_clip();
    test_train_no_alloc();
    test_corners();
    test_why();
    CHECK(test_mem.allocs > 0 && test_mem.live == 0);
    return TEST_SUMMARY();
}
