/* declarations only: builds the network */
#include "nn.h"

nn_status multi_a(nn_net *net, nn_work *work);

nn_status multi_a(nn_net *net, nn_work *work)
{
    nn_rng rng = nn_rng_seed(3);
    nn_status s = nn_net_init(net, 3, 4, 1);
    if (s != NN_OK) return s;
    nn_net_randomize(net, &rng, 0, 1);
    s = nn_work_init(work, net, 4);
    if (s != NN_OK) nn_net_free(net);
    return s;
}
