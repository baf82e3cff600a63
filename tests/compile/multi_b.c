/* declarations only: trains */
#include "nn.h"

nn_status multi_b(nn_net *net, nn_work *work, nn_real *loss);

nn_status multi_b(nn_net *net, nn_work *work, nn_real *loss)
{
    nn_real xs[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
    nn_real ys[] = {0, 1, 1, 0};
    nn_mat x = nn_mat_view(xs, 4, 3), y = nn_mat_view(ys, 4, 1);
    int i;
    for (i = 0; i < 100; i++) {
        nn_status s = nn_train_step(net, x, y, 1, work, loss);
        if (s != NN_OK) return s;
    }
    return NN_OK;
}
