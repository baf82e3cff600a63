/* declarations only: main */
#include "nn.h"

nn_status multi_a(nn_net *net, nn_work *work);
nn_status multi_b(nn_net *net, nn_work *work, nn_real *loss);

int main(void)
{
    nn_net net;
    nn_work work;
    nn_real loss = -1;
    nn_status s = multi_a(&net, &work);
    if (s != NN_OK) return 1;
    s = multi_b(&net, &work, &loss);
    nn_work_free(&work);
    nn_net_free(&net);
    return s != NN_OK || !(loss >= 0);
}
