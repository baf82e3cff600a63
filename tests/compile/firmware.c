/* README's firmware advice ("Embedded"): float, inference only, no stdio,
   the core activations alone (NN_CORE_ACTS),
   and an NN_MALLOC that fails, counting its calls. The compile stage builds
   it with gcc and clang at -O1, -O2 and -Os under -Werror, and compiles it
   with arm-none-eabi-gcc for a Cortex-M4F the same way: no warning at any
   level. nn_net_init_layers must refuse with NN_ERR_NOMEM after one call;
   a view over constant parameters must predict with none. */
#include <stddef.h>

static unsigned long fw_calls;
static void *fw_fail_alloc(size_t n)
{
    (void)n;
    fw_calls++;
    return NULL;
}

#define NN_REAL float
#define NN_NO_TRAINING
#define NN_NO_STDIO
#define NN_CORE_ACTS
#define NN_MALLOC(n) fw_fail_alloc(n)
#define NN_FREE(p) ((void)(p))
#define NN_IMPLEMENTATION
#include "nn.h"

/* one sigmoid unit over two inputs: sigmoid(x1 - x2) */
static const size_t widths[2] = {2, 1};
static const nn_real params[3] = {1.0f, -1.0f, 0.0f};

int main(void)
{
    static const nn_real xs[6] = {0, 0, 4, 0, 0, 4};
    nn_net net, heap;
    nn_layer layer;
    nn_real y[3], scratch[NN_PREDICT_SCRATCH(3, 1)];
    if (nn_net_init_layers(&heap, 1, widths, NULL, NN_LOSS_SSE) != NN_ERR_NOMEM ||
        fw_calls != 1)
        return 1;
    if (nn_net_view(&net, 1, widths, NULL, NN_LOSS_SSE, params, 3, &layer) != NN_OK ||
        nn_predict(&net, nn_mat_cview(xs, 3, 2), nn_mat_view(y, 3, 1), scratch,
                   sizeof scratch / sizeof scratch[0]) != NN_OK)
        return 1;
    nn_net_free(&net);
    return !(y[0] > 0.49f && y[0] < 0.51f && y[1] > 0.98f && y[2] < 0.02f) || fw_calls != 1;
}
