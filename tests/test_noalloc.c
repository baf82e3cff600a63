/* Training allocates nothing: once nn_net_init_layers, nn_opt_init and
   nn_work_init have run, training steps with every optimizer, on networks
   of every activation and loss and on every gemm path (the tiny one of
   XOR, plain loops, medium, blocked), make no NN_MALLOC call; nor do
   nn_forward, nn_backprop, nn_net_loss, nn_clip_grad_norm, nn_opt_step
   (AdamW and RMSprop with the biases out of the weight decay, RMSprop
   centered with momentum), nn_update, nor nn_predict given its scratch.
   Counted through NN_MALLOC / NN_FREE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

typedef struct config {
    const char *name;
    size_t n_layers;
    size_t widths[4];
    nn_act acts[3];
    nn_loss loss;
    size_t batch;
} config;

static const config configs[] = {
    /* the article's network: the tiny path */
    {"3-4-1 sigmoid sse", 2, {3, 4, 1, 0}, {NN_ACT_SIGMOID, NN_ACT_SIGMOID}, NN_LOSS_SSE, 4},
    /* digits-sized: plain loops and medium products */
    {"64-32-10 tanh linear sse", 2, {64, 32, 10, 0}, {NN_ACT_TANH, NN_ACT_LINEAR},
     NN_LOSS_SSE, 32},
    {"5-8-8-3 relu tanh sigmoid bce", 3, {5, 8, 8, 3},
     {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_SIGMOID}, NN_LOSS_BCE, 7},
    /* bench_adam's network (batch 32): blocked products, packing on the stack */
    {"784-256-128-10 relu relu softmax ce", 3, {784, 256, 128, 10},
     {NN_ACT_RELU, NN_ACT_RELU, NN_ACT_SOFTMAX}, NN_LOSS_CE, 32},
};

/* targets the loss accepts: one-hot rows for CE, values in [0, 1] else */
static void targets(nn_mat y, nn_loss loss, nn_rng *r)
{
    size_t i;
    if (loss != NN_LOSS_CE) {
        nn_mat_rand(y, r, 0, 1);
        return;
    }
    nn_mat_fill(y, 0);
    for (i = 0; i < y.rows; i++) NN_AT(y, i, nn_rng_next(r) % y.cols) = 1;
}

static void check_config(const config *c, nn_opt_kind kind)
{
    nn_net net;
    nn_opt opt;
    nn_work w;
    nn_mat x, y, yhat, xs, ys;
    nn_rng r = nn_rng_seed(7);
    nn_real loss = 0, *scratch;
    size_t n_scratch = 0, L = c->n_layers, step;
    size_t calls;
    memset(&net, 0, sizeof net);
    memset(&opt, 0, sizeof opt);
    memset(&w, 0, sizeof w);
    /* set-up: the allocations happen here */
    CHECK_STATUS(nn_net_init_layers(&net, L, c->widths, c->acts, c->loss), NN_OK);
    CHECK_STATUS(nn_net_init_weights(&net, &r, NN_INIT_GLOROT_UNIFORM), NN_OK);
    CHECK_STATUS(nn_opt_init(&opt, &net, kind), NN_OK);
    opt.weight_decay = kind == NN_OPT_MOMENTUM || kind >= NN_OPT_ADAMW ? (nn_real)0.01 : 0;
    /* the biases out of the decay: a step layer by layer */
    opt.no_decay = kind >= NN_OPT_ADAMW ? NN_NO_DECAY_BIASES : 0;
    opt.centered = 1;
    opt.momentum = (nn_real)0.5;
    CHECK_STATUS(nn_work_init(&w, &net, c->batch), NN_OK);
    CHECK_STATUS(nn_mat_alloc(&x, c->batch, c->widths[0]), NN_OK);
    CHECK_STATUS(nn_mat_alloc(&y, c->batch, c->widths[L]), NN_OK);
    CHECK_STATUS(nn_mat_alloc(&yhat, c->batch, c->widths[L]), NN_OK);
    CHECK_STATUS(nn_predict_scratch(&net, c->batch, &n_scratch), NN_OK);
    scratch = (nn_real *)malloc((n_scratch + 1) * sizeof(nn_real));
    CHECK(scratch != NULL);
    if (!scratch) return;
    nn_mat_rand(x, &r, 0, 1);
    targets(y, c->loss, &r);

    calls = test_mem.calls;
    for (step = 0; step < 2; step++) {
        /* the full batch, then a short one (fewer rows than the work's) */
        CHECK_STATUS(nn_train_step_opt(&net, &opt, x, y, (nn_real)1e-3, &w, &loss), NN_OK);
        nn_mat_rows(&xs, x, 0, c->batch - c->batch / 2);
        nn_mat_rows(&ys, y, 0, c->batch - c->batch / 2);
        CHECK_STATUS(nn_train_step_opt(&net, &opt, xs, ys, (nn_real)1e-3, &w, NULL), NN_OK);
        /* the parts one by one */
        CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
        CHECK_STATUS(nn_net_loss(&net, &w, y, &loss), NN_OK);
        CHECK_STATUS(nn_backprop(&net, x, y, &w), NN_OK);
        CHECK_STATUS(nn_clip_grad_norm(&net, &w, (nn_real)0.5, &loss), NN_OK);
        CHECK_STATUS(nn_opt_step(&opt, &net, &w, (nn_real)1e-3), NN_OK);
        nn_update(&net, &w, (nn_real)1e-4);
        CHECK_STATUS(nn_predict(&net, x, yhat, scratch, n_scratch), NN_OK);
    }
    if (test_mem.calls != calls)
        fprintf(stderr, "%s, optimizer %d: %lu allocations while training\n", c->name,
                (int)kind, (unsigned long)(test_mem.calls - calls));
    CHECK(test_mem.calls == calls);
    CHECK(loss == loss);    /* not NaN: the steps did run */

    free(scratch);
    nn_mat_free(&x); nn_mat_free(&y); nn_mat_free(&yhat);
    nn_work_free(&w); nn_opt_free(&opt); nn_net_free(&net);
}

int main(void)
{
    size_t c;
    int k;
    for (c = 0; c < sizeof configs / sizeof configs[0]; c++)
        for (k = 0; k < (int)NN_OPT_COUNT; k++) check_config(&configs[c], (nn_opt_kind)k);
    CHECK(test_mem.calls > 0 && test_mem.live == 0);    /* the hooks were used; no leak */
    return TEST_SUMMARY();
}
