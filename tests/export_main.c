/* test_export.sh's program: the predictions of the exported model
   EXPORTED (written with --name model) for the rows on stdin, one line each,
   with the digits that read back to the same nn_real; or, built with
   FROM_FILE, those of the model file argv[1] as nn_load_file reads it. */
#include <stdio.h>
#include <stdlib.h>

#define NN_IMPLEMENTATION
#include "nn.h"
#ifndef FROM_FILE
#include EXPORTED
#include EXPORTED    /* twice: the include guard */
#endif

int main(int argc, char **argv)
{
    nn_net net;
    nn_real *x, *y, *scratch;
    size_t n_scratch = 0, j;
    int digits = sizeof(nn_real) == sizeof(float) ? 9 : 17;
#ifdef FROM_FILE
    memset(&net, 0, sizeof net);
    if (argc != 2 || nn_load_file(&net, argv[1]) != NN_OK) return 1;
#else
    nn_layer layers[MODEL_LAYERS];
    (void)argv;
    if (argc != 1 || model_net(&net, layers) != NN_OK) return 1;
#endif
    if (nn_predict_scratch(&net, 1, &n_scratch) != NN_OK) return 1;
    x = (nn_real *)malloc(net.n_in * sizeof *x);
    y = (nn_real *)malloc(net.n_out * sizeof *y);
    scratch = (nn_real *)malloc((n_scratch + 1) * sizeof *scratch);
    if (!x || !y || !scratch) return 1;
    for (;;) {
        for (j = 0; j < net.n_in; j++) {
            double v;
            if (scanf("%lf", &v) != 1) goto done;
            x[j] = (nn_real)v;
        }
        if (nn_predict(&net, nn_mat_view(x, 1, net.n_in), nn_mat_view(y, 1, net.n_out),
                       scratch, n_scratch) != NN_OK)
            return 1;
        for (j = 0; j < net.n_out; j++)
            printf("%s%.*g", j ? " " : "", digits, (double)y[j]);
        putchar('\n');
    }
done:
    free(x), free(y), free(scratch);
    nn_net_free(&net);
    return 0;
}
