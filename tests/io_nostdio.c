/* The model-file functions that stay under NN_NO_STDIO, in a translation
   unit that must not see <stdio.h>: nn.h includes it here and this typedef
   clashes with its FILE. */
typedef struct io_nostdio_not_a_file FILE;
#define NN_NO_STDIO
#define NN_IMPLEMENTATION
#include "nn.h"

/* a memory round trip; the number of checks that failed, *n_checks made */
int io_nostdio_run(int *n_checks)
{
    static unsigned char buf[1024];
    nn_net a, b;
    nn_rng r = nn_rng_seed(7);
    size_t len = 0;
    int failed = 0;
    *n_checks = 5;
    b.params = NULL;            /* stays so when a load fails */
    if (nn_net_init(&a, 3, 4, 2) != NN_OK) return 5;
    nn_net_randomize(&a, &r, -1, 1);
    failed += nn_save_mem(&a, NULL, 0, &len) != NN_OK;
    failed += len > sizeof buf || nn_save_mem(&a, buf, sizeof buf, &len) != NN_OK;
    failed += nn_load_mem(&b, buf, len) != NN_OK;
    if (b.params) {
        failed += b.n_params != a.n_params ||
                  memcmp(a.params, b.params, a.n_params * sizeof(nn_real)) != 0;
        nn_net_free(&b);
    } else {
        failed++;
    }
    failed += nn_load_mem(&b, buf, len - 1) != NN_ERR_FORMAT;
    nn_net_free(&a);
    return failed;
}
