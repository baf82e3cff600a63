/* test_embed's reference: the full build of nn.h (training, the gemm),
   private to this file (NN_STATIC), beside test_embed.c's build, which
   may be inference-only (built with -DNN_NO_TRAINING for both files, as
   C++ is). Same NN_REAL in both files. */
#undef NN_NO_TRAINING
#define NN_STATIC
#define NN_IMPLEMENTATION
#include "nn.h"

#include "embed_full.h"

int embed_full(size_t L, const size_t *widths, const nn_act *acts, nn_loss loss,
               uint64_t seed, nn_real *params, size_t n_params, const nn_real *x,
               size_t N, nn_real *y)
{
    nn_net net;
    nn_rng r = nn_rng_seed(seed);
    size_t l;
    int bad;
    if (nn_net_init_layers(&net, L, widths, acts, loss) != NN_OK) return -1;
    nn_net_init_weights(&net, &r, NN_INIT_HE_UNIFORM);
    for (l = 0; l < L; l++) nn_mat_rand(net.layers[l].b, &r, -1, 1);
    bad = net.n_params != n_params ||
          nn_predict(&net, nn_mat_view((nn_real *)(uintptr_t)x, N, widths[0]),
                     nn_mat_view(y, N, widths[L]), NULL, 0) != NN_OK;
    if (!bad) memcpy(params, net.params, n_params * sizeof *params);
    nn_net_free(&net);
    return bad ? -1 : 0;
}
