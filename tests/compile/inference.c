/* The inference-only build as firmware has it: NN_NO_TRAINING, NN_NO_FILES,
   NN_NO_STDIO, float, an allocator that always fails, the network a view
   over constant parameters (as tools/export writes them). The article's
   network with weights that compute XOR must classify its table. */
#define NN_NO_TRAINING
#define NN_NO_FILES
#define NN_NO_STDIO
#define NN_REAL float
#define NN_MALLOC(n) ((void)(n), (void *)0)
#define NN_FREE(p) ((void)(p))
#define NN_IMPLEMENTATION
#include "nn.h"

/* NN_NO_FILES declares none of the model-file names: each is free */
typedef int nn_save_mem, nn_load_mem, nn_save_mem_ex, nn_load_mem_ex, nn_save_opts,
    nn_load_opts, nn_load_meta_mem;

/* x1 OR x2 and x1 AND x2 in the hidden layer (x3 is the bias input 1),
   OR and not AND at the output */
static const size_t widths[3] = {3, 2, 1};
static const nn_real params[] = {20.0f, 20.0f,  20.0f, 20.0f,  -10.0f, -30.0f,
                                 0.0f, 0.0f,
                                 20.0f, -20.0f,  -10.0f};

int main(void)
{
    static const nn_real xs[12] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
    nn_net net;
    nn_layer layers[2];
    nn_real y[4], scratch[NN_PREDICT_SCRATCH(4, 2)];
    int i, bad = 0;
    if (nn_net_view(&net, 2, widths, NULL, NN_LOSS_SSE, params,
                    sizeof params / sizeof params[0], layers) != NN_OK)
        return 1;
    if (nn_predict(&net, nn_mat_cview(xs, 4, 3), nn_mat_view(y, 4, 1),
                   scratch, sizeof scratch / sizeof scratch[0]) != NN_OK)
        return 1;
    for (i = 0; i < 4; i++) bad |= (y[i] > 0.5f) != (i == 1 || i == 2);
    nn_net_free(&net);
    return bad;
}
