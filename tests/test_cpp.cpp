// nn.h compiled as C++: the implementation and a training run, built by
// `make test` with g++ and with clang++ under -Wall -Wextra -Wpedantic -Werror.
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

#include <cstring>
#include <vector>

int main()
{
    std::vector<nn_real> xs = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
    std::vector<nn_real> ys = {0, 1, 1, 0};
    nn_mat x = nn_mat_view(xs.data(), 4, 3), y = nn_mat_view(ys.data(), 4, 1);
    nn_net net;
    nn_work work;
    nn_rng rng = nn_rng_seed(2);
    nn_real loss = 1;

    CHECK_STATUS(nn_net_init(&net, 3, 4, 1), NN_OK);
    nn_net_randomize(&net, &rng, 0, 1);
    CHECK_STATUS(nn_work_init(&work, &net, 4), NN_OK);
    for (int i = 0; i < 1500; i++)
        CHECK_STATUS(nn_train_step(&net, x, y, 1, &work, &loss), NN_OK);
    CHECK_STATUS(nn_forward(&net, x, &work), NN_OK);
    CHECK(work.out.data[0] < 0.1 && work.out.data[1] > 0.9);
    CHECK(work.out.data[2] > 0.9 && work.out.data[3] < 0.1);
    CHECK(loss < 0.01);
    CHECK_STATUS(nn_mat_mul(x, x, y), NN_ERR_SHAPE);
    // a view of const data, predicted through with no cast: the bits of
    // the forward pass over the same rows in writable memory
    static const nn_real cxs[12] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
    nn_mat cx = nn_mat_cview(cxs, 4, 3);
    nn_real yh[4], scratch[NN_PREDICT_SCRATCH(4, 4)];
    CHECK(cx.rows == 4 && cx.cols == 3 && cx.data == cxs);
    CHECK_STATUS(nn_predict(&net, cx, nn_mat_view(yh, 4, 1), scratch,
                            sizeof scratch / sizeof scratch[0]), NN_OK);
    CHECK_STATUS(nn_forward(&net, x, &work), NN_OK);
    CHECK(memcmp(yh, work.out.data, sizeof yh) == 0);
    nn_work_free(&work);
    nn_net_free(&net);
    return TEST_SUMMARY();
}
