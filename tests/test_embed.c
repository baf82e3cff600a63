/* Networks over the caller's memory (nn_net_view), NN_PREDICT_SCRATCH and
   the inference-only build (NN_NO_TRAINING, model files included): a view
   predicts what the network it was taken from predicts, allocates nothing,
   is never written (its parameters live in read-only memory here, so a
   write would crash), and every call it refuses writes nothing. Against
   embed_full.c, the full build: the inference-only build gives the same
   bits wherever the full build takes the plain loops (below NN__GEMM_SMALL
   multiply-adds a layer) and stays within a few rounding errors elsewhere.
   Built by `make test` in double and float, full and inference-only, and
   inference-only as C++. */
#include <float.h>
#include <stdint.h>
#include <stdlib.h>

/* the library allocates through these: they count calls and live blocks */
#include "alloc.h"
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

#ifdef NN_NO_TRAINING
/* an inference-only build declares none of these: each name is free */
typedef int nn_backprop, nn_update, nn_train_step, nn_train_step_opt, nn_opt,
    nn_opt_init, nn_opt_step, nn_mat_gemm, nn_mat_mul;
#define TE_BUILD "inference-only"
#else
#define TE_BUILD "full"
#endif

#define IS_FLOAT (sizeof(nn_real) == sizeof(float))
#define EPS ((double)(IS_FLOAT ? FLT_EPSILON : DBL_EPSILON))
#define TE_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#include "embed_full.h"

/* the article's network with fixed parameters, in params order (w1 b1 w2
   b2); static const: in read-only memory, so a write through a view faults */
static const size_t te_xor_widths[3] = {3, 4, 1};
static const nn_real te_xor_params[21] = {
    (nn_real)3.25, (nn_real)-1.5, (nn_real)0.75, (nn_real)2.0,
    (nn_real)-4.0, (nn_real)5.5, (nn_real)-0.25, (nn_real)1.0,
    (nn_real)0.5, (nn_real)0.125, (nn_real)-2.0, (nn_real)-1.0,
    (nn_real)0.1, (nn_real)-0.2, (nn_real)0.3, (nn_real)-0.4,
    (nn_real)6.0, (nn_real)-5.0, (nn_real)4.0, (nn_real)-3.0, (nn_real)0.7};
static const nn_real te_xor_x[12] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};

/* ------------------------------------------------------------------------ */
/* a view predicts what nn.h's full build predicts */

typedef struct te_case {
    size_t L, widths[4];
    nn_act acts[3];
    nn_loss loss;
} te_case;

static const te_case te_cases[] = {
    {1, {3, 1}, {NN_ACT_SIGMOID}, NN_LOSS_SSE},
    {2, {3, 4, 1}, {NN_ACT_SIGMOID, NN_ACT_SIGMOID}, NN_LOSS_SSE},
    {2, {64, 32, 10}, {NN_ACT_SIGMOID, NN_ACT_SIGMOID}, NN_LOSS_SSE},
    {2, {64, 128, 10}, {NN_ACT_RELU, NN_ACT_SOFTMAX}, NN_LOSS_CE},
    {3, {5, 7, 6, 3}, {NN_ACT_TANH, NN_ACT_RELU, NN_ACT_SIGMOID}, NN_LOSS_BCE},
    {2, {20, 40, 2}, {NN_ACT_LINEAR, NN_ACT_LINEAR}, NN_LOSS_SSE},
    {3, {16, 16, 16, 16}, {NN_ACT_TANH, NN_ACT_TANH, NN_ACT_SOFTMAX}, NN_LOSS_CE},
    {2, {300, 100, 10}, {NN_ACT_RELU, NN_ACT_SOFTMAX}, NN_LOSS_CE},
};

/* every layer on the full build's plain loops (or its small gemm, the
   same sums in the same order) */
static int te_plain_in_full(const te_case *c, size_t N)
{
    size_t l;
    for (l = 0; l < c->L; l++)
        if (N * c->widths[l] * c->widths[l + 1] >= 4096) return 0;
    return 1;
}

