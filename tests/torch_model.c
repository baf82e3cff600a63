/* Writes three trained models for tests/torch_check.py:
     ARTICLE  the article's 3-5-2 network (two sigmoid layers, sum of
              squares: 1.x's names), trained a little on a smooth target
     DEEP     3 -> 8 -> 6 -> 5 -> 4, relu, tanh, linear, softmax with the
              cross-entropy loss (nn.Sequential's numbered names), trained
              a little on four classes
     ACTS     3 -> 8 -> 8 -> 7 -> 6 -> 6 -> 5 -> 5 -> 4, gelu, gelu_tanh,
              silu, leaky_relu(negative_slope=0.2), elu(alpha=1.5),
              softplus(beta=2,threshold=5), leaky_relu with 0.1 + 0.2 (its
              shortest decimal has 17 digits), linear, with
              the sum of squares, trained a little on a smooth target
   so that every weight has moved.
       torch_model ARTICLE DEEP ACTS
   Or prints the activations of MODEL as nn.h loads them, as a model file
   lists them (nn_act_format's texts, comma-separated):
       torch_model --acts MODEL */
#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* the activations network: y = (sin a, a b, cos c, a - c) of x = (a, b, c) */
static nn_status activations(const char *path)
{
    static const size_t widths[] = {3, 8, 8, 7, 6, 6, 5, 5, 4};
    static const nn_act acts[] = {NN_ACT_GELU, NN_ACT_GELU_TANH, NN_ACT_SILU,
        NN_ACT_LEAKY_RELU, NN_ACT_ELU, NN_ACT_SOFTPLUS, NN_ACT_LEAKY_RELU, NN_ACT_LINEAR};
    const nn_real leaky[] = {0.2}, elu[] = {1.5}, softplus[] = {2, 5}, sum[] = {0.1 + 0.2};
    nn_net net;
    nn_rng rng = nn_rng_seed(11);
    nn_real xs[ROWS * 3], ys[ROWS * 4];
    nn_status st;
    int i;
    for (i = 0; i < ROWS; i++) {
        nn_real a = 4 * nn_rng_uniform(&rng) - 2, b = 4 * nn_rng_uniform(&rng) - 2,
                c = 4 * nn_rng_uniform(&rng) - 2;
        xs[3 * i] = a; xs[3 * i + 1] = b; xs[3 * i + 2] = c;
        ys[4 * i] = sin(a); ys[4 * i + 1] = a * b; ys[4 * i + 2] = cos(c); ys[4 * i + 3] = a - c;
    }
    memset(&net, 0, sizeof net);
    st = nn_net_init_layers(&net, 8, widths, acts, NN_LOSS_SSE);
    if (st != NN_OK) return st;
    st = nn_net_init_weights(&net, &rng, NN_INIT_GLOROT_UNIFORM);
    if (st == NN_OK) st = nn_net_set_act_params(&net, 3, leaky, 1);
    if (st == NN_OK) st = nn_net_set_act_params(&net, 4, elu, 1);
    if (st == NN_OK) st = nn_net_set_act_params(&net, 5, softplus, 2);
    if (st == NN_OK) st = nn_net_set_act_params(&net, 6, sum, 1);
    if (st == NN_OK) st = train(&net, nn_mat_view(xs, ROWS, 3), nn_mat_view(ys, ROWS, 4), 0.01, 200);
    if (st == NN_OK) st = nn_save_file(&net, path);
    nn_net_free(&net);
    return st;
}

/* the activations of the model at path, as nn.h loaded them */
static nn_status print_acts(const char *path)
{
    nn_net net;
    nn_status st = nn_load_file(&net, path);
    size_t l;
    for (l = 0; st == NN_OK && l < net.n_layers; l++) {
        char text[128];
        size_t n;
        st = nn_act_format(net.layers[l].act, net.layers[l].act_param, text, sizeof text, &n);
        if (st == NN_OK) printf("%s%s", l ? "," : "", text);
    }
    if (st == NN_OK) printf("\n");
    nn_net_free(&net);
    return st;
}

int main(int argc, char **argv)
{
    nn_status st;
    if (argc == 3 && strcmp(argv[1], "--acts") == 0) {
        st = print_acts(argv[2]);
    } else if (argc == 4) {
        st = article(argv[1]);
        if (st == NN_OK) st = deep(argv[2]);
        if (st == NN_OK) st = activations(argv[3]);
    } else {
        fprintf(stderr, "usage: torch_model ARTICLE DEEP ACTS | --acts MODEL\n");
        return 2;
    }
    if (st != NN_OK) {
        fprintf(stderr, "torch_model: %s\n", nn_strerror(st));
        return 1;
    }
    return 0;
}
