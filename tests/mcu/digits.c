/* digits.c - the digits network, trained on the PC (train --save), exported
   as C source (export) and run from flash: nn.h's inference-only float
   build with no stdio and an allocator that always fails. Every row of
   digits.csv is predicted; the classes must be the PC's (gen_rows.c, the
   same header built for x86-64), and the outputs are compared bit for bit:
   at most MAX_ULPS apart (0: the same bits, as an ISO C build gives; a GNU
   C build fuses multiply-adds, -ffp-contract=fast, and rounds less).
   Prints the count of rows, of equal classes and of equal bits, the
   largest difference in ulps, the accuracy against the labels, the
   instructions of one prediction, heap calls and stack used. */
#include <stdint.h>

#include "nn_fw.h"
#ifndef MAX_ULPS
#define MAX_ULPS 0
#endif
#include "rows.h"

/* the distance of a and b in floats (ulps) */
static uint32_t ulps(float a, float b)
{
    union { float f; uint32_t u; } x, y;
    int64_t i, j;
    x.f = a;
    y.f = b;
    i = x.u & 0x80000000u ? -(int64_t)(x.u & 0x7fffffffu) : (int64_t)x.u;
    j = y.u & 0x80000000u ? -(int64_t)(y.u & 0x7fffffffu) : (int64_t)y.u;
    return (uint32_t)(i > j ? i - j : j - i);
}

static void say(const char *what, unsigned long v)
{
    mcu_puts(what);
    mcu_put_u32(v);
}

int main(void)
{
    static nn_net net;
    static nn_layer layers[MODEL_LAYERS];
    static nn_real scratch[MODEL_SCRATCH];
    float x[MODEL_IN], y[MODEL_OUT];
    unsigned long same_class = 0, same_bits = 0, right = 0, instructions = 0, i;
    uint32_t worst = 0;
    unsigned j;
    if (model_net(&net, layers) != NN_OK) {
        mcu_puts("digits: model_net failed\n");
        return 1;
    }
    for (i = 0; i < ROWS_N; i++) {
        unsigned best = 0, bits = 1;
        nn_status s;
        for (j = 0; j < MODEL_IN; j++) x[j] = (float)rows_x[i][j];
        if (i == 0) mcu_count_start();
        s = nn_predict(&net, nn_mat_view(x, 1, MODEL_IN), nn_mat_view(y, 1, MODEL_OUT),
                       scratch, MODEL_SCRATCH);
        if (i == 0) instructions = mcu_count_stop();
        if (s != NN_OK) {
            mcu_puts("digits: nn_predict failed\n");
            return 1;
        }
        for (j = 0; j < MODEL_OUT; j++) {
            union { float f; uint32_t u; } want, got;
            want.u = rows_y[i][j];
            got.f = y[j];
            if (y[j] > y[best]) best = j;
            if (want.u != got.u) bits = 0;
            if (ulps(y[j], want.f) > worst) worst = ulps(y[j], want.f);
        }
        same_class += best == rows_class[i];
        same_bits += bits;
        right += best == rows_label[i];
    }
    say("digits: rows ", ROWS_N);
    say(", classes as on the PC ", same_class);
    say(", outputs bit-identical ", same_bits);
    say(", worst ", worst);
    say(" ulp; right ", right);
    say("\ndigits: instructions per prediction ", instructions);
    say(", heap calls ", mcu_allocs());
    say(", stack used ", mcu_stack_used());
    mcu_puts(" bytes\n");
    if (same_class != ROWS_N || mcu_allocs() != 0 || worst > MAX_ULPS) {
        mcu_puts("digits: FAILED\n");
        return 1;
    }
    mcu_puts("digits: ok\n");
    return 0;
}
