/* hand.c - the plain forward pass of hand.h: loops as one writes them,
   nothing clever. Each output sums its inputs' products from 0 in input
   order and adds the bias last (as nn.h's plain loops do). */
#include <math.h>
#include "hand.h"

/* out = in w + b */
static void dense(const float *w, const float *b, const float *in,
                  unsigned n_in, unsigned n_out, float *out)
{
    unsigned i, j;
    for (j = 0; j < n_out; j++) {
        float z = 0.0f;
        for (i = 0; i < n_in; i++) z += in[i] * w[i * n_out + j];
        out[j] = z + b[j];
    }
}

static void activate(unsigned char act, float *v, unsigned n)
{
    unsigned j;
    float max, sum;
    switch (act) {
    case HAND_SIGMOID:
        for (j = 0; j < n; j++) v[j] = 1.0f / (1.0f + expf(-v[j]));
        break;
    case HAND_TANH:
        for (j = 0; j < n; j++) v[j] = tanhf(v[j]);
        break;
    case HAND_RELU:
        for (j = 0; j < n; j++) v[j] = v[j] < 0.0f ? 0.0f : v[j];
        break;
    case HAND_SOFTMAX:
        max = v[0];
        for (j = 1; j < n; j++) max = v[j] > max ? v[j] : max;
        sum = 0.0f;
        for (j = 0; j < n; j++) {
            v[j] = expf(v[j] - max);
            sum += v[j];
        }
        for (j = 0; j < n; j++) v[j] /= sum;
        break;
    default:   /* HAND_LINEAR */
        break;
    }
}

void hand_forward(const float *params, const unsigned *widths, unsigned n_layers,
                  const unsigned char *acts, const float *x, float *out, float *scratch)
{
    const float *in = x, *p = params;
    unsigned l;
    for (l = 0; l < n_layers; l++) {
        unsigned n_in = widths[l], n_out = widths[l + 1];
        float *o = l + 1 == n_layers ? out : scratch;
        dense(p, p + n_in * n_out, in, n_in, n_out, o);
        activate(acts[l], o, n_out);
        p += n_in * n_out + n_out;
        in = o;
        scratch += n_out;
    }
}

void hand_forward_sigmoid(const float *params, const unsigned *widths, unsigned n_layers,
                          const float *x, float *out, float *scratch)
{
    const float *in = x, *p = params;
    unsigned l, i, j;
    for (l = 0; l < n_layers; l++) {
        unsigned n_in = widths[l], n_out = widths[l + 1];
        const float *w = p, *b = p + n_in * n_out;
        float *o = l + 1 == n_layers ? out : scratch;
        for (j = 0; j < n_out; j++) {
            float z = 0.0f;
            for (i = 0; i < n_in; i++) z += in[i] * w[i * n_out + j];
            o[j] = 1.0f / (1.0f + expf(-(z + b[j])));
        }
        p = b + n_out;
        in = o;
        scratch += n_out;
    }
}
