/* hand.h - a plain hand-written forward pass: the floor a library's
   inference is compared to (code size, instructions, stack).

   params, layer after layer: the weights w, n_in rows by n_out columns,
   row-major (w[i * n_out + j] joins input i to output j), then the bias b
   (n_out). widths: n_layers + 1 entries, the input's first. out: the last
   layer's n_out values. scratch: room for every hidden layer's outputs,
   widths[1] + ... + widths[n_layers - 1] floats (none for one layer). */
#ifndef HAND_H
#define HAND_H

/* activation codes for acts[l] */
#define HAND_SIGMOID 0   /* 1/(1+expf(-z)) */
#define HAND_TANH 1      /* tanhf(z) */
#define HAND_RELU 2      /* z < 0 ? 0 : z */
#define HAND_LINEAR 3    /* z */
#define HAND_SOFTMAX 4   /* expf(z - max) / sum */

void hand_forward(const float *params, const unsigned *widths, unsigned n_layers,
                  const unsigned char *acts, const float *x, float *out, float *scratch);

/* The same with every layer sigmoid, and nothing else known: what one
   writes by hand for the article's 3-4-1 net or a 64-32-10 sigmoid net. */
void hand_forward_sigmoid(const float *params, const unsigned *widths, unsigned n_layers,
                          const float *x, float *out, float *scratch);

#endif
