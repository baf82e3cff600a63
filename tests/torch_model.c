/* Writes a trained model for tests/torch_check.py: a 3-5-2 network, trained
   a little on a smooth target so that every weight has moved.
       torch_model FILE */
#include <stdio.h>

#define NN_IMPLEMENTATION
#include "nn.h"

int main(int argc, char **argv)
{
    nn_net net;
    nn_work work;
    nn_rng rng = nn_rng_seed(42);
    nn_real xs[16 * 3], ys[16 * 2];
    nn_status st;
    int i;
    if (argc != 2) {
        fprintf(stderr, "usage: torch_model FILE\n");
        return 2;
    }
    for (i = 0; i < 16; i++) {
        nn_real a = (nn_real)(i % 4) / 3, b = (nn_real)(i / 4) / 3;
        xs[3 * i] = a; xs[3 * i + 1] = b; xs[3 * i + 2] = 1;
        ys[2 * i] = a * b; ys[2 * i + 1] = (a + b) / 2;
    }
    if (nn_net_init(&net, 3, 5, 2) != NN_OK) return 1;
    nn_net_randomize(&net, &rng, -1, 1);
    if (nn_work_init(&work, &net, 16) != NN_OK) return 1;
    for (i = 0; i < 300; i++)
        nn_train_step(&net, nn_mat_view(xs, 16, 3), nn_mat_view(ys, 16, 2), 0.5,
                      &work, NULL);
    st = nn_save_file(&net, argv[1]);
    nn_work_free(&work);
    nn_net_free(&net);
    if (st != NN_OK) {
        fprintf(stderr, "torch_model: %s: %s\n", argv[1], nn_strerror(st));
        return 1;
    }
    return 0;
}
