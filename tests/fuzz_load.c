/* libFuzzer target: nn_load_mem on arbitrary bytes. It must give NN_OK or
   NN_ERR_FORMAT, never crash or read out of bounds (the sanitizers watch),
   leave the net untouched when it fails, free everything, and allocate at
   most twice the input's length. A file that loads must save and load back
   to the same network.
     clang -fsanitize=fuzzer,address,undefined -I. tests/fuzz_load.c -lm
   or `make fuzz`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* live blocks and the peak of bytes in use, for the checks below */
typedef union fuzz_block { size_t n; double d; void *p; } fuzz_block;
static size_t fuzz_live, fuzz_bytes, fuzz_peak;

static void *fuzz_malloc(size_t n)
{
    fuzz_block *b = (fuzz_block *)malloc(sizeof *b + n);
    if (!b) return NULL;
    b->n = n;
    fuzz_live++;
    fuzz_bytes += n;
    if (fuzz_bytes > fuzz_peak) fuzz_peak = fuzz_bytes;
    return b + 1;
}

static void fuzz_free(void *p)
{
    fuzz_block *b = (fuzz_block *)p - 1;
    fuzz_live--;
    fuzz_bytes -= b->n;
    free(b);
}

#define NN_MALLOC(n) fuzz_malloc(n)
#define NN_FREE(p) fuzz_free(p)
#define NN_IMPLEMENTATION
#include "nn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nn_net net, back, untouched;
    nn_status st;
    memset(&net, 0x5A, sizeof net);
    untouched = net;
    fuzz_bytes = fuzz_peak = 0;
    st = nn_load_mem(&net, data, size);
    if (fuzz_peak > 2 * size) __builtin_trap();
    if (st == NN_ERR_FORMAT) {
        if (memcmp(&net, &untouched, sizeof net) != 0) __builtin_trap();
    } else if (st == NN_OK) {
        size_t len = 0;
        unsigned char *buf;
        if (nn_save_mem(&net, NULL, 0, &len) != NN_OK) __builtin_trap();
        buf = (unsigned char *)malloc(len);
        if (!buf || nn_save_mem(&net, buf, len, &len) != NN_OK) __builtin_trap();
        if (nn_load_mem(&back, buf, len) != NN_OK) __builtin_trap();
        if (back.n_params != net.n_params ||
            memcmp(back.params, net.params, net.n_params * sizeof(nn_real)) != 0)
            __builtin_trap();
        nn_net_free(&back);
        nn_net_free(&net);
        free(buf);
    } else {
        __builtin_trap();
    }
    if (fuzz_live != 0) __builtin_trap();
    return 0;
}
