/* A short session through the public API, shared by the compile fixtures:
   XOR trained for a few hundred steps must lower the loss. Returns 0 when it
   did, 1 otherwise. Include after nn.h. */
#ifndef CK_SESSION_H
#define CK_SESSION_H

static int ck_session(void)
{
    nn_net net;
    nn_work work;
    nn_rng rng = nn_rng_seed(7);
    nn_real xs[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
    nn_real ys[] = {0, 1, 1, 0};
    nn_mat x = nn_mat_view(xs, 4, 3), y = nn_mat_view(ys, 4, 1);
    nn_real first = 0, last = 0;
    int i, bad = 0;
    if (nn_net_init(&net, 3, 4, 1) != NN_OK) return 1;
    nn_net_randomize(&net, &rng, 0, 1);
    if (nn_work_init(&work, &net, 4) != NN_OK) {
        nn_net_free(&net);
        return 1;
    }
    for (i = 0; i < 300; i++) {
        nn_real *loss = i == 0 ? &first : &last;
        if (nn_train_step(&net, x, y, 1, &work, loss) != NN_OK) bad = 1;
    }
    nn_work_free(&work);
    nn_net_free(&net);
    return bad || !(last < first);
}

#endif
