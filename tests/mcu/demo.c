/* demo.c - the harness at work: the hand-written forward passes on three
   networks, their outputs (bits, and decimal, checked against want.py's
   values computed in double), the instructions of each forward pass, heap
   calls and stack use. Exits 0 when every check holds. */
#include "hand.h"
#include "mcu.h"

/* the article's shape, 3-4-1, sigmoid layers: w1 (3x4), b1, w2 (4x1), b2 */
static const float net1[] = {
    0.5f,  -1.25f, 2.0f,   0.75f,
    -0.5f, 1.5f,   -0.25f, 1.0f,
    1.0f,  0.25f,  -1.75f, -0.5f,
    0.1f,  -0.2f,  0.3f,   0.0f,
    1.5f,  -2.0f,  0.75f,  1.25f,
    -0.3f,
};
static const unsigned widths1[] = {3, 4, 1};
static const unsigned char acts1[] = {HAND_SIGMOID, HAND_SIGMOID};
static const float x1[] = {0.25f, -0.5f, 0.75f};
static const float want1[] = {0.7449738186f};

/* every other activation: 3-5-4-4-3, tanh, relu, linear, softmax; its 79
   parameters from the LCG below, seed 12345 */
#define NET2_PARAMS 79
static const unsigned widths2[] = {3, 5, 4, 4, 3};
static const unsigned char acts2[] = {HAND_TANH, HAND_RELU, HAND_LINEAR, HAND_SOFTMAX};
static const float x2[] = {0.5f, -1.0f, 0.25f};
static const float want2[] = {0.1925920924f, 0.6890443567f, 0.1183635509f};

/* a larger sigmoid net, 64-32-10: 2410 parameters, then the 64 inputs,
   from the LCG, seed 2024 (generated into RAM: 9.6 KB of .bss) */
#define NET3_PARAMS 2410
static const unsigned widths3[] = {64, 32, 10};
static const unsigned char acts3[] = {HAND_SIGMOID, HAND_SIGMOID};
static const float want3[] = {0.5776124366f, 0.5762168869f, 0.3238987116f, 0.9906124635f,
                              0.4304035827f, 0.7164833469f, 0.7556317472f, 0.5763235485f,
                              0.7968836173f, 0.1797699484f};

/* n values in [-1, 1) from an LCG, exact in float (k / 2^23, |k| <= 2^23) */
static void lcg_fill(float *v, unsigned n, uint32_t seed)
{
    unsigned k;
    for (k = 0; k < n; k++) {
        seed = seed * 1664525u + 1013904223u;
        v[k] = (float)((long)(seed >> 8) - 8388608L) / 8388608.0f;
    }
}

static int failed;

static void report(const char *name, const float *out, const float *want, unsigned n)
{
    unsigned j;
    for (j = 0; j < n; j++) {
        float d = out[j] - want[j];
        mcu_puts(name);
        mcu_puts(" out[");
        mcu_put_u32(j);
        mcu_puts("] = ");
        mcu_put_float_bits(out[j]);
        mcu_puts(" = ");
        mcu_put_fixed(out[j], 6);
        if (!(d < 5e-7f && d > -5e-7f)) {   /* float against double: within 2 ulp seen */
            mcu_puts("  WRONG, want ");
            mcu_put_fixed(want[j], 6);
            failed = 1;
        }
        mcu_puts("\n");
    }
}

/* hand_forward_sigmoid does the same arithmetic as hand_forward */
static void same(const float *a, const float *b, unsigned n)
{
    unsigned j;
    for (j = 0; j < n; j++)
        if (a[j] != b[j]) {
            mcu_puts("hand_forward_sigmoid differs from hand_forward at ");
            mcu_put_u32(j);
            mcu_puts("\n");
            failed = 1;
        }
}

static void instructions(const char *what, unsigned long n)
{
    mcu_puts(what);
    mcu_puts(": ");
    mcu_put_u32(n);
    mcu_puts(" instructions\n");
}

int main(void)
{
    static float net2[NET2_PARAMS], net3[NET3_PARAMS + 64];
    float out[10], out_s[10], scratch[32];
    unsigned long n;

    mcu_puts("demo: hand-written forward passes on mps2-an386 (Cortex-M4F)\n");

    mcu_count_start();
    hand_forward(net1, widths1, 2, acts1, x1, out, scratch);
    n = mcu_count_stop();
    report("3-4-1 sigmoid", out, want1, 1);
    instructions("3-4-1 hand_forward", n);
    mcu_count_start();
    hand_forward_sigmoid(net1, widths1, 2, x1, out_s, scratch);
    n = mcu_count_stop();
    instructions("3-4-1 hand_forward_sigmoid", n);
    same(out, out_s, 1);

    lcg_fill(net2, NET2_PARAMS, 12345);
    mcu_count_start();
    hand_forward(net2, widths2, 4, acts2, x2, out, scratch);
    n = mcu_count_stop();
    report("3-5-4-4-3 tanh,relu,linear,softmax", out, want2, 3);
    instructions("3-5-4-4-3 hand_forward", n);

    lcg_fill(net3, NET3_PARAMS + 64, 2024);
    mcu_count_start();
    hand_forward(net3, widths3, 2, acts3, net3 + NET3_PARAMS, out, scratch);
    n = mcu_count_stop();
    report("64-32-10 sigmoid", out, want3, 10);
    instructions("64-32-10 hand_forward", n);
    mcu_count_start();
    hand_forward_sigmoid(net3, widths3, 2, net3 + NET3_PARAMS, out_s, scratch);
    n = mcu_count_stop();
    instructions("64-32-10 hand_forward_sigmoid", n);
    same(out, out_s, 10);

    mcu_puts("heap calls: ");
    mcu_put_u32(mcu_allocs());
    mcu_puts("\nstack used: ");
    mcu_put_u32(mcu_stack_used());
    mcu_puts(" of ");
    mcu_put_u32(mcu_stack_size());
    mcu_puts(" bytes\n");
    if (mcu_allocs() != 0 || mcu_stack_used() >= mcu_stack_size()) failed = 1;

    mcu_puts(failed ? "demo: FAILED\n" : "demo: ok\n");
    return failed;
}