static void test_view_predicts(void)
{
    static const size_t rows[] = {1, 4, 33};
    double worst_plain = 0, worst_gemm = 0;
    size_t ci, ri, nets = 0;
    for (ci = 0; ci < TE_COUNT(te_cases); ci++) {
        const te_case *c = &te_cases[ci];
        for (ri = 0; ri < TE_COUNT(rows); ri++) {
            size_t N = rows[ri], n_in = c->widths[0], n_out = c->widths[c->L], i, n = 0;
            size_t l, need = 0, widest = 0;
            nn_real *x, *want, *got, *params, *scratch;
            nn_layer layers[3];
            nn_net net;
            nn_rng r = nn_rng_seed(100 + ci);
            for (l = 0; l < c->L; l++) n += c->widths[l] * c->widths[l + 1] + c->widths[l + 1];
            for (l = 0; l + 1 < c->L; l++)
                if (c->widths[l + 1] > widest) widest = c->widths[l + 1];
            x = (nn_real *)malloc(N * n_in * sizeof *x);
            want = (nn_real *)malloc(N * n_out * sizeof *want);
            got = (nn_real *)malloc(N * n_out * sizeof *got);
            params = (nn_real *)malloc(n * sizeof *params);
            scratch = (nn_real *)malloc((NN_PREDICT_SCRATCH(N, widest) + 1) * sizeof *scratch);
            if (!x || !want || !got || !params || !scratch) {
                CHECK(!"out of memory");
                return;
            }
            for (i = 0; i < N * n_in; i++) x[i] = nn_rng_uniform(&r) * 4 - 2;
            CHECK(embed_full(c->L, c->widths, c->acts, c->loss, 7 + ci, params, n, x, N,
                             want) == 0);
            CHECK_STATUS(nn_net_view(&net, c->L, c->widths, c->acts, c->loss, params, n,
                                     layers), NN_OK);
            CHECK_STATUS(nn_predict_scratch(&net, N, &need), NN_OK);
            CHECK(need == NN_PREDICT_SCRATCH(N, widest));
            test_mem.allocs = 0;
            CHECK_STATUS(nn_predict(&net, nn_mat_view(x, N, n_in), nn_mat_view(got, N, n_out),
                                    scratch, need), NN_OK);
            CHECK(test_mem.allocs == 0);
            nets++;
            for (i = 0; i < N * n_out; i++) {
                /* relative to the output's size, at least 1 */
                double d = fabs((double)got[i] - (double)want[i]) /
                           (fabs((double)want[i]) > 1 ? fabs((double)want[i]) : 1) / EPS;
                if (!(d == d)) d = HUGE_VAL;   /* NaN fails */
                if (te_plain_in_full(c, N)) worst_plain = d > worst_plain ? d : worst_plain;
                else worst_gemm = d > worst_gemm ? d : worst_gemm;
            }
            nn_net_free(&net);
            free(x), free(want), free(got), free(params), free(scratch);
        }
    }
#ifdef NN_NO_TRAINING
    /* the plain loops are the reference: the same bits; the gemm sums in
       blocks (and with FMA where the processor has it) */
    CHECK(worst_plain == 0);
    CHECK(worst_gemm <= 64);
#else
    CHECK(worst_plain == 0);    /* one build, one path: the same bits */
    CHECK(worst_gemm == 0);
#endif
    printf("%s build: %lu networks, view against the full build: worst %g eps "
           "on the plain loops, %g eps where the full build takes the gemm\n",
           TE_BUILD, (unsigned long)nets, worst_plain, worst_gemm);
}

/* ------------------------------------------------------------------------ */
/* a view allocates nothing, frees nothing, and is never written */

