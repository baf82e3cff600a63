/* The user's translation unit of a two-file program: declarations only,
   linked against tests/tu_impl.c. Trains the article's table. */
#include "nn.h"
#include "test.h"

int main(void)
{
    nn_real xs[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1}, ys[] = {0, 1, 1, 0};
    nn_mat x = nn_mat_view(xs, 4, 3), y = nn_mat_view(ys, 4, 1);
    nn_net net;
    nn_work work;
    nn_rng rng = nn_rng_seed(1);
    nn_real loss = 1;
    int i;

    CHECK_STATUS(nn_net_init(&net, 3, 4, 1), NN_OK);
    nn_net_randomize(&net, &rng, 0, 1);
    CHECK_STATUS(nn_work_init(&work, &net, 4), NN_OK);
    for (i = 0; i < 1500; i++)
        CHECK_STATUS(nn_train_step(&net, x, y, 1, &work, &loss), NN_OK);
    CHECK_STATUS(nn_forward(&net, x, &work), NN_OK);
    CHECK(work.out.data[0] < 0.1 && work.out.data[1] > 0.9);
    CHECK(work.out.data[2] > 0.9 && work.out.data[3] < 0.1);
    CHECK(loss < 0.01);
    nn_work_free(&work);
    nn_net_free(&net);
    return TEST_SUMMARY();
}
