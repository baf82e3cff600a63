/* Writes two trained models for tests/torch_check.py:
     ARTICLE  the article's 3-5-2 network (two sigmoid layers, sum of
              squares: 1.x's names), trained a little on a smooth target
     DEEP     3 -> 8 -> 6 -> 5 -> 4, relu, tanh, linear, softmax with the
              cross-entropy loss (nn.Sequential's numbered names), trained
              a little on four classes
   so that every weight has moved.
       torch_model ARTICLE DEEP */
#include <stdio.h>

#define NN_IMPLEMENTATION
#include "nn.h"

#define ROWS 16

/* a few steps of plain gradient descent on (x, y); the status */
static nn_status train(nn_net *net, nn_mat x, nn_mat y, nn_real rate, int steps)
{
    nn_work work;
    nn_status st = nn_work_init(&work, net, x.rows);
    int i;
    for (i = 0; i < steps && st == NN_OK; i++)
        st = nn_train_step(net, x, y, rate, &work, NULL);
    nn_work_free(&work);
    return st;
}

/* the article's network: y = (a b, (a + b) / 2) of x = (a, b, 1) */
static nn_status article(const char *path)
{
    nn_net net;
    nn_rng rng = nn_rng_seed(42);
    nn_real xs[ROWS * 3], ys[ROWS * 2];
    nn_status st;
    int i;
    for (i = 0; i < ROWS; i++) {
        nn_real a = (nn_real)(i % 4) / 3, b = (nn_real)(i / 4) / 3;
        xs[3 * i] = a; xs[3 * i + 1] = b; xs[3 * i + 2] = 1;
        ys[2 * i] = a * b; ys[2 * i + 1] = (a + b) / 2;
    }
    st = nn_net_init(&net, 3, 5, 2);
    if (st != NN_OK) return st;
    nn_net_randomize(&net, &rng, -1, 1);
    st = train(&net, nn_mat_view(xs, ROWS, 3), nn_mat_view(ys, ROWS, 2), 0.5, 300);
    if (st == NN_OK) st = nn_save_file(&net, path);
    nn_net_free(&net);
    return st;
}

/* the deep network: class of x by the quadrant of (x0, x1), x2 noise */
static nn_status deep(const char *path)
{
    static const size_t widths[] = {3, 8, 6, 5, 4};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_LINEAR, NN_ACT_SOFTMAX};
    nn_net net;
    nn_rng rng = nn_rng_seed(7);
    nn_real xs[ROWS * 3], ys[ROWS * 4] = {0};
    nn_status st;
    int i;
    for (i = 0; i < ROWS; i++) {
        xs[3 * i] = 2 * nn_rng_uniform(&rng) - 1;
        xs[3 * i + 1] = 2 * nn_rng_uniform(&rng) - 1;
        xs[3 * i + 2] = nn_rng_uniform(&rng);
        ys[4 * i + (xs[3 * i] > 0) + 2 * (xs[3 * i + 1] > 0)] = 1;
    }
    memset(&net, 0, sizeof net);
    st = nn_net_init_layers(&net, 4, widths, acts, NN_LOSS_CE);
    if (st != NN_OK) return st;
    st = nn_net_init_weights(&net, &rng, NN_INIT_GLOROT_UNIFORM);
    if (st == NN_OK) st = train(&net, nn_mat_view(xs, ROWS, 3), nn_mat_view(ys, ROWS, 4), 0.05, 200);
    if (st == NN_OK) st = nn_save_file(&net, path);
    nn_net_free(&net);
    return st;
}

int main(int argc, char **argv)
{
    nn_status st;
    if (argc != 3) {
        fprintf(stderr, "usage: torch_model ARTICLE DEEP\n");
        return 2;
    }
    st = article(argv[1]);
    if (st == NN_OK) st = deep(argv[2]);
    if (st != NN_OK) {
        fprintf(stderr, "torch_model: %s\n", nn_strerror(st));
        return 1;
    }
    return 0;
}