static void test_view_lifetime(void)
{
    nn_net net;
    nn_layer layers[2];
    nn_real y[4], scratch[NN_PREDICT_SCRATCH(4, 4)];
    nn_real params[21];
    nn_work w;
    size_t i;
    test_mem.allocs = test_mem.frees = 0;
    CHECK_STATUS(nn_net_view(&net, 2, te_xor_widths, NULL, NN_LOSS_SSE, te_xor_params, 21,
                             layers), NN_OK);
    CHECK(test_mem.allocs == 0);
    CHECK(net.n_layers == 2 && net.layers == layers && net.n_params == 21);
    CHECK(net.params == te_xor_params);
    /* the 1.x names */
    CHECK(net.n_in == 3 && net.n_hidden == 4 && net.n_out == 1 && net.loss == NN_LOSS_SSE);
    CHECK(net.w1.data == te_xor_params && net.b1.data == te_xor_params + 12);
    CHECK(net.w2.data == te_xor_params + 16 && net.b2.data == te_xor_params + 20);
    CHECK(layers[0].act == NN_ACT_SIGMOID && layers[1].act == NN_ACT_SIGMOID);
    CHECK_STATUS(nn_predict(&net, nn_mat_view((nn_real *)(uintptr_t)te_xor_x, 4, 3),
                            nn_mat_view(y, 4, 1), scratch, TE_COUNT(scratch)), NN_OK);
    /* by hand: h = s(x w1 + b1), y = s(h w2 + b2) */
    for (i = 0; i < 4; i++) {
        double h[4], o = (double)te_xor_params[20];
        size_t j, k;
        for (j = 0; j < 4; j++) {
            double z = (double)te_xor_params[12 + j];
            for (k = 0; k < 3; k++)
                z += (double)te_xor_x[i * 3 + k] * (double)te_xor_params[k * 4 + j];
            h[j] = 1 / (1 + exp(-z));
            o += h[j] * (double)te_xor_params[16 + j];
        }
        CHECK_NEAR(y[i], 1 / (1 + exp(-o)), 16 * EPS);
    }
    CHECK(test_mem.allocs == 0);
    /* nn_predict may still allocate its scratch when given none */
    CHECK_STATUS(nn_predict(&net, nn_mat_view((nn_real *)(uintptr_t)te_xor_x, 4, 3),
                            nn_mat_view(y, 4, 1), NULL, 0), NN_OK);
    CHECK(test_mem.allocs == 1 && test_mem.frees == 1);

    /* forward through a work, which is allocated */
    CHECK_STATUS(nn_work_init(&w, &net, 4), NN_OK);
    CHECK_STATUS(nn_forward(&net, nn_mat_view((nn_real *)(uintptr_t)te_xor_x, 4, 3), &w),
                 NN_OK);
    for (i = 0; i < 4; i++) CHECK(w.out.data[i] == y[i]);
    nn_work_free(&w);

    /* a view is read only */
    {
        nn_rng r = nn_rng_seed(1);
        nn_real ys[4] = {0, 1, 1, 0}, loss = -1;
        nn_mat X = nn_mat_view((nn_real *)(uintptr_t)te_xor_x, 4, 3),
               Y = nn_mat_view(ys, 4, 1);
        nn_net_randomize(&net, &r, 0, 1);
        CHECK(r.state == nn_rng_seed(1).state);
#ifndef NN_NO_TRAINING
        {
            nn_opt o;
            CHECK_STATUS(nn_net_init_weights(&net, &r, NN_INIT_GLOROT_UNIFORM), NN_ERR_ARG);
            CHECK_STATUS(nn_work_init(&w, &net, 4), NN_OK);
            CHECK_STATUS(nn_train_step(&net, X, Y, 1, &w, &loss), NN_ERR_ARG);
            CHECK(loss == -1);
            /* backprop writes the work only: allowed */
            CHECK_STATUS(nn_forward(&net, X, &w), NN_OK);
            CHECK_STATUS(nn_backprop(&net, X, Y, &w), NN_OK);
            nn_update(&net, &w, 1);
            CHECK_STATUS(nn_opt_init(&o, &net, NN_OPT_ADAM), NN_OK);
            CHECK_STATUS(nn_opt_step(&o, &net, &w, (nn_real)0.01), NN_ERR_ARG);
            CHECK_STATUS(nn_train_step_opt(&net, &o, X, Y, (nn_real)0.01, &w, &loss),
                         NN_ERR_ARG);
            CHECK(o.steps == 0 && loss == -1);
            nn_opt_free(&o);
            nn_work_free(&w);
        }
#else
        (void)X, (void)Y, (void)loss;
#endif
    }

    /* copies: from a view (allocates), and into a view's struct (a copy
       never reads the struct it fills) */
    {
        nn_net own;
        memset(&own, 0, sizeof own);
        test_mem.allocs = test_mem.frees = 0;
        CHECK_STATUS(nn_net_copy(&own, &net), NN_OK);
        CHECK(test_mem.allocs == 1 && own.params != net.params);
        CHECK(memcmp(own.params, te_xor_params, sizeof te_xor_params) == 0);
        memcpy(params, te_xor_params, sizeof params);
        {
            nn_net v2;
            nn_layer l2[2];
            CHECK_STATUS(nn_net_view(&v2, 2, te_xor_widths, NULL, NN_LOSS_SSE, params, 21,
                                     l2), NN_OK);
            test_mem.allocs = test_mem.frees = 0;
            CHECK_STATUS(nn_net_copy(&v2, &own), NN_OK);   /* v2 now owns a copy */
            CHECK(test_mem.allocs == 1 && test_mem.frees == 0 && v2.params != params);
            nn_net_free(&v2);
            CHECK(test_mem.frees == 1);
        }
        {   /* a view saves as the network it views (model files are in the
               inference-only build too: firmware may load one from memory) */
            unsigned char a[512], b[512];
            size_t la = 0, lb = 0;
            CHECK_STATUS(nn_save_mem(&net, a, sizeof a, &la), NN_OK);
            CHECK_STATUS(nn_save_mem(&own, b, sizeof b, &lb), NN_OK);
            CHECK(la == lb && la > 0 && memcmp(a, b, la) == 0);
            /* loading over a view: it becomes the loaded network, nothing freed */
            {
                nn_net v3;
                nn_layer l3[2];
                CHECK_STATUS(nn_net_view(&v3, 2, te_xor_widths, NULL, NN_LOSS_SSE, params,
                                         21, l3), NN_OK);
                test_mem.allocs = test_mem.frees = 0;
                CHECK_STATUS(nn_load_mem(&v3, a, la), NN_OK);
                /* the loader's own buffers are freed, the view's memory not */
                CHECK(test_mem.frees + 1 == test_mem.allocs && v3.params != params);
                CHECK(memcmp(v3.params, te_xor_params, sizeof te_xor_params) == 0);
                {   /* and predicts what the view does */
                    nn_real ya[4], yb[4];
                    nn_mat x = nn_mat_view((nn_real *)(uintptr_t)te_xor_x, 4, 3);
                    CHECK_STATUS(nn_predict(&v3, x, nn_mat_view(ya, 4, 1), NULL, 0), NN_OK);
                    CHECK_STATUS(nn_predict(&net, x, nn_mat_view(yb, 4, 1), NULL, 0), NN_OK);
                    CHECK(memcmp(ya, yb, sizeof ya) == 0);
                }
                nn_net_free(&v3);
            }
        }
        nn_net_free(&own);
    }

    /* freeing a view frees nothing, clears the struct, leaves the memory */
    test_mem.frees = 0;
    nn_net_free(&net);
    CHECK(test_mem.frees == 0 && net.params == NULL && net.n_layers == 0);
    CHECK(layers[1].n_out == 1);
    nn_net_free(&net);
    CHECK(test_mem.frees == 0);
}

