/* bench_adam's task for whichever nn.h was included before this file (nn.h,
   or nn.h 2.1 in bench/bench_old.c): one training step of 784-256-128-10,
   ReLU, ReLU, softmax, the cross-entropy loss summed over the batch, Adam
   (rate 1e-3), batch 256 (ADAM_BATCH; bench_step's batches too); the same
   data and weights in both (nn_rng). */
#ifndef NN_BENCH_ADAM_TASK_H
#define NN_BENCH_ADAM_TASK_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADAM_BATCH 256

typedef struct adam_task {
    nn_net net;
    nn_opt opt;
    nn_work w;
    nn_mat x, y;            /* (batch,784) U[0,1), (batch,10) one-hot labels */
    nn_real loss;
    nn_status status;       /* of the last step */
} adam_task;

static void adam_init(adam_task *t, size_t batch)
{
    static const size_t widths[] = {784, 256, 128, 10};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_RELU, NN_ACT_SOFTMAX};
    nn_rng r = nn_rng_seed(1);
    size_t i;
    memset(t, 0, sizeof *t);
    if (nn_net_init_layers(&t->net, 3, widths, acts, NN_LOSS_CE) != NN_OK ||
        nn_net_init_weights(&t->net, &r, NN_INIT_HE_UNIFORM) != NN_OK ||
        nn_opt_init(&t->opt, &t->net, NN_OPT_ADAM) != NN_OK ||
        nn_work_init(&t->w, &t->net, batch) != NN_OK ||
        nn_mat_alloc(&t->x, batch, 784) != NN_OK ||
        nn_mat_alloc(&t->y, batch, 10) != NN_OK) {
        fprintf(stderr, "set-up failed\n");
        exit(1);
    }
    nn_mat_rand(t->x, &r, 0, 1);
    for (i = 0; i < batch; i++)       /* y zero-filled: one 1 per row */
        NN_AT(t->y, i, nn_rng_next(&r) % 10) = 1;
}

static void adam_free(adam_task *t)
{
    nn_net_free(&t->net); nn_opt_free(&t->opt); nn_work_free(&t->w);
    nn_mat_free(&t->x); nn_mat_free(&t->y);
}

/* forward, loss, backprop, Adam update */
static void adam_step(void *arg)
{
    adam_task *t = (adam_task *)arg;
    nn_status s = nn_train_step_opt(&t->net, &t->opt, t->x, t->y, (nn_real)1e-3, &t->w,
                                    &t->loss);
    if (s != NN_OK) t->status = s;
}
#endif
