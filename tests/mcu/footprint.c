/* footprint.c - what one prediction of an exported model (model.h) costs on
   the Cortex-M4F, built three ways from this one file:
     IMPL 0  no forward pass: the harness, the input and the parameters
             only (the baseline the others are measured from)
     IMPL 1  nn.h's inference-only float build: nn_net_view, nn_predict
     IMPL 2  a plain hand-written loop of the same network (hand.c's
             sigmoid-only pass), the floor
   Prints the outputs' bits, the instructions of the prediction and the
   stack used; footprint.sh takes flash and RAM from the sections. */
#include <stdint.h>

#include "nn_fw.h"
#include "hand.h"

/* the first row of the data (digits.csv's first image, or XOR's 0 1 1) */
static const float input[MODEL_IN] = {INPUT};

#if IMPL == 2
static unsigned hand_widths[MODEL_LAYERS + 1];
/* the hidden layer's outputs: these models have one */
static float hand_scratch[MODEL_SCRATCH / 2];
#elif IMPL == 1
static nn_net net;
static nn_layer layers[MODEL_LAYERS];
static nn_real scratch[MODEL_SCRATCH];
#endif

/* once, before predicting: 0 when it worked */
static int setup(void)
{
#if IMPL == 1
    return model_net(&net, layers) != NN_OK;
#elif IMPL == 2
    unsigned l;
    for (l = 0; l <= MODEL_LAYERS; l++) hand_widths[l] = (unsigned)model_widths[l];
#endif
    return 0;
}

static int predict(const float *x, float *y)
{
#if IMPL == 0
    /* keep the parameters in flash, as the others do */
    volatile size_t k = 0;
    y[0] = x[0] + model_params[k] + (float)model_widths[k] + (float)model_acts[k];
    return 0;
#elif IMPL == 1
    return nn_predict(&net, nn_mat_view((nn_real *)(uintptr_t)x, 1, MODEL_IN),
                      nn_mat_view(y, 1, MODEL_OUT), scratch, MODEL_SCRATCH) != NN_OK;
#else
    hand_forward_sigmoid(model_params, hand_widths, MODEL_LAYERS, x, y, hand_scratch);
    return 0;
#endif
}

int main(void)
{
    float x[MODEL_IN], y[MODEL_OUT];
    unsigned long instructions, stack;
    unsigned j;
    int bad;
    for (j = 0; j < MODEL_IN; j++) x[j] = input[j];
    for (j = 0; j < MODEL_OUT; j++) y[j] = 0;
    bad = setup();
    mcu_count_start();
    bad |= predict(x, y);
    instructions = mcu_count_stop();
    stack = mcu_stack_used();
    mcu_puts("footprint: outputs");
    for (j = 0; j < MODEL_OUT; j++) {
        mcu_puts(" ");
        mcu_put_float_bits(y[j]);
    }
    mcu_puts("\nfootprint: instructions ");
    mcu_put_u32(instructions);
    mcu_puts(", stack used ");
    mcu_put_u32(stack);
    mcu_puts(", heap calls ");
    mcu_put_u32(mcu_allocs());
    mcu_puts("\n");
    return bad || mcu_allocs() != 0;
}
