/* libFuzzer target: nn_load_mem_ex on arbitrary bytes. It must give NN_OK
   or NN_ERR_FORMAT, never crash or read out of bounds (the sanitizers
   watch), leave the net untouched and say why when it fails (and say
   nothing when it succeeds), free everything, and allocate at most twice
   the input's length. A file that loads must save and load back to the
   same network, layers, activations and loss, bit for bit, and load again
   with the caller's activations (all linear) and loss in place of its own.
   nn_load_meta_mem takes and refuses the same inputs, within the same
   bound, and writes nothing when it refuses.
     clang -fsanitize=fuzzer,address,undefined -I. tests/fuzz_load.c -lm
   or `make fuzz`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* live blocks and the peak of bytes in use, for the checks below */
#include "alloc.h"
#define NN_IMPLEMENTATION
#include "nn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the same layers, activations, loss and parameters */
static int fuzz_same(const nn_net *a, const nn_net *b)
{
    size_t l;
    if (a->n_layers != b->n_layers || a->loss != b->loss || a->n_params != b->n_params ||
        memcmp(a->params, b->params, a->n_params * sizeof(nn_real)) != 0)
        return 0;
    for (l = 0; l < a->n_layers; l++)
        if (a->layers[l].n_in != b->layers[l].n_in ||
            a->layers[l].n_out != b->layers[l].n_out || a->layers[l].act != b->layers[l].act)
            return 0;
    return 1;
}

/* a why is a sentence, inside its buffer */
static int fuzz_said(const nn_load_opts *o)
{
    return o->why[0] != '\0' && memchr(o->why, '\0', sizeof o->why) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nn_net net, back, untouched;
    nn_load_opts opts;
    nn_status st;
    char value[16];
    size_t vlen = 12345, live, held;
    memset(&net, 0x5A, sizeof net);
    memset(&opts, 0, sizeof opts);
    untouched = net;
    test_mem.bytes = test_mem.peak = 0;
    st = nn_load_mem_ex(&net, data, size, &opts);
    if (test_mem.peak > 2 * size) __builtin_trap();
    live = test_mem.live;
    held = test_mem.peak = test_mem.bytes;
    memset(value, 0x5A, sizeof value);
    if (nn_load_meta_mem(data, size, "classes", value, sizeof value, &vlen, NULL) != st ||
        test_mem.peak - held > 2 * size || test_mem.live != live ||
        (st != NN_OK && (vlen != 12345 || value[0] != 0x5A)) ||
        (st == NN_OK && vlen < sizeof value && value[vlen] != '\0'))
        __builtin_trap();
    if (st == NN_ERR_FORMAT) {
        if (memcmp(&net, &untouched, sizeof net) != 0 || !fuzz_said(&opts)) __builtin_trap();
    } else if (st == NN_OK) {
        size_t len = 0, l;
        unsigned char *buf;
        nn_act *lin = (nn_act *)malloc(net.n_layers * sizeof *lin);
        nn_loss sse = NN_LOSS_SSE;
        if (opts.why[0] != '\0' || !lin) __builtin_trap();
        if (nn_save_mem(&net, NULL, 0, &len) != NN_OK) __builtin_trap();
        buf = (unsigned char *)malloc(len);
        if (!buf || nn_save_mem(&net, buf, len, &len) != NN_OK) __builtin_trap();
        memset(&back, 0, sizeof back);
        if (nn_load_mem(&back, buf, len) != NN_OK || !fuzz_same(&net, &back)) __builtin_trap();
        /* the caller's activations and loss: the same parameters (a load
           fills the net it is given, whose blocks are freed first) */
        nn_net_free(&back);
        for (l = 0; l < net.n_layers; l++) lin[l] = NN_ACT_LINEAR;
        opts.acts = lin;
        opts.n_acts = net.n_layers;
        opts.loss = &sse;
        if (nn_load_mem_ex(&back, data, size, &opts) != NN_OK || back.loss != NN_LOSS_SSE ||
            back.n_params != net.n_params ||
            memcmp(back.params, net.params, net.n_params * sizeof(nn_real)) != 0)
            __builtin_trap();
        for (l = 0; l < net.n_layers; l++)
            if (back.layers[l].act != NN_ACT_LINEAR) __builtin_trap();
        nn_net_free(&back);
        nn_net_free(&net);
        free(buf);
        free(lin);
    } else {
        __builtin_trap();
    }
    if (test_mem.live != 0) __builtin_trap();
    return 0;
}