/* ------------------------------------------------------------------------ */
/* what nn_net_view refuses, with nothing written */

static void test_view_refuses(void)
{
    static const nn_real p[21] = {0};
    nn_real ram[32];
    nn_net net, before;
    nn_layer layers[3], lbefore[3];
    size_t w3[3] = {3, 4, 1}, w0[3] = {3, 0, 1};
    nn_act relu_soft[2] = {NN_ACT_RELU, NN_ACT_SOFTMAX}, soft_sig[2] = {NN_ACT_SOFTMAX,
                                                                        NN_ACT_SIGMOID};
    nn_act bad[2] = {NN_ACT_SIGMOID, NN_ACT_COUNT};
    memset(&net, 0xA5, sizeof net);
    memset(layers, 0x5A, sizeof layers);
    before = net;
    memcpy(lbefore, layers, sizeof layers);
    test_mem.allocs = 0;
#define TE_REFUSED(call)                                                     \
    do {                                                                     \
        CHECK_STATUS(call, NN_ERR_ARG);                                      \
        CHECK(memcmp(&net, &before, sizeof net) == 0);                       \
        CHECK(memcmp(layers, lbefore, sizeof layers) == 0);                  \
    } while (0)
    TE_REFUSED(nn_net_view(NULL, 2, w3, NULL, NN_LOSS_SSE, p, 21, layers));
    TE_REFUSED(nn_net_view(&net, 0, w3, NULL, NN_LOSS_SSE, p, 21, layers));
    TE_REFUSED(nn_net_view(&net, 2, NULL, NULL, NN_LOSS_SSE, p, 21, layers));
    TE_REFUSED(nn_net_view(&net, 2, w3, NULL, NN_LOSS_SSE, NULL, 21, layers));
    TE_REFUSED(nn_net_view(&net, 2, w3, NULL, NN_LOSS_SSE, p, 21, NULL));
    TE_REFUSED(nn_net_view(&net, 2, w3, NULL, NN_LOSS_SSE, p, 20, layers));
    TE_REFUSED(nn_net_view(&net, 2, w3, NULL, NN_LOSS_SSE, p, 22, layers));
    TE_REFUSED(nn_net_view(&net, 2, w0, NULL, NN_LOSS_SSE, p, 21, layers));
    TE_REFUSED(nn_net_view(&net, 2, w3, bad, NN_LOSS_SSE, p, 21, layers));
    TE_REFUSED(nn_net_view(&net, 2, w3, soft_sig, NN_LOSS_SSE, p, 21, layers));
    TE_REFUSED(nn_net_view(&net, 2, w3, NULL, NN_LOSS_CE, p, 21, layers));
    TE_REFUSED(nn_net_view(&net, 2, w3, relu_soft, NN_LOSS_BCE, p, 21, layers));
    TE_REFUSED(nn_net_view(&net, 2, w3, NULL, NN_LOSS_COUNT, p, 21, layers));
    {   /* widths whose count overflows size_t */
        size_t huge[3] = {(size_t)1 << (sizeof(size_t) * 4), (size_t)1 << (sizeof(size_t) * 4),
                          1};
        TE_REFUSED(nn_net_view(&net, 2, huge, NULL, NN_LOSS_SSE, p, 21, layers));
    }
    /* the layers inside the parameters, or inside *net */
    CHECK_STATUS(nn_net_view(&net, 1, w3 + 1, NULL, NN_LOSS_SSE, ram, 5,
                             (nn_layer *)(void *)(ram + 2)), NN_ERR_ARG);
    CHECK(memcmp(&net, &before, sizeof net) == 0);
    CHECK_STATUS(nn_net_view(&net, 1, w3 + 1, NULL, NN_LOSS_SSE, p, 5,
                             (nn_layer *)(void *)&net), NN_ERR_ARG);
    CHECK(memcmp(&net, &before, sizeof net) == 0);
    CHECK(test_mem.allocs == 0);
#undef TE_REFUSED
    /* and a view made after them works */
    {
        size_t w2[3] = {3, 4, 2};
        nn_real p2[26];
        memset(p2, 0, sizeof p2);
        CHECK_STATUS(nn_net_view(&net, 2, w2, relu_soft, NN_LOSS_CE, p2, 26, layers), NN_OK);
        CHECK(layers[1].act == NN_ACT_SOFTMAX && net.loss == NN_LOSS_CE);
        nn_net_free(&net);
    }
}

int main(void)
{
    test_view_predicts();
    test_view_lifetime();
    test_view_refuses();
    return TEST_SUMMARY();
}
