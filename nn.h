/* nn.h - a neural network library in one C header.   v3.0.0

   The network of James Loy's "How to build your own Neural Network from
   scratch in Python" - one hidden layer of sigmoid units, a sigmoid output,
   trained by feedforward and backpropagation on the sum-of-squares error -
   is the default, reproduced bit for bit. Around it, the small MLP the
   article goes on to describe: any number of dense layers, an activation
   per layer (sigmoid, tanh, ReLU, linear, softmax, GELU, SiLU, LeakyReLU,
   ELU, Softplus, with PyTorch's parameters), a loss that fits the
   problem (sum of squares, binary or categorical cross-entropy), plain
   gradient descent, momentum, Nesterov, Adam, AdamW or RMSprop, gradient
   clipping by global norm, Glorot and He initial weights, prediction
   from a const network, model files PyTorch reads.
   Where nn.h and PyTorch share a concept, it means what PyTorch means.
   C99 or C++, no dependency beyond the C library and libm.

   USAGE
     In exactly one C or C++ file:
         #define NN_IMPLEMENTATION
         #include "nn.h"
     Everywhere else just #include "nn.h".

   CONFIGURATION (define before including)
     NN_IMPLEMENTATION  in one file only: emit the definitions.
     NN_REAL            element type, float or double (default double).
                        Must be the same in every file of a program.
     NN_STATIC          every function static, private to the file that
                        defines NN_IMPLEMENTATION (set it beside the
                        implementation; several files may each have a copy).
     NN_MALLOC(n)       allocator, used for every allocation the library
     NN_FREE(p)         makes; define both or neither (only needed beside
                        the implementation). Default: malloc / free.
     NN_NO_STDIO        leave out everything that takes a FILE* or a path
                        (nn_mat_print, nn_save, nn_load, nn_save_file,
                        nn_load_file, nn_save_ex, nn_save_file_ex,
                        nn_load_ex, nn_load_file_ex, nn_load_meta,
                        nn_load_meta_file); no <stdio.h> is included.
     NN_NO_TRAINING     an inference-only build, for firmware: networks,
                        views (nn_net_view), forward, prediction, the loss
                        and model files; no backprop, update, optimizers,
                        nn_mat_gemm or nn_mat_mul (their declarations go
                        too), no SIMD, and every layer on the plain loops,
                        which give the full build's bits wherever it takes
                        them. Define it in every file, as NN_REAL.
     NN_NO_FILES        leave out the model files (nn_save*, nn_load*,
                        nn_save_opts, nn_load_opts), declarations and all:
                        firmware whose network is compiled in (a view) has
                        no use for them. Define it in every file.
     NN_CORE_ACTS       only the activations 3.0 had (sigmoid, tanh, relu,
                        linear, softmax), none computed with libm: for
                        firmware, whose code the others would grow (erf,
                        expm1, log1p); a network with another is refused
                        (NN_ERR_ARG; a loader's NN_ERR_FORMAT). Define it
                        in every file, as NN_REAL.
     NN_NO_SIMD         only the portable C kernels and plain loops: no
                        intrinsics, no vector types and no run-time choice
                        of AVX2/AVX-512 code (beside the implementation).
     NN_EXTRA_ACTS(X, C)   rows added to the activations, losses and
     NN_EXTRA_LOSSES(X, C) optimizers without editing this file: enum values
     NN_EXTRA_OPTS(X, C)   after the built-in ones, used by every path. See
                        NN__ACTS, NN__LOSSES and NN__OPTS (and
                        tests/test_table.c). The same in every file.
     -fopenmp           (a compiler flag, not a macro) large products use
                        several threads; results are the same bits for any
                        thread count.

   CONVENTIONS
     Matrices are row-major: element (i, j) of an nn_mat m is
     m.data[i*m.cols + j], or NN_AT(m, i, j). An nn_mat is a plain view: it
     owns memory only when nn_mat_alloc made it, and then nn_mat_free frees it.
     One sample per row, so a mini-batch is a row range: nn_mat_rows gives
     it without copying, and nn_shuffle_rows reorders x and y together
     between epochs. Shapes below use
         N = rows in the batch, n0 = n_in, nl = layer l's width, nL = n_out
     (for the article's network: I = n_in, H = n_hidden, O = n_out).
     Every function that can fail returns an nn_status; when it is not NN_OK
     the function has written nothing: no output, no argument, no buffer
     (the one exception: a refused model file's reason, in nn_load_opts).
     The library never prints (except nn_mat_print, when asked), never exits,
     never aborts on the caller's input, has no global state, and allocates
     nothing once the network, its nn_work and its nn_opt are made: a const
     nn_net may serve many threads at once, each with its own nn_work (or
     nn_predict's scratch).

   CODE MAP (the implementation, in the order the data flows; each part
   under a ruled comment of that name)
     The build        the precision (NN__F32, from NN_REAL) and the
                      platform (NN__HAVE_*, the instruction sets), decided
                      once: nothing below tests a compiler's or a
                      processor's own macros, or sizeof(nn_real)
     Random numbers, Matrices
     Activations      NN__ACTS, one row per activation: f, f', its vector
                      form; the plain loops over them (nn__act_apply,
                      nn__act_dmul)
     Saying why       the sentences of the _why functions and the loaders
     Network          making, viewing, copying and freeing (the ownership
                      rule at nn_net), nn_work
     Forward          nn__dense_plain, the reference; nn__layer_forward
     Loss             NN__LOSSES, one row per loss, its row function
     Backward         nn__delta_plain_*, the reference; nn__backprop
     Update and optimizers  NN__OPTS, one row per optimizer
     The fast machinery  the processor (nn__cpu, the one run-time probe);
                      elementwise (the activations, deltas, updates and the
                      tiny path's fused step on vectors of nn_real); gemm
                      (the small path, the kernels' table, the blocked path
                      split as BLIS splits it: pack A, pack B, macro-kernel)
     Model files      safetensors, writer and reader (NN_NO_FILES: none)
   The plain loops are the reference. The fast paths (vectors, the tiny
   step, the small path's strips) compute each element with the plain
   loops' operations in their order, so they give the same bits (tests/
   test_speed.c, test_table.c); so do 1 and N threads. The one exception is
   the blocked gemm's SIMD kernels, which fuse multiply-adds: within a few
   roundings of the portable kernel (NN_NO_SIMD leaves them out).

   THE MATH (x (N,n0), y (N,nL); layer l: w_l (n_{l-1},n_l), b_l (1,n_l))
     forward    a_0 = x;  z_l = a_{l-1} w_l + b_l;  a_l = f_l(z_l)   (N,n_l)
                yh = a_L
     activations f and their slopes, written with the output a = f(z):
                sigmoid 1/(1+e^-z), a(1-a);  tanh, 1-a^2;  relu max(z,0),
                1 if a > 0 else 0;  linear z, 1;  softmax e^z_j/sum_k e^z_k
                by row (last layer only); and written with z (the layer
                keeps it; a, b, t the parameters): gelu z Phi(z),
                Phi(z) + z phi(z) (Phi, phi: the normal distribution and
                density); gelu_tanh its tanh form; silu z s(z),
                s(z)(1 + z(1 - s(z))); leaky_relu z or a z, 1 or a (z > 0
                or not); elu z or a(e^z - 1), 1 or a e^z; softplus
                log(1 + e^(b z))/b, s(b z), or z and 1 where b z > t
     loss       sse  L = sum (y - yh)^2                   (the article)
                bce  L = -sum y log yh + (1-y) log(1-yh)  (sigmoid output)
                ce   L = -sum y log yh                    (softmax output)
                summed over every row and column (PyTorch's reduction='sum')
     backward   d_L = dL/dz_L:  sse  -2 (y - yh) . f'(yh)  (softmax: the
                                      row's Jacobian)
                                bce  yh - y;   ce  yh - y  (rows of y sum to 1)
                dw_l = a_{l-1}^T d_l          (n_{l-1},n_l)
                db_l = column sums of d_l     (1,n_l)
                d_{l-1} = (d_l w_l^T) . f'_{l-1}(a_{l-1})   (N,n_{l-1})
     update     params -= rate * grad (nn_train_step), or an nn_opt:
                momentum, Nesterov, Adam, AdamW, RMSprop, with weight
                decay (biases included or not), after nn_clip_grad_norm
                if wanted (see Optimizers)
     With the article's network and rate 1 the weight step is the article's
     W += X^T (2(y - yh) . s'(yh)).

   EXAMPLE
         nn_net net; nn_work work; nn_rng rng = nn_rng_seed(1);
         nn_real xs[] = {0,0,1, 0,1,1, 1,0,1, 1,1,1}, ys[] = {0,1,1,0};
         nn_mat x = nn_mat_view(xs, 4, 3), y = nn_mat_view(ys, 4, 1);
         if (nn_net_init(&net, 3, 4, 1) != NN_OK) return 1;
         nn_net_randomize(&net, &rng, 0, 1);
         if (nn_work_init(&work, &net, 4) != NN_OK) { nn_net_free(&net); return 1; }
         for (int i = 0; i < 1500; i++) nn_train_step(&net, x, y, 1, &work, NULL);
         nn_forward(&net, x, &work);      // predictions in work.out (4,1)
         nn_work_free(&work); nn_net_free(&net);
     A deeper one: 64 -> 128 (ReLU) -> 10 (softmax), cross-entropy, Adam:
         size_t widths[] = {64, 128, 10};
         nn_act acts[] = {NN_ACT_RELU, NN_ACT_SOFTMAX};
         nn_opt opt;
         nn_net_init_layers(&net, 2, widths, acts, NN_LOSS_CE);
         nn_net_init_weights(&net, &rng, NN_INIT_HE_UNIFORM);
         nn_work_init(&work, &net, 32);
         nn_opt_init(&opt, &net, NN_OPT_ADAM);
         nn_train_step_opt(&net, &opt, x, y, 0.001, &work, &loss);  // per batch
         nn_predict(&net, x, yhat, NULL, 0);                         // no work

   MODEL FILES
     nn_save_file / nn_load_file (and nn_save / nn_load on a FILE*,
     nn_save_mem / nn_load_mem on memory) write and read the safetensors
     format: u64 header length N (little-endian) | N bytes of JSON | data.
     Each layer is a PyTorch nn.Linear (weight (n_out,n_in) = w^T, bias),
     named as in the equivalent nn.Sequential ("0.weight", "0.bias",
     "2.weight", ...), activations and loss in __metadata__; the article's
     network keeps 1.x's names (hidden.weight, ..., output.bias). F64 from a
     double build, F32 from a float build; either loads into either.
     Loading checks every length, offset and shape against the bytes present
     before it allocates: a hostile file gives NN_ERR_FORMAT, and the _ex
     loaders say why.

   LICENSE: MIT or public domain, your choice; see the end of this file.
*/
#ifndef NN_H
#define NN_H

#define NN_VERSION_MAJOR 3
#define NN_VERSION_MINOR 0
#define NN_VERSION_PATCH 0
#define NN_VERSION "3.0.0"

#include <stddef.h>
#include <stdint.h>
#ifndef NN_NO_STDIO
#include <stdio.h>
#endif

#ifndef NN_REAL
#define NN_REAL double
#endif

#ifdef NN_STATIC
/* a file rarely calls every function; unused statics must not warn */
#if defined(__GNUC__) || defined(__clang__)
#define NNDEF static __attribute__((unused))
#else
#define NNDEF static
#endif
#else
#define NNDEF extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* an enum value from a row of the activation, loss or optimizer tables
   (NN__ACTS, NN__LOSSES, NN__OPTS: the first column after the context) */
#define NN__ROW_ENUM(CX, E, ...) E,
/* + 1 for each row: a table's rows are counted, and checked against its
   enum's count (a compile error when they differ) */
/* NOLINTBEGIN(bugprone-macro-parentheses): +1 is a term of a sum, NAME a
   type's name */
#define NN__ROW_ONE(CX, ...) +1
#define NN__ROWS_CHECK(NAME, TABLE, COUNT)                                    \
    typedef char NAME[0 TABLE(NN__ROW_ONE, 0) == (COUNT) ? 1 : -1];
/* NOLINTEND(bugprone-macro-parentheses) */

typedef NN_REAL nn_real;

typedef enum nn_status {
    NN_OK = 0,
    NN_ERR_ARG,     /* NULL pointer, zero width, aliasing output, bad option */
    NN_ERR_SHAPE,   /* matrix or network dimensions do not agree */
    NN_ERR_NOMEM,   /* allocation failed, or a size overflowed size_t */
    NN_ERR_IO,      /* reading or writing a stream failed */
    NN_ERR_FORMAT   /* model file malformed, truncated, or unsupported */
} nn_status;

/* A short English description; never NULL, also for unknown values. */
NNDEF const char *nn_strerror(nn_status s);

/* ------------------------------------------------------------------------ */
/* Random numbers                                                            */

/* splitmix64: the same seed gives the same stream on every platform. */
typedef struct nn_rng { uint64_t state; } nn_rng;
NNDEF nn_rng   nn_rng_seed(uint64_t seed);
NNDEF uint64_t nn_rng_next(nn_rng *r);      /* 0 when r is NULL */
/* In [0, 1): the top 53 bits (double) or 24 bits (float) of nn_rng_next,
   scaled by 2^-53 or 2^-24, so every value is exact and below 1. */
NNDEF nn_real  nn_rng_uniform(nn_rng *r);

/* ------------------------------------------------------------------------ */
/* Matrices                                                                  */

/* Row-major matrix: element (i, j) is data[i*cols + j]. A view never owns.
   data may be NULL only when rows*cols == 0. */
typedef struct nn_mat { size_t rows, cols; nn_real *data; } nn_mat;
#define NN_AT(m, i, j) ((m).data[(size_t)(i) * (m).cols + (size_t)(j)])

/* rows x cols of zeros. A 0-element matrix is valid and gets data NULL.
   NN_ERR_ARG: m NULL. NN_ERR_NOMEM: no memory, or rows*cols overflows. */
NNDEF nn_status nn_mat_alloc(nn_mat *m, size_t rows, size_t cols);
/* Frees what nn_mat_alloc made and zeroes *m; NULL-safe, idempotent.
   Never call it on a view. */
NNDEF void      nn_mat_free(nn_mat *m);
NNDEF nn_mat    nn_mat_view(nn_real *data, size_t rows, size_t cols);
/* A read-only view of const data (a static const table, flash): the same
   pointer, with no cast in the caller. Pass it only where a matrix is read
   (the inputs and targets of prediction, forward, the loss, training, the
   source of nn_mat_copy); a function that writes its matrix would write
   the const data. */
NNDEF nn_mat    nn_mat_cview(const nn_real *data, size_t rows, size_t cols);
/* Rows [first, first+count) of m, sharing its memory. NN_ERR_SHAPE when the
   range does not lie inside m; *view is written only on success. */
NNDEF nn_status nn_mat_rows(nn_mat *view, nn_mat m, size_t first, size_t count);
/* Puts the rows of x in a uniformly random order (Fisher-Yates, drawing from
   r) and moves the rows of y the same way, so sample i stays paired with its
   target. x (N,I), y (N,O); y may have 0 columns to shuffle x alone. The
   same seed gives the same order on every platform. No memory is needed.
   NN_ERR_ARG: r NULL, a matrix without its data, or x and y share memory.
   NN_ERR_SHAPE: x.rows != y.rows. */
NNDEF nn_status nn_shuffle_rows(nn_mat x, nn_mat y, nn_rng *r);
/* The void functions do nothing when given a NULL pointer they need. */
NNDEF void      nn_mat_fill(nn_mat m, nn_real value);
/* U[lo, hi), one draw per element in row order; every element lo when
   lo >= hi (or either is NaN). */
NNDEF void      nn_mat_rand(nn_mat m, nn_rng *r, nn_real lo, nn_real hi);
/* dst = src; same shape required (NN_ERR_SHAPE). Overlap is allowed. */
NNDEF nn_status nn_mat_copy(nn_mat dst, nn_mat src);
#ifndef NN_NO_TRAINING
/* c = a b: (M,K) (K,N) -> (M,N). c must not share memory with a or b. */
NNDEF nn_status nn_mat_mul(nn_mat c, nn_mat a, nn_mat b);
/* c = alpha op(a) op(b) + beta c, op(x) = x or x^T (trans_x nonzero).
   op(a) (M,K), op(b) (K,N), c (M,N). beta == 0: c is not read, so NaN in c
   does not survive. alpha == 0 or K == 0: a and b are not read.
   c must not share memory with a or b (NN_ERR_ARG). */
NNDEF nn_status nn_mat_gemm(nn_mat c, nn_real alpha, nn_mat a, int trans_a,
                            nn_mat b, int trans_b, nn_real beta);
#endif /* NN_NO_TRAINING */
/* m[i,:] += row for every i; row is (1, m.cols). */
NNDEF nn_status nn_mat_add_row(nn_mat m, nn_mat row);
NNDEF void      nn_mat_sigmoid(nn_mat m);              /* in place */
#ifndef NN_NO_STDIO
/* "name (rows x cols)" then one line per row, %.6g; name may be NULL. */
NNDEF void      nn_mat_print(FILE *f, nn_mat m, const char *name);
#endif

/* ------------------------------------------------------------------------ */
/* Activations                                                               */

/* One per layer. Each is PyTorch's module of that name, elementwise except
   softmax, which maps each row to probabilities (computed stably: the row's
   maximum is subtracted first) and may only be the last layer's. */
typedef enum nn_act {
    NN_ACT_SIGMOID = 0,   /* 1/(1+e^-z)                  nn.Sigmoid (the article) */
    NN_ACT_TANH,          /* tanh z                      nn.Tanh */
    NN_ACT_RELU,          /* max(z, 0); NaN stays NaN    nn.ReLU */
    NN_ACT_LINEAR,        /* z, the identity             nn.Identity */
    NN_ACT_SOFTMAX,       /* e^z_j / sum_k e^z_k by row  nn.Softmax(dim=1) */
    NN_ACT_GELU,          /* z Phi(z), Phi(z) = (1 + erf(z/sqrt 2))/2     nn.GELU() */
    NN_ACT_GELU_TANH,     /* z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3)))/2
                                                 nn.GELU(approximate='tanh') */
    NN_ACT_SILU,          /* z s(z), s the sigmoid        nn.SiLU */
    NN_ACT_LEAKY_RELU,    /* z > 0 ? z : a z, a = negative_slope (0.01)
                                                          nn.LeakyReLU */
    NN_ACT_ELU,           /* z > 0 ? z : a (e^z - 1), a = alpha (1)  nn.ELU */
    NN_ACT_SOFTPLUS,      /* b z > t ? z : log(1 + e^(b z))/b, b = beta (1),
                             t = threshold (20)           nn.Softplus */
#ifdef NN_EXTRA_ACTS      /* rows added by the program: see NN__ACTS */
    NN_EXTRA_ACTS(NN__ROW_ENUM, 0)
#endif
    NN_ACT_COUNT
} nn_act;

/* 1/(1+e^-x); finite, in [0,1], for every finite x; NaN gives NaN. */
NNDEF nn_real nn_sigmoid(nn_real x);
/* y(1-y): the slope of the sigmoid, given y = nn_sigmoid(x). */
NNDEF nn_real nn_sigmoid_deriv(nn_real y);
/* The name used in files and on command lines: "sigmoid", "tanh", "relu",
   "linear", "softmax", "gelu", "gelu_tanh", "silu", "leaky_relu", "elu",
   "softplus"; "unknown" for any other value. */
NNDEF const char *nn_act_name(nn_act a);
/* The activation called name (as nn_act_name spells it); NN_ERR_ARG when
   there is none, *a untouched. */
NNDEF nn_status nn_act_parse(const char *name, nn_act *a);

/* Parameters: leaky_relu takes negative_slope, elu alpha, softplus beta
   and threshold, as their PyTorch modules do; the others take none. A
   layer holds its activation's in nn_layer.act_param, PyTorch's defaults
   (0.01; 1; 1 and 20) when a network is made (nn_net_set_act_params
   changes them). Any finite value, but softplus's beta must not be 0. */
#define NN_ACT_MAX_PARAMS 2
/* How many parameters a takes: 0, 1 or 2 (0 for an unknown value). */
NNDEF size_t nn_act_n_params(nn_act a);
/* The name of a's parameter i, as PyTorch names it ("negative_slope",
   "alpha", "beta", "threshold"), or NULL when a has no parameter i. */
NNDEF const char *nn_act_param_name(nn_act a, size_t i);
/* An activation with its parameters as text, as model files and command
   lines write it: a name alone ("relu": default parameters), or with
   parameters in parentheses, by name or in order, those left out keeping
   their defaults: "leaky_relu(negative_slope=0.2)", "leaky_relu(0.2)",
   "softplus(beta=2, threshold=10)"; blanks only inside the parentheses.
   Values are decimal (JSON's numbers, correctly rounded as strtod rounds
   them, to their first 19 significant digits) or C99 hexadecimal
   ("0x1.8p-3"); no strtod, so no locale. text is len bytes (no NUL
   needed). *a and p[0..NN_ACT_MAX_PARAMS) are set on success (unused
   entries 0); NN_ERR_ARG, nothing written, for anything else: an unknown name or parameter, a
   value twice, not finite or out of range, text after the ')'. */
NNDEF nn_status nn_act_parse_params(const char *text, size_t len, nn_act *a, nn_real *p);
/* The text nn_act_parse_params reads back as a with p exactly: the name
   alone when a takes no parameters, else every parameter by name, each
   the shortest decimal that reads back exactly, as Python's repr writes a
   float: "leaky_relu(negative_slope=0.2)". Into buf with a NUL
   when it fits (*len < cap), its length in *len; cap 0 asks for the length.
   NN_ERR_ARG, nothing written: a unknown, p NULL when a takes parameters,
   or a parameter that nn_act_parse_params would refuse; len NULL, buf NULL
   with cap > 0. */
NNDEF nn_status nn_act_format(nn_act a, const nn_real *p, char *buf, size_t cap, size_t *len);
/* m = f(m) in place, softmax row by row. NN_ERR_ARG: a unknown. */
NNDEF nn_status nn_mat_activate(nn_mat m, nn_act a);

/* ------------------------------------------------------------------------ */
/* Losses                                                                    */

/* Summed over every row and column of the batch, as the article's loss is
   (PyTorch's reduction='sum'); the gradients are those of the sum. */
typedef enum nn_loss {
    NN_LOSS_SSE = 0,  /* sum (y - yh)^2, any output (the article)  MSELoss */
    NN_LOSS_BCE,      /* -sum y log yh + (1-y) log(1-yh), sigmoid output
                         (from the logits z: BCEWithLogitsLoss)           */
    NN_LOSS_CE,       /* -sum y log yh, softmax output, y one row of class
                         probabilities per sample (from the logits z:
                         CrossEntropyLoss with probability targets)       */
#ifdef NN_EXTRA_LOSSES /* rows added by the program: see NN__LOSSES */
    NN_EXTRA_LOSSES(NN__ROW_ENUM, 0)
#endif
    NN_LOSS_COUNT
} nn_loss;

/* "sse", "bce", "cross_entropy"; "unknown" for any other value. */
NNDEF const char *nn_loss_name(nn_loss l);
/* The loss called name; NN_ERR_ARG when there is none, *l untouched. */
NNDEF nn_status nn_loss_parse(const char *name, nn_loss *l);

/* ------------------------------------------------------------------------ */
/* Network                                                                   */

/* A dense layer: out (N,n_out) = act(in (N,n_in) w (n_in,n_out) + b).
   w is PyTorch's nn.Linear weight transposed (model files hold Linear's
   (n_out,n_in)); w and b are views into the network's params. */
typedef struct nn_layer {
    size_t n_in, n_out;
    nn_act act;
    nn_mat w, b;        /* w (n_in,n_out), b (1,n_out) */
    nn_real act_param[NN_ACT_MAX_PARAMS];  /* act's parameters (nn_act_n_params
                                              of them; the rest 0) */
} nn_layer;

/* A list of L >= 1 dense layers of widths n0 = n_in, n1, ..., nL = n_out.
   All parameters live in one block, layer after layer, each w then b:
     w1 n_in x n1 | b1 1 x n1 | w2 n1 x n2 | b2 1 x n2 | ...
   The 1.x fields name the first and the last layer: w1, b1 are layers[0]'s
   w and b, w2, b2 are layers[L-1]'s (the same as w1, b1 when L is 1), and
   n_hidden is n1 (0 when L is 1). Read them; change only parameter values. */
typedef struct nn_net {
    size_t n_in, n_hidden, n_out;
    size_t n_params;
    nn_real *params;
    nn_mat w1, b1, w2, b2;
    size_t n_layers;    /* L */
    nn_layer *layers;   /* L entries, in params' allocation */
    nn_loss loss;
    unsigned owner_;    /* private: NN__OWNS (nn_net_free frees params) or NN__VIEW */
} nn_net;

/* Ownership, the one rule: a function that makes a network in *net (init,
   view, copy, the loaders) never reads *net, so *net may be new, zeroed,
   freed or stale; it overwrites the struct and frees nothing. Free a
   network with nn_net_free before making another in its place, as in 1.x
   (2.x's nn_net_copy and loaders freed what *net held: see the README's
   upgrade notes). Every other function takes a network that one of those
   made. A byte copy of an nn_net is not a second network. The same holds
   for nn_work (nn_work_init) and nn_opt (nn_opt_init). */

/* The article's network: n_in -> n_hidden -> n_out, sigmoid layers, the
   sum-of-squares loss; all parameters zero. NN_ERR_ARG: net NULL or a
   width 0. */
NNDEF nn_status nn_net_init(nn_net *net, size_t n_in, size_t n_hidden, size_t n_out);
/* n_layers layers of widths[0] -> widths[1] -> ... -> widths[n_layers]
   (n_layers + 1 entries), layer l applying acts[l] (acts NULL: sigmoid
   everywhere); all parameters zero. NN_ERR_ARG, nothing allocated: net or
   widths NULL, n_layers 0, a width 0, an unknown activation or loss, a
   softmax before the last layer, or a loss that does not fit the output
   (NN_LOSS_BCE needs a sigmoid, NN_LOSS_CE a softmax). */
NNDEF nn_status nn_net_init_layers(nn_net *net, size_t n_layers, const size_t *widths,
                                   const nn_act *acts, nn_loss loss);
/* Why a network cannot be made: the _why makers are the same calls, and
   also write a sentence into why (at most why_len bytes with its NUL; ""
   on success; why may be NULL when why_len is 0), e.g. "widths[2] is 0"
   or "the cross_entropy loss does not fit the last layer's activation,
   relu". why is the one thing written when they fail. */
NNDEF nn_status nn_net_init_layers_why(nn_net *net, size_t n_layers, const size_t *widths,
                                       const nn_act *acts, nn_loss loss, char *why,
                                       size_t why_len);
/* A network over memory the caller owns, for prediction with no
   allocation (parameters in flash, say): params holds the n_params values
   laid out as nn_net.params (widths, acts and loss as for
   nn_net_init_layers), layers n_layers entries that this fills in. Nothing
   is copied: params and layers must outlive the network. A view is read
   only: prediction, forward, loss, backprop, copying from it and saving it
   work; nn_train_step, nn_train_step_opt and nn_opt_step refuse it
   (NN_ERR_ARG), nn_update and nn_net_randomize leave it alone, nn_net_free
   only clears the struct. NN_ERR_ARG also when n_params is not the count
   the widths need, or layers overlaps params or *net. */
NNDEF nn_status nn_net_view(nn_net *net, size_t n_layers, const size_t *widths,
                            const nn_act *acts, nn_loss loss, const nn_real *params,
                            size_t n_params, nn_layer *layers);
NNDEF nn_status nn_net_view_why(nn_net *net, size_t n_layers, const size_t *widths,
                                const nn_act *acts, nn_loss loss, const nn_real *params,
                                size_t n_params, nn_layer *layers, char *why,
                                size_t why_len);
/* dst = a new network equal to src, parameters and all (src may be a
   view; the copy owns its memory). *dst is not read (the rule above);
   dst == src is NN_ERR_ARG (the network would be lost). */
NNDEF nn_status nn_net_copy(nn_net *dst, const nn_net *src);
/* dst's parameters = src's, in place, with no allocation (keeping the best
   network in a training loop is free). dst must be a network, not a view
   (NN_ERR_ARG), of the same layers, activations and loss as src
   (NN_ERR_SHAPE). */
NNDEF nn_status nn_net_copy_params(nn_net *dst, const nn_net *src);
/* Layer l's activation parameters = p[0..n), n = nn_act_n_params of its
   activation (a view's too: they live in its layers array, not in its
   params). NN_ERR_ARG, nothing written: net not a network, l out of
   range, n not that count, p NULL with n > 0, a value out of range. */
NNDEF nn_status nn_net_set_act_params(nn_net *net, size_t l, const nn_real *p, size_t n);
/* NULL-safe, idempotent, safe on a zeroed struct. */
NNDEF void      nn_net_free(nn_net *net);
/* Every weight ~ U[lo, hi), drawn layer by layer in params order; biases 0
   (the article draws from [0, 1)). */
NNDEF void      nn_net_randomize(nn_net *net, nn_rng *r, nn_real lo, nn_real hi);

/* Initial weights scaled by each layer's fan_in = n_in and fan_out = n_out,
   as torch.nn.init names them; biases 0. */
typedef enum nn_init {
    NN_INIT_GLOROT_UNIFORM = 0, /* U(-a, a), a = sqrt(6/(fan_in+fan_out))  xavier_uniform_ */
    NN_INIT_HE_UNIFORM,         /* U(-a, a), a = sqrt(6/fan_in)     kaiming_uniform_, relu */
    NN_INIT_HE_NORMAL,          /* N(0, 2/fan_in)                   kaiming_normal_, relu */
    NN_INIT_COUNT
} nn_init;
/* Draws every weight from r in params order (the same stream of numbers
   on every platform; normal draws use libm's log and sqrt). NN_ERR_ARG:
   net not a network, r NULL or kind unknown; nothing written. */
NNDEF nn_status nn_net_init_weights(nn_net *net, nn_rng *r, nn_init kind);
/* A standard normal draw: Marsaglia's polar method on nn_rng_uniform. */
NNDEF nn_real   nn_rng_normal(nn_rng *r);

/* Buffers for batches of up to `capacity` rows, so training allocates nothing.
   After nn_forward on x (N rows): outs[l] is layer l's output (N, n_{l+1}),
   out == outs[L-1] (N,n_out) and hidden == outs[0] (an empty view when L
   is 1). grad has n_params elements laid out like nn_net.params, and
   dw[l], db[l] are its views for layer l (like layers[l].w and .b). */
typedef struct nn_work {
    size_t capacity;
    nn_mat hidden, out;
    nn_real *grad;
    size_t n_layers;
    nn_mat *outs, *dw, *db;             /* n_layers each */
    /* private: do not touch */
    size_t *widths_;                    /* the net's n_layers + 1 widths */
    nn_mat *deltas_;                    /* dL/dz of each layer (capacity, n_{l+1}) */
    nn_mat logits_;                     /* z of the last layer (capacity, n_out) */
    nn_mat *zs_;                        /* z of each layer below the last whose
                                           activation's slope is of z (capacity,
                                           n_{l+1}; else empty); NULL when none is */
    void *block_;                       /* the one allocation */
    size_t block_len_;                  /* its length in bytes */
} nn_work;

/* NN_ERR_ARG: w or net NULL, net not initialized, capacity 0. */
NNDEF nn_status nn_work_init(nn_work *w, const nn_net *net, size_t capacity);
NNDEF void      nn_work_free(nn_work *w);  /* NULL-safe, idempotent */

/* ------------------------------------------------------------------------ */
/* Training                                                                  */

/* outs[l] = act_l(outs[l-1] w_l + b_l), outs[-1] = x; out is the last.
   NN_ERR_SHAPE: x.cols != n_in, x.rows > capacity, or w made for other widths. */
NNDEF nn_status nn_forward(const nn_net *net, nn_mat x, nn_work *w);
/* The checks nn_forward (y with no rows, columns or data, e.g.
   nn_mat_view(NULL, 0, 0)) or nn_backprop and the training steps (y the
   targets) make of net, x, y and w, with their status, and why as for
   nn_net_init_layers_why: "x has 40 rows, over the 32 that w was made
   for", "w was made for another network: width 1 is 4 there, 5 here".
   Writes nothing else. */
NNDEF nn_status nn_check_batch(const nn_net *net, nn_mat x, nn_mat y, const nn_work *w,
                               char *why, size_t why_len);
/* *loss = sum of (y - yhat)^2; same shapes required. */
NNDEF nn_status nn_loss_sse(nn_mat yhat, nn_mat y, nn_real *loss);
/* *loss = the net's loss of the last nn_forward's output against y (N,O). */
NNDEF nn_status nn_net_loss(const nn_net *net, const nn_work *w, nn_mat y,
                            nn_real *loss);
#ifndef NN_NO_TRAINING /* training and optimizers */
/* grad = d(loss)/d(params) on the batch (x, y), summed over rows, from the
   activations of the last nn_forward on the same x. Overwrites grad. */
NNDEF nn_status nn_backprop(const nn_net *net, nn_mat x, nn_mat y, nn_work *w);
/* params -= rate grad. Does nothing when w was made for other widths. */
NNDEF void      nn_update(nn_net *net, const nn_work *w, nn_real rate);
/* forward, loss before the update (loss may be NULL), backprop, update
   (plain gradient descent). Every check is made first: on an error nothing
   has been written. NN_ERR_ARG also when rate is NaN, infinite or negative
   (nn_opt_step's rule), when x, y or loss lie inside w's buffers, or loss
   inside x, y or the parameters. */
NNDEF nn_status nn_train_step(nn_net *net, nn_mat x, nn_mat y, nn_real rate,
                              nn_work *w, nn_real *loss);

/* ------------------------------------------------------------------------ */
/* Optimizers                                                                */

/* PyTorch's, applied to the gradient g of the summed loss, with rate r
   (lr) given at each step so schedules stay the caller's; p a parameter,
   wd the weight decay (L2: g += wd p first, on every parameter unless
   no_decay leaves some out), t the step:
     SGD       p -= r g
     MOMENTUM  v = mu v + g;  p -= r v            SGD(momentum=mu)
     NESTEROV  v = mu v + g;  p -= r (g + mu v)   SGD(momentum=mu, nesterov=True)
     ADAM      m = b1 m + (1-b1) g;  s = b2 s + (1-b2) g^2;
               p -= r/(1-b1^t) m / (sqrt(s)/sqrt(1-b2^t) + eps)      Adam
     ADAMW     p *= 1 - r wd (decoupled: g is not changed), then Adam's
               step without decay                                    AdamW
     RMSPROP   s = a s + (1-a) g^2;  centered: c = a c + (1-a) g,
               d = sqrt(s - c^2) + eps, else d = sqrt(s) + eps;
               momentum mu > 0: v = mu v + g/d, p -= r v; else p -= r g/d
                                                                     RMSprop
   (dampening 0; v, m, s, c start at 0, so the first v is g, as in PyTorch). */
typedef enum nn_opt_kind {
    NN_OPT_SGD = 0, NN_OPT_MOMENTUM, NN_OPT_NESTEROV, NN_OPT_ADAM, NN_OPT_ADAMW,
    NN_OPT_RMSPROP,
#ifdef NN_EXTRA_OPTS   /* rows added by the program: see NN__OPTS */
    NN_EXTRA_OPTS(NN__ROW_ENUM, 0)
#endif
    NN_OPT_COUNT
} nn_opt_kind;

/* "sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"; "unknown" for
   any other value. */
NNDEF const char *nn_opt_name(nn_opt_kind k);
/* The optimizer called name; NN_ERR_ARG when there is none, *k untouched. */
NNDEF nn_status nn_opt_parse(const char *name, nn_opt_kind *k);

/* nn_opt.no_decay's bits: the parameters weight decay leaves alone, as
   PyTorch's param groups with weight_decay 0 (every other bit is refused) */
#define NN_NO_DECAY_BIASES 1u   /* every layer's bias b */

typedef struct nn_opt {
    nn_opt_kind kind;
    nn_real momentum;           /* mu, in [0, 1): default 0.9 (RMSprop: 0) */
    nn_real beta1, beta2, eps;  /* in [0, 1), [0, 1), > 0: 0.9, 0.999, 1e-8 */
    nn_real weight_decay;       /* >= 0: default 0 (AdamW: 0.01) */
    uint64_t steps;             /* t: steps taken */
    size_t n_params;
    nn_real *m, *s;             /* state: v or m, and s (RMSprop: v and s);
                                   n_params each or NULL */
    nn_real alpha;              /* RMSprop's a, in [0, 1): default 0.99 */
    int centered;               /* RMSprop: nonzero divides by the deviation
                                   (centered=True); default 0 */
    unsigned no_decay;          /* NN_NO_DECAY_* bits; default 0: decay all */
    nn_real *c;                 /* state: RMSprop's c (grad_avg), n_params, or NULL */
} nn_opt;

/* The optimizer with its defaults and zero state for net's parameters,
   allocated once here (SGD needs none; RMSprop always gets its three, so
   momentum and centered may be set after this); change the settings after
   it. NN_ERR_ARG: o NULL, net not a network, kind unknown. */
NNDEF nn_status nn_opt_init(nn_opt *o, const nn_net *net, nn_opt_kind kind);
NNDEF void      nn_opt_free(nn_opt *o);    /* NULL-safe, idempotent */
/* State back to zero and t to 0, as a new optimizer. */
NNDEF void      nn_opt_reset(nn_opt *o);
/* One update of net's parameters from w's gradient (the last nn_backprop).
   NN_ERR_ARG: a setting or rate out of range (rate must be finite and
   >= 0), no_decay set for a program's own row (NN_EXTRA_OPTS, whose step
   is not told where the biases are); NN_ERR_SHAPE: o or w made for
   another network. Allocates nothing. */
NNDEF nn_status nn_opt_step(nn_opt *o, nn_net *net, const nn_work *w, nn_real rate);
/* nn_train_step with the optimizer o in place of plain gradient descent. */
NNDEF nn_status nn_train_step_opt(nn_net *net, nn_opt *o, nn_mat x, nn_mat y,
                                  nn_real rate, nn_work *w, nn_real *loss);
/* PyTorch's clip_grad_norm_(params, max_norm) on w's gradient (norm 2):
   the norm of each tensor in the order of the model file (layer 0's
   weight, its bias, layer 1's weight, ...), total = the norm of those
   norms, then every gradient times min(max_norm / (total + 1e-6), 1) (also
   when that is 1, and NaN when total is). The sums of squares are taken in
   double, also in a float build (PyTorch's in the tensor's type). *total,
   when total is not NULL, is that norm, written last. NN_ERR_ARG: net not
   a network, w NULL, max_norm NaN, infinite or < 0, total inside w's
   buffers or net's parameters; NN_ERR_SHAPE: w made for another network.
   Writes nothing when it fails; allocates nothing. */
NNDEF nn_status nn_clip_grad_norm(const nn_net *net, nn_work *w, nn_real max_norm,
                                  nn_real *total);

#endif /* NN_NO_TRAINING */
/* ------------------------------------------------------------------------ */
/* Prediction                                                                */

/* yhat (N,n_out) = the network's output for x (N,n_in), from a const net:
   no nn_work. It needs *n reals of scratch, 2 N times the widest hidden
   layer (0 for one layer): pass them in scratch (n_scratch >= *n), or pass
   scratch NULL and n_scratch 0 and nn_predict allocates them for the call
   (NN_ERR_NOMEM when it cannot). Same bits as nn_forward's out. */
NNDEF nn_status nn_predict_scratch(const nn_net *net, size_t rows, size_t *n);
/* The same count as a constant expression, for a static array: rows and
   the widest hidden layer (0 when there is none; an array needs at least 1). */
#define NN_PREDICT_SCRATCH(rows, widest_hidden) \
    ((size_t)2 * (size_t)(rows) * (size_t)(widest_hidden))
NNDEF nn_status nn_predict(const nn_net *net, nn_mat x, nn_mat yhat,
                           nn_real *scratch, size_t n_scratch);

#ifndef NN_NO_FILES /* model files */
/* ------------------------------------------------------------------------ */
/* Model files                                                               */

/* The safetensors format: an 8-byte little-endian header length N, N bytes
   of JSON (padded with spaces to a multiple of 8), then the tensors' raw
   little-endian bytes; dtype F64 from a double build, F32 from a float
   build; loading converts either to nn_real (F64 to float rounds to
   nearest). Layer l is PyTorch's nn.Linear: "K.weight" (n_out,n_in) = w^T
   and "K.bias" (n_out), K its index in the equivalent nn.Sequential
   (Linear, activation, Linear, ...: an identity takes no index), and
   __metadata__ {"format":"nn.h","activations":"relu,softmax",
   "loss":"cross_entropy"}, each activation with its parameters when it
   takes some, as nn_act_format writes it ("leaky_relu(negative_slope=
   0.2)"; a network whose parameters nn_act_format refuses, written into
   nn_layer.act_param directly, is not saved: NN_ERR_ARG, no file made).
   The article's network (two sigmoid layers,
   sum of squares) is written as 1.x wrote it: hidden.weight, hidden.bias,
   output.weight, output.bias and {"format":"nn.h","activation":"sigmoid"}.
   Loading takes either naming ("K." layers in the order of K), one
   "activation" for every layer or an "activations" list (parameters as
   nn_act_parse_params reads them), the loss (sum of
   squares when absent), and treats the bytes as hostile: anything
   malformed, truncated or inconsistent gives NN_ERR_FORMAT, a failing
   stream NN_ERR_IO, and no allocation is larger than a small multiple of
   the input's length. Extra tensors and metadata keys are ignored by the
   network; other metadata keys are the application's, written through
   nn_save_opts and read through nn_load_meta. On any error *net is
   untouched. */
#ifndef NN_NO_STDIO
/* Writes the file at f's position; fflushes f. */
NNDEF nn_status nn_save(const nn_net *net, FILE *f);
/* Reads exactly one file's bytes from f, so more may follow in the stream. */
NNDEF nn_status nn_load(nn_net *net, FILE *f);
/* A failed save may leave a partial file, which every loader refuses as
   truncated (the file is not removed: the path might not be a plain file). */
NNDEF nn_status nn_save_file(const nn_net *net, const char *path);
/* The whole file must be the model: trailing bytes are NN_ERR_FORMAT. */
NNDEF nn_status nn_load_file(nn_net *net, const char *path);
#endif
/* *len gets the size the file needs; buf is written only when cap >= *len,
   else NN_ERR_ARG. buf NULL with cap 0 asks for the size (NN_OK). */
NNDEF nn_status nn_save_mem(const nn_net *net, void *buf, size_t cap, size_t *len);
/* buf must hold exactly one file, len bytes. */
NNDEF nn_status nn_load_mem(nn_net *net, const void *buf, size_t len);

/* Extra __metadata__ entries a save writes after nn.h's own, in order:
   meta[2i] is a key, meta[2i+1] its value, both NUL-terminated UTF-8 text,
   n_meta pairs. The keys are the application's (tools/train.c keeps
   its class names under "classes"); both are written as JSON strings,
   '"', '\\' and control bytes escaped. NN_ERR_ARG, with nothing written:
   meta NULL with n_meta > 0, a NULL key or value, an empty key, a key nn.h
   writes or reads itself ("format", "activation", "activations", "loss"),
   a key given twice, or text that is not UTF-8 (overlong forms and
   surrogates included). opts NULL or n_meta 0 writes the plain save's
   bytes; the plain saves are the _ex ones with opts NULL. */
typedef struct nn_save_opts {
    const char *const *meta;
    size_t n_meta;
} nn_save_opts;
#ifndef NN_NO_STDIO
NNDEF nn_status nn_save_ex(const nn_net *net, FILE *f, const nn_save_opts *opts);
NNDEF nn_status nn_save_file_ex(const nn_net *net, const char *path,
                                const nn_save_opts *opts);
#endif
NNDEF nn_status nn_save_mem_ex(const nn_net *net, void *buf, size_t cap, size_t *len,
                               const nn_save_opts *opts);

/* What the _ex loaders take and tell. acts (n_acts entries, one per layer)
   replace the file's activations, and *loss its loss, when not NULL (a
   file from PyTorch may have no metadata). why gets a sentence saying why
   a file was refused ("" on success), e.g. "missing tensor 1.bias". */
typedef struct nn_load_opts {
    const nn_act *acts;
    size_t n_acts;
    const nn_loss *loss;
    char why[160];
} nn_load_opts;
#ifndef NN_NO_STDIO
NNDEF nn_status nn_load_ex(nn_net *net, FILE *f, nn_load_opts *opts);
NNDEF nn_status nn_load_file_ex(nn_net *net, const char *path, nn_load_opts *opts);
#endif
NNDEF nn_status nn_load_mem_ex(nn_net *net, const void *buf, size_t len,
                               nn_load_opts *opts);

/* One __metadata__ value of a model file, no nn_net needed: the value
   under key (its UTF-8 compared byte for byte with the key's decoded
   text) goes, unescaped to UTF-8 and with a NUL after it, into out only
   when it fits (*len < cap), and *len gets its length in bytes, or
   (size_t)-1 when the file has no such key; NN_OK either way, so cap 0
   asks for the length. A \u0000 in the value is a NUL byte, copied and
   counted in *len (strlen(out) < *len tells). The file must be one that
   nn_load_mem_ex, nn_load_ex or nn_load_file_ex would load with the same
   opts (NULL, or acts, loss and why as for them): the same checks (the
   network is made, then freed), the same NN_ERR_FORMAT, NN_ERR_IO and
   NN_ERR_NOMEM, the same allocation bound, so a refused file is refused
   here too. NN_ERR_ARG: key NULL, len NULL, out NULL with cap > 0, or
   (nn_load_meta_mem) out overlapping buf. On any error neither out nor
   *len is written. */
NNDEF nn_status nn_load_meta_mem(const void *buf, size_t blen, const char *key, char *out,
                                 size_t cap, size_t *len, nn_load_opts *opts);
#ifndef NN_NO_STDIO
/* Reads exactly one file's bytes from f, as nn_load does. */
NNDEF nn_status nn_load_meta(FILE *f, const char *key, char *out, size_t cap, size_t *len,
                             nn_load_opts *opts);
NNDEF nn_status nn_load_meta_file(const char *path, const char *key, char *out, size_t cap,
                                  size_t *len, nn_load_opts *opts);
#endif

#endif /* NN_NO_FILES */
#ifdef __cplusplus
}
#endif
#endif /* NN_H */

/* ======================================================================== */
/* Implementation                                                            */
/* ======================================================================== */
#if defined(NN_IMPLEMENTATION) && !defined(NN_IMPLEMENTATION_DONE)
#define NN_IMPLEMENTATION_DONE

#include <float.h>
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>   /* -fopenmp: the thread count, to share a product out */
#endif

/* ------------------------------------------------------------------------ */
/* The build: its precision and its platform, decided here once              */

/* NN__F32 is 1 when nn_real is float, 0 when it is double, read off the
   spelling of NN_REAL: each piece of code below comes in the build's one
   precision, chosen by the preprocessor, never by a test of sizeof. */
#define NN__PREC_float 1
#define NN__PREC_double 2
#define NN__PREC_OF(t) NN__PREC_##t
#define NN__PREC(t) NN__PREC_OF(t)
#if NN__PREC(NN_REAL) == 1
#define NN__F32 1
#elif NN__PREC(NN_REAL) == 2
#define NN__F32 0
#else
#error "nn.h: NN_REAL must be float or double"
#endif

/* What the code may use, each a macro defined or not; nothing below tests
   a compiler's or a processor's own macros. Explicit SIMD only in a full
   build without NN_NO_SIMD:
     NN__HAVE_AVX512    compiled for AVX-512F: its gemm kernels
     NN__HAVE_AVX2      compiled for AVX2 and FMA: the AVX2 gemm kernel
     NN__HAVE_NEON      aarch64: the NEON gemm kernel
     NN__HAVE_DISPATCH  x86-64 compiled for the baseline by gcc or clang 6
                        or later: the AVX-512 and AVX2 kernels and the
                        vector code compiled anyway, each with a target
                        attribute, and run when nn__cpu (the one run-time
                        probe) says the processor has them
     NN__HAVE_VEC       GNU C vector types, NN__VBYTES wide (64 with
                        AVX-512, 32 with AVX or by dispatch, 16 on aarch64);
                        by dispatch (NN__VEC_BY_DISPATCH) NN__TV is the
                        target attribute of vector code
     NN__HAVE_VSQRT     the vectors' square root, an instruction (AVX,
                        AVX-512, NEON): nn__sqrt_v
   and the compiler's: NN__INLINE, NN__NOINLINE, NN__UNROLL, NN__NOATTR. */
#if !defined(NN_NO_SIMD) && !defined(NN_NO_TRAINING)
#if defined(__AVX512F__)
#define NN__HAVE_AVX512
#endif
#if defined(__AVX2__) && defined(__FMA__)
#define NN__HAVE_AVX2
#endif
#if defined(__ARM_NEON) && defined(__aarch64__)
#define NN__HAVE_NEON
#endif
#if defined(__x86_64__) && !defined(__TINYC__) && !defined(NN__HAVE_AVX512) &&      \
    !defined(NN__HAVE_AVX2) &&                                                  \
    ((defined(__clang__) && __clang_major__ >= 6) ||                           \
     (!defined(__clang__) && defined(__GNUC__) && __GNUC__ >= 6))
#define NN__HAVE_DISPATCH
#endif
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__TINYC__) &&        \
    (defined(__x86_64__) || defined(__aarch64__))
#define NN__HAVE_VEC
#if defined(NN__HAVE_AVX512)
#define NN__VBYTES 64
#elif defined(__AVX__)
#define NN__VBYTES 32
#elif defined(NN__HAVE_DISPATCH)
#define NN__VBYTES 32
#define NN__VEC_BY_DISPATCH
#define NN__TV __attribute__((target("avx2")))
#else
#define NN__VBYTES 16
#endif
#if NN__VBYTES > 16 || defined(NN__HAVE_NEON)
#define NN__HAVE_VSQRT
#endif
#endif
#endif /* explicit SIMD */
#ifndef NN__TV
#define NN__TV
#endif
#if defined(NN__HAVE_AVX512) || defined(NN__HAVE_AVX2) || defined(NN__HAVE_DISPATCH)
#include <immintrin.h>
#elif defined(NN__HAVE_NEON)
#include <arm_neon.h>
#endif

/* always inlined: the loops that call the activations vectorize only then
   (make coverage defines it as plain static inline, so that each branch is
   counted once, not once per inlined copy); at -Os the compiler decides,
   so that firmware keeps one copy of each. A build may define NN__INLINE
   itself, as make coverage does. NN__ALWAYS: inlined at -Os too (unless
   the build defines NN__INLINE: then that), for the refusals and the checks
   that make them, so that a caller given no why (nn_net_view, firmware's
   one call) leaves out the sentences, nn__say_ex and its 64-bit division */
#if defined(NN__INLINE)
#define NN__ALWAYS NN__INLINE
#elif defined(__GNUC__) || defined(__clang__)
#define NN__ALWAYS static inline __attribute__((always_inline))
#else
#define NN__ALWAYS static inline
#endif
#ifndef NN__INLINE
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__OPTIMIZE_SIZE__)
#define NN__INLINE static inline __attribute__((always_inline))
#else
#define NN__INLINE static inline
#endif
#endif
/* never inlined into its callers (the blocked gemm: its 256 KiB frame,
   which compilers may probe page by page, must not be paid by the small
   path) */
#if defined(__GNUC__) || defined(__clang__)
#define NN__NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define NN__NOINLINE __declspec(noinline)
#else
#define NN__NOINLINE
#endif
/* the loops over a kernel's accumulators unrolled completely, so they stay
   in registers: -O3 does that by itself, -O2 (gcc) only when asked */
#if (defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8) || \
    (defined(__clang__) && __clang_major__ >= 4)
#define NN__UNROLL _Pragma("GCC unroll 16")
#else
#define NN__UNROLL
#endif
#define NN__NOATTR

#if defined(NN_MALLOC) && defined(NN_FREE)
/* the caller's allocator */
#elif !defined(NN_MALLOC) && !defined(NN_FREE)
#include <stdlib.h>
#define NN_MALLOC(n) malloc(n)
#define NN_FREE(p) free(p)
#else
#error "nn.h: define both NN_MALLOC and NN_FREE, or neither"
#endif

#ifdef __cplusplus
extern "C" {
#endif

NNDEF const char *nn_strerror(nn_status s)
{
    switch (s) {
    case NN_OK:         return "ok";
    case NN_ERR_ARG:    return "invalid argument";
    case NN_ERR_SHAPE:  return "dimensions do not agree";
    case NN_ERR_NOMEM:  return "out of memory or size overflow";
    case NN_ERR_IO:     return "stream read or write failed";
    case NN_ERR_FORMAT: return "malformed or unsupported model file";
    }
    return "unknown nn_status";
}

/* ------------------------------------------------------------------------ */
/* Random numbers                                                            */

NNDEF nn_rng nn_rng_seed(uint64_t seed)
{
    nn_rng r;
    r.state = seed;
    return r;
}

/* splitmix64 (Steele, Lea, Flood 2014): state += golden gamma, then mix. */
NNDEF uint64_t nn_rng_next(nn_rng *r)
{
    uint64_t z;
    if (!r) return 0;
    z = (r->state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

NNDEF nn_real nn_rng_uniform(nn_rng *r)
{
    /* as many top bits as nn_real's significand holds, so the product is
       exact and strictly below 1 */
    const int bits = NN__F32 ? 24 : 53;
    uint64_t top = nn_rng_next(r) >> (64 - bits);
    return (nn_real)top * ((nn_real)1 / (nn_real)(UINT64_C(1) << bits));
}

/* ------------------------------------------------------------------------ */
/* Matrices                                                                  */

/* n = a*b, or 0 when it overflows size_t */
static int nn__mul_ok(size_t a, size_t b, size_t *n)
{
    /* both below 2^(half the bits of size_t): the product fits, and the
       division (tens of cycles, on every call of the API) is skipped */
    const size_t half = (size_t)1 << (sizeof(size_t) * 4);
    if ((a >= half || b >= half) && a != 0 && b > SIZE_MAX / a) return 0;
    *n = a * b;
    return 1;
}

/* a matrix whose elements can be addressed: the byte count fits size_t and
   data is there whenever there is anything to address */
static int nn__mat_ok(nn_mat m)
{
    size_t n;
    if (!nn__mul_ok(m.rows, m.cols, &n) || n > SIZE_MAX / sizeof(nn_real)) return 0;
    return n == 0 || m.data != NULL;
}

static size_t nn__mat_size(nn_mat m) { return m.rows * m.cols; }

#if NN__F32
#define NN__REAL_MAX FLT_MAX
#else
#define NN__REAL_MAX DBL_MAX
#endif

/* do [a, a + na) and [b, b + nb) share any byte? */
static int nn__overlap_bytes(const void *a, size_t na, const void *b, size_t nb)
{
    uintptr_t a0 = (uintptr_t)a, b0 = (uintptr_t)b;
    if (na == 0 || nb == 0) return 0;
    return a0 < b0 + nb && b0 < a0 + na;
}

/* do the elements of a and b share any byte? */
static int nn__overlap(nn_mat a, nn_mat b)
{
    return nn__overlap_bytes(a.data, nn__mat_size(a) * sizeof(nn_real), b.data,
                             nn__mat_size(b) * sizeof(nn_real));
}

NNDEF nn_status nn_mat_alloc(nn_mat *m, size_t rows, size_t cols)
{
    size_t n;
    nn_real *data = NULL;
    if (!m) return NN_ERR_ARG;
    if (!nn__mul_ok(rows, cols, &n) || n > SIZE_MAX / sizeof(nn_real))
        return NN_ERR_NOMEM;
    if (rows && cols) {   /* n > 0, in the form clang-analyzer follows */
        data = (nn_real *)NN_MALLOC(n * sizeof(nn_real));
        if (!data) return NN_ERR_NOMEM;
        memset(data, 0, n * sizeof(nn_real));   /* IEEE 754: all bits 0 is +0.0 */
    }
    m->rows = rows;
    m->cols = cols;
    m->data = data;
    return NN_OK;
}

NNDEF void nn_mat_free(nn_mat *m)
{
    if (!m) return;
    if (m->data) NN_FREE(m->data);
    m->rows = m->cols = 0;
    m->data = NULL;
}

NNDEF nn_mat nn_mat_view(nn_real *data, size_t rows, size_t cols)
{
    nn_mat m;
    m.rows = rows;
    m.cols = cols;
    m.data = data;
    return m;
}

NNDEF nn_mat nn_mat_cview(const nn_real *data, size_t rows, size_t cols)
{
    return nn_mat_view((nn_real *)(uintptr_t)data, rows, cols);
}

NNDEF nn_status nn_mat_rows(nn_mat *view, nn_mat m, size_t first, size_t count)
{
    if (!view || !nn__mat_ok(m)) return NN_ERR_ARG;
    if (first > m.rows || count > m.rows - first) return NN_ERR_SHAPE;
    /* no offset when there is nothing to address: data may be NULL */
    *view = nn_mat_view(count && m.cols ? m.data + first * m.cols : m.data, count,
                        m.cols);
    return NN_OK;
}

/* uniform in [0, n), n > 0: reject the lowest 2^64 mod n draws so that every
   residue is equally likely (no modulo bias) */
static uint64_t nn__rng_below(nn_rng *r, uint64_t n)
{
    uint64_t lim = (0 - n) % n, v;
    do v = nn_rng_next(r); while (v < lim);
    return v % n;
}

/* swap rows i and j of m */
static void nn__swap_rows(nn_mat m, size_t i, size_t j)
{
    size_t k;
    nn_real *a, *b;
    if (!m.cols) return;   /* data may be NULL: NULL + 0 is undefined in C */
    a = m.data + i * m.cols;
    b = m.data + j * m.cols;
    for (k = 0; k < m.cols; k++) {
        nn_real t = a[k];
        a[k] = b[k];
        b[k] = t;
    }
}

NNDEF nn_status nn_shuffle_rows(nn_mat x, nn_mat y, nn_rng *r)
{
    size_t i;
    if (!r || !nn__mat_ok(x) || !nn__mat_ok(y)) return NN_ERR_ARG;
    if (x.rows != y.rows) return NN_ERR_SHAPE;
    if (nn__overlap(x, y)) return NN_ERR_ARG;
    /* for i = N-1 .. 1: swap row i with a row j drawn from [0, i] */
    for (i = x.rows; i > 1; i--) {
        size_t j = (size_t)nn__rng_below(r, (uint64_t)i);
        if (j == i - 1) continue;
        nn__swap_rows(x, i - 1, j);
        nn__swap_rows(y, i - 1, j);
    }
    return NN_OK;
}

NNDEF void nn_mat_fill(nn_mat m, nn_real value)
{
    size_t i, n = nn__mat_size(m);
    if (!nn__mat_ok(m)) return;
    for (i = 0; i < n; i++) m.data[i] = value;
}

/* lo + (hi-lo) u can round up to hi; step back below it */
static nn_real nn__below(nn_real v, nn_real lo, nn_real hi)
{
    if (v < hi || !(lo < hi)) return v;
#if NN__F32
    return nextafterf(hi, lo);
#else
    return nextafter(hi, lo);
#endif
}

NNDEF void nn_mat_rand(nn_mat m, nn_rng *r, nn_real lo, nn_real hi)
{
    size_t i, n = nn__mat_size(m);
    if (!r || !nn__mat_ok(m)) return;
    for (i = 0; i < n; i++) {
        nn_real u = nn_rng_uniform(r);
        /* lo (1-u) + hi u rather than lo + (hi-lo) u: hi - lo may overflow */
        m.data[i] = lo < hi ? nn__below(lo * (1 - u) + hi * u, lo, hi) : lo;
    }
}

NNDEF nn_status nn_mat_copy(nn_mat dst, nn_mat src)
{
    if (!nn__mat_ok(dst) || !nn__mat_ok(src)) return NN_ERR_ARG;
    if (dst.rows != src.rows || dst.cols != src.cols) return NN_ERR_SHAPE;
    if (nn__mat_size(src) > 0)
        memmove(dst.data, src.data, nn__mat_size(src) * sizeof(nn_real));
    return NN_OK;
}

NNDEF nn_status nn_mat_add_row(nn_mat m, nn_mat row)
{
    size_t i, j;
    if (!nn__mat_ok(m) || !nn__mat_ok(row)) return NN_ERR_ARG;
    if (row.rows != 1 || row.cols != m.cols) return NN_ERR_SHAPE;
    if (nn__overlap(m, row)) return NN_ERR_ARG;
    for (i = 0; i < m.rows; i++)
        for (j = 0; j < m.cols; j++) NN_AT(m, i, j) += row.data[j];
    return NN_OK;
}

#ifndef NN_NO_STDIO
NNDEF void nn_mat_print(FILE *f, nn_mat m, const char *name)
{
    size_t i, j;
    if (!f || !nn__mat_ok(m)) return;
    fprintf(f, "%s (%lu x %lu)\n", name ? name : "matrix",
            (unsigned long)m.rows, (unsigned long)m.cols);
    for (i = 0; i < m.rows; i++) {
        for (j = 0; j < m.cols; j++)
            fprintf(f, "%s%.6g", j ? " " : "  ", (double)NN_AT(m, i, j));
        fputc('\n', f);
    }
}
#endif

/* ------------------------------------------------------------------------ */
/* Activations                                                               */


/* e^t for t <= 0 without libm, in a form compilers vectorize: no branches
   (only selects), no calls, no float-to-int conversion.
   n = round(t/ln2), r = t - n ln2 (ln2 in two parts, Cody-Waite, so
   n ln2_hi is exact), |r| <= ln2/2; e^r - 1 by its Taylor polynomial
   (degree 13 in double, 7 in float: the first dropped term is below
   0.1 ulp), then e^t = 2^n (1 + that), 2^n built from the exponent bits.
   n comes from the bits of t/ln2 + 1.5*2^52 (its last place is 1, so the
   addition rounds to the nearest integer), which also works for NaN, where
   it is garbage but the result is NaN anyway.

   Each function is written once for a type T, NN__EXP_D for double and
   NN__EXP_F for float, and defined for nn_real (suffix _r) here, and for
   vectors of it (_v, _t) in "The fast machinery: elementwise", whose lanes
   then get the same operations in the same order: the same bits. U is the unsigned integer
   type of T's width, US its scalar; SEL(c, a, b) is c ? a : b, and
   SPLAT(x) the scalar constant x as a T; ATTR any attributes. */

/* e^r - 1 = r + r^2 q(r), q by Estrin's scheme: a few independent chains,
   so the latency is about 5 multiply-adds instead of 13; the large terms
   are added last, smallest first, for accuracy. 2^-m from the exponent
   bits. -n from kd = n + 1.5*2^52. e^t, t <= 0 (NaN gives NaN): t is
   clamped where e^t is 0; 2^n is applied as two powers of two of half
   size each, so results down in the subnormal range come out right and no
   intermediate leaves the normal range.
   s(x) = 1/(1+e^-x): with e = e^-|x| in [0, 1] nothing overflows;
   s = 1/(1+e) for x >= 0, e/(1+e) for x < 0. Within 4 ulp of
   1/(1+exp(-x)) everywhere (tests/test_speed.c).
   tanh x = sign(x) (-u)/(2 + u), u = e^-2|x| - 1 = 2^n (1 + q) - 1
   = 2^n q + (2^n - 1), exact in the last form for small |x| (n = 0, no
   cancellation). |x| > 20 gives +-1; +-0 gives +-0 (u is +0 for both, so
   v alone would be -0); -2|x| is clamped first: 2|x| overflows. */
/* NOLINTBEGIN(bugprone-macro-parentheses): T, U and US are types */
#define NN__EXP_D(S, T, U, US, SEL, SPLAT, ATTR)                              \
    NN__INLINE ATTR T nn__exp_reduce_##S(T t, T *r)     /* returns kd */      \
    {                                                                         \
        const double shift = 6755399441055744.0;            /* 1.5 * 2^52 */  \
        const double log2e = 1.4426950408889634;                              \
        const double ln2_hi = 6.93147180369123816490e-01;   /* 32 bits */     \
        const double ln2_lo = 1.90821492927058770002e-10;                     \
        T kd = t * log2e + shift, nf = kd - shift;                            \
        *r = (t - nf * ln2_hi) - nf * ln2_lo;                                 \
        return kd;                                                            \
    }                                                                         \
    NN__INLINE ATTR T nn__expm1_poly_##S(T r)                                 \
    {                                                                         \
        T r2 = r * r, r4 = r2 * r2, r8 = r4 * r4, p;                          \
        p = ((0.5 + r * (1.0 / 6)) + (1.0 / 24 + r * (1.0 / 120)) * r2) +     \
            ((1.0 / 720 + r * (1.0 / 5040)) +                                 \
             (1.0 / 40320 + r * (1.0 / 362880)) * r2) * r4 +                  \
            ((1.0 / 3628800 + r * (1.0 / 39916800)) +                         \
             (1.0 / 479001600 + r * (1.0 / 6227020800.0)) * r2) * r8;         \
        return r + r2 * p;                                                    \
    }                                                                         \
    NN__INLINE ATTR T nn__pow2_neg_##S(U m)      /* 2^-m, m in [0, 1022] */   \
    {                                                                         \
        U b = (U)(1023 - m) << 52;                                            \
        T s;                                                                  \
        memcpy(&s, &b, sizeof s);                                             \
        return s;                                                             \
    }                                                                         \
    NN__INLINE ATTR U nn__neg_n_##S(T kd)                                     \
    {                                                                         \
        const double shift = 6755399441055744.0;                              \
        U kb;                                                                 \
        US sb;                                                                \
        memcpy(&kb, &kd, sizeof kb);                                          \
        memcpy(&sb, &shift, sizeof sb);                                       \
        return sb - kb;                                                       \
    }                                                                         \
    NN__INLINE ATTR T nn__exp_neg_##S(T t)                                    \
    {                                                                         \
        T r, kd, p;                                                           \
        U m, m1;                                                              \
        t = SEL(t < -746.0, SPLAT(-746.0), t);                                \
        kd = nn__exp_reduce_##S(t, &r);                                       \
        p = 1.0 + nn__expm1_poly_##S(r);                                      \
        m = nn__neg_n_##S(kd);                    /* -n, in [0, 1077] */      \
        m1 = m >> 1;                                                          \
        return p * nn__pow2_neg_##S(m1) * nn__pow2_neg_##S(m - m1);           \
    }                                                                         \
    NN__INLINE ATTR T nn__sigmoid_##S(T x)                                    \
    {                                                                         \
        T e = nn__exp_neg_##S(SEL(x < 0, x, -x));                             \
        return SEL(x < 0, e, SPLAT(1.0)) / (1.0 + e);                         \
    }                                                                         \
    NN__INLINE ATTR T nn__tanh_##S(T a)                                       \
    {                                                                         \
        T t = SEL(a < 0, a, -a), r, kd, q, s, u, v;                           \
        t = 2 * SEL(t < -20.0, SPLAT(-20.0), t);                              \
        kd = nn__exp_reduce_##S(t, &r);                                       \
        q = nn__expm1_poly_##S(r);                                            \
        s = nn__pow2_neg_##S(nn__neg_n_##S(kd));  /* 2^n, n in [-58, 0] */    \
        u = s * q + (s - 1.0);                                                \
        v = -u / (2.0 + u);                                                   \
        return SEL(a < 0, -v, SEL(a > 0, v, a));                              \
    }

/* the same in float: 24 bits, degree 7, ln2_hi of 9 bits, 2^-m for m in
   [0, 126], -n in [0, 151]; tanh is +-1 for |x| > 10, n in [-29, 0] */
#define NN__EXP_F(S, T, U, US, SEL, SPLAT, ATTR)                              \
    NN__INLINE ATTR T nn__exp_reduce_##S(T t, T *r)     /* returns kd */      \
    {                                                                         \
        const float shift = 12582912.0f;                    /* 1.5 * 2^23 */  \
        const float log2e = 1.44269504f;                                      \
        const float ln2_hi = 0.693359375f;                                    \
        const float ln2_lo = -2.12194440e-4f;                                 \
        T kd = t * log2e + shift, nf = kd - shift;                            \
        *r = (t - nf * ln2_hi) - nf * ln2_lo;                                 \
        return kd;                                                            \
    }                                                                         \
    NN__INLINE ATTR T nn__expm1_poly_##S(T r)                                 \
    {                                                                         \
        T r2 = r * r, r4 = r2 * r2, p;                                        \
        p = ((0.5f + r * (1.0f / 6)) + (1.0f / 24 + r * (1.0f / 120)) * r2) + \
            (1.0f / 720 + r * (1.0f / 5040)) * r4;                            \
        return r + r2 * p;                                                    \
    }                                                                         \
    NN__INLINE ATTR T nn__pow2_neg_##S(U m)                                   \
    {                                                                         \
        U b = (U)(127 - m) << 23;                                             \
        T s;                                                                  \
        memcpy(&s, &b, sizeof s);                                             \
        return s;                                                             \
    }                                                                         \
    NN__INLINE ATTR U nn__neg_n_##S(T kd)                                     \
    {                                                                         \
        const float shift = 12582912.0f;                                      \
        U kb;                                                                 \
        US sb;                                                                \
        memcpy(&kb, &kd, sizeof kb);                                          \
        memcpy(&sb, &shift, sizeof sb);                                       \
        return sb - kb;                                                       \
    }                                                                         \
    NN__INLINE ATTR T nn__exp_neg_##S(T t)                                    \
    {                                                                         \
        T kd, r, p;                                                           \
        U m, m1;                                                              \
        t = SEL(t < -104.0f, SPLAT(-104.0f), t);                              \
        kd = nn__exp_reduce_##S(t, &r);                                       \
        p = 1.0f + nn__expm1_poly_##S(r);                                     \
        m = nn__neg_n_##S(kd);                    /* -n, in [0, 151] */       \
        m1 = m >> 1;                                                          \
        return p * nn__pow2_neg_##S(m1) * nn__pow2_neg_##S(m - m1);           \
    }                                                                         \
    NN__INLINE ATTR T nn__sigmoid_##S(T x)                                    \
    {                                                                         \
        T e = nn__exp_neg_##S(SEL(x < 0, x, -x));                             \
        return SEL(x < 0, e, SPLAT(1.0f)) / (1.0f + e);                       \
    }                                                                         \
    NN__INLINE ATTR T nn__tanh_##S(T a)                                       \
    {                                                                         \
        T t = SEL(a < 0, a, -a), r, kd, q, s, u, v;                           \
        t = 2 * SEL(t < -10.0f, SPLAT(-10.0f), t);                            \
        kd = nn__exp_reduce_##S(t, &r);                                       \
        q = nn__expm1_poly_##S(r);                                            \
        s = nn__pow2_neg_##S(nn__neg_n_##S(kd));  /* 2^n, n in [-29, 0] */    \
        u = s * q + (s - 1.0f);                                               \
        v = -u / (2.0f + u);                                                  \
        return SEL(a < 0, -v, SEL(a > 0, v, a));                              \
    }

/* NOLINTEND(bugprone-macro-parentheses) */

#define NN__SEL(c, a, b) ((c) ? (a) : (b))
#define NN__SAME(x) (x)
/* the unsigned integer of nn_real's width, and NN__EXP_R, the one of the
   two for nn_real; the scalar functions nn__exp_neg_r, nn__sigmoid_r,
   nn__tanh_r (the vectors' are in "The fast machinery: elementwise") */
#if NN__F32
typedef uint32_t nn__ureal;
#define NN__EXP_R NN__EXP_F
#else
typedef uint64_t nn__ureal;
#define NN__EXP_R NN__EXP_D
#endif
NN__EXP_R(r, nn_real, nn__ureal, nn__ureal, NN__SEL, NN__SAME, NN__NOATTR)
#define nn__exp_neg(t) nn__exp_neg_r(t)
#define nn__sigmoid_poly(x) nn__sigmoid_r(x)
#define nn__tanh_poly(x) nn__tanh_r(x)

/* The activations PyTorch computes with libm, and their slopes, in its
   order of operations (ATen's CPU kernels), in double: z is the
   pre-activation, ap the layer's parameters (nn_layer.act_param). */
#define NN__SQRT1_2 0.70710678118654752440     /* 1/sqrt(2) */
#define NN__GELU_PDF 0.39894228040143267794    /* 1/sqrt(2 pi) */
#define NN__GELU_K 0.79788456080286535588      /* sqrt(2/pi) */
#define NN__GELU_KAPPA 0.044715
NN__INLINE nn_real nn__gelu(nn_real z)
{
    const double x = (double)z;
    return (nn_real)(x * 0.5 * (1 + erf(x * NN__SQRT1_2)));
}
NN__INLINE nn_real nn__gelu_slope(nn_real z)
{
    const double x = (double)z;
    return (nn_real)(0.5 * (1 + erf(x * NN__SQRT1_2)) +
                     x * (NN__GELU_PDF * exp(x * x * -0.5)));
}
NN__INLINE nn_real nn__gelu_tanh(nn_real z)
{
    const double x = (double)z;
    return (nn_real)(0.5 * x * (1 + tanh(NN__GELU_K * (x + NN__GELU_KAPPA * (x * x * x)))));
}
NN__INLINE nn_real nn__gelu_tanh_slope(nn_real z)
{
    const double x = (double)z, t = tanh(NN__GELU_K * (x + NN__GELU_KAPPA * (x * x * x)));
    return (nn_real)(0.5 * (1 + t) +
                     0.5 * x * (1 - t * t) *
                         (NN__GELU_K * (1 + 3 * NN__GELU_KAPPA * (x * x))));
}
NN__INLINE nn_real nn__silu(nn_real z)
{
    return (nn_real)((double)z / (1 + exp(-(double)z)));
}
NN__INLINE nn_real nn__silu_slope(nn_real z)
{
    const double s = 1 / (1 + exp(-(double)z));
    return (nn_real)(s * (1 + (double)z * (1 - s)));
}
NN__INLINE nn_real nn__elu(nn_real z, const nn_real *ap)
{
    return z <= 0 ? (nn_real)(expm1((double)z) * (double)ap[0]) : z;
}
NN__INLINE nn_real nn__elu_slope(nn_real z, const nn_real *ap)
{
    return z <= 0 ? (nn_real)((double)ap[0] * exp((double)z)) : (nn_real)1;
}
NN__INLINE nn_real nn__softplus(nn_real z, const nn_real *ap)
{
    const double bz = (double)z * (double)ap[0];
    return bz > (double)ap[1] ? z : (nn_real)(log1p(exp(bz)) / (double)ap[0]);
}
NN__INLINE nn_real nn__softplus_slope(nn_real z, const nn_real *ap)
{
    const double bz = (double)z * (double)ap[0], e = exp(bz);
    return bz > (double)ap[1] ? (nn_real)1 : (nn_real)(e / (e + 1));
}

/* The activations, one row each: the enum value; the name (in model
   files, on command lines: nn_act_name; the value is NN_ACT_ and the name
   in capitals); f, an expression of z; what its slope f' is written in,
   y or z; f', an expression of that: of the output y = f(z) (all backprop
   keeps for most rows), or of z (backprop then keeps z for the layers of
   that activation, and the row gets no vector form); and its vector form
   V, or NN__VEC_NONE for none: three macros
     V_HAS       1
     V_F(S, z)   f of z, a vector or a scalar of nn_real of the suffix S
                 (v, t: vectors; r: a scalar)
     V_D(S, y)   f' of y, the same
   with the operations of f and f' in their order (the same bits), using
   NN__SEL_##S(c, a, b) (c ? a : b lane by lane) and NN__SPLAT_##S(x) (x in
   every lane); NN__VEC_SIGMOID below is one. The rows are in nn_act's
   order. The vector code (gemm
   epilogues, the tiny path) takes an activation only when its row has a
   vector form: the others go to the plain loops.
   Adding an activation: its value in nn_act, its row here, and its vector
   form where the others are (optional). Or from a program, without
   editing nn.h: rows in NN_EXTRA_ACTS(X, C), and the vector forms they
   name, defined before nn.h is included (in every file that includes it),
   as tests/test_table.c does. A slope that needs z (swish z s(z): f'
   = s(z) (1 + z (1 - s(z)))) is written in z, with NN__VEC_NONE:
     X(C, NN_ACT_SWISH, "swish", z * s(z), z, s(z) * (1 + z * (1 - s(z))),
       NN__VEC_NONE)
   (tests/test_table.c has it). f and f' may read the layer's parameters,
   ap[0] and ap[1] (nn_layer.act_param: NN__ACT_PARAMS says which
   activations take them). Every switch over the activations is made
   from this table. Softmax is not elementwise: its f and f' here are
   placeholders, and the row-wise code (nn__softmax_rows, and its Jacobian
   in nn__out_delta) is used instead, which is why it may only be last. */
#ifdef NN_EXTRA_ACTS
#define NN__EXTRA_ACTS(X, C) NN_EXTRA_ACTS(X, C)
#else
#define NN__EXTRA_ACTS(X, C)
#endif
#define NN__ACTS(X, C)                                                       \
    X(C, NN_ACT_SIGMOID, "sigmoid", nn__sigmoid_poly(z),                     \
      y, y * ((nn_real)1 - y), NN__VEC_SIGMOID)                              \
    X(C, NN_ACT_TANH,    "tanh",    nn__tanh_poly(z),                        \
      y, (nn_real)1 - y * y, NN__VEC_TANH)                                   \
    X(C, NN_ACT_RELU,    "relu",    z < 0 ? (nn_real)0 : z,                  \
      y, y > 0 ? (nn_real)1 : (nn_real)0, NN__VEC_RELU)                      \
    X(C, NN_ACT_LINEAR,  "linear",  z, y, (nn_real)1, NN__VEC_LINEAR)        \
    X(C, NN_ACT_SOFTMAX, "softmax", z, y, (nn_real)1, NN__VEC_NONE)          \
    X(C, NN_ACT_GELU,    "gelu",    NN__F(nn__gelu(z)), z,                   \
      NN__D(nn__gelu_slope(z)), NN__VEC_NONE)                                \
    X(C, NN_ACT_GELU_TANH, "gelu_tanh", NN__F(nn__gelu_tanh(z)),             \
      z, NN__D(nn__gelu_tanh_slope(z)), NN__VEC_NONE)                        \
    X(C, NN_ACT_SILU,    "silu",    NN__F(nn__silu(z)), z,                   \
      NN__D(nn__silu_slope(z)), NN__VEC_NONE)                                \
    X(C, NN_ACT_LEAKY_RELU, "leaky_relu", NN__F(z > 0 ? z : z * ap[0]),      \
      z, NN__D(z > 0 ? (nn_real)1 : ap[0]), NN__VEC_NONE)                    \
    X(C, NN_ACT_ELU,     "elu",     NN__F(nn__elu(z, ap)), z,                \
      NN__D(nn__elu_slope(z, ap)), NN__VEC_NONE)                             \
    X(C, NN_ACT_SOFTPLUS, "softplus", NN__F(nn__softplus(z, ap)),            \
      z, NN__D(nn__softplus_slope(z, ap)), NN__VEC_NONE)                     \
    NN__EXTRA_ACTS(X, C)
/* f and f' of the rows after softmax's: under NN_CORE_ACTS, which refuses
   those activations (nn__act_ok), placeholders that cost no code */
#ifdef NN_CORE_ACTS
#define NN__F(f) z
#define NN__D(d) (nn_real)1
#else
#define NN__F(f) (f)
#define NN__D(d) (d)
#endif
#define NN__VEC_SIGMOID_HAS 1
#define NN__VEC_TANH_HAS 1
#define NN__VEC_RELU_HAS 1
#define NN__VEC_LINEAR_HAS 1
#define NN__VEC_NONE_HAS 0
/* the slope's variable: 1 when it is z */
#define NN__OF_y 0
#define NN__OF_z 1

/* the names, which rows have a vector form (none when the slope is of z)
   and which rows' slopes are of z, by value (the rows are in nn_act's
   order) */
#define NN__ACT_NAME(CX, E, NAME, F, OF, D, V) NAME,
#define NN__ACT_HAS(CX, E, NAME, F, OF, D, V) (V##_HAS && !NN__OF_##OF),
#define NN__ACT_OFZ(CX, E, NAME, F, OF, D, V) NN__OF_##OF,
NN__ROWS_CHECK(nn__act_rows, NN__ACTS, NN_ACT_COUNT)
static const char *const nn__act_names[NN_ACT_COUNT] = {NN__ACTS(NN__ACT_NAME, 0)};
static const unsigned char nn__act_vecs[NN_ACT_COUNT] = {NN__ACTS(NN__ACT_HAS, 0)};
static const unsigned char nn__act_zs[NN_ACT_COUNT] = {NN__ACTS(NN__ACT_OFZ, 0)};
#undef NN__ACT_NAME
#undef NN__ACT_HAS
#undef NN__ACT_OFZ

/* is a's slope of z (so backprop keeps z for its layers)? a is an
   activation */
NN__INLINE int nn__act_z(nn_act a) { return nn__act_zs[a]; }

/* does a's row have a vector form? a is an activation */
NN__INLINE int nn__act_vec(nn_act a) { return nn__act_vecs[a]; }

/* The activations that take parameters, one row each: the enum value,
   how many, and each one's name (PyTorch's) and default (PyTorch's); the
   others take none. A layer holds them in act_param, which f and f' read
   as ap[0], ap[1]; the slope of each is of z. */
#define NN__ACT_PARAMS(X)                                                    \
    X(NN_ACT_LEAKY_RELU, 1, "negative_slope", 0.01, NULL, 0)                 \
    X(NN_ACT_ELU,        1, "alpha",          1.0,  NULL, 0)                 \
    X(NN_ACT_SOFTPLUS,   2, "beta",           1.0,  "threshold", 20.0)
typedef struct nn__act_pinfo {
    nn_act a;
    unsigned char n;
    const char *name[NN_ACT_MAX_PARAMS];
    nn_real def[NN_ACT_MAX_PARAMS];
} nn__act_pinfo;
#ifndef NN_CORE_ACTS
#define NN__ACT_PINFO(E, N, N0, D0, N1, D1) {E, N, {N0, N1}, {(nn_real)(D0), (nn_real)(D1)}},
static const nn__act_pinfo nn__act_pinfos[] = {NN__ACT_PARAMS(NN__ACT_PINFO)};
#undef NN__ACT_PINFO
#endif
/* the parameters of an activation that takes none */
static const nn_real nn__act_none[NN_ACT_MAX_PARAMS] = {0, 0};

/* a's row of NN__ACT_PARAMS, or NULL when it takes no parameters (none
   does under NN_CORE_ACTS) */
static const nn__act_pinfo *nn__act_pinfo_of(nn_act a)
{
#ifdef NN_CORE_ACTS
    (void)a;
    return NULL;
#else
    size_t k;
    for (k = 0; k < sizeof nn__act_pinfos / sizeof nn__act_pinfos[0]; k++)
        if (nn__act_pinfos[k].a == a) return &nn__act_pinfos[k];
    return NULL;
#endif
}

/* p = a's default parameters (0 where it has none) */
static void nn__act_defaults(nn_act a, nn_real *p)
{
    const nn__act_pinfo *q = nn__act_pinfo_of(a);
    p[0] = q ? q->def[0] : 0;
    p[1] = q ? q->def[1] : 0;
}

/* c[i] = f(c[i]) for i < n, elementwise activations only, ap their
   parameters */
#define NN__ACT_CASE(CX, E, NAME, F, OF, D, V)                                \
    case E:                                                                  \
        for (i = 0; i < n; i++) { const nn_real z = c[i]; c[i] = (F); }      \
        break;
NN__INLINE void nn__act_apply(nn_act a, const nn_real *ap, nn_real *c, size_t n)
{
    size_t i;
    (void)ap;
    if (a == NN_ACT_LINEAR || a == NN_ACT_SOFTMAX) return;
    switch (a) { NN__ACTS(NN__ACT_CASE, 0) case NN_ACT_COUNT: break; }
}
#undef NN__ACT_CASE

/* c[i,j] = f(c[i,j] + bias[j]) over rows (rows,n) lying ldc apart,
   elementwise activations only: the gemm's epilogue on a tile */
#define NN__ACT_CASE(CX, E, NAME, F, OF, D, V)                                \
    case E:                                                                  \
        for (i = 0; i < rows; i++, c += ldc)                                 \
            for (j = 0; j < n; j++) { const nn_real z = c[j] + bias[j]; c[j] = (F); } \
        break;
NN__INLINE void nn__act_apply_bias(nn_act a, const nn_real *ap, nn_real *c, size_t ldc,
                                   const nn_real *bias, size_t rows, size_t n)
{
    size_t i, j;
    (void)ap;
    switch (a) { NN__ACTS(NN__ACT_CASE, 0) case NN_ACT_COUNT: break; }
}
#undef NN__ACT_CASE

/* d[i,j] *= f'(y[i,j]) over rows (rows,n), d's lying ldd apart and y's
   ldy apart: a delta through an elementwise activation. ys holds what
   the slope is written in: the outputs y, or z when a's slope is of z
   (nn__act_z) */
/* NOLINTBEGIN(bugprone-macro-parentheses): OF names a variable */
#define NN__ACT_CASE(CX, E, NAME, F, OF, D, V)                                \
    case E:                                                                  \
        for (i = 0; i < rows; i++, d += ldd, ys += ldy)                      \
            for (j = 0; j < n; j++) { const nn_real OF = ys[j]; (void)OF; d[j] *= (D); } \
        break;
/* NOLINTEND(bugprone-macro-parentheses) */
NN__INLINE void nn__act_dmul(nn_act a, const nn_real *ap, nn_real *d, size_t ldd,
                             const nn_real *ys, size_t ldy, size_t rows, size_t n)
{
    size_t i, j;
    (void)ap;
    if (a == NN_ACT_LINEAR) return;
    switch (a) { NN__ACTS(NN__ACT_CASE, 0) case NN_ACT_COUNT: break; }
}
#undef NN__ACT_CASE

/* d[j] *= f'(yh[j]) for j < O, one row of the output through its
   elementwise activation a: the slope read from z[j] when it is of z
   (what the losses' row functions use; an activation with parameters
   never comes here: nn__out_delta_row applies its slope itself) */
NN__INLINE void nn__act_slope(nn_act a, nn_real *d, const nn_real *yh, const nn_real *z,
                              size_t O)
{
    nn__act_dmul(a, nn__act_none, d, O, nn__act_z(a) ? z : yh, O, 1, O);
}

/* each row of c (N,C) to e^(c - max) / sum: the largest term is e^0 = 1,
   so the sum is in [1, C] and nothing overflows */
static void nn__softmax_rows(nn_real *c, size_t N, size_t C)
{
    size_t i, j;
    for (i = 0; i < N; i++, c += C) {
        nn_real mx = c[0], sum = 0;
        for (j = 1; j < C; j++) mx = c[j] > mx ? c[j] : mx;
        for (j = 0; j < C; j++) {
            c[j] = nn__exp_neg(c[j] - mx);
            sum += c[j];
        }
        for (j = 0; j < C; j++) c[j] /= sum;
    }
}

/* nn__act_apply, in vectors where the build and the processor have them
   (the same bits; "The fast machinery: elementwise"), and nn__out_delta's
   sum of squares through an elementwise activation in vectors: 1 and *L
   set, or 0. An inference-only build has no vector code. */
#ifndef NN_NO_TRAINING
static void nn__act_fast(nn_act a, const nn_real *ap, nn_real *c, size_t n);
static int nn__sse_fast(nn_act a, nn_real *d, const nn_real *yh, const nn_real *y,
                        nn_real *db, size_t N, size_t O, nn_real *L);
#else
#define nn__act_fast(a, ap, c, n) nn__act_apply(a, ap, c, n)
#define nn__sse_fast(a, d, yh, y, db, N, O, L) 0
#endif

/* c (N,C) = f(c), softmax row by row; ap f's parameters */
NN__INLINE void nn__activate(nn_act a, const nn_real *ap, nn_real *c, size_t N, size_t C)
{
    if (a == NN_ACT_SOFTMAX) nn__softmax_rows(c, N, C);
    else nn__act_fast(a, ap, c, N * C);
}

NNDEF nn_real nn_sigmoid(nn_real x)
{
    return nn__sigmoid_poly(x);
}

NNDEF nn_real nn_sigmoid_deriv(nn_real y)
{
    return y * ((nn_real)1 - y);
}

NNDEF void nn_mat_sigmoid(nn_mat m)
{
    if (!nn__mat_ok(m)) return;
    nn__act_apply(NN_ACT_SIGMOID, nn__act_none, m.data, nn__mat_size(m));
}

/* is a an activation of this build? (NN_CORE_ACTS leaves some out) */
static int nn__act_ok(nn_act a)
{
#ifdef NN_CORE_ACTS
    if (a >= NN_ACT_GELU && a <= NN_ACT_SOFTPLUS) return 0;
#endif
    return (unsigned)a < (unsigned)NN_ACT_COUNT;
}

NNDEF const char *nn_act_name(nn_act a)
{
    return nn__act_ok(a) ? nn__act_names[a] : "unknown";
}

NNDEF nn_status nn_act_parse(const char *name, nn_act *a)
{
    int k;
    if (!name || !a) return NN_ERR_ARG;
    for (k = 0; k < NN_ACT_COUNT; k++)
        if (nn__act_ok((nn_act)k) && strcmp(name, nn__act_names[k]) == 0) {
            *a = (nn_act)k;
            return NN_OK;
        }
    return NN_ERR_ARG;
}

NNDEF nn_status nn_mat_activate(nn_mat m, nn_act a)
{
    nn_real ap[NN_ACT_MAX_PARAMS];
    if (!nn__mat_ok(m) || !nn__act_ok(a)) return NN_ERR_ARG;
    nn__act_defaults(a, ap);
    if (m.cols) nn__activate(a, ap, m.data, m.rows, m.cols);
    return NN_OK;
}

NNDEF size_t nn_act_n_params(nn_act a)
{
    const nn__act_pinfo *q = nn__act_pinfo_of(a);
    return q ? q->n : 0;
}

NNDEF const char *nn_act_param_name(nn_act a, size_t i)
{
    const nn__act_pinfo *q = nn__act_pinfo_of(a);
    return q && i < q->n ? q->name[i] : NULL;
}

/* may v be a's parameter i (i < its count)? finite, and softplus's beta
   not 0 (it divides by it) */
static int nn__act_param_ok(nn_act a, size_t i, nn_real v)
{
    if (!(v - v == 0)) return 0;
    return !(a == NN_ACT_SOFTPLUS && i == 0 && v == 0);
}

/* --- an activation as text: numbers read and written exactly, without
   the C library's locale-dependent strtod and printf --- */

/* 10^k, k <= 22: every one exact in double */
static double nn__pow10(unsigned k)
{
    double p = 1;
    while (k--) p *= 10;
    return p;
}

/* m 10^e: exact (one rounding of the exact value) when m <= 2^53 and
   |e| <= 22, as both factors are exact; else within an ulp or two (m
   rounded, libm's 10^|e|, their product or quotient; past 10^-308 in two
   divisions, as 10^-e overflows; a libm's pow may be further off) */
static double nn__dec_value(uint64_t m, long e)
{
    const double x = (double)m;
    if (e >= 0 && e <= 22) return x * nn__pow10((unsigned)e);
    if (e < 0 && e >= -22) return x / nn__pow10((unsigned)-e);
    if (e > 0) return x * pow(10, (double)e);
    if (e >= -308) return x / pow(10, (double)-e);
    return x / 1e308 / pow(10, (double)(-e - 308));
}

/* A big unsigned integer, 32 bits a limb, the least significant first,
   with room for what comparing a decimal of at most 19 digits and a
   power of ten within 400 with a halfway point between doubles takes
   (about 1,200 bits) */
#define NN__BIG_LIMBS 48
typedef struct nn__big {
    uint32_t d[NN__BIG_LIMBS];
    size_t n;
} nn__big;

static void nn__big_set(nn__big *b, uint64_t v)
{
    b->d[0] = (uint32_t)v;
    b->d[1] = (uint32_t)(v >> 32);
    b->n = 2;
}

/* b *= 5^k */
static void nn__big_pow5(nn__big *b, long k)
{
    while (k > 0) {
        uint32_t f = 1;             /* 5^min(k, 13), below 2^32 */
        uint64_t c = 0;
        size_t i;
        for (i = 0; i < 13 && (long)i < k; i++) f *= 5;
        for (i = 0; i < b->n; i++) {
            c += (uint64_t)b->d[i] * f;
            b->d[i] = (uint32_t)c;
            c >>= 32;
        }
        if (c) b->d[b->n++] = (uint32_t)c;
        k -= 13;
    }
}

/* b <<= s, s >= 0 */
static void nn__big_shl(nn__big *b, long s)
{
    const size_t w = (size_t)(s / 32), r = (size_t)(s % 32);
    size_t i;
    b->d[b->n] = 0;
    for (i = b->n + 1; i-- > 0;)
        b->d[i + w] = (r ? b->d[i] << r : b->d[i]) | (r && i ? b->d[i - 1] >> (32 - r) : 0);
    for (i = 0; i < w; i++) b->d[i] = 0;
    b->n += w + 1;
}

/* -1, 0, 1 as a < b, a == b, a > b */
static int nn__big_cmp(const nn__big *a, const nn__big *b)
{
    size_t i = a->n > b->n ? a->n : b->n;
    while (i-- > 0) {
        const uint32_t x = i < a->n ? a->d[i] : 0, y = i < b->n ? b->d[i] : 0;
        if (x != y) return x < y ? -1 : 1;
    }
    return 0;
}

/* m 10^e against h 2^q, m 10^e = m 5^e 2^e: -1, 0 or 1 */
static int nn__dec_cmp(uint64_t m, long e, uint64_t h, long q)
{
    nn__big a, b;
    nn__big_set(&a, m);
    nn__big_set(&b, h);
    if (e >= 0) nn__big_pow5(&a, e);
    else nn__big_pow5(&b, -e);
    if (e > q) nn__big_shl(&a, e - q);
    else nn__big_shl(&b, q - e);
    return nn__big_cmp(&a, &b);
}

/* m 10^e, |e| <= 400, correctly rounded to double (to even on a tie):
   nn__dec_value's, moved by an ulp while m 10^e lies beyond the halfway
   point to a neighbour, as exact integer comparisons tell (as many moves
   as the estimate is ulps off: one or two with a good libm) */
static double nn__dec_exact(uint64_t m, long e)
{
    double x = nn__dec_value(m, e);
    if (m <= (uint64_t)1 << 53 && e >= -22 && e <= 22) return x;   /* exact */
    if (x > DBL_MAX) x = DBL_MAX;     /* the halfway point up says if it is more */
    while (x <= DBL_MAX) {
        int ex, c;
        const double f = frexp(x, &ex);
        long q = ex - 53;           /* x = mx 2^q, mx of 53 bits (subnormal: fewer) */
        uint64_t mx = (uint64_t)ldexp(f, 53);
        if (x == 0 || q < -1074) {
            mx = (uint64_t)ldexp(x, 1074);
            q = -1074;
        }
        c = nn__dec_cmp(m, e, 2 * mx + 1, q - 1);          /* the halfway point up */
        if (c > 0 || (c == 0 && (mx & 1))) {
            x = nextafter(x, HUGE_VAL);
            continue;
        }
        if (x == 0) break;
        c = mx == (uint64_t)1 << 52 && q > -1074 ? nn__dec_cmp(m, e, 4 * mx - 1, q - 2)
                                                : nn__dec_cmp(m, e, 2 * mx - 1, q - 1);
        if (c < 0 || (c == 0 && (mx & 1))) {
            x = nextafter(x, 0);
            continue;
        }
        break;
    }
    return x;
}

/* the digits at s[*i..n) in base 16 or 10 into *m (at most 15 or 19 of
   them, the rest only counted in *more), *i moved past them; how many */
static size_t nn__num_digits(const char *s, size_t n, size_t *i, int hex, uint64_t *m,
                             long *more)
{
    size_t k = 0;
    for (; *i < n; (*i)++, k++) {
        const char c = s[*i];
        unsigned d;
        if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
        else if (hex && c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
        else if (hex && c >= 'A' && c <= 'F') d = (unsigned)(c - 'A' + 10);
        else break;
        if (*m < (hex ? (uint64_t)1 << 56 : (uint64_t)1000000000000000000u))
            *m = *m * (hex ? 16u : 10u) + d;
        else (*more)++;
    }
    return k;
}

/* a number at s[*i..n): -?D(.D)?([eE][+-]?D)? in decimal, or
   -?0xH(.H)?([pP][+-]?D)? in hexadecimal; 1 with *v and *i past it, or 0 */
static int nn__num_read(const char *s, size_t n, size_t *i, double *v)
{
    size_t j = *i, k, f = 0;
    uint64_t m = 0, x = 0;
    long more = 0, e, sign = 1;
    int neg = 0, hex;
    if (j < n && s[j] == '-') neg = 1, j++;
    hex = n - j > 2 && s[j] == '0' && (s[j + 1] == 'x' || s[j + 1] == 'X');
    if (hex) j += 2;
    k = nn__num_digits(s, n, &j, hex, &m, &more);
    e = more;                             /* digits left out of m */
    if (j < n && s[j] == '.') {
        const size_t j0 = ++j;
        long out = 0;
        f = nn__num_digits(s, n, &j, hex, &m, &out);
        e -= (long)(j - j0) - out;        /* the fraction's digits in m */
    }
    if (k + f == 0) return 0;
    if (j < n && (hex ? s[j] == 'p' || s[j] == 'P' : s[j] == 'e' || s[j] == 'E')) {
        long unused = 0;
        if (++j < n && (s[j] == '+' || s[j] == '-')) sign = s[j++] == '-' ? -1 : 1;
        if (!nn__num_digits(s, n, &j, 0, &x, &unused)) return 0;
    }
    /* beyond these, every value is 0 or overflows: kept in range of int */
    if (x > 100000) x = 100000;
    if (e > 1000000 || e < -1000000) e = e > 0 ? 1000000 : -1000000;
    e = hex ? 4 * e + sign * (long)x : e + sign * (long)x;
    if (hex) *v = ldexp((double)m, (int)e);
    else if (m == 0 || e < -400 || e > 400) *v = m && e > 0 ? HUGE_VAL : 0;
    else *v = nn__dec_exact(m, e);
    if (neg) *v = -*v;
    *i = j;
    return 1;
}

/* the k digits of m (m < 10^k) at t */
static void nn__put_digits(char *t, uint64_t m, size_t k)
{
    while (k--) {
        t[k] = (char)('0' + m % 10);
        m /= 10;
    }
}

/* m 10^e (m of k digits, the last not 0) at t as Python's repr writes
   it: positional for 10^-4 <= value < 10^16 ("20", "0.01", "1.5"), else
   "1e-05", "2.5e+16"; returns its length (at most 26) */
static size_t nn__put_dec(char *t, uint64_t m, size_t k, long e)
{
    const long p = (long)k + e;           /* digits before the point */
    size_t n = 0;
    char d[20] = {0};
    nn__put_digits(d, m, k);
    if (p - 1 >= -4 && p - 1 < 16) {
        long i;
        if (p <= 0) { t[n++] = '0'; t[n++] = '.'; }
        for (i = p; i < 0; i++) t[n++] = '0';
        for (i = 0; i < (long)k || i < p; i++) {
            if (i == p && p > 0) t[n++] = '.';
            if (i < (long)k) t[n++] = d[i];
            else t[n++] = '0';
        }
        return n;
    }
    t[n++] = d[0];
    if (k > 1) { t[n++] = '.'; memcpy(t + n, d + 1, k - 1); n += k - 1; }
    t[n++] = 'e';
    t[n++] = p - 1 < 0 ? '-' : '+';
    k = p - 1 < 0 ? (size_t)(1 - p) : (size_t)(p - 1);
    nn__put_digits(t + n, k, k >= 100 ? 3 : 2);
    return n + (k >= 100 ? 3 : 2);
}

/* m, k digits rounded from the exact value of a (finite, > 0) at the
   power of ten x: a ~ m 10^x. From the double estimate, moved while a
   lies beyond m +- 1/2 (exact comparisons: a = mx 2^q) */
static uint64_t nn__dec_round(double a, long x)
{
    int q;
    const double f = frexp(a, &q);
    /* a 10^-x (10^-x overflows past 10^308: a subnormal a, in two steps) */
    const double c = -x > 300 ? a * 1e300 * pow(10, (double)(-x - 300))
                              : a * nn__dec_value(1, -x);
    uint64_t m = (uint64_t)floor(c + 0.5), mx;
    long qx = (long)q - 53;
    mx = (uint64_t)ldexp(f, 53);
    if (qx < -1074) {                       /* subnormal: mx 2^-1074 */
        mx = (uint64_t)ldexp(a, 1074);
        qx = -1074;
    }
    while (nn__dec_cmp(2 * m + 1, x, mx, qx + 1) < 0) m++;
    while (m && nn__dec_cmp(2 * m - 1, x, mx, qx + 1) > 0) m--;
    return m;
}

/* v (finite, an nn_real) at t (32 bytes): the shortest decimal that
   nn__num_read reads back as v, as Python's repr writes a float: each
   length of 1 to 16 significant digits tried, rounded from v's exact
   value and read back; else 17, which always reads back (9 in float).
   Returns its length. */
static size_t nn__num_write(char *t, double v)
{
    const double a = fabs(v);
    size_t n = 0, k;
    long e;
    if (v < 0 || (v == 0 && 1 / v < 0)) t[n++] = '-';
    if (a == 0) { t[n++] = '0'; return n; }
    e = (long)floor(log10(a));
    for (k = 1;; k++) {
        long x = e - (long)k + 1;             /* a ~ m 10^x, m of k digits */
        uint64_t m = nn__dec_round(a, x), r;
        size_t d = 1, len, i = 0;
        double back;
        if (!m) continue;                     /* e was one too high */
        while (m % 10 == 0) m /= 10, x++;     /* or one too low */
        for (r = m; r >= 10; r /= 10) d++;
        len = n + nn__put_dec(t + n, m, d, x);
        if (k >= 17 || (nn__num_read(t, len, &i, &back) && i == len &&
                        (nn_real)back == (nn_real)v))
            return len;
    }
}

/* text[*i..len) past blanks */
static void nn__skip_blanks(const char *text, size_t len, size_t *i)
{
    while (*i < len && (text[*i] == ' ' || text[*i] == '\t')) (*i)++;
}

/* "(v, name=v, ...)" of a at text[*i..len) into p (p set: seen, bit by
   parameter); NN_OK with *i past the ')' */
static nn_status nn__act_read_params(nn_act a, const char *text, size_t len, size_t *i,
                                     nn_real *p)
{
    const nn__act_pinfo *q = nn__act_pinfo_of(a);
    unsigned seen = 0, k = 0, named = 0;
    nn__skip_blanks(text, len, i);
    if (*i < len && text[*i] == ')') {
        (*i)++;
        return NN_OK;
    }
    for (;; k++) {
        size_t j = *i, at = k;
        double v;
        while (j < len && (text[j] == '_' || (text[j] >= 'a' && text[j] <= 'z'))) j++;
        if (j > *i) {          /* name = value */
            size_t c = j;
            nn__skip_blanks(text, len, &c);
            if (c >= len || text[c] != '=') return NN_ERR_ARG;
            for (at = 0; q && at < q->n; at++)
                if (strlen(q->name[at]) == j - *i && !memcmp(q->name[at], text + *i, j - *i))
                    break;
            named = 1;
            *i = c + 1;
            nn__skip_blanks(text, len, i);
        } else if (named) {
            return NN_ERR_ARG;     /* a value by order after one by name */
        }
        if (!q || at >= q->n || (seen >> at & 1u) || !nn__num_read(text, len, i, &v) ||
            !nn__act_param_ok(a, at, (nn_real)v))
            return NN_ERR_ARG;
        p[at] = (nn_real)v;
        seen |= 1u << at;
        nn__skip_blanks(text, len, i);
        if (*i < len && text[*i] == ')') {
            (*i)++;
            return NN_OK;
        }
        if (*i >= len || text[(*i)++] != ',') return NN_ERR_ARG;
        nn__skip_blanks(text, len, i);
    }
}

NNDEF nn_status nn_act_parse_params(const char *text, size_t len, nn_act *a, nn_real *p)
{
    size_t i = 0, j, k;
    nn_real t[NN_ACT_MAX_PARAMS];
    if (!text || !a || !p) return NN_ERR_ARG;
    for (j = i; j < len && text[j] != '('; j++) {}
    for (k = 0; k < NN_ACT_COUNT; k++)
        if (strlen(nn__act_names[k]) == j - i && !memcmp(nn__act_names[k], text + i, j - i))
            break;
    if (k == NN_ACT_COUNT || !nn__act_ok((nn_act)k)) return NN_ERR_ARG;
    nn__act_defaults((nn_act)k, t);
    if (j < len) {          /* text[j] is '(' */
        j++;
        if (nn__act_read_params((nn_act)k, text, len, &j, t) != NN_OK || j != len)
            return NN_ERR_ARG;
    }
    *a = (nn_act)k;
    p[0] = t[0];
    p[1] = t[1];
    return NN_OK;
}

NNDEF nn_status nn_act_format(nn_act a, const nn_real *p, char *buf, size_t cap, size_t *len)
{
    char t[96];                           /* the parameters: at most 2 x 44 */
    size_t n = 0, i, np = nn_act_n_params(a), name;
    if (!nn__act_ok(a) || !len || (!buf && cap) || (!p && np)) return NN_ERR_ARG;
    for (i = 0; i < np; i++) {
        const char *pn = nn_act_param_name(a, i);
        if (!nn__act_param_ok(a, i, p[i])) return NN_ERR_ARG;
        t[n++] = i ? ',' : '(';
        while (*pn) t[n++] = *pn++;
        t[n++] = '=';
        n += nn__num_write(t + n, (double)p[i]);
    }
    if (np) t[n++] = ')';
    name = strlen(nn__act_names[a]);
    if (name + n < cap) {
        memcpy(buf, nn__act_names[a], name);
        memcpy(buf + name, t, n);
        buf[name + n] = 0;
    }
    *len = name + n;
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* The fast machinery, as the network sees it (defined after the network)    */

/* below this many multiply-adds the plain loops win (measured: 64-32-10
   at batch 32 trains 1.3x faster with 4096 than with 32768) */
#define NN__GEMM_SMALL 4096

#ifndef NN_NO_TRAINING
/* The epilogue the last rank-KC update applies as it writes c:
   NN__EP_NONE      c as computed
   NN__EP_BIAS_ACT  c[i,j] = f(c[i,j] + bias[j]), f = act (elementwise),
                    bias (1,N) in v
   NN__EP_DACT      c[i,j] *= f'(y[i,j]), y (M,N) in v, and when sums is
                    not NULL, sums[j] += c[i,j] (sums (1,N), zeroed by the
                    caller; rows added in order, one thread per column). */
enum { NN__EP_NONE, NN__EP_BIAS_ACT, NN__EP_DACT };
typedef struct nn__ep {
    int kind;
    nn_act act;
    const nn_real *ap;      /* act's parameters */
    const nn_real *v;
    nn_real *sums;
} nn__ep;

/* c (M,N) = alpha op(a) (M,K) op(b) (K,N) + beta c, then the epilogue ep
   (NULL: none); lda, ldb the row lengths of a and b as stored, c's is N;
   simd: the explicit SIMD kernel when one is compiled in. nn__gemm: no
   epilogue, SIMD. */
static void nn__gemm_ex(size_t M, size_t N, size_t K, nn_real alpha,
                        const nn_real *a, size_t lda, int ta,
                        const nn_real *b, size_t ldb, int tb,
                        nn_real beta, nn_real *c, const nn__ep *ep, int simd);
static void nn__gemm(size_t M, size_t N, size_t K, nn_real alpha,
                     const nn_real *a, size_t lda, int ta,
                     const nn_real *b, size_t ldb, int tb,
                     nn_real beta, nn_real *c);
/* nn__opt_sgd's step on the first parameters, in vectors (the form of SGD
   kind's row names; none: nothing done); returns how many it did, the rest
   is the caller's */
static size_t nn__sgd_fast(nn_opt_kind kind, nn_real *p, const nn_real *g, nn_real *m,
                           size_t n, nn_real rate, nn_real wd, nn_real mu);
/* Adam's numbers for one step, the same for every parameter: beta1,
   beta2, the rate over 1 - beta1^t and the square root of 1 - beta2^t
   (PyTorch's bias corrections), eps and the weight decay */
typedef struct nn__adam_k { nn_real b1, b2, step, bc2, eps, wd; } nn__adam_k;
/* nn__opt_adam's step on the first parameters, in vectors; returns how
   many it did (0: none), the rest is the caller's */
static size_t nn__adam_fast(const nn__adam_k *k, nn_real *p, const nn_real *g, nn_real *m,
                            nn_real *s, size_t n);
/* nn_train_step's whole step on the tiny path, in vectors; 0: not taken */
static int nn__tiny_step(nn_net *net, nn_mat x, nn_mat y, nn_real rate, nn_work *w,
                         nn_real *loss);

#endif /* NN_NO_TRAINING */
/* ------------------------------------------------------------------------ */
/* Saying why                                                                */

/* v in decimal, in d (21 bytes); returns where the digits start */
static const char *nn__decimal(char *d, uint64_t v)
{
    int n = 20;
    d[20] = '\0';
    do { d[--n] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    return d + n;
}

/* The sentence a refusal gives (nn_load_opts.why, the _why functions):
   why = fmt, cut to cap - 1 bytes, where each conversion takes the next of
   v: %u a number, %A and %L the names of that activation and loss, %j the
   JSON string at that position of the model file's header h (json quotes
   it); %s is str. Only printable ASCII is written ('?' for other bytes).
   why NULL or cap 0: nothing. */
typedef size_t (*nn__json_quote)(char *why, size_t k, size_t cap, const void *h, size_t pos);
static void nn__say_ex(char *why, size_t cap, const char *fmt, const char *str,
                       const uint64_t *v, nn__json_quote json, const void *h)
{
    size_t k = 0;
    if (!why || !cap) return;
    for (cap--; *fmt; fmt++) {
        char d[21];
        const char *t;
        if (*fmt != '%') {
            if (k < cap) why[k++] = *fmt;
            continue;
        }
        switch (*++fmt) {
        case 'u': t = nn__decimal(d, *v++); break;
        case 'A': t = nn_act_name((nn_act)*v++); break;
        case 'L': t = nn_loss_name((nn_loss)*v++); break;
        case 'j': k = json ? json(why, k, cap, h, (size_t)*v++) : k; continue;
        default:  t = str ? str : ""; break;
        }
        for (; *t; t++)
            if (k < cap) why[k++] = (char)(*t >= 0x20 && *t < 0x7F ? *t : '?');
    }
    why[k] = '\0';
}

/* nn__say_ex without a model file; st, for the caller to return (inlined,
   so that the compiler sees which status each path returns, and a caller
   given no why drops the sentence and what it would say) */
NN__ALWAYS nn_status nn__refusal(nn_status st, char *why, size_t cap, const char *fmt,
                             const uint64_t *v)
{
    if (why && cap) nn__say_ex(why, cap, fmt, NULL, v, NULL, NULL);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Network                                                                   */

/* from the Loss section: does loss l fit an output activation? does it
   read the output layer's z (which the forward pass then keeps)? */
static int nn__loss_fits(nn_loss l, nn_act out);
static int nn__loss_logits(nn_loss l);

/* *acc += v, 0 when it overflows size_t */
static int nn__add_ok(size_t *acc, size_t v)
{
    if (v > SIZE_MAX - *acc) return 0;
    *acc += v;
    return 1;
}

/* width l of the network being made: from widths[], or from a network */
static size_t nn__width(const size_t *widths, const nn_net *like, size_t l)
{
    if (!like) return widths[l];
    return l ? like->layers[l - 1].n_out : like->n_in;
}

/* Who owns a network's memory: nn.h (nn_net_free frees it) or the caller
   (a view, read only). Only functions that take an existing network read
   it; nothing that makes one does. */
#define NN__OWNS 1u
#define NN__VIEW 2u

/* A network that nn.h made, or a view: every check of every call starts
   here, so it costs a few loads, not a walk over the layers (nn__net_count
   proved those when the network was made, and the layers are read only).
   A zeroed or freed struct fails it. */
static int nn__net_ok(const nn_net *net)
{
    return net && net->params && net->layers && net->n_layers &&
           (net->owner_ == NN__OWNS || net->owner_ == NN__VIEW);
}

/* ... and may be written: not a view */
static int nn__net_rw(const nn_net *net)
{
    return nn__net_ok(net) && net->owner_ == NN__OWNS;
}

/* The layers of a network being made, checked: widths and activations
   from the arrays (acts NULL: sigmoid), or from `like`. *n gets the count
   of parameters. NN_ERR_ARG for a layer nn.h cannot make, NN_ERR_NOMEM
   when the count overflows; why (cap bytes) says which. */
NN__ALWAYS nn_status nn__net_count(size_t L, const size_t *widths, const nn_act *acts,
                                   nn_loss loss, const nn_net *like, size_t *n, char *why,
                                   size_t cap)
{
    size_t l, nw;
    uint64_t v[3];
    *n = 0;
    for (l = 0; l <= L; l++)
        if (!nn__width(widths, like, l)) {
            v[0] = l;
            return nn__refusal(NN_ERR_ARG, why, cap, "widths[%u] is 0", v);
        }
    for (l = 0; l < L; l++) {
        nn_act f = like ? like->layers[l].act : acts ? acts[l] : NN_ACT_SIGMOID;
        v[0] = l;
        v[1] = (uint64_t)f;
        if (!nn__act_ok(f))
            return nn__refusal(NN_ERR_ARG, why, cap, "acts[%u] is not an activation", v);
        if (f == NN_ACT_SOFTMAX && l + 1 < L)
            return nn__refusal(NN_ERR_ARG, why, cap,
                           "acts[%u] is softmax, which only the last layer may be", v);
    }
    v[0] = (uint64_t)loss;
    if ((unsigned)loss >= (unsigned)NN_LOSS_COUNT)
        return nn__refusal(NN_ERR_ARG, why, cap, "loss is not a loss", v);
    v[1] = (uint64_t)(like ? like->layers[L - 1].act : acts ? acts[L - 1] : NN_ACT_SIGMOID);
    if (!nn__loss_fits(loss, (nn_act)v[1]))
        return nn__refusal(NN_ERR_ARG, why, cap,
                           "the %L loss does not fit the last layer's activation, %A", v);
    for (l = 0; l < L; l++) {
        size_t b = nn__width(widths, like, l + 1);
        if (!nn__mul_ok(nn__width(widths, like, l), b, &nw) || !nn__add_ok(n, nw) ||
            !nn__add_ok(n, b))
            return nn__refusal(NN_ERR_NOMEM, why, cap, "the parameter count overflows size_t",
                           NULL);
    }
    return NN_OK;
}

/* *t = the network of those layers over params (n of them) and layers (L
   entries), owned by nn.h (own) or a view */
static void nn__net_lay_out(nn_net *t, size_t L, const size_t *widths, const nn_act *acts,
                            nn_loss loss, const nn_net *like, nn_real *params,
                            size_t n, nn_layer *layers, int own)
{
    size_t l;
    nn_real *p = params;
    memset(t, 0, sizeof *t);
    t->params = params;
    t->layers = layers;
    t->n_layers = L;
    t->n_params = n;
    t->loss = loss;
    for (l = 0; l < L; l++) {
        nn_layer *y = &t->layers[l];
        y->n_in = nn__width(widths, like, l);
        y->n_out = nn__width(widths, like, l + 1);
        y->act = like ? like->layers[l].act : acts ? acts[l] : NN_ACT_SIGMOID;
        if (like) memcpy(y->act_param, like->layers[l].act_param, sizeof y->act_param);
        else nn__act_defaults(y->act, y->act_param);
        y->w = nn_mat_view(p, y->n_in, y->n_out);  p += y->n_in * y->n_out;
        y->b = nn_mat_view(p, 1, y->n_out);        p += y->n_out;
    }
    /* the 1.x names: the first layer and the last */
    t->n_in = t->layers[0].n_in;
    t->n_out = t->layers[L - 1].n_out;
    t->n_hidden = L > 1 ? t->layers[0].n_out : 0;
    t->w1 = t->layers[0].w;     t->b1 = t->layers[0].b;
    t->w2 = t->layers[L - 1].w; t->b2 = t->layers[L - 1].b;
    t->owner_ = own ? NN__OWNS : NN__VIEW;
}

/* A network of L layers into *t, in one allocation: the parameters (zero,
   or from's), then the layers. */
static nn_status nn__net_make(nn_net *t, size_t L, const size_t *widths,
                              const nn_act *acts, nn_loss loss, const nn_net *like,
                              const nn_real *from, char *why, size_t cap)
{
    size_t n, off, bytes;
    unsigned char *block;
    nn_status s = nn__net_count(L, widths, acts, loss, like, &n, why, cap);
    if (s != NN_OK) return s;
    /* the layers after the parameters, on a 16-byte boundary */
    if (n > (SIZE_MAX - 16) / sizeof(nn_real) ||
        L > (SIZE_MAX - (n * sizeof(nn_real) + 15) / 16 * 16) / sizeof(nn_layer))
        return nn__refusal(NN_ERR_NOMEM, why, cap, "the network's size overflows size_t", NULL);
    off = (n * sizeof(nn_real) + 15) / 16 * 16;
    bytes = off + L * sizeof(nn_layer);
    block = (unsigned char *)NN_MALLOC(bytes);
    if (!block) return nn__refusal(NN_ERR_NOMEM, why, cap, "out of memory", NULL);
    memset(block, 0, bytes);
    if (from) memcpy(block, from, n * sizeof(nn_real));
    nn__net_lay_out(t, L, widths, acts, loss, like, (nn_real *)(void *)block, n,
                    (nn_layer *)(void *)(block + off), 1);
    return NN_OK;
}

/* the arguments every maker of a network from widths needs */
NN__ALWAYS nn_status nn__net_args(const nn_net *net, size_t n_layers, const size_t *widths,
                                  char *why, size_t cap)
{
    if (!net) return nn__refusal(NN_ERR_ARG, why, cap, "net is NULL", NULL);
    if (!widths) return nn__refusal(NN_ERR_ARG, why, cap, "widths is NULL", NULL);
    if (!n_layers) return nn__refusal(NN_ERR_ARG, why, cap, "n_layers is 0", NULL);
    return NN_OK;
}

NNDEF nn_status nn_net_init_layers_why(nn_net *net, size_t n_layers, const size_t *widths,
                                       const nn_act *acts, nn_loss loss, char *why,
                                       size_t why_len)
{
    nn_net t;
    nn_status s = nn__net_args(net, n_layers, widths, why, why_len);
    memset(&t, 0, sizeof t);
    if (s == NN_OK)
        s = nn__net_make(&t, n_layers, widths, acts, loss, NULL, NULL, why, why_len);
    if (s != NN_OK) return s;
    *net = t;
    return nn__refusal(NN_OK, why, why_len, "", NULL);
}

NNDEF nn_status nn_net_init_layers(nn_net *net, size_t n_layers, const size_t *widths,
                                   const nn_act *acts, nn_loss loss)
{
    return nn_net_init_layers_why(net, n_layers, widths, acts, loss, NULL, 0);
}

NNDEF nn_status nn_net_init(nn_net *net, size_t n_in, size_t n_hidden, size_t n_out)
{
    size_t widths[3];
    widths[0] = n_in; widths[1] = n_hidden; widths[2] = n_out;
    return nn_net_init_layers(net, 2, widths, NULL, NN_LOSS_SSE);
}

/* nn_net_view_why, and nn_net_view's copy with no why */
NN__ALWAYS nn_status nn__net_view(nn_net *net, size_t n_layers, const size_t *widths,
                                  const nn_act *acts, nn_loss loss, const nn_real *params,
                                  size_t n_params, nn_layer *layers, char *why,
                                  size_t why_len)
{
    nn_net t;
    size_t n = 0;
    uint64_t v[2];
    nn_status s = nn__net_args(net, n_layers, widths, why, why_len);
    if (s != NN_OK) return s;
    if (!params) return nn__refusal(NN_ERR_ARG, why, why_len, "params is NULL", NULL);
    if (!layers) return nn__refusal(NN_ERR_ARG, why, why_len, "layers is NULL", NULL);
    s = nn__net_count(n_layers, widths, acts, loss, NULL, &n, why, why_len);
    if (s != NN_OK) return NN_ERR_ARG;   /* no allocation: an overflow is an argument */
    v[0] = n_params;
    v[1] = n;
    if (n != n_params)
        return nn__refusal(NN_ERR_ARG, why, why_len,
                       "n_params is %u, the widths need %u parameters", v);
    if (n_layers > SIZE_MAX / sizeof(nn_layer) ||
        nn__overlap_bytes(layers, n_layers * sizeof(nn_layer), params,
                          n * sizeof(nn_real)) ||
        nn__overlap_bytes(layers, n_layers * sizeof(nn_layer), net, sizeof *net))
        return nn__refusal(NN_ERR_ARG, why, why_len, "layers overlaps params or *net", NULL);
    /* the parameters are only read through a view: the cast gives the
       struct its one pointer type, as strchr does */
    memset(&t, 0, sizeof t);
    nn__net_lay_out(&t, n_layers, widths, acts, loss, NULL,
                    (nn_real *)(uintptr_t)params, n, layers, 0);
    *net = t;
    return nn__refusal(NN_OK, why, why_len, "", NULL);
}

NNDEF nn_status nn_net_view_why(nn_net *net, size_t n_layers, const size_t *widths,
                                const nn_act *acts, nn_loss loss, const nn_real *params,
                                size_t n_params, nn_layer *layers, char *why,
                                size_t why_len)
{
    return nn__net_view(net, n_layers, widths, acts, loss, params, n_params, layers, why,
                        why_len);
}

NNDEF nn_status nn_net_view(nn_net *net, size_t n_layers, const size_t *widths,
                            const nn_act *acts, nn_loss loss, const nn_real *params,
                            size_t n_params, nn_layer *layers)
{
    return nn__net_view(net, n_layers, widths, acts, loss, params, n_params, layers, NULL,
                        0);
}

/* the same layers, activations (and their parameters) and loss */
static int nn__same_shape(const nn_net *a, const nn_net *b)
{
    size_t l;
    if (a->n_layers != b->n_layers || a->n_in != b->n_in || a->loss != b->loss) return 0;
    for (l = 0; l < a->n_layers; l++) {
        const nn_layer *x = &a->layers[l], *y = &b->layers[l];
        if (x->n_out != y->n_out || x->act != y->act || x->act_param[0] != y->act_param[0] ||
            x->act_param[1] != y->act_param[1])
            return 0;
    }
    return 1;
}

NNDEF nn_status nn_net_copy(nn_net *dst, const nn_net *src)
{
    nn_net t;
    nn_status s;
    if (!dst || dst == src || !nn__net_ok(src)) return NN_ERR_ARG;
    memset(&t, 0, sizeof t);
    s = nn__net_make(&t, src->n_layers, NULL, NULL, src->loss, src, src->params, NULL, 0);
    if (s != NN_OK) return s;
    *dst = t;
    return NN_OK;
}

NNDEF nn_status nn_net_copy_params(nn_net *dst, const nn_net *src)
{
    if (!nn__net_rw(dst) || !nn__net_ok(src)) return NN_ERR_ARG;
    if (!nn__same_shape(dst, src)) return NN_ERR_SHAPE;
    if (dst->params != src->params)
        memmove(dst->params, src->params, src->n_params * sizeof(nn_real));
    return NN_OK;
}

NNDEF nn_status nn_net_set_act_params(nn_net *net, size_t l, const nn_real *p, size_t n)
{
    size_t i;
    if (!nn__net_ok(net) || l >= net->n_layers || (!p && n) ||
        n != nn_act_n_params(net->layers[l].act))
        return NN_ERR_ARG;
    for (i = 0; i < n; i++)
        if (!nn__act_param_ok(net->layers[l].act, i, p[i])) return NN_ERR_ARG;
    for (i = 0; i < n; i++) net->layers[l].act_param[i] = p[i];
    return NN_OK;
}

NNDEF void nn_net_free(nn_net *net)
{
    if (!net) return;
    if (net->params && net->owner_ == NN__OWNS) NN_FREE(net->params);   /* a view owns nothing */
    memset(net, 0, sizeof *net);
}

NNDEF void nn_net_randomize(nn_net *net, nn_rng *r, nn_real lo, nn_real hi)
{
    size_t l;
    if (!nn__net_rw(net) || !r) return;
    for (l = 0; l < net->n_layers; l++) {
        nn_mat_rand(net->layers[l].w, r, lo, hi);
        nn_mat_fill(net->layers[l].b, 0);
    }
}

NNDEF nn_real nn_rng_normal(nn_rng *r)
{
    double u, v, s;
    if (!r) return 0;
    do {
        u = 2 * (double)nn_rng_uniform(r) - 1;
        v = 2 * (double)nn_rng_uniform(r) - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return (nn_real)(u * sqrt(-2 * log(s) / s));
}

NNDEF nn_status nn_net_init_weights(nn_net *net, nn_rng *r, nn_init kind)
{
    size_t l, i;
    if (!nn__net_rw(net) || !r || (unsigned)kind >= (unsigned)NN_INIT_COUNT)
        return NN_ERR_ARG;
    for (l = 0; l < net->n_layers; l++) {
        nn_layer *y = &net->layers[l];
        double fan_in = (double)y->n_in, fan_out = (double)y->n_out;
        size_t n = y->n_in * y->n_out;
        if (kind == NN_INIT_HE_NORMAL) {
            double sd = sqrt(2 / fan_in);
            for (i = 0; i < n; i++) y->w.data[i] = (nn_real)(sd * (double)nn_rng_normal(r));
        } else {
            double a = kind == NN_INIT_GLOROT_UNIFORM ? sqrt(6 / (fan_in + fan_out))
                                                      : sqrt(6 / fan_in);
            nn_mat_rand(y->w, r, (nn_real)-a, (nn_real)a);
        }
        nn_mat_fill(y->b, 0);
    }
    return NN_OK;
}

/* does a layer below the last have an activation whose slope is of z
   (so the work keeps its z)? */
static int nn__work_has_zs(const nn_net *net)
{
    size_t l;
    for (l = 0; l + 1 < net->n_layers; l++)
        if (nn__act_z(net->layers[l].act)) return 1;
    return 0;
}

/* the work's reals after its views: grad, then each layer's output and
   delta, then the last layer's pre-activations, then the z of the layers
   below it whose slope is of z; 0 on overflow */
static size_t nn__work_reals(const nn_net *net, size_t cap)
{
    size_t l, n = net->n_params, m;
    for (l = 0; l < net->n_layers; l++) {
        /* output and delta; z too below the last layer when its slope is of z */
        const size_t k = l + 1 < net->n_layers && nn__act_z(net->layers[l].act) ? 3 : 2;
        if (!nn__mul_ok(cap, net->layers[l].n_out, &m) || m > SIZE_MAX / k ||
            !nn__add_ok(&n, k * m))
            return 0;
    }
    if (!nn__mul_ok(cap, net->n_out, &m) || !nn__add_ok(&n, m)) return 0;
    return n > SIZE_MAX / sizeof(nn_real) ? 0 : n;
}

/* the views of the z kept for the layers whose slope is of z, from p */
static void nn__work_zs(nn_work *t, const nn_net *net, nn_real *p)
{
    size_t l;
    for (l = 0; l + 1 < net->n_layers; l++) {
        const size_t C = net->layers[l].n_out;
        const int keep = nn__act_z(net->layers[l].act);
        t->zs_[l] = nn_mat_view(keep ? p : NULL, keep ? t->capacity : 0, C);
        if (keep) p += t->capacity * C;
    }
    t->zs_[net->n_layers - 1] = t->logits_;
}

NNDEF nn_status nn_work_init(nn_work *w, const nn_net *net, size_t capacity)
{
    nn_work t;
    size_t L, l, views, reals, bytes, nz;
    unsigned char *block;
    nn_real *p;
    if (!w || !nn__net_ok(net) || !capacity) return NN_ERR_ARG;
    L = net->n_layers;
    /* outs, dw, db, deltas (and zs when a slope is of z): 4 or 5 L views;
       L + 1 widths; 16-byte aligned */
    if (L > SIZE_MAX / 8 / (sizeof(nn_mat) + sizeof(size_t))) return NN_ERR_NOMEM;
    nz = nn__work_has_zs(net) ? L : 0;
    views = ((4 * L + nz) * sizeof(nn_mat) + (L + 1) * sizeof(size_t) + 15) / 16 * 16;
    reals = nn__work_reals(net, capacity);
    if (!reals || reals > (SIZE_MAX - views) / sizeof(nn_real)) return NN_ERR_NOMEM;
    bytes = views + reals * sizeof(nn_real);
    block = (unsigned char *)NN_MALLOC(bytes);
    if (!block) return NN_ERR_NOMEM;
    memset(block, 0, bytes);
    memset(&t, 0, sizeof t);
    t.block_ = block;
    t.block_len_ = bytes;
    t.capacity = capacity;
    t.n_layers = L;
    t.outs = (nn_mat *)(void *)block;
    t.dw = t.outs + L;
    t.db = t.dw + L;
    t.deltas_ = t.db + L;
    t.zs_ = nz ? t.deltas_ + L : NULL;
    t.widths_ = (size_t *)(void *)(t.deltas_ + L + nz);
    p = (nn_real *)(void *)(block + views);
    t.grad = p;
    t.widths_[0] = net->n_in;
    for (l = 0; l < L; l++) {
        const nn_layer *y = &net->layers[l];
        t.widths_[l + 1] = y->n_out;
        t.dw[l] = nn_mat_view(p, y->n_in, y->n_out);  p += y->n_in * y->n_out;
        t.db[l] = nn_mat_view(p, 1, y->n_out);        p += y->n_out;
    }
    for (l = 0; l < L; l++) {
        size_t C = net->layers[l].n_out;
        /* outputs get their rows from each forward pass */
        t.outs[l] = nn_mat_view(p, 0, C);           p += capacity * C;
        t.deltas_[l] = nn_mat_view(p, capacity, C); p += capacity * C;
    }
    t.logits_ = nn_mat_view(p, capacity, net->n_out);
    if (nz) nn__work_zs(&t, net, p + capacity * net->n_out);
    t.out = t.outs[L - 1];
    t.hidden = L > 1 ? t.outs[0] : nn_mat_view(NULL, 0, 0);
    *w = t;
    return NN_OK;
}

NNDEF void nn_work_free(nn_work *w)
{
    if (!w) return;
    if (w->block_) NN_FREE(w->block_);
    memset(w, 0, sizeof *w);
}

/* ------------------------------------------------------------------------ */
/* Forward                                                                   */

/* the first width (0 = n_in, l = layer l's n_out) in which w, made for
   some network, differs from net; SIZE_MAX when it was made for net's */
static size_t nn__work_differs(const nn_work *w, const nn_net *net)
{
    size_t l;
    if (w->widths_[0] != net->n_in) return 0;
    for (l = 0; l < net->n_layers && l < w->n_layers; l++)
        if (w->widths_[l + 1] != net->layers[l].n_out) return l + 1;
    return w->n_layers == net->n_layers ? SIZE_MAX : l + 1;
}

/* the first layer below the last whose slope is of z and for which w keeps
   no z (made for a network of the same widths and another activation);
   SIZE_MAX when there is none */
NN__INLINE size_t nn__work_lacks_z(const nn_work *w, const nn_net *net)
{
    size_t l;
    for (l = 0; l + 1 < net->n_layers; l++)
        if (nn__act_z(net->layers[l].act) && (!w->zs_ || !w->zs_[l].data)) return l;
    return SIZE_MAX;
}

static int nn__work_fits(const nn_work *w, const nn_net *net)
{
    return w && w->block_ && nn__work_differs(w, net) == SIZE_MAX &&
           nn__work_lacks_z(w, net) == SIZE_MAX;
}

/* does m touch the work's memory? (inputs must not be overwritten mid-way) */
static int nn__touches_work(nn_mat m, const nn_work *w)
{
    return nn__overlap_bytes(m.data, nn__mat_size(m) * sizeof(nn_real), w->block_,
                             w->block_len_);
}

/* net, w and x fit each other: NN_OK, or the status to return and why
   (cap bytes) */
static nn_status nn__check_batch(const nn_net *net, nn_mat x, const nn_work *w, char *why,
                                 size_t cap)
{
    uint64_t v[3];
    size_t l;
    if (!nn__net_ok(net))
        return nn__refusal(NN_ERR_ARG, why, cap, "net is not a network nn.h made", NULL);
    if (!w || !w->block_)
        return nn__refusal(NN_ERR_ARG, why, cap, "w is not an nn_work nn_work_init made", NULL);
    if (!nn__mat_ok(x)) return nn__refusal(NN_ERR_ARG, why, cap, "x has no data", NULL);
    l = nn__work_differs(w, net);
    v[0] = w->n_layers;
    v[1] = net->n_layers;
    if (l != SIZE_MAX && w->n_layers != net->n_layers)
        return nn__refusal(NN_ERR_SHAPE, why, cap,
                       "w was made for a network of %u layers, this one has %u", v);
    if (l != SIZE_MAX) {
        v[0] = l;
        v[1] = w->widths_[l];
        v[2] = l ? net->layers[l - 1].n_out : net->n_in;
        return nn__refusal(NN_ERR_SHAPE, why, cap,
                       "w was made for another network: width %u is %u there, %u here", v);
    }
    v[0] = nn__work_lacks_z(w, net);
    if (v[0] != SIZE_MAX)
        return nn__refusal(NN_ERR_SHAPE, why, cap,
                           "w was made for another network: it keeps no z for layer %u", v);
    v[0] = x.cols;
    v[1] = net->n_in;
    if (x.cols != net->n_in)
        return nn__refusal(NN_ERR_SHAPE, why, cap, "x has %u columns, the network takes %u", v);
    v[0] = x.rows;
    v[1] = w->capacity;
    if (x.rows > w->capacity)
        return nn__refusal(NN_ERR_SHAPE, why, cap,
                       "x has %u rows, over the %u that w was made for", v);
    return NN_OK;
}

/* y fits x and the net, and does not lie in w */
static nn_status nn__check_targets(const nn_net *net, nn_mat x, nn_mat y, const nn_work *w,
                                   char *why, size_t cap)
{
    uint64_t v[4];
    if (!nn__mat_ok(y)) return nn__refusal(NN_ERR_ARG, why, cap, "y has no data", NULL);
    v[0] = y.rows;
    v[1] = y.cols;
    v[2] = x.rows;
    v[3] = net->n_out;
    if (y.rows != x.rows || y.cols != net->n_out)
        return nn__refusal(NN_ERR_SHAPE, why, cap,
                       "y is %u x %u, the batch needs %u x %u (rows of x, n_out)", v);
    if (nn__touches_work(y, w))
        return nn__refusal(NN_ERR_ARG, why, cap, "y lies in w's buffers", NULL);
    return NN_OK;
}

NNDEF nn_status nn_check_batch(const nn_net *net, nn_mat x, nn_mat y, const nn_work *w,
                               char *why, size_t why_len)
{
    nn_status s = nn__check_batch(net, x, w, why, why_len);
    if (s == NN_OK && nn__touches_work(x, w))
        s = nn__refusal(NN_ERR_ARG, why, why_len, "x lies in w's buffers", NULL);
    if (s == NN_OK && (y.rows || y.cols || y.data))
        s = nn__check_targets(net, x, y, w, why, why_len);
    return s == NN_OK ? nn__refusal(NN_OK, why, why_len, "", NULL) : s;
}

/* The plain loops: the reference the fast paths are tested against, and
   the path taken when every width and the batch are tiny (the XOR
   network), where the gemm's dispatch, strips and epilogues would cost
   more than the arithmetic. Each sum in one register with the loop over K
   innermost, in the small gemm's order term by term, so the two paths give
   the same bits (tested). */
#define NN__TINY 16
static int nn__tiny(const nn_net *net, size_t N)
{
#ifdef NN_NO_TRAINING
    (void)net; (void)N;
    return 1;   /* an inference-only build has no gemm: always the plain loops */
#else
    size_t l;
    if (N > NN__TINY) return 0;
    for (l = 0; l < net->n_layers; l++) {
        const nn_layer *y = &net->layers[l];
        /* and every product on the small gemm path, whose sums these are */
        if (y->n_in > NN__TINY || y->n_out > NN__TINY ||
            N * y->n_in * y->n_out >= NN__GEMM_SMALL)
            return 0;
    }
    return 1;
#endif
}

/* out (N,C) = in (N,K) w (K,C) + b (1,C), plain loops */
static void nn__dense_plain(nn_real *out, const nn_real *in, const nn_real *w,
                            const nn_real *b, size_t N, size_t K, size_t C)
{
    size_t i, j, p;
    for (i = 0; i < N; i++, in += K)
        for (j = 0; j < C; j++) {
            nn_real sum = 0;
            for (p = 0; p < K; p++) sum += in[p] * w[p * C + j];
            out[i * C + j] = sum + b[j];
        }
}

/* Layer y on in (N, n_in): out (N, n_out) = f(in w + b). z NULL: the sums
   go to out (the gemm applies f as it writes them); else z gets in w + b
   first and out = f(z) (the losses that need z, the activations whose
   slope is of z). */
static void nn__layer_forward(const nn_layer *y, const nn_real *in, size_t N,
                              nn_real *out, nn_real *z, int tiny)
{
    const size_t K = y->n_in, C = y->n_out;
    nn_real *s = z ? z : out;
    if (tiny) {
        nn__dense_plain(s, in, y->w.data, y->b.data, N, K, C);
    }
#ifndef NN_NO_TRAINING
    else {
        nn__ep ep;
        ep.kind = NN__EP_BIAS_ACT;
        ep.act = z || y->act == NN_ACT_SOFTMAX ? NN_ACT_LINEAR : y->act;
        ep.ap = y->act_param;
        ep.v = y->b.data;
        ep.sums = NULL;
        nn__gemm_ex(N, C, K, 1, in, K, 0, y->w.data, C, 0, 0, s, &ep, 1);
        if (!z && y->act != NN_ACT_SOFTMAX) return;
    }
#endif
    if (z && z != out) memcpy(out, z, N * C * sizeof(nn_real));
    nn__activate(y->act, y->act_param, out, N, C);
}

/* the last layer's z is kept when the loss is computed from it, or when
   its activation's slope is of z */
static int nn__keeps_logits(const nn_net *net)
{
    return nn__loss_logits(net->loss) || nn__act_z(net->layers[net->n_layers - 1].act);
}

/* where layer l's z is kept, or NULL: the last layer's in logits_ (when
   nn__keeps_logits), the others' when their slope is of z */
NN__INLINE nn_real *nn__work_z(const nn_net *net, const nn_work *w, size_t l)
{
    if (l + 1 == net->n_layers) return nn__keeps_logits(net) ? w->logits_.data : NULL;
    return nn__act_z(net->layers[l].act) && w->zs_ ? w->zs_[l].data : NULL;
}

/* the forward pass; tiny: the plain loops, else the gemm */
static void nn__forward_on(const nn_net *net, nn_mat x, nn_work *w, int tiny)
{
    size_t l, N = x.rows, L = net->n_layers;
    const nn_real *in = x.data;
    for (l = 0; l < L; l++) {
        nn_real *z = nn__work_z(net, w, l);
        w->outs[l].rows = N;
        if (N) nn__layer_forward(&net->layers[l], in, N, w->outs[l].data, z, tiny);
        in = w->outs[l].data;
    }
    w->out.rows = N;
    if (L > 1) w->hidden.rows = N;
}

static void nn__forward(const nn_net *net, nn_mat x, nn_work *w)
{
    nn__forward_on(net, x, w, nn__tiny(net, x.rows));
}

NNDEF nn_status nn_forward(const nn_net *net, nn_mat x, nn_work *w)
{
    nn_status s = nn__check_batch(net, x, w, NULL, 0);
    if (s != NN_OK) return s;
    if (nn__touches_work(x, w)) return NN_ERR_ARG;
    nn__forward(net, x, w);
    return NN_OK;
}

/* the widest hidden layer: prediction's scratch is two of its batches */
static size_t nn__widest_hidden(const nn_net *net)
{
    size_t l, m = 0;
    for (l = 0; l + 1 < net->n_layers; l++)
        if (net->layers[l].n_out > m) m = net->layers[l].n_out;
    return m;
}

NNDEF nn_status nn_predict_scratch(const nn_net *net, size_t rows, size_t *n)
{
    size_t m;
    if (!nn__net_ok(net) || !n) return NN_ERR_ARG;
    if (!nn__mul_ok(rows, nn__widest_hidden(net), &m) || m > SIZE_MAX / 2 / sizeof(nn_real))
        return NN_ERR_NOMEM;
    *n = 2 * m;
    return NN_OK;
}

NNDEF nn_status nn_predict(const nn_net *net, nn_mat x, nn_mat yhat,
                           nn_real *scratch, size_t n_scratch)
{
    size_t need, l, N = x.rows, L, half;
    nn_real *buf = scratch;
    const nn_real *in = x.data;
    int tiny;
    nn_status s = nn_predict_scratch(net, x.rows, &need);
    if (s != NN_OK) return s;
    if (!nn__mat_ok(x) || !nn__mat_ok(yhat) || (!scratch && n_scratch)) return NN_ERR_ARG;
    if (x.cols != net->n_in || yhat.rows != N || yhat.cols != net->n_out)
        return NN_ERR_SHAPE;
    if (nn__overlap(yhat, x) || (scratch && n_scratch < need)) return NN_ERR_ARG;
    if (scratch && (nn__overlap_bytes(scratch, need * sizeof(nn_real), x.data,
                                      nn__mat_size(x) * sizeof(nn_real)) ||
                    nn__overlap_bytes(scratch, need * sizeof(nn_real), yhat.data,
                                      nn__mat_size(yhat) * sizeof(nn_real))))
        return NN_ERR_ARG;
    if (N == 0) return NN_OK;
    if (!scratch && need) {
        buf = (nn_real *)NN_MALLOC(need * sizeof(nn_real));
        if (!buf) return NN_ERR_NOMEM;
    }
    L = net->n_layers;
    half = need / 2;
    tiny = nn__tiny(net, N);
    for (l = 0; l < L; l++) {
        const nn_layer *y = &net->layers[l];
        nn_real *out = l + 1 == L ? yhat.data : buf + (l % 2) * half;
        nn__layer_forward(y, in, N, out, y->act == NN_ACT_SOFTMAX ? out : NULL, tiny);
        in = out;
    }
    if (!scratch && buf) NN_FREE(buf);
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* Loss                                                                      */

NNDEF nn_status nn_loss_sse(nn_mat yhat, nn_mat y, nn_real *loss)
{
    size_t i, n = nn__mat_size(y);
    nn_real s = 0;
    if (!loss || !nn__mat_ok(yhat) || !nn__mat_ok(y)) return NN_ERR_ARG;
    if (yhat.rows != y.rows || yhat.cols != y.cols) return NN_ERR_SHAPE;
    for (i = 0; i < n; i++) {
        nn_real d = y.data[i] - yhat.data[i];
        s += d * d;
    }
    *loss = s;
    return NN_OK;
}

/* log(1 + e^-|z|) + max(z, 0) - z y: binary cross-entropy of sigmoid(z)
   against y, from z, so it never takes log(0) */
static nn_real nn__bce_logit(nn_real z, nn_real y)
{
    double zd = (double)z;
    return (nn_real)((zd > 0 ? zd : 0) - zd * (double)y + log1p(exp(-fabs(zd))));
}

/* The output layer's delta d = dL/dz (N,O), its column sums db (1,O)
   (rows added in order) and the loss L of the batch, in one pass:
     SSE  d = -2 (y - yh) . f'(yh)       L = sum (y - yh)^2
          (softmax: g = -2 (y - yh), d_j = yh_j (g_j - sum_k g_k yh_k))
     BCE  d = yh - y                     L = sum log(1 + e^-|z|) + max(z,0) - z y
     CE   d = yh sum_k y_k - y           L = sum_k y_k (lse - z_k),
          lse = max z + log sum e^(z - max z) >= max z: no log(0)
   (yh - y when the targets of a row sum to 1). z (N,O) is the output
   layer's pre-activation, read for BCE and CE. d NULL: only the loss.
   SSE adds its terms in nn_loss_sse's order, so the two agree exactly. */
/* The sum of squares through an elementwise activation, the common case,
   in one pass per activation: d = -2 (y - yh) . f'(yh), db its column sums,
   the loss returned; the slope read from s, yh or z (nn__act_z). A
   training step's critical path runs through it, so nothing is stored and
   read back, and f' is inlined. */
/* NOLINTBEGIN(bugprone-macro-parentheses): OF names a variable */
#define NN__SSE_DELTA(CX, E, NAME, F, OF, D, V)                               \
    static nn_real nn__sse_delta_##E(nn_real *d, const nn_real *yh,          \
                                     const nn_real *s, const nn_real *yt,    \
                                     const nn_real *ap, nn_real *db,         \
                                     size_t N, size_t O)                     \
    {                                                                        \
        size_t i, j;                                                         \
        nn_real L = 0;                                                       \
        (void)ap;                                                            \
        for (j = 0; j < O; j++) db[j] = 0;                                   \
        for (i = 0; i < N; i++, yh += O, s += O, yt += O, d += O)            \
            for (j = 0; j < O; j++) {                                        \
                const nn_real e = yt[j] - yh[j], OF = s[j];                  \
                (void)OF;                                                    \
                L += e * e;                                                  \
                d[j] = -2 * e * (D);                                         \
                db[j] += d[j];                                               \
            }                                                                \
        return L;                                                            \
    }
/* NOLINTEND(bugprone-macro-parentheses) */
NN__ACTS(NN__SSE_DELTA, 0)
#undef NN__SSE_DELTA
#define NN__SSE_CASE(CX, E, NAME, F, OF, D, V)                                \
    case E: L = nn__sse_delta_##E(d, yh, NN__OF_##OF ? z : yh, y, ap, db, N, O); break;

/* The losses' rows, one function each: the loss of one row of the output
   (yh its output, z its pre-activation, y its targets, O wide, act the
   output layer's activation) added to L, the sum of the rows before it
   (one running sum: nn_loss_sse's order for the sum of squares), and, when
   d is not NULL, d = dL/dz of the row */
static nn_real nn__sse_row(nn_act act, nn_real *d, const nn_real *yh, const nn_real *z,
                           const nn_real *y, size_t O, nn_real L)
{
    size_t j;
    nn_real s = 0;
    if (act != NN_ACT_SOFTMAX) {   /* d = -2 (y - yh) . f'(yh) */
        for (j = 0; j < O; j++) {
            nn_real e = y[j] - yh[j];
            L += e * e;
            if (d) d[j] = -2 * e;
        }
        if (d) nn__act_slope(act, d, yh, z, O);
        return L;
    }
    for (j = 0; j < O; j++) {   /* softmax: d_j = yh_j (g_j - sum_k g_k yh_k) */
        nn_real e = y[j] - yh[j];
        L += e * e;
        s += -2 * e * yh[j];
    }
    if (d)
        for (j = 0; j < O; j++) d[j] = yh[j] * (-2 * (y[j] - yh[j]) - s);
    return L;
}

static nn_real nn__bce_row(nn_act act, nn_real *d, const nn_real *yh, const nn_real *z,
                           const nn_real *y, size_t O, nn_real L)
{
    size_t j;
    (void)act;
    for (j = 0; j < O; j++) {
        L += nn__bce_logit(z[j], y[j]);
        if (d) d[j] = yh[j] - y[j];
    }
    return L;
}

static nn_real nn__ce_row(nn_act act, nn_real *d, const nn_real *yh, const nn_real *z,
                          const nn_real *y, size_t O, nn_real L)
{
    size_t j;
    nn_real mx = z[0], sy = y[0];
    double sum, lse;
    (void)act;
    for (j = 1; j < O; j++) mx = z[j] > mx ? z[j] : mx;
    sum = exp((double)(z[0] - mx));
    for (j = 1; j < O; j++) {
        sum += exp((double)(z[j] - mx));
        sy += y[j];
    }
    lse = (double)mx + log(sum);
    for (j = 0; j < O; j++) {
        L += (nn_real)((double)y[j] * (lse - (double)z[j]));
        if (d) d[j] = yh[j] * sy - y[j];
    }
    return L;
}

/* The losses, one row each: the enum value, the name (in model files, on
   train's command line: nn_loss_name), the output activations it fits (an
   expression of out), whether it reads z (1: the forward pass keeps the
   output layer's z), and its row function
     nn_real row(nn_act act, nn_real *d, const nn_real *yh, const nn_real *z,
                 const nn_real *y, size_t O, nn_real L)
   as nn__sse_row above (f' of an elementwise activation: nn__act_slope,
   which reads z for the activations whose slope is of z).
   Adding a loss: its value in nn_loss, its row function above, its row
   here; or from a program, without editing nn.h, rows in
   NN_EXTRA_LOSSES(X, C) defined before nn.h is included (in every file
   that includes it), their row functions declared before the
   implementation (tests/test_table.c does both). Every switch over the
   losses is made from this table; only the sum of squares through an
   elementwise activation has a fused path of its own (nn__out_delta). */
#ifdef NN_EXTRA_LOSSES
#define NN__EXTRA_LOSSES(X, C) NN_EXTRA_LOSSES(X, C)
#else
#define NN__EXTRA_LOSSES(X, C)
#endif
#define NN__LOSSES(X, C)                                                     \
    X(C, NN_LOSS_SSE, "sse",           1,                     0, nn__sse_row) \
    X(C, NN_LOSS_BCE, "bce",           out == NN_ACT_SIGMOID, 1, nn__bce_row) \
    X(C, NN_LOSS_CE,  "cross_entropy", out == NN_ACT_SOFTMAX, 1, nn__ce_row)  \
    NN__EXTRA_LOSSES(X, C)
/* (the rows in nn_loss's order) */

static int nn__loss_ok(nn_loss l) { return (unsigned)l < (unsigned)NN_LOSS_COUNT; }

/* the output activation a loss needs: BCE a sigmoid, CE a softmax */
#define NN__LOSS_FITS(CX, E, NAME, FITS, LOGITS, ROW) case E: r = (FITS); break;
static int nn__loss_fits(nn_loss l, nn_act out)
{
    int r = 0;
    if (!nn__loss_ok(l)) return 0;
    switch (l) { NN__LOSSES(NN__LOSS_FITS, 0) case NN_LOSS_COUNT: break; }
    return r;
}
#undef NN__LOSS_FITS

/* the names, and which losses read z, by value (the rows are in
   nn_loss's order) */
#define NN__LOSS_NAME(CX, E, NAME, FITS, LOGITS, ROW) NAME,
#define NN__LOSS_LOGITS(CX, E, NAME, FITS, LOGITS, ROW) LOGITS,
NN__ROWS_CHECK(nn__loss_rows, NN__LOSSES, NN_LOSS_COUNT)
static const char *const nn__loss_names[NN_LOSS_COUNT] = {NN__LOSSES(NN__LOSS_NAME, 0)};
static const unsigned char nn__loss_zs[NN_LOSS_COUNT] = {NN__LOSSES(NN__LOSS_LOGITS, 0)};
#undef NN__LOSS_NAME
#undef NN__LOSS_LOGITS

/* is loss l computed from the last layer's z? (a value outside the table: no) */
static int nn__loss_logits(nn_loss l)
{
    return (unsigned)l < (unsigned)NN_LOSS_COUNT && nn__loss_zs[l];
}

NNDEF const char *nn_loss_name(nn_loss l)
{
    return nn__loss_ok(l) ? nn__loss_names[l] : "unknown";
}

NNDEF nn_status nn_loss_parse(const char *name, nn_loss *l)
{
    int k;
    if (!name || !l) return NN_ERR_ARG;
    for (k = 0; k < NN_LOSS_COUNT; k++)
        if (strcmp(name, nn_loss_name((nn_loss)k)) == 0) {
            *l = (nn_loss)k;
            return NN_OK;
        }
    return NN_ERR_ARG;
}

/* one row of the output: its loss's row function. A row function sees
   an activation with parameters (ap) as linear, and its slope is applied
   here: the rows' nn__act_slope knows no layer's parameters. */
#define NN__LOSS_ROW(CX, E, NAME, FITS, LOGITS, ROW)                          \
    case E: L = ROW(as, d, yh, z, y, O, L); break;
static nn_real nn__out_delta_row(nn_loss loss, nn_act act, const nn_real *ap, nn_real *d,
                                 const nn_real *yh, const nn_real *z, const nn_real *y,
                                 size_t O, nn_real L)
{
    const int params = nn_act_n_params(act) > 0;
    const nn_act as = params ? NN_ACT_LINEAR : act;
    switch (loss) { NN__LOSSES(NN__LOSS_ROW, 0) case NN_LOSS_COUNT: break; }
    if (params && d) nn__act_dmul(act, ap, d, O, z, O, 1, O);
    return L;
}
#undef NN__LOSS_ROW

static nn_real nn__out_delta(nn_loss loss, nn_act act, const nn_real *ap, nn_real *d,
                             const nn_real *yh, const nn_real *z, const nn_real *y,
                             nn_real *db, size_t N, size_t O)
{
    size_t i, j;
    nn_real L = 0;
    if (d && loss == NN_LOSS_SSE && act != NN_ACT_SOFTMAX) {   /* the fused passes */
        if (nn__sse_fast(act, d, yh, y, db, N, O, &L)) return L;
        switch (act) { NN__ACTS(NN__SSE_CASE, 0) case NN_ACT_COUNT: break; }
        return L;
    }
    /* row by row (only the loss: the fused passes' order, term by term) */
    for (i = 0; i < N; i++)
        L = nn__out_delta_row(loss, act, ap, d ? d + i * O : NULL, yh + i * O,
                              z + i * O, y + i * O, O, L);
    if (!d) return L;
    for (j = 0; j < O; j++) db[j] = 0;
    for (i = 0; i < N; i++)
        for (j = 0; j < O; j++) db[j] += d[i * O + j];
    return L;
}
#undef NN__SSE_CASE


NNDEF nn_status nn_net_loss(const nn_net *net, const nn_work *w, nn_mat y, nn_real *loss)
{
    if (!nn__net_ok(net) || !w || !w->block_ || !loss || !nn__mat_ok(y)) return NN_ERR_ARG;
    if (!nn__work_fits(w, net) || y.rows != w->out.rows || y.cols != net->n_out)
        return NN_ERR_SHAPE;
    *loss = nn__out_delta(net->loss, net->layers[net->n_layers - 1].act,
                          net->layers[net->n_layers - 1].act_param, NULL, w->out.data,
                          w->logits_.data, y.data, NULL, y.rows, y.cols);
    return NN_OK;
}

#ifndef NN_NO_TRAINING /* backward, optimizers, gemm */
/* ------------------------------------------------------------------------ */
/* Backward                                                                  */


/* din (N,K) = (d (N,C) w^T (C,K)) . f'(in), plain loops: one function per
   activation f, so f' is inlined where each sum is made; in holds what the
   slope is written in (the outputs below, or their z: nn__act_z) */
/* NOLINTBEGIN(bugprone-macro-parentheses): OF names a variable */
#define NN__DELTA_PLAIN(CX, E, NAME, F, OF, D, V)                             \
    static void nn__delta_plain_##E(nn_real *din, const nn_real *d,          \
                                    const nn_real *w, const nn_real *in,     \
                                    const nn_real *ap, size_t N, size_t K,   \
                                    size_t C)                                \
    {                                                                        \
        size_t i, j, k;                                                      \
        (void)ap;                                                            \
        for (i = 0; i < N; i++)                                              \
            for (j = 0; j < K; j++) {                                        \
                const nn_real OF = in[i * K + j];                            \
                nn_real sum = 0;                                             \
                (void)OF;                                                    \
                for (k = 0; k < C; k++) sum += d[i * C + k] * w[j * C + k];  \
                din[i * K + j] = sum * (D);                                  \
            }                                                                \
    }
/* NOLINTEND(bugprone-macro-parentheses) */
NN__ACTS(NN__DELTA_PLAIN, 0)
#undef NN__DELTA_PLAIN

/* Layer y's weight gradient, and the delta of the layer below, from its
   delta d (N,C) and its input in (N,K), the output of the layer below
   (activation `below` with parameters bap, its slope read from fin: in,
   or the z of the layer below when the slope is of z):
     dw (K,C) = in^T d
     din (N,K) = (d w^T) . f'(fin), its column sums db_in (1,K)
   din NULL: the first layer, nothing below. Plain loops. */
#define NN__DELTA_CASE(CX, E, NAME, F, OF, D, V)                              \
    case E: nn__delta_plain_##E(din, d, y->w.data, fin, bap, N, K, C); break;
NN__INLINE void nn__layer_backward_plain(const nn_layer *y, const nn_real *in,
                                         const nn_real *fin, const nn_real *d, size_t N,
                                         nn_real *dw, nn_act below, const nn_real *bap,
                                         nn_real *din, nn_real *db_in)
{
    const size_t K = y->n_in, C = y->n_out;
    size_t i, j, k;
    if (din) {
        switch (below) { NN__ACTS(NN__DELTA_CASE, 0) case NN_ACT_COUNT: break; }
        for (j = 0; j < K; j++) {
            nn_real sum = 0;
            for (i = 0; i < N; i++) sum += din[i * K + j];
            db_in[j] = sum;
        }
    }
    for (j = 0; j < K; j++)
        for (k = 0; k < C; k++) {
            nn_real sum = 0;
            for (i = 0; i < N; i++) sum += in[i * K + j] * d[i * C + k];
            dw[j * C + k] = sum;
        }
}
#undef NN__DELTA_CASE

/* the same through the gemm: f' and the column sums fused into the
   product that writes din */
static void nn__layer_backward_gemm(const nn_layer *y, const nn_real *in,
                                    const nn_real *fin, const nn_real *d, size_t N,
                                    nn_real *dw, nn_act below, const nn_real *bap,
                                    nn_real *din, nn_real *db_in)
{
    const size_t K = y->n_in, C = y->n_out;
    size_t j;
    nn__ep ep;
    /* dw = in^T d: (K,N)(N,C) -> (K,C) */
    nn__gemm(K, C, N, 1, in, K, 1, d, C, 0, 0, dw);
    if (!din) return;
    /* din = (d w^T) . f'(fin): (N,C)(C,K) -> (N,K) */
    for (j = 0; j < K; j++) db_in[j] = 0;
    ep.kind = NN__EP_DACT; ep.act = below; ep.ap = bap; ep.v = fin; ep.sums = db_in;
    nn__gemm_ex(N, K, C, 1, d, C, 0, y->w.data, C, 1, 0, din, &ep, 1);
}

/* layer l's part of backprop: its weight gradient and the delta below */
NN__INLINE void nn__layer_backward(const nn_net *net, nn_mat x, nn_work *w, size_t l,
                                   int tiny)
{
    const nn_real *in = l ? w->outs[l - 1].data : x.data;
    nn_real *din = l ? w->deltas_[l - 1].data : NULL;
    nn_real *db_in = l ? w->db[l - 1].data : NULL;
    nn_act below = l ? net->layers[l - 1].act : NN_ACT_LINEAR;
    const nn_real *bap = l ? net->layers[l - 1].act_param : nn__act_none;
    /* what the slope below is read from: its outputs, or its z */
    const nn_real *fin = l && nn__act_z(below) ? nn__work_z(net, w, l - 1) : in;
    if (tiny)
        nn__layer_backward_plain(&net->layers[l], in, fin, w->deltas_[l].data, x.rows,
                                 w->dw[l].data, below, bap, din, db_in);
    else
        nn__layer_backward_gemm(&net->layers[l], in, fin, w->deltas_[l].data, x.rows,
                                w->dw[l].data, below, bap, din, db_in);
}

/* grad from the activations in w, from the output layer down; returns the
   loss of the batch. tiny: the plain loops, else the gemm. */
static nn_real nn__backprop_on(const nn_net *net, nn_mat x, nn_mat y, nn_work *w,
                               int tiny)
{
    size_t l, N = x.rows, L = net->n_layers;
    const nn_layer *top = &net->layers[L - 1];
    nn_real loss;
    if (N == 0) {   /* an empty batch: a zero gradient, and x may be NULL */
        memset(w->grad, 0, net->n_params * sizeof(nn_real));
        return 0;
    }
    /* the output layer's delta (N,O), its bias gradient and the loss */
    loss = nn__out_delta(net->loss, top->act, top->act_param, w->deltas_[L - 1].data,
                         w->out.data,
                         w->logits_.data, y.data, w->db[L - 1].data, N, top->n_out);
    /* the output layer, the ones between, then the first (which has no
       delta below): three call sites, so each inlined copy of the plain
       loops is specialized (the output layer is often one unit wide, the
       first has nothing below it) */
    if (L > 1) nn__layer_backward(net, x, w, L - 1, tiny);
    for (l = L - 1; l-- > 1;) nn__layer_backward(net, x, w, l, tiny);
    nn__layer_backward(net, x, w, 0, tiny);
    return loss;
}

static nn_real nn__backprop(const nn_net *net, nn_mat x, nn_mat y, nn_work *w)
{
    return nn__backprop_on(net, x, y, w, nn__tiny(net, x.rows));
}

NNDEF nn_status nn_backprop(const nn_net *net, nn_mat x, nn_mat y, nn_work *w)
{
    nn_status s = nn__check_batch(net, x, w, NULL, 0);
    if (s == NN_OK) s = nn__check_targets(net, x, y, w, NULL, 0);
    if (s != NN_OK) return s;
    if (w->out.rows != x.rows) return NN_ERR_SHAPE;  /* no forward on this x */
    if (nn__touches_work(x, w)) return NN_ERR_ARG;
    nn__backprop(net, x, y, w);
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* Update and optimizers                                                     */

static void nn__update(nn_net *net, const nn_work *w, nn_real rate)
{
    size_t i = nn__sgd_fast(NN_OPT_SGD, net->params, w->grad, NULL, net->n_params, rate,
                            0, 0);
    for (; i < net->n_params; i++) net->params[i] -= rate * w->grad[i];
}

NNDEF void nn_update(nn_net *net, const nn_work *w, nn_real rate)
{
    if (!nn__net_rw(net) || !nn__work_fits(w, net)) return;
    nn__update(net, w, rate);
}

/* the checks a training step makes before it writes anything */
static nn_status nn__check_step(const nn_net *net, nn_mat x, nn_mat y,
                                const nn_work *w, const nn_real *loss)
{
    nn_status s = nn__check_batch(net, x, w, NULL, 0);
    if (s == NN_OK && net->owner_ != NN__OWNS) s = NN_ERR_ARG;   /* a view */
    if (s == NN_OK) s = nn__check_targets(net, x, y, w, NULL, 0);
    if (s != NN_OK) return s;
    if (nn__touches_work(x, w)) return NN_ERR_ARG;
    /* the loss is written last; it must not land in what the step reads */
    if (loss && (nn__overlap_bytes(loss, sizeof *loss, x.data,
                                   nn__mat_size(x) * sizeof(nn_real)) ||
                 nn__overlap_bytes(loss, sizeof *loss, y.data,
                                   nn__mat_size(y) * sizeof(nn_real)) ||
                 nn__overlap_bytes(loss, sizeof *loss, w->block_, w->block_len_) ||
                 nn__overlap_bytes(loss, sizeof *loss, net->params,
                                   net->n_params * sizeof(nn_real))))
        return NN_ERR_ARG;
    return NN_OK;
}

/* 0 <= v <= the largest finite nn_real: false for NaN, infinities, v < 0 */
static int nn__finite_nonneg(nn_real v) { return v >= 0 && v <= NN__REAL_MAX; }

NNDEF nn_status nn_train_step(nn_net *net, nn_mat x, nn_mat y, nn_real rate,
                              nn_work *w, nn_real *loss)
{
    nn_real L;
    nn_status s = nn__check_step(net, x, y, w, loss);
    if (s == NN_OK && !nn__finite_nonneg(rate)) s = NN_ERR_ARG;   /* as nn_opt_step */
    if (s != NN_OK) return s;
    if (!nn__tiny_step(net, x, y, rate, w, &L)) {
        nn__forward(net, x, w);
        L = nn__backprop(net, x, y, w);   /* the loss comes from its first pass */
        nn__update(net, w, rate);
    }
    if (loss) *loss = L;
    return NN_OK;
}

/* one step of an optimizer on the parameters p from the gradient g (PyTorch's
   order of operations, so the two agree to the last bits or nearly), o's
   steps already counted: SGD (with momentum, Nesterov's look-ahead: the
   form its row in NN__OPTS names), Adam, AdamW or RMSprop. The state is
   o->m, o->s and o->c. */
static void nn__opt_sgd(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                        nn_real rate);
static void nn__opt_adam(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                         nn_real rate);
static void nn__opt_adamw(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                          nn_real rate);
static void nn__opt_rmsprop(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                            nn_real rate);

/* The optimizers, one row each: the enum value, the name (nn_opt_name, and
   tools/train.c's --optimizer), the state it keeps (0, 1: v or m in
   o->m, 2: m and s in o->m and o->s, 3: also c in o->c, n_params each,
   one block from o->m), its step
     void step(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
               nn_real rate)
   which updates the n parameters p from the gradient g (o->steps already
   counts this step; nn.h's own rows may be called on a part of the
   parameters, o's state moved to its start and its weight decay 0 where
   no_decay says), and, for nn__opt_sgd's rows, its form (NN__SGD_PLAIN,
   _MOMENTUM, _NESTEROV; NN__SGD_NONE for every other step). Adding an
   optimizer: its value in nn_opt_kind, its step function, its row here;
   or from a program, without editing nn.h, rows in NN_EXTRA_OPTS(X, C)
   defined before nn.h is included (in every file that includes it), their
   steps declared before the implementation (tests/test_table.c does
   both). Every switch over the kinds is made from this table. */
enum { NN__SGD_NONE, NN__SGD_PLAIN, NN__SGD_MOMENTUM, NN__SGD_NESTEROV };
#ifdef NN_EXTRA_OPTS
#define NN__EXTRA_OPTS(X, C) NN_EXTRA_OPTS(X, C)
#else
#define NN__EXTRA_OPTS(X, C)
#endif
#define NN__OPTS_OWN(X, C)                                                   \
    X(C, NN_OPT_SGD,      "sgd",      0, nn__opt_sgd,     NN__SGD_PLAIN)     \
    X(C, NN_OPT_MOMENTUM, "momentum", 1, nn__opt_sgd,     NN__SGD_MOMENTUM)  \
    X(C, NN_OPT_NESTEROV, "nesterov", 1, nn__opt_sgd,     NN__SGD_NESTEROV)  \
    X(C, NN_OPT_ADAM,     "adam",     2, nn__opt_adam,    NN__SGD_NONE)      \
    X(C, NN_OPT_ADAMW,    "adamw",    2, nn__opt_adamw,   NN__SGD_NONE)      \
    X(C, NN_OPT_RMSPROP,  "rmsprop",  3, nn__opt_rmsprop, NN__SGD_NONE)
#define NN__OPTS(X, C) NN__OPTS_OWN(X, C) NN__EXTRA_OPTS(X, C)

/* the names, states and forms of SGD, by value (the rows are in
   nn_opt_kind's order), and how many rows are nn.h's own */
#define NN__OPT_NAME(CX, E, NAME, STATES, STEP, SGD) NAME,
#define NN__OPT_STATES(CX, E, NAME, STATES, STEP, SGD) STATES,
#define NN__OPT_SGD_FORM(CX, E, NAME, STATES, STEP, SGD) SGD,
#define NN__OPT_OWN_ROW(CX, E, NAME, STATES, STEP, SGD) NN__OWN_##E,
NN__ROWS_CHECK(nn__opt_rows, NN__OPTS, NN_OPT_COUNT)
static const char *const nn__opt_names[NN_OPT_COUNT] = {NN__OPTS(NN__OPT_NAME, 0)};
static const unsigned char nn__opt_nstates[NN_OPT_COUNT] = {NN__OPTS(NN__OPT_STATES, 0)};
static const unsigned char nn__opt_forms[NN_OPT_COUNT] = {NN__OPTS(NN__OPT_SGD_FORM, 0)};
enum { NN__OPTS_OWN(NN__OPT_OWN_ROW, 0) NN__OPT_OWN };
#undef NN__OPT_NAME
#undef NN__OPT_STATES
#undef NN__OPT_SGD_FORM
#undef NN__OPT_OWN_ROW

/* the form of SGD a kind's row names (NN__SGD_NONE: not SGD's step); k is
   an optimizer */
static int nn__opt_sgd_form(nn_opt_kind k) { return nn__opt_forms[k]; }

static void nn__opt_sgd(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                        nn_real rate)
{
    size_t i;
    nn_real *m = o->m;
    const nn_real wd = o->weight_decay, mu = o->momentum;
    const int form = nn__opt_sgd_form(o->kind);
    for (i = nn__sgd_fast(o->kind, p, g, m, n, rate, wd, mu); i < n; i++) {
        nn_real gi = wd != 0 ? g[i] + wd * p[i] : g[i];
        if (form != NN__SGD_PLAIN) {
            m[i] = mu * m[i] + gi;
            gi = form == NN__SGD_NESTEROV ? gi + mu * m[i] : m[i];
        }
        p[i] -= rate * gi;
    }
}

static void nn__opt_adam(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                         nn_real rate)
{
    size_t i;
    nn_real *m = o->m, *s = o->s;
    const double t = (double)o->steps;
    nn__adam_k k;
    k.b1 = o->beta1;
    k.b2 = o->beta2;
    k.step = (nn_real)((double)rate / (1 - pow((double)k.b1, t)));
    k.bc2 = (nn_real)sqrt(1 - pow((double)k.b2, t));
    k.eps = o->eps;
    k.wd = o->weight_decay;
    for (i = nn__adam_fast(&k, p, g, m, s, n); i < n; i++) {
        nn_real gi = k.wd != 0 ? g[i] + k.wd * p[i] : g[i];
        m[i] = m[i] * k.b1 + (1 - k.b1) * gi;
        s[i] = s[i] * k.b2 + (1 - k.b2) * gi * gi;
        p[i] -= k.step * m[i] / ((nn_real)sqrt((double)s[i]) / k.bc2 + k.eps);
    }
}

/* AdamW: p times 1 - rate wd (PyTorch computes the factor in double, and
   multiplies by it also when it is 1), then Adam's step without decay */
static void nn__opt_adamw(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                          nn_real rate)
{
    nn_opt plain = *o;
    const nn_real keep = (nn_real)(1 - (double)rate * (double)o->weight_decay);
    size_t i;
    for (i = 0; i < n; i++) p[i] *= keep;
    plain.weight_decay = 0;
    nn__opt_adam(&plain, p, g, n, rate);
}

/* RMSprop, _single_tensor_rmsprop's operations in their order */
static void nn__opt_rmsprop(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                            nn_real rate)
{
    size_t i;
    nn_real *v = o->m, *s = o->s, *c = o->c;
    const nn_real wd = o->weight_decay, mu = o->momentum, a = o->alpha, eps = o->eps;
    for (i = 0; i < n; i++) {
        const nn_real gi = wd != 0 ? g[i] + wd * p[i] : g[i];
        nn_real d;
        s[i] = s[i] * a + (1 - a) * gi * gi;
        if (o->centered) {
            c[i] = c[i] * a + (1 - a) * gi;
            d = (nn_real)sqrt((double)(s[i] - c[i] * c[i])) + eps;
        } else {
            d = (nn_real)sqrt((double)s[i]) + eps;
        }
        if (mu > 0) {
            v[i] = v[i] * mu + gi / d;
            p[i] -= rate * v[i];
        } else {
            p[i] -= rate * (gi / d);
        }
    }
}

/* the state an optimizer of this kind keeps: 0, 1 (v or m), 2 (m, s) or 3
   (v, s, c); k is an optimizer */
static size_t nn__opt_states(nn_opt_kind k) { return nn__opt_nstates[k]; }

NNDEF const char *nn_opt_name(nn_opt_kind k)
{
    return (unsigned)k < (unsigned)NN_OPT_COUNT ? nn__opt_names[k] : "unknown";
}

NNDEF nn_status nn_opt_parse(const char *name, nn_opt_kind *k)
{
    int i;
    if (!name || !k) return NN_ERR_ARG;
    for (i = 0; i < NN_OPT_COUNT; i++)
        if (strcmp(name, nn_opt_name((nn_opt_kind)i)) == 0) {
            *k = (nn_opt_kind)i;
            return NN_OK;
        }
    return NN_ERR_ARG;
}

NNDEF nn_status nn_opt_init(nn_opt *o, const nn_net *net, nn_opt_kind kind)
{
    nn_opt t;
    size_t k, n;
    if (!o || !nn__net_ok(net) || (unsigned)kind >= (unsigned)NN_OPT_COUNT)
        return NN_ERR_ARG;
    memset(&t, 0, sizeof t);
    t.kind = kind;
    /* torch.optim's defaults: RMSprop's momentum 0, AdamW's decay 0.01 */
    t.momentum = kind == NN_OPT_RMSPROP ? 0 : (nn_real)0.9;
    t.beta1 = (nn_real)0.9;
    t.beta2 = (nn_real)0.999;
    t.eps = (nn_real)1e-8;
    t.weight_decay = kind == NN_OPT_ADAMW ? (nn_real)0.01 : 0;
    t.alpha = (nn_real)0.99;
    t.n_params = net->n_params;
    k = nn__opt_states(kind);
    if (k) {
        if (!nn__mul_ok(k, net->n_params, &n) || n > SIZE_MAX / sizeof(nn_real))
            return NN_ERR_NOMEM;
        t.m = (nn_real *)NN_MALLOC(n * sizeof(nn_real));
        if (!t.m) return NN_ERR_NOMEM;
        memset(t.m, 0, n * sizeof(nn_real));
        if (k >= 2) t.s = t.m + net->n_params;
        if (k >= 3) t.c = t.s + net->n_params;
    }
    *o = t;
    return NN_OK;
}

NNDEF void nn_opt_free(nn_opt *o)
{
    if (!o) return;
    if (o->m) NN_FREE(o->m);
    memset(o, 0, sizeof *o);
}

NNDEF void nn_opt_reset(nn_opt *o)
{
    if (!o) return;
    o->steps = 0;
    if (o->m && o->kind < NN_OPT_COUNT)
        memset(o->m, 0, nn__opt_states(o->kind) * o->n_params * sizeof(nn_real));
}

/* 0 <= v < 1, false for NaN */
static int nn__unit(nn_real v) { return v >= 0 && v < 1; }

/* o's settings in range and its state made for net; rate finite, >= 0 */
static nn_status nn__check_opt(const nn_opt *o, const nn_net *net, nn_real rate)
{
    size_t k;
    if (!o || (unsigned)o->kind >= (unsigned)NN_OPT_COUNT) return NN_ERR_ARG;
    if (!nn__finite_nonneg(rate) || !nn__finite_nonneg(o->weight_decay) ||
        !nn__unit(o->momentum) || !nn__unit(o->alpha) ||
        !nn__unit(o->beta1) || !nn__unit(o->beta2) || !(o->eps > 0 && o->eps <= NN__REAL_MAX))
        return NN_ERR_ARG;
    /* bits no one knows, or a program's row, which is not told where biases are */
    if ((o->no_decay & ~NN_NO_DECAY_BIASES) ||
        (o->no_decay && (unsigned)o->kind >= (unsigned)NN__OPT_OWN))
        return NN_ERR_ARG;
    k = nn__opt_states(o->kind);
    if (o->n_params != net->n_params || (k && !o->m) || (k >= 2 && !o->s) ||
        (k >= 3 && !o->c))
        return NN_ERR_SHAPE;
    return NN_OK;
}

/* the parameters of one part of a step shared out among threads */
#define NN__OPT_PART 16384

typedef void (*nn__opt_fn)(const nn_opt *o, nn_real *p, const nn_real *g, size_t n,
                           nn_real rate);

/* o with its state moved to parameter off */
static nn_opt nn__opt_at(const nn_opt *o, size_t off)
{
    nn_opt part = *o;
    if (part.m) part.m += off;
    if (part.s) part.s += off;
    if (part.c) part.c += off;
    return part;
}

/* step, one of nn.h's own optimizers' (each parameter updated on its own
   from its gradient and state), on the n parameters p + off: with OpenMP
   and two parts or more, in parts of NN__OPT_PART shared out among the
   threads, each with o's state moved to its first parameter. Every
   parameter gets the same operations wherever it lies, so the same bits
   as one thread. */
static void nn__opt_split(const nn_opt *o, nn_real *p, const nn_real *g, size_t off,
                          size_t n, nn_real rate, nn__opt_fn step)
{
    nn_opt at = nn__opt_at(o, off);
#ifdef _OPENMP
    const long parts = (long)((n + NN__OPT_PART - 1) / NN__OPT_PART);
    long q;
    if (parts >= 2) {
        /* dynamic: a thread slowed by another process takes fewer parts */
#pragma omp parallel for schedule(dynamic, 1)
        for (q = 0; q < parts; q++) {
            const size_t on = (size_t)q * NN__OPT_PART;
            nn_opt part = nn__opt_at(&at, on);
            step(&part, p + off + on, g + off + on,
                 n - on < NN__OPT_PART ? n - on : NN__OPT_PART, rate);
        }
        return;
    }
#endif
    step(&at, p + off, g + off, n, rate);
}

/* step, one of nn.h's own, on all of net's parameters: one pass, or, when
   o leaves the biases out of a weight decay, layer by layer, each bias
   with decay 0 (PyTorch's param groups) */
static void nn__opt_own(const nn_opt *o, nn_net *net, const nn_real *g, nn_real rate,
                        nn__opt_fn step)
{
    nn_opt bias = *o;
    size_t l;
    if (!(o->no_decay & NN_NO_DECAY_BIASES) || o->weight_decay == 0) {
        nn__opt_split(o, net->params, g, 0, net->n_params, rate, step);
        return;
    }
    bias.weight_decay = 0;
    for (l = 0; l < net->n_layers; l++) {
        const nn_layer *c = &net->layers[l];
        nn__opt_split(o, net->params, g, (size_t)(c->w.data - net->params),
                      nn__mat_size(c->w), rate, step);
        nn__opt_split(&bias, net->params, g, (size_t)(c->b.data - net->params),
                      nn__mat_size(c->b), rate, step);
    }
}

/* one step of o on net's parameters from the gradient g: its row's step,
   nn.h's own shared out among threads and by decay (nn__opt_own), a
   program's rows (NN_EXTRA_OPTS) called once on them all, as their step
   may not be one parameter at a time */
#define NN__OPT_STEP_OWN(CX, E, NAME, STATES, STEP, SGD)                           \
    case E: nn__opt_own(o, net, g, rate, STEP); break;
#define NN__OPT_STEP(CX, E, NAME, STATES, STEP, SGD)                               \
    case E: STEP(o, net->params, g, net->n_params, rate); break;
static void nn__opt_update(nn_opt *o, nn_net *net, const nn_real *g, nn_real rate)
{
    o->steps++;
    /* NOLINTNEXTLINE(bugprone-branch-clone): the SGD rows share a step */
    switch (o->kind) { NN__OPTS_OWN(NN__OPT_STEP_OWN, 0) case NN_OPT_COUNT: break;
        NN__EXTRA_OPTS(NN__OPT_STEP, 0)
    }
}
#undef NN__OPT_STEP_OWN
#undef NN__OPT_STEP

NNDEF nn_status nn_opt_step(nn_opt *o, nn_net *net, const nn_work *w, nn_real rate)
{
    nn_status s;
    if (!nn__net_rw(net) || !w) return NN_ERR_ARG;
    s = nn__check_opt(o, net, rate);
    if (s != NN_OK) return s;
    if (!nn__work_fits(w, net)) return NN_ERR_SHAPE;
    nn__opt_update(o, net, w->grad, rate);
    return NN_OK;
}

NNDEF nn_status nn_train_step_opt(nn_net *net, nn_opt *o, nn_mat x, nn_mat y,
                                  nn_real rate, nn_work *w, nn_real *loss)
{
    nn_real L;
    nn_status s = nn__check_step(net, x, y, w, loss);
    if (s == NN_OK) s = nn__check_opt(o, net, rate);
    if (s != NN_OK) return s;
    if (loss && o->m &&
        nn__overlap_bytes(loss, sizeof *loss, o->m,
                          nn__opt_states(o->kind) * o->n_params * sizeof(nn_real)))
        return NN_ERR_ARG;
    nn__forward(net, x, w);
    L = nn__backprop(net, x, y, w);
    nn__opt_update(o, net, w->grad, rate);
    if (loss) *loss = L;
    return NN_OK;
}

/* the sum of the squares of the n values g, in double */
static double nn__sum_sq(const nn_real *g, size_t n)
{
    double sum = 0;
    size_t i;
    for (i = 0; i < n; i++) sum += (double)g[i] * (double)g[i];
    return sum;
}

NNDEF nn_status nn_clip_grad_norm(const nn_net *net, nn_work *w, nn_real max_norm,
                                  nn_real *total)
{
    double sum = 0, norm;
    nn_real t, coef;
    size_t l, i;
    if (!nn__net_ok(net) || !w || !nn__finite_nonneg(max_norm)) return NN_ERR_ARG;
    if (!nn__work_fits(w, net)) return NN_ERR_SHAPE;
    if (total && (nn__overlap_bytes(total, sizeof *total, w->block_, w->block_len_) ||
                  nn__overlap_bytes(total, sizeof *total, net->params,
                                    net->n_params * sizeof(nn_real))))
        return NN_ERR_ARG;
    /* torch.norm(torch.stack([torch.norm(g) for g in grads])) */
    for (l = 0; l < net->n_layers; l++) {
        norm = sqrt(nn__sum_sq(w->dw[l].data, nn__mat_size(w->dw[l])));
        sum += norm * norm;
        norm = sqrt(nn__sum_sq(w->db[l].data, nn__mat_size(w->db[l])));
        sum += norm * norm;
    }
    t = (nn_real)sqrt(sum);
    coef = max_norm / (t + (nn_real)1e-6);
    if (coef > 1) coef = 1;   /* torch.clamp(max=1.0): NaN stays NaN */
    for (i = 0; i < net->n_params; i++) w->grad[i] *= coef;
    if (total) *total = t;
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* The fast machinery: the processor                                         */

/* Does the processor run every feature in want (NN__CPU_* bits) of the
   code compiled in? The one run-time probe, asked on every call (a load
   and a test in the compiler's run-time library for each feature wanted),
   so there is no state of our own. Built for an instruction set, the
   answer is that set; by dispatch, the processor is asked
   (__builtin_cpu_supports also checks that the system saves the
   registers). No __builtin_cpu_init: in a constructor that runs before the
   compiler's own this may say no, and the plain loops and the portable
   kernel give the same bits. */
#define NN__CPU_AVX2 1u      /* AVX2 and FMA */
#define NN__CPU_AVX512 2u    /* AVX-512F */
NN__INLINE int nn__cpu(unsigned want)
{
#if defined(NN__HAVE_DISPATCH)
    return (!(want & NN__CPU_AVX2) ||
            (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))) &&
           (!(want & NN__CPU_AVX512) || __builtin_cpu_supports("avx512f"));
#elif defined(NN__HAVE_AVX512)
    (void)want;
    return 1;
#elif defined(NN__HAVE_AVX2)
    return !(want & NN__CPU_AVX512);
#else
    return !want;
#endif
}

/* ------------------------------------------------------------------------ */
/* The fast machinery: elementwise                                           */

/* The activations on vectors, with GNU C's vector types: each lane gets
   the scalar function's operations in its order, so the same bits as the
   plain loops (tests/test_speed.c). The widest vectors the build has
   (AVX-512, AVX); on x86-64 compiled for the baseline, 32 bytes in
   functions with a target attribute, taken when the processor has AVX2.
   That attribute leaves FMA out on purpose: a compiler allowed to fuse a
   multiply and an add would change the bits. 16 bytes on aarch64. */
#ifdef NN__HAVE_VEC

/* The tiny path's training step works in strips of 4 lanes (2 doubles
   where vectors are 16 bytes), as XOR's 4 hidden units */
#if NN__F32 || NN__VBYTES < 32
#define NN__TBYTES 16
#else
#define NN__TBYTES 32
#endif

/* NOLINTBEGIN(bugprone-macro-parentheses): T, U, V and VT are types */
/* the vector type nn__S of T, BYTES wide, its unsigned integer twin
   nn__uS, and nn__splat_S(x): x in every lane */
#define NN__VTYPE(S, T, U, BYTES)                                             \
    typedef T nn__##S __attribute__((vector_size(BYTES)));                    \
    typedef U nn__u##S __attribute__((vector_size(BYTES)));                   \
    NN__INLINE NN__TV nn__##S nn__splat_##S(T x)                              \
    {                                                                         \
        nn__##S v;                                                            \
        memset(&v, 0, sizeof v);                                              \
        return v + x;   /* 0 + x is x for the x != 0 it is used with */      \
    }
/* the vectors of nn_real: nn__v for the elementwise passes, nn__t for the
   tiny path; nn__uv, nn__ut their unsigned integer twins */
NN__VTYPE(v, nn_real, nn__ureal, NN__VBYTES)
NN__VTYPE(t, nn_real, nn__ureal, NN__TBYTES)
/* c ? a : b lane by lane (c a comparison: all bits set, or none) */
#define NN__SELV(S, c, a, b)                                                  \
    ((nn__##S)(((nn__u##S)(c) & (nn__u##S)(a)) | (~(nn__u##S)(c) & (nn__u##S)(b))))
#define NN__SEL_v(c, a, b) NN__SELV(v, c, a, b)
#define NN__SEL_t(c, a, b) NN__SELV(t, c, a, b)
#define NN__SEL_r NN__SEL
#ifdef NN__HAVE_VSQRT
/* the square root of every lane, correctly rounded as sqrt is */
NN__INLINE NN__TV nn__v nn__sqrt_v(nn__v x)
{
#if NN__VBYTES == 64 && NN__F32
    return (nn__v)_mm512_sqrt_ps((__m512)x);
#elif NN__VBYTES == 64
    return (nn__v)_mm512_sqrt_pd((__m512d)x);
#elif NN__VBYTES == 32 && NN__F32
    return (nn__v)_mm256_sqrt_ps((__m256)x);
#elif NN__VBYTES == 32
    return (nn__v)_mm256_sqrt_pd((__m256d)x);
#elif NN__F32
    return (nn__v)vsqrtq_f32((float32x4_t)x);
#else
    return (nn__v)vsqrtq_f64((float64x2_t)x);
#endif
}
#endif
NN__EXP_R(v, nn__v, nn__uv, nn__ureal, NN__SEL_v, nn__splat_v, NN__TV)
NN__EXP_R(t, nn__t, nn__ut, nn__ureal, NN__SEL_t, nn__splat_t, NN__TV)

/* x in every lane, by suffix (v, t; r: the scalar), and NN__SEL_##S above:
   what the vector forms of NN__ACTS use */
#define NN__SPLAT_v nn__splat_v
#define NN__SPLAT_t nn__splat_t
#define NN__SPLAT_r(x) ((nn_real)(x))

/* the vector forms of NN__ACTS's rows (NN__VEC_*_HAS is with the table) */
#define NN__VEC_SIGMOID_F(S, z) nn__sigmoid_##S(z)
#define NN__VEC_SIGMOID_D(S, y) y * (1 - y)
#define NN__VEC_TANH_F(S, z) nn__tanh_##S(z)
#define NN__VEC_TANH_D(S, y) 1 - y * y
#define NN__VEC_RELU_F(S, z) NN__SEL_##S(z < 0, NN__SPLAT_##S(0), z)
#define NN__VEC_RELU_D(S, y) NN__SEL_##S(y > 0, NN__SPLAT_##S(1), NN__SPLAT_##S(0))
#define NN__VEC_LINEAR_F(S, z) z
#define NN__VEC_LINEAR_D(S, y) NN__SPLAT_##S(1)
/* a row without one: never taken by the vector code (nn__act_vec), and
   should it be, each lane through the row's f or f', never another's */
#define NN__VEC_NONE_F(S, z) nn__lanes_##S(a, z, 0)
#define NN__VEC_NONE_D(S, y) nn__lanes_##S(a, y, 1)

/* f(z) and f'(y) of the elementwise activations (not softmax), on a
   vector or a scalar of type V (suffix S, lanes of T): the vector forms
   of NN__ACTS's rows */
#define NN__VF_CASE(S, E, NAME, F, OF, D, V) case E: return V##_F(S, z);
#define NN__VD_CASE(S, E, NAME, F, OF, D, V) case E: return V##_D(S, y);
#define NN__ACT_STRIP(S, T, V)                                                \
    NN__INLINE NN__TV V nn__lanes_##S(nn_act a, V v, int slope)               \
    {                                                                         \
        const size_t n = sizeof(V) / sizeof(T);                               \
        T t[sizeof(V) / sizeof(T)];                                           \
        nn_real r[sizeof(V) / sizeof(T)], d[sizeof(V) / sizeof(T)];           \
        size_t i;                                                             \
        memcpy(t, &v, sizeof v);                                              \
        for (i = 0; i < n; i++) { r[i] = (nn_real)t[i]; d[i] = 1; }          \
        if (slope) nn__act_dmul(a, nn__act_none, d, n, r, n, 1, n);  /* f' */ \
        else nn__act_apply(a, nn__act_none, r, n);                            \
        for (i = 0; i < n; i++) t[i] = (T)(slope ? d[i] : r[i]);              \
        memcpy(&v, t, sizeof v);                                              \
        return v;                                                             \
    }                                                                         \
    NN__INLINE NN__TV V nn__f_##S(nn_act a, V z)                              \
    {                                                                         \
        switch (a) { NN__ACTS(NN__VF_CASE, S) case NN_ACT_COUNT: break; }    \
        return z;                                                             \
    }                                                                         \
    NN__INLINE NN__TV V nn__df_##S(nn_act a, V y)                             \
    {                                                                         \
        switch (a) { NN__ACTS(NN__VD_CASE, S) case NN_ACT_COUNT: break; }    \
        return y;                                                             \
    }
/* (the rows without a vector form share a case: NOLINT(bugprone-branch-clone)) */
NN__ACT_STRIP(v, nn_real, nn__v) /* NOLINT(bugprone-branch-clone) */
NN__ACT_STRIP(t, nn_real, nn__t) /* NOLINT(bugprone-branch-clone) */
/* NOLINTNEXTLINE(bugprone-sizeof-expression,bugprone-branch-clone): one lane */
NN__ACT_STRIP(r, nn_real, nn_real)

/* The vector passes below take the activation as an argument and run
   their loops in an always-inlined body (nn__..._on_S); the function
   itself is a switch over NN__ACTS whose row E calls that body with E, a
   constant, so that the switch of nn__f_##S and nn__df_##S folds away in
   each copy and no lane asks which activation it is. R(E) is the caller's
   macro that makes the call (it names the caller's arguments). */
#define NN__BY_ROW_CASE(R, E, NAME, F, OF, D, V) case E: R(E); break;
#define NN__BY_ROW(a, R) switch (a) { NN__ACTS(NN__BY_ROW_CASE, R) case NN_ACT_COUNT: break; }

/* The gemm's epilogues on a block (rows,n) of c lying ldc apart, in
   vectors over the columns that fill whole ones (the rest: the plain
   loops, in nn__act_fast_bias and nn__dact_fast). One function per type.
   nn__act_vec   c[i,j] = f(c[i,j] + bias[j]) (bias NULL: f(c[i,j]))
   nn__dact_vec  c[i,j] *= f'(y[i,j]), y lying ldy apart (f linear: c
                 unchanged, as the plain loops leave it), and when sums is
                 not NULL, sums[j] += c[i,j], the rows in order */
#define NN__EPI_VEC(S, T, V)                                                  \
    NN__INLINE NN__TV void nn__act_vec_on_##S(nn_act a, T *c, size_t ldc,     \
                                              const T *bias, size_t rows,     \
                                              size_t n)                       \
    {                                                                         \
        const size_t L = sizeof(V) / sizeof(T), nv = n / L * L;              \
        size_t i, j;                                                          \
        V z, b;                                                               \
        for (i = 0; i < rows; i++)                                            \
            for (j = 0; j < nv; j += L) {                                     \
                memcpy(&z, c + i * ldc + j, sizeof z);                        \
                if (bias) {                                                   \
                    memcpy(&b, bias + j, sizeof b);                           \
                    z = z + b;                                                \
                }                                                             \
                z = nn__f_##S(a, z);                                          \
                memcpy(c + i * ldc + j, &z, sizeof z);                        \
            }                                                                 \
    }                                                                         \
    static NN__TV void nn__act_vec_##S(nn_act a, T *c, size_t ldc,            \
                                       const T *bias, size_t rows, size_t n)  \
    {                                                                         \
        NN__BY_ROW(a, NN__ACT_VEC_ON_##S)                                     \
    }                                                                         \
    NN__INLINE NN__TV void nn__dact_vec_on_##S(nn_act a, T *c, size_t ldc,    \
                                               const T *y, size_t ldy,        \
                                               T *sums, size_t rows,          \
                                               size_t n)                      \
    {                                                                         \
        const size_t L = sizeof(V) / sizeof(T), nv = n / L * L;              \
        size_t i, j;                                                          \
        V d, yv, s;                                                           \
        for (j = 0; j < nv; j += L) {                                         \
            memset(&s, 0, sizeof s);                                          \
            if (sums) memcpy(&s, sums + j, sizeof s);                         \
            for (i = 0; i < rows; i++) {                                      \
                memcpy(&d, c + i * ldc + j, sizeof d);                        \
                if (a != NN_ACT_LINEAR) {                                     \
                    memcpy(&yv, y + i * ldy + j, sizeof yv);                  \
                    d = d * nn__df_##S(a, yv);                                \
                    memcpy(c + i * ldc + j, &d, sizeof d);                    \
                }                                                             \
                if (sums) s = s + d;                                          \
            }                                                                 \
            if (sums) memcpy(sums + j, &s, sizeof s);                         \
        }                                                                     \
    }                                                                         \
    static NN__TV void nn__dact_vec_##S(nn_act a, T *c, size_t ldc,           \
                                        const T *y, size_t ldy, T *sums,      \
                                        size_t rows, size_t n)                \
    {                                                                         \
        NN__BY_ROW(a, NN__DACT_VEC_ON_##S)                                    \
    }
#define NN__ACT_VEC_ON_v(E) nn__act_vec_on_v(E, c, ldc, bias, rows, n)
#define NN__DACT_VEC_ON_v(E) nn__dact_vec_on_v(E, c, ldc, y, ldy, sums, rows, n)
NN__EPI_VEC(v, nn_real, nn__v)

/* does the processor run the vector code? (by dispatch, the AVX2 code;
   nn__cpu) */
static int nn__vec_ok(void)
{
#ifdef NN__VEC_BY_DISPATCH
    return nn__cpu(NN__CPU_AVX2);
#else
    return 1;
#endif
}


/* One layer of the step, in strips of W lanes (the type VT: a vector, or
   nn_real itself with W = 1) starting at column j. BC(x) is x broadcast.
   Each element is the plain loops' sum, in their order:
   forward  out[i,j] = f((0 + in[i,0] w[0,j] + ... ) + b[j]), F the f of
            the strip (none: the sums only, f applied after)
   dw       dw[p,j] = 0 + in[0,p] d[0,j] + in[1,p] d[1,j] + ...,
            then w[p,j] -= rate dw[p,j] (this layer's w is read by nothing
            after: din below is made first); in strips of p when C = 1
   din      din[i,j] = (0 + d[i,0] wt[0,j] + ...) f'(y[i,j]), wt = w^T,
            db[j] = 0 + din[0,j] + din[1,j] + ... */
#define NN__STRIP_FWD(VT, W, BC, F)                                           \
    for (; j + W <= C; j += W) {                                              \
        VT bj, acc, wp;                                                       \
        memcpy(&bj, b + j, sizeof bj);                                        \
        for (i = 0; i < N; i++) {                                             \
            memset(&acc, 0, sizeof acc);                                      \
            for (p = 0; p < K; p++) {                                         \
                memcpy(&wp, w + p * C + j, sizeof wp);                        \
                acc = acc + BC(in[i * K + p]) * wp;                           \
            }                                                                 \
            acc = F(a, acc + bj);                                             \
            memcpy(out + i * C + j, &acc, sizeof acc);                        \
        }                                                                     \
    }
#define NN__STRIP_DW(VT, W, BC)                                               \
    for (; j + W <= C; j += W) {                                              \
        VT acc, dj, wp;                                                       \
        for (p = 0; p < K; p++) {                                             \
            memset(&acc, 0, sizeof acc);                                      \
            for (i = 0; i < N; i++) {                                         \
                memcpy(&dj, d + i * C + j, sizeof dj);                        \
                acc = acc + BC(in[i * K + p]) * dj;                           \
            }                                                                 \
            memcpy(dw + p * C + j, &acc, sizeof acc);                         \
            memcpy(&wp, w + p * C + j, sizeof wp);                            \
            wp = wp - BC(rate) * acc;                                         \
            memcpy(w + p * C + j, &wp, sizeof wp);                            \
        }                                                                     \
    }
#define NN__STRIP_DW1(VT, W, BC)                                              \
    for (; p + W <= K; p += W) {                                              \
        VT acc, x, wp;                                                        \
        memset(&acc, 0, sizeof acc);                                          \
        for (i = 0; i < N; i++) {                                             \
            memcpy(&x, in + i * K + p, sizeof x);                             \
            acc = acc + x * BC(d[i]);                                         \
        }                                                                     \
        memcpy(dw + p, &acc, sizeof acc);                                     \
        memcpy(&wp, w + p, sizeof wp);                                        \
        wp = wp - BC(rate) * acc;                                             \
        memcpy(w + p, &wp, sizeof wp);                                        \
    }
#define NN__STRIP_DIN(VT, W, BC, DF)                                          \
    for (; j + W <= K; j += W) {                                              \
        VT acc, sum, wk, y;                                                   \
        memset(&sum, 0, sizeof sum);                                          \
        for (i = 0; i < N; i++) {                                             \
            memset(&acc, 0, sizeof acc);                                      \
            for (k = 0; k < C; k++) {                                         \
                memcpy(&wk, wt + k * K + j, sizeof wk);                       \
                acc = acc + BC(d[i * C + k]) * wk;                            \
            }                                                                 \
            memcpy(&y, in + i * K + j, sizeof y);                             \
            acc = acc * DF(below, y);                                         \
            memcpy(din + i * K + j, &acc, sizeof acc);                        \
            sum = sum + acc;                                                  \
        }                                                                     \
        memcpy(db_in + j, &sum, sizeof sum);                                  \
    }
#define NN__NOF(a, z) (z)

/* The layers of the step for one type T (suffix S, its vector V of L
   lanes; SS the scalar suffix):
   nn__tiny_f    c[i] = f(c[i]) for i < n, in vectors, the rest one by one
   nn__tiny_fwd  out (N,C) = f(in (N,K) w + b); a layer narrower than a
                 vector (XOR's output) gets its sums one by one, then f
                 over all of it at once
   nn__tiny_bwd  din and db_in below (din NULL: none), then dw and the
                 update of w and b */
#define NN__TINY_LAYERS(S, SS, T, V, BC)                                      \
    NN__INLINE NN__TV void nn__tiny_f_##S(nn_act a, T *c, size_t n)           \
    {                                                                         \
        const size_t L = sizeof(V) / sizeof(T);                               \
        size_t i;                                                             \
        V z;                                                                  \
        for (i = 0; i + L <= n; i += L) {                                     \
            memcpy(&z, c + i, sizeof z);                                      \
            z = nn__f_##S(a, z);                                              \
            memcpy(c + i, &z, sizeof z);                                      \
        }                                                                     \
        for (; i < n; i++) c[i] = nn__f_##SS(a, c[i]);                        \
    }                                                                         \
    NN__INLINE NN__TV void nn__tiny_fwd_on_##S(nn_act a, const T *in,         \
                                               const T *w, const T *b,        \
                                               T *out, size_t N, size_t K,    \
                                               size_t C)                      \
    {                                                                         \
        const size_t L = sizeof(V) / sizeof(T);                               \
        size_t i, j = 0, p, tail;                                             \
        NN__STRIP_FWD(V, L, BC, nn__f_##S)                                    \
        tail = j;                                                             \
        NN__STRIP_FWD(T, 1, NN__SAME, NN__NOF)                                \
        if (tail == 0)                                                        \
            nn__tiny_f_##S(a, out, N * C);                                    \
        else                                                                  \
            for (i = 0; i < N; i++) nn__tiny_f_##S(a, out + i * C + tail, C - tail); \
    }                                                                         \
    static NN__TV void nn__tiny_fwd_##S(nn_act a, const T *in, const T *w,    \
                                        const T *b, T *out, size_t N,         \
                                        size_t K, size_t C)                   \
    {                                                                         \
        NN__BY_ROW(a, NN__TINY_FWD_ON_##S)                                    \
    }                                                                         \
    NN__INLINE NN__TV void nn__tiny_din_on_##S(nn_act below, const T *w,      \
                                               const T *in, const T *d,       \
                                               T *din, T *db_in, size_t N,    \
                                               size_t K, size_t C)            \
    {                                                                         \
        const size_t L = sizeof(V) / sizeof(T);                               \
        size_t i, j = 0, k, p;                                                \
        T wbuf[NN__TINY * NN__TINY];                                          \
        const T *wt = w;               /* w^T (C,K): w itself when C = 1 */   \
        if (C > 1) {                                                          \
            for (k = 0; k < C; k++)                                           \
                for (p = 0; p < K; p++) wbuf[k * K + p] = w[p * C + k];       \
            wt = wbuf;                                                        \
        }                                                                     \
        NN__STRIP_DIN(V, L, BC, nn__df_##S)                                   \
        NN__STRIP_DIN(T, 1, NN__SAME, nn__df_##SS)                            \
    }                                                                         \
    static NN__TV void nn__tiny_bwd_##S(nn_act below, const T *in, const T *d,\
                                        T *w, T *b, T *dw, const T *db,       \
                                        T *din, T *db_in, T rate, size_t N,   \
                                        size_t K, size_t C)                   \
    {                                                                         \
        const size_t L = sizeof(V) / sizeof(T);                               \
        size_t i, j = 0, p = 0;                                               \
        if (din) NN__BY_ROW(below, NN__TINY_DIN_ON_##S)                       \
        if (C == 1) {                                                         \
            NN__STRIP_DW1(V, L, BC)                                           \
            NN__STRIP_DW1(T, 1, NN__SAME)                                     \
        } else {                                                              \
            NN__STRIP_DW(V, L, BC)                                            \
            NN__STRIP_DW(T, 1, NN__SAME)                                      \
        }                                                                     \
        for (j = 0; j < C; j++) b[j] -= rate * db[j];                         \
    }
/* the sum of squares' output delta through an elementwise activation,
   d = -2 (y - yh) f'(yh), its column sums db and the loss, the sums of
   nn__out_delta in its order, in vectors of V (the rest one by one) */
#define NN__SSE_VEC(S, SS, T, V, BC)                                          \
    NN__INLINE NN__TV T nn__sse_vec_on_##S(nn_act a, T *d, const T *yh,       \
                                           const T *y, T *db, size_t N,       \
                                           size_t O)                          \
    {                                                                         \
        const size_t L = sizeof(V) / sizeof(T), n = N * O;                    \
        size_t i, j;                                                          \
        T loss = 0, sq[sizeof(V) / sizeof(T)];                                \
        V e, yv, t;                                                           \
        for (i = 0; i + L <= n; i += L) {                                     \
            memcpy(&yv, yh + i, sizeof yv);                                   \
            memcpy(&t, y + i, sizeof t);                                      \
            e = t - yv;                                                       \
            t = BC(-2) * e * nn__df_##S(a, yv);                               \
            memcpy(d + i, &t, sizeof t);                                      \
            e = e * e;                                                        \
            memcpy(sq, &e, sizeof e);                                         \
            for (j = 0; j < L; j++) loss += sq[j];                            \
        }                                                                     \
        for (; i < n; i++) {                                                  \
            const T yy = yh[i], ee = y[i] - yy;                               \
            loss += ee * ee;                                                  \
            d[i] = -2 * ee * nn__df_##SS(a, yy);                              \
        }                                                                     \
        for (j = 0; j < O; j++) db[j] = 0;                                    \
        for (i = 0; i < N; i++)                                               \
            for (j = 0; j < O; j++) db[j] += d[i * O + j];                    \
        return loss;                                                          \
    }                                                                         \
    static NN__TV T nn__sse_vec_##S(nn_act a, T *d, const T *yh, const T *y, \
                                     T *db, size_t N, size_t O)               \
    {                                                                         \
        T loss = 0;                                                           \
        NN__BY_ROW(a, NN__SSE_VEC_ON_##S)                                     \
        return loss;                                                          \
    }
#define NN__SSE_VEC_ON_t(E) loss = nn__sse_vec_on_t(E, d, yh, y, db, N, O)
#define NN__SSE_VEC_ON_v(E) loss = nn__sse_vec_on_v(E, d, yh, y, db, N, O)
NN__SSE_VEC(t, r, nn_real, nn__t, nn__splat_t)
NN__SSE_VEC(v, r, nn_real, nn__v, nn__splat_v)

/* p -= rate g over n parameters, with weight decay wd (g + wd p, when wd
   != 0) and, with momentum (nesterov: its look-ahead), the velocity
   m = mu m + g: the update of nn__opt_sgd, in vectors of V. Returns how many parameters
   it did, the whole vectors' worth; the rest is the caller's. */
#define NN__SGD_VEC(S, T, V, BC)                                              \
    static NN__TV size_t nn__sgd_vec_##S(int momentum, int nesterov, T *p,    \
                                         const T *g, T *m, size_t n, T rate,  \
                                         T wd, T mu)                          \
    {                                                                         \
        const size_t L = sizeof(V) / sizeof(T), nv = n / L * L;              \
        size_t i;                                                             \
        V pv, gi, mv;                                                         \
        for (i = 0; i < nv; i += L) {                                         \
            memcpy(&pv, p + i, sizeof pv);                                    \
            memcpy(&gi, g + i, sizeof gi);                                    \
            if (wd != 0) gi = gi + BC(wd) * pv;                               \
            if (momentum) {                                                   \
                memcpy(&mv, m + i, sizeof mv);                                \
                mv = BC(mu) * mv + gi;                                        \
                memcpy(m + i, &mv, sizeof mv);                                \
                gi = nesterov ? gi + BC(mu) * mv : mv;                        \
            }                                                                 \
            pv = pv - BC(rate) * gi;                                          \
            memcpy(p + i, &pv, sizeof pv);                                    \
        }                                                                     \
        return nv;                                                            \
    }
NN__SGD_VEC(v, nn_real, nn__v, nn__splat_v)

#ifdef NN__HAVE_VSQRT
/* nn__opt_adam's step in vectors of V, operation for operation (k's
   numbers in every lane). Returns how many parameters it did, the whole
   vectors' worth; the rest is the caller's. */
#define NN__ADAM_VEC(S, T, V, BC)                                             \
    static NN__TV size_t nn__adam_vec_##S(const nn__adam_k *k, T *p,          \
                                          const T *g, T *m, T *s, size_t n)   \
    {                                                                         \
        const size_t L = sizeof(V) / sizeof(T), nv = n / L * L;              \
        const V b1 = BC(k->b1), b2 = BC(k->b2), c1 = BC(1 - k->b1);           \
        const V c2 = BC(1 - k->b2), step = BC(k->step), bc2 = BC(k->bc2);     \
        const V eps = BC(k->eps), wd = BC(k->wd);                             \
        size_t i;                                                             \
        V pv, gi, mv, sv;                                                     \
        for (i = 0; i < nv; i += L) {                                         \
            memcpy(&pv, p + i, sizeof pv);                                    \
            memcpy(&gi, g + i, sizeof gi);                                    \
            memcpy(&mv, m + i, sizeof mv);                                    \
            memcpy(&sv, s + i, sizeof sv);                                    \
            if (k->wd != 0) gi = gi + wd * pv;                                \
            mv = mv * b1 + c1 * gi;                                           \
            sv = sv * b2 + c2 * gi * gi;                                      \
            pv = pv - step * mv / (nn__sqrt_##S(sv) / bc2 + eps);             \
            memcpy(m + i, &mv, sizeof mv);                                    \
            memcpy(s + i, &sv, sizeof sv);                                    \
            memcpy(p + i, &pv, sizeof pv);                                    \
        }                                                                     \
        return nv;                                                            \
    }
NN__ADAM_VEC(v, nn_real, nn__v, nn__splat_v)
#endif

/* The gemm's small path (op(b) as stored, not transposed) in strips of 4
   lanes: c[i, j..j+4) = alpha (0 + a_i0 b_0j + a_i1 b_1j + ...)
   [+ beta c] [+ bias], the sums of nn__small_strip in its order. Returns
   the columns it did, the same for every row; the rest is the caller's. */
#define NN__SMALL_VEC(S, T, V, BC)                                            \
    static NN__TV size_t nn__small_vec_##S(size_t M, size_t N, size_t K,      \
                                           T alpha, const T *a, size_t rsa,   \
                                           size_t csa, const T *b,            \
                                           size_t ldb, T beta, T *c,          \
                                           const T *bias)                     \
    {                                                                         \
        const size_t L = sizeof(V) / sizeof(T), nv = N / L * L;              \
        size_t i, j, p;                                                       \
        V acc, bv;                                                            \
        for (i = 0; i < M; i++)                                               \
            for (j = 0; j < nv; j += L) {                                     \
                memset(&acc, 0, sizeof acc);                                  \
                if (alpha != 0)                                               \
                    for (p = 0; p < K; p++) {                                 \
                        memcpy(&bv, b + p * ldb + j, sizeof bv);              \
                        acc = acc + BC(a[i * rsa + p * csa]) * bv;            \
                    }                                                         \
                acc = BC(alpha) * acc;                                        \
                if (beta != 0) {                                              \
                    memcpy(&bv, c + i * N + j, sizeof bv);                    \
                    acc = acc + BC(beta) * bv;                                \
                }                                                             \
                if (bias) {                                                   \
                    memcpy(&bv, bias + j, sizeof bv);                         \
                    acc = acc + bv;                                           \
                }                                                             \
                memcpy(c + i * N + j, &acc, sizeof acc);                      \
            }                                                                 \
        return nv;                                                            \
    }
NN__SMALL_VEC(t, nn_real, nn__t, nn__splat_t)

#define NN__TINY_FWD_ON_t(E) nn__tiny_fwd_on_t(E, in, w, b, out, N, K, C)
#define NN__TINY_DIN_ON_t(E) nn__tiny_din_on_t(E, w, in, d, din, db_in, N, K, C)
NN__TINY_LAYERS(t, r, nn_real, nn__t, nn__splat_t)
/* NOLINTEND(bugprone-macro-parentheses) */
#endif /* NN__HAVE_VEC */

/* the lanes of the elementwise vectors for activation a (0: no vectors in
   this build or processor, or a's row in NN__ACTS has no vector form) */
static size_t nn__vec_lanes(nn_act a)
{
#ifdef NN__HAVE_VEC
    if (nn__act_vec(a) && nn__vec_ok()) return sizeof(nn__v) / sizeof(nn_real);
#endif
    (void)a;
    return 0;   /* no vectors, or not for this activation */
}

/* c[i,j] = f(c[i,j] + bias[j]) over rows (rows,n) lying ldc apart (bias
   NULL: f(c[i,j])), elementwise activations only: in vectors where the
   build and the processor have them, the same bits as the plain loops */
static void nn__act_fast_bias(nn_act a, const nn_real *ap, nn_real *c, size_t ldc,
                              const nn_real *bias, size_t rows, size_t n)
{
    const size_t L = nn__vec_lanes(a), nv = L ? n / L * L : 0;
    size_t i;
    if (a == NN_ACT_LINEAR && !bias) return;
#ifdef NN__HAVE_VEC
    if (nv) nn__act_vec_v(a, c, ldc, bias, rows, n);
#endif
    if (nv == n) return;
    if (bias)
        nn__act_apply_bias(a, ap, c + nv, ldc, bias + nv, rows, n - nv);
    else
        for (i = 0; i < rows; i++) nn__act_apply(a, ap, c + i * ldc + nv, n - nv);
}

/* c[i,j] *= f'(y[i,j]) over rows (rows,n), c's lying ldc apart and y's
   ldy apart, and when sums is not NULL, sums[j] += c[i,j] (the rows in
   order): nn__act_dmul and the column sums, in vectors where the build
   and the processor have them; the same bits */
static void nn__dact_fast(nn_act a, const nn_real *ap, nn_real *c, size_t ldc,
                          const nn_real *y, size_t ldy, nn_real *sums, size_t rows,
                          size_t n)
{
    const size_t L = nn__vec_lanes(a), nv = L ? n / L * L : 0;
    size_t i, j;
#ifdef NN__HAVE_VEC
    if (nv) nn__dact_vec_v(a, c, ldc, y, ldy, sums, rows, n);
#endif
    if (nv == n) return;
    nn__act_dmul(a, ap, c + nv, ldc, y + nv, ldy, rows, n - nv);
    if (sums)
        for (i = 0; i < rows; i++)
            for (j = nv; j < n; j++) sums[j] += c[i * ldc + j];
}

/* nn__update's and nn__opt_sgd's step on the first
   parameters, in vectors where the build and the processor have them;
   returns how many it did (0: none), the rest is the caller's */
static size_t nn__sgd_fast(nn_opt_kind kind, nn_real *p, const nn_real *g, nn_real *m,
                           size_t n, nn_real rate, nn_real wd, nn_real mu)
{
#ifdef NN__HAVE_VEC
    const int form = nn__opt_sgd_form(kind);
    const int momentum = form != NN__SGD_PLAIN, nesterov = form == NN__SGD_NESTEROV;
    if (form != NN__SGD_NONE && nn__vec_ok())
        return nn__sgd_vec_v(momentum, nesterov, p, g, m, n, rate, wd, mu);
#endif
    (void)kind; (void)p; (void)g; (void)m; (void)n; (void)rate; (void)wd; (void)mu;
    return 0;
}

/* nn__opt_adam's step on the first parameters, in vectors where the
   build and the processor have them (with their square root); returns how
   many it did (0: none), the rest is the caller's */
static size_t nn__adam_fast(const nn__adam_k *k, nn_real *p, const nn_real *g, nn_real *m,
                            nn_real *s, size_t n)
{
#ifdef NN__HAVE_VSQRT
    if (nn__vec_ok()) return nn__adam_vec_v(k, p, g, m, s, n);
#endif
    (void)k; (void)p; (void)g; (void)m; (void)s; (void)n;
    return 0;
}

/* the gemm's small path on the first columns of every row (op(b) as
   stored), in vectors where the build and the processor have them;
   returns how many columns it did (0: none) */
static size_t nn__small_fast(size_t M, size_t N, size_t K, nn_real alpha, const nn_real *a,
                             size_t rsa, size_t csa, const nn_real *b, size_t ldb,
                             nn_real beta, nn_real *c, const nn_real *bias)
{
#ifdef NN__HAVE_VEC
    if (nn__vec_ok()) return nn__small_vec_t(M, N, K, alpha, a, rsa, csa, b, ldb, beta, c, bias);
#endif
    (void)M; (void)N; (void)K; (void)alpha; (void)a; (void)rsa; (void)csa; (void)b;
    (void)ldb; (void)beta; (void)c; (void)bias;
    return 0;
}

/* the sum of squares' output delta, db and loss through an elementwise
   activation (nn__out_delta's first case) in vectors: 1 and *L set, or 0
   where the build or the processor has none */
static int nn__sse_fast(nn_act a, nn_real *d, const nn_real *yh, const nn_real *y,
                        nn_real *db, size_t N, size_t O, nn_real *L)
{
#ifdef NN__HAVE_VEC
    if (nn__vec_lanes(a)) {
        *L = nn__sse_vec_v(a, d, yh, y, db, N, O);
        return 1;
    }
#endif
    (void)a; (void)d; (void)yh; (void)y; (void)db; (void)N; (void)O; (void)L;
    return 0;
}

static void nn__act_fast(nn_act a, const nn_real *ap, nn_real *c, size_t n)
{
    nn__act_fast_bias(a, ap, c, n, NULL, 1, n);
}

#ifdef NN__HAVE_VEC
/* Does nn_train_step take the tiny path on x and y? The sum of squares
   through activations whose rows have a vector form, every width and the
   batch tiny, a processor with the vector unit, and neither x nor y in
   the parameters (which the step writes while it reads them). */
static int nn__tiny_takes(const nn_net *net, nn_mat x, nn_mat y)
{
    const size_t n = net->n_layers, bytes = net->n_params * sizeof(nn_real);
    size_t l;
    for (l = 0; l < n; l++)   /* an activation without a vector form: not here */
        if (!nn__act_vec(net->layers[l].act)) return 0;
    return net->loss == NN_LOSS_SSE && net->layers[n - 1].act != NN_ACT_SOFTMAX &&
           x.rows > 0 && nn__tiny(net, x.rows) && nn__vec_ok() &&
           !nn__overlap_bytes(x.data, nn__mat_size(x) * sizeof(nn_real), net->params,
                              bytes) &&
           !nn__overlap_bytes(y.data, nn__mat_size(y) * sizeof(nn_real), net->params,
                              bytes);
}
#endif

/* nn_train_step on the tiny path (nn__tiny_takes), for the sum of squares
   through elementwise activations: the forward pass layer by layer, the
   output delta, then from the top down each layer's din, dw and update,
   its weights updated once nothing reads them any more. The same bits as
   nn__forward, nn__backprop and nn__update (tested). 0: not taken. */
static int nn__tiny_step(nn_net *net, nn_mat x, nn_mat y, nn_real rate, nn_work *w,
                         nn_real *loss)
{
#ifdef NN__HAVE_VEC
    const size_t N = x.rows, n = net->n_layers;
    const nn_layer *top = &net->layers[n - 1];
    const nn_real *in = x.data;
    size_t l;
    if (!nn__tiny_takes(net, x, y)) return 0;
    for (l = 0; l < n; l++) {
        const nn_layer *c = &net->layers[l];
        nn__tiny_fwd_t(c->act, in, c->w.data, c->b.data, w->outs[l].data, N, c->n_in,
                       c->n_out);
        w->outs[l].rows = N;
        in = w->outs[l].data;
    }
    w->out.rows = N;
    if (n > 1) w->hidden.rows = N;
    *loss = nn__sse_vec_t(top->act, w->deltas_[n - 1].data, w->out.data, y.data,
                          w->db[n - 1].data, N, top->n_out);
    for (l = n; l-- > 0;) {
        nn_layer *c = &net->layers[l];
        nn__tiny_bwd_t(l ? net->layers[l - 1].act : NN_ACT_LINEAR,
                       l ? w->outs[l - 1].data : x.data, w->deltas_[l].data, c->w.data,
                       c->b.data, w->dw[l].data, w->db[l].data,
                       l ? w->deltas_[l - 1].data : NULL, l ? w->db[l - 1].data : NULL,
                       rate, N, c->n_in, c->n_out);
    }
    return 1;
#else
    (void)net; (void)x; (void)y; (void)rate; (void)w; (void)loss;
    return 0;
#endif
}


/* ------------------------------------------------------------------------ */
/* The fast machinery: gemm                                                  */

/* nn__gemm is the one matrix kernel: nn_mat_gemm, the forward pass and
   backprop all call it. Two paths, picked by size:

   small (M*N*K < NN__GEMM_SMALL): plain loops, nothing packed. The XOR
     table (4x3 by 3x4) costs a few dozen multiply-adds; any set-up would
     cost more than the arithmetic. Above a few thousand the SIMD kernel
     wins even on 10 columns padded to 16 (64-32-10 at batch 32).

   blocked, in the BLIS/GotoBLAS shape:
       for pc over K in steps of KC            (rank-KC updates, in order)
         for ic over M in steps of MC          (op(a)'s block stays in L2)
           for jr over N in steps of NR        (threads: nn__gemm_blocked)
             pack op(b) (KC x NR) into bp       (bp stays in L1/L2)
             for ir over the block in steps of MR
               micro-kernel: tile (MR,NR) = op(a) sliver . bp, in registers
               merge the tile into c (alpha, beta, fused epilogue)
     op(b) is packed in the order the kernel reads it (NR elements per
     step of p, contiguous, zero-padded at a ragged edge), so that no
     stride of b can make its rows collide in the cache; read in place
     only when op(a) and op(b) are both at most NN__DIRECT_BYTES (medium
     shapes, which stay in the caches as stored) and b is not transposed.
     op(a) is read where it is stored, MR rows (or columns of a^T) side by
     side: on the deep recipe's products that was 5-28% faster than
     packing it, in float and double, strides of 4 and 8 KiB included
     (AMD Zen 5). Only a last sliver of fewer than MR rows is packed, into
     ab, zero-padded, so the kernel always computes whole tiles.

   Each element of c is summed by one thread in one fixed order (pc blocks
   in order, p in order inside the kernel), whatever the thread count, so
   results are bit-identical with and without OpenMP.

   Stack, no heap: on every thread that computes, bp (KC*NR_MAX reals,
   32 KiB with AVX-512 compiled in, as it is on x86-64 with gcc or clang
   even without -march; less otherwise), ab (KC*MR_MAX reals, 16 KiB) and
   the tile (MR_MAX*NR_MAX reals, 1 KiB): under 50 KiB. */

/* NN__KC, NN__AB_BYTES and NN__DIRECT_BYTES may be set before the
   implementation is included, to tune the blocks to other caches (results
   do not depend on them: each element's terms are summed in one order);
   NN__KC > 0, and NN__AB_BYTES (the size of op(a)'s block, MC rows of
   NN__KC) must hold NN__KC columns of the tallest micro-tile (checked
   below, where that is known). */
#ifndef NN__KC
#define NN__KC ((size_t)256)
#endif
#ifndef NN__AB_BYTES
#define NN__AB_BYTES ((size_t)256 * 1024)
#endif
/* op(a) and op(b) both at most this size: op(b) read in place, not packed */
#ifndef NN__DIRECT_BYTES
#define NN__DIRECT_BYTES (64 * 1024)
#endif

/* micro-kernel: tile (MR,NR) = sum over p < kc of a[i*rsa + p*csa]
   b[p*ldb + j], added to what tile holds when add != 0 (the sums start
   from it, so each element still gets its terms in one fixed order);
   tile is row-major, rows ldt apart: a buffer, or c itself. op(a) comes
   as stored (or a packed last sliver: rsa 1, csa MR), op(b) packed (ldb
   NR) or, for medium shapes, as stored. */
typedef void (*nn__ukr_fn)(size_t kc, const nn_real *a, size_t rsa, size_t csa,
                           const nn_real *b, size_t ldb, nn_real *tile, size_t ldt,
                           int add);
/* A kernel: its tile, its function, its name, the NN__CPU_* bits it needs,
   and whether it is the narrow one of its set (for products of at most
   half the width of the usual one) */
typedef struct nn__ukr {
    size_t mr, nr;
    nn__ukr_fn fn;
    const char *name;
    unsigned cpu;
    int narrow;
} nn__ukr;

/* Portable kernel, 4 x 4 (double) or 4 x 8 (float): 16 bytes' worth of
   columns x 2. Every access to the sums has a constant index, so compilers
   keep them in registers and pair them into vectors (SLP) even at -O2;
   a loop over the rows would leave them in memory at -O2. */
#define NN__PMR 4
#if NN__F32
#define NN__PNR 8
#define NN__PROW(r)                                                          \
    s[(r)][0] += a[(r) * rsa] * b[0]; s[(r)][1] += a[(r) * rsa] * b[1];      \
    s[(r)][2] += a[(r) * rsa] * b[2]; s[(r)][3] += a[(r) * rsa] * b[3];      \
    s[(r)][4] += a[(r) * rsa] * b[4]; s[(r)][5] += a[(r) * rsa] * b[5];      \
    s[(r)][6] += a[(r) * rsa] * b[6]; s[(r)][7] += a[(r) * rsa] * b[7];
#else
#define NN__PNR 4
#define NN__PROW(r)                                                          \
    s[(r)][0] += a[(r) * rsa] * b[0]; s[(r)][1] += a[(r) * rsa] * b[1];      \
    s[(r)][2] += a[(r) * rsa] * b[2]; s[(r)][3] += a[(r) * rsa] * b[3];
#endif
static void nn__ukr_portable(size_t kc, const nn_real *a, size_t rsa, size_t csa,
                             const nn_real *b, size_t ldb, nn_real *tile, size_t ldt,
                             int add)
{
    nn_real s[NN__PMR][NN__PNR] = {{0}};
    size_t i, j, p;
    if (add)
        for (i = 0; i < NN__PMR; i++)
            for (j = 0; j < NN__PNR; j++) s[i][j] = tile[i * ldt + j];
    for (p = 0; p < kc; p++, a += csa, b += ldb) {
        NN__PROW(0) NN__PROW(1) NN__PROW(2) NN__PROW(3)
    }
    for (i = 0; i < NN__PMR; i++)
        for (j = 0; j < NN__PNR; j++) tile[i * ldt + j] = s[i][j];
}
#undef NN__PROW

/* Explicit SIMD kernels: MR rows broadcast from a, NV vectors of W lanes
   from b, MR*NV accumulators kept in registers. V is nn_real's vector type
   of the instruction set; LOAD/STORE unaligned, FMA(x, y, acc) = acc + x*y.
   ATTR: nothing, or the target attribute of a kernel picked at run time. */
/* NOLINTBEGIN(bugprone-macro-parentheses): V, ATTR and the intrinsics
   are type, attribute and function names, which cannot be parenthesized;
   W, MR and NV are always integer literals. */
#define NN__UKR_DEFINE(NAME, ATTR, MR, NV, V, W, LOAD, STORE, SET1, ZERO, FMA) \
    static ATTR void NAME(size_t kc, const nn_real *a, size_t rsa, size_t csa, \
                          const nn_real *b, size_t ldb, nn_real *tile,        \
                          size_t ldt, int add)                                \
    {                                                                         \
        V acc[MR][NV], bv[NV];                                                \
        size_t i, v, p;                                                       \
        NN__UNROLL for (i = 0; i < MR; i++)                                   \
            NN__UNROLL for (v = 0; v < NV; v++)                               \
                acc[i][v] = add ? LOAD(tile + i * ldt + v * W) : ZERO;        \
        for (p = 0; p < kc; p++, a += csa, b += ldb) {                        \
            NN__UNROLL for (v = 0; v < NV; v++) bv[v] = LOAD(b + v * W);      \
            NN__UNROLL for (i = 0; i < MR; i++) {                             \
                V ai = SET1(a[i * rsa]);                                      \
                NN__UNROLL for (v = 0; v < NV; v++)                           \
                    acc[i][v] = FMA(ai, bv[v], acc[i][v]);                    \
            }                                                                 \
        }                                                                     \
        NN__UNROLL for (i = 0; i < MR; i++)                                   \
            NN__UNROLL for (v = 0; v < NV; v++)                               \
                STORE(tile + i * ldt + v * W, acc[i][v]);                     \
    }
/* a kernel over one instruction set's OPS (V, W, LOAD, STORE, SET1, ZERO,
   FMA: a list that the extra parentheses let expand into the arguments) */
#define NN__UKR(NAME, ATTR, MR, NV, OPS) NN__UKR_ARGS((NAME, ATTR, MR, NV, OPS))
#define NN__UKR_ARGS(args) NN__UKR_DEFINE args
/* NOLINTEND(bugprone-macro-parentheses) */

/* The instruction sets' operations on nn_real */
#if NN__F32
#define NN__OPS_512 __m512, 16, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_set1_ps, \
                    _mm512_setzero_ps(), _mm512_fmadd_ps
#define NN__OPS_256 __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_set1_ps, \
                    _mm256_setzero_ps(), _mm256_fmadd_ps
#define NN__OPS_NEON float32x4_t, 4, vld1q_f32, vst1q_f32, vdupq_n_f32, vdupq_n_f32(0), \
                     NN__NEON_FMA
#define NN__NEON_FMA(x, y, acc) vfmaq_f32(acc, x, y)
#else
#define NN__OPS_512 __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd, _mm512_set1_pd, \
                    _mm512_setzero_pd(), _mm512_fmadd_pd
#define NN__OPS_256 __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, _mm256_set1_pd, \
                    _mm256_setzero_pd(), _mm256_fmadd_pd
#define NN__OPS_NEON float64x2_t, 2, vld1q_f64, vst1q_f64, vdupq_n_f64, vdupq_n_f64(0), \
                     NN__NEON_FMA
#define NN__NEON_FMA(x, y, acc) vfmaq_f64(acc, x, y)
#endif
/* lanes of a 64-, 32- and 16-byte vector of nn_real */
#define NN__L64 ((size_t)(NN__F32 ? 16 : 8))
#define NN__L32 ((size_t)(NN__F32 ? 8 : 4))
#define NN__L16 ((size_t)(NN__F32 ? 4 : 2))

/* AVX-512F: 8 x 2 vectors, 16 accumulators; narrower than the register
   file allows, but no slower on the large shapes and it wastes less on
   narrow ones (N = 32 in 64-32-10); narrow: 8 x 1 vector, for products of
   at most half the width (N = 10 in float: 16 columns computed, not 32).
   AVX2+FMA: 6 x 2 vectors, 12 accumulators. NEON: 8 x 3 vectors. The
   kernels that need more than the build's flags have a target attribute
   and the NN__CPU_* bits of what they need. */
#if defined(NN__HAVE_AVX512) || defined(NN__HAVE_DISPATCH)
#ifdef NN__HAVE_DISPATCH
#define NN__T512 __attribute__((target("avx512f")))
#define NN__C512 NN__CPU_AVX512
#else
#define NN__T512
#define NN__C512 0u
#endif
NN__UKR(nn__ukr_avx512, NN__T512, 8, 2, NN__OPS_512)
NN__UKR(nn__ukr_avx512n, NN__T512, 8, 1, NN__OPS_512)
#endif
#if defined(NN__HAVE_AVX2) || defined(NN__HAVE_DISPATCH)
#ifdef NN__HAVE_DISPATCH
#define NN__T256 __attribute__((target("avx2,fma")))
#define NN__C256 NN__CPU_AVX2
#else
#define NN__T256
#define NN__C256 0u
#endif
NN__UKR(nn__ukr_avx2, NN__T256, 6, 2, NN__OPS_256)
#endif
#ifdef NN__HAVE_NEON
NN__UKR(nn__ukr_neon, NN__NOATTR, 8, 3, NN__OPS_NEON)
#endif

/* The kernels, one row each, fastest first; the last, the portable one,
   runs everywhere. The gemm takes the first wide kernel the processor
   runs, and its narrow twin for narrow products. */
static const nn__ukr nn__ukrs[] = {
#if defined(NN__HAVE_AVX512) || defined(NN__HAVE_DISPATCH)
    {8, 2 * NN__L64, nn__ukr_avx512, "avx512", NN__C512, 0},
    {8, NN__L64, nn__ukr_avx512n, "avx512 narrow", NN__C512, 1},
#endif
#if defined(NN__HAVE_AVX2) || defined(NN__HAVE_DISPATCH)
    {6, 2 * NN__L32, nn__ukr_avx2, "avx2", NN__C256, 0},
#endif
#ifdef NN__HAVE_NEON
    {8, 3 * NN__L16, nn__ukr_neon, "neon", 0u, 0},
#endif
    {NN__PMR, NN__PNR, nn__ukr_portable, "portable", 0u, 0}
};
#define NN__UKR_COUNT (sizeof nn__ukrs / sizeof nn__ukrs[0])
/* the largest tile among them, in elements: 8 by 32 floats or 16 doubles
   at most (AVX-512), or the portable one's */
#if defined(NN__HAVE_AVX512) || defined(NN__HAVE_DISPATCH) || defined(NN__HAVE_NEON)
#define NN__MR_MAX 8
#elif defined(NN__HAVE_AVX2)
#define NN__MR_MAX 6
#else
#define NN__MR_MAX NN__PMR
#endif
#if defined(NN__HAVE_AVX512) || defined(NN__HAVE_DISPATCH)
#define NN__NR_MAX (2 * NN__L64)
#elif defined(NN__HAVE_AVX2)
#define NN__NR_MAX (2 * NN__L32)
#elif defined(NN__HAVE_NEON)
#define NN__NR_MAX (3 * NN__L16)
#else
#define NN__NR_MAX NN__PNR
#endif
/* a build's own block sizes (see NN__KC) must leave room for one row panel */
typedef char nn__check_blocks[NN__KC > 0 &&
                              NN__AB_BYTES / sizeof(nn_real) / NN__KC >= NN__MR_MAX ? 1 : -1];

/* does this processor run kernel k? */
static int nn__ukr_runs(const nn__ukr *k) { return nn__cpu(k->cpu); }

/* the row of the portable kernel (simd == 0), or of the fastest wide one
   this build and this processor have. With run-time selection, machines
   with different processors may run different kernels and so differ in
   the last bits; one machine always runs the same one, for any thread
   count. */
static size_t nn__ukr_row(int simd)
{
    size_t k;
    for (k = 0; simd && k + 1 < NN__UKR_COUNT; k++)
        if (!nn__ukrs[k].narrow && nn__ukr_runs(&nn__ukrs[k])) return k;
    return NN__UKR_COUNT - 1;
}

/* the kernel for a product N columns wide: the narrow twin of the wide one
   (its next row), when there is one and N fits in half the width. Each
   element is the same sum in the same order whatever the tile: no bits
   change. */
static nn__ukr nn__ukr_pick_n(int simd, size_t N)
{
    const size_t k = nn__ukr_row(simd);
    if (nn__ukrs[k + 1 < NN__UKR_COUNT ? k + 1 : k].narrow && 2 * N <= nn__ukrs[k].nr)
        return nn__ukrs[k + 1];
    return nn__ukrs[k];
}

/* c (mr,nr), row length ldc, gets the tile (row length tld):
   first update: c = alpha tile + beta c (c unread when beta == 0);
   later ones:   c += alpha tile;  the last also applies the epilogue.
   tile NULL: the kernel wrote c itself; only the epilogue is left. */
static void nn__merge(nn_real *c, size_t ldc, const nn_real *tile, size_t tld,
                      size_t mr, size_t nr, nn_real alpha, nn_real beta,
                      int first, int last, const nn__ep *ep, size_t i0, size_t j0)
{
    size_t i, j;
    for (i = 0; i < mr; i++) {
        nn_real *ci = c + i * ldc;
        /* no offset from NULL, not even 0: C leaves that undefined */
        const nn_real *ti = tile ? tile + i * tld : NULL;
        if (!ti)
            ;
        else if (!first || beta == 1)
            for (j = 0; j < nr; j++) ci[j] += alpha * ti[j];
        else if (beta == 0)
            for (j = 0; j < nr; j++) ci[j] = alpha * ti[j];
        else
            for (j = 0; j < nr; j++) ci[j] = alpha * ti[j] + beta * ci[j];
    }
    if (!last || !ep) return;
    /* the epilogue over the whole tile, the activation chosen once */
    if (ep->kind == NN__EP_BIAS_ACT) {
        nn__act_fast_bias(ep->act, ep->ap, c, ldc, ep->v + j0, mr, nr);
    } else if (ep->kind == NN__EP_DACT) {
        nn__dact_fast(ep->act, ep->ap, c, ldc, ep->v + i0 * ldc + j0, ldc,
                      ep->sums ? ep->sums + j0 : NULL, mr, nr);
    }
}

/* One strip of W columns of one row of c, for the small path:
   ci[0..W) = alpha op(a)(i,:) op(b)(:, j..j+W) + beta ci + bias.
   W is a constant at every call, so once inlined the sums live in
   registers and the loops over them are unrolled. */
NN__INLINE void nn__small_strip(size_t W, size_t K, nn_real alpha,
                                const nn_real *ai, size_t csa,
                                const nn_real *b, size_t ldb, int tb,
                                nn_real beta, nn_real *ci, const nn_real *bias)
{
    nn_real acc[8];
    size_t jj, p;
    for (jj = 0; jj < W; jj++) acc[jj] = 0;
    if (alpha != 0) {
        if (tb) {
            /* op(b)(p, j) = b[j*ldb + p]: a dot product per element */
            for (jj = 0; jj < W; jj++) {
                const nn_real *bj = b + jj * ldb;
                nn_real sum = 0;
                for (p = 0; p < K; p++) sum += ai[p * csa] * bj[p];
                acc[jj] = sum;
            }
        } else {
            for (p = 0; p < K; p++) {
                const nn_real aip = ai[p * csa], *bp = b + p * ldb;
                for (jj = 0; jj < W; jj++) acc[jj] += aip * bp[jj];
            }
        }
    }
    for (jj = 0; jj < W; jj++) {
        nn_real v = alpha * acc[jj];
        if (beta != 0) v += beta * ci[jj];
        if (bias) v += bias[jj];
        ci[jj] = v;
    }
}

/* The small path: c (M,N), row length N. Each row of c in strips of 8,
   then 4, then 1 columns, each strip's sums in registers while p runs over
   K, and c written once, so no sum waits on a store of the one before. */
static void nn__gemm_small(size_t M, size_t N, size_t K, nn_real alpha,
                           const nn_real *a, size_t lda, int ta,
                           const nn_real *b, size_t ldb, int tb,
                           nn_real beta, nn_real *c, const nn__ep *ep)
{
    size_t i, j, rsa = ta ? 1 : lda, csa = ta ? lda : 1;
    const size_t bstep = tb ? ldb : 1;     /* from column j to j+1 of op(b) */
    /* the bias is added as c is written, the activation below */
    const nn_real *bias = ep && ep->kind == NN__EP_BIAS_ACT ? ep->v : NULL;
    /* the columns the vector code does (op(b) as stored), then the rest */
    const size_t j0 = tb ? 0 : nn__small_fast(M, N, K, alpha, a, rsa, csa, b, ldb, beta, c,
                                              bias);
    for (i = 0; i < M; i++) {
        nn_real *ci = c + i * N;
        const nn_real *ai = a + i * rsa;
        for (j = j0; j + 8 <= N; j += 8)
            nn__small_strip(8, K, alpha, ai, csa, b + j * bstep, ldb, tb, beta,
                            ci + j, bias ? bias + j : NULL);
        if (j + 4 <= N) {
            nn__small_strip(4, K, alpha, ai, csa, b + j * bstep, ldb, tb, beta,
                            ci + j, bias ? bias + j : NULL);
            j += 4;
        }
        for (; j < N; j++)
            nn__small_strip(1, K, alpha, ai, csa, b + j * bstep, ldb, tb, beta,
                            ci + j, bias ? bias + j : NULL);
    }
    /* the elementwise part over all of c at once: one loop of M*N, not M
       loops of N (N is 1 or 4 in the XOR network) */
    if (ep && ep->kind == NN__EP_BIAS_ACT) {
        nn__act_fast(ep->act, ep->ap, c, M * N);
    } else if (ep && ep->kind == NN__EP_DACT) {
        nn__dact_fast(ep->act, ep->ap, c, N, ep->v, N, ep->sums, M, N);
    }
}


/* One product on the blocked path: the whole of it, and the block of rank
   kc (from p = pc) over rows ic.. (mc of them) being computed; first and
   last: the first and the last rank update (beta applies at the first, the
   epilogue at the last); jp0 <= jp < jp1: the panels of op(b) (columns of
   c, NR each) this thread computes, all of them but with OpenMP. */
typedef struct nn__blk {
    nn__ukr u;
    size_t M, N, K, lda, ldb;
    const nn_real *a, *b;
    nn_real *c, alpha, beta;
    int ta, tb, direct, first, last;
    const nn__ep *ep;
    size_t pc, kc, ic, mc, jp0, jp1;
} nn__blk;

/* pack the block's last sliver of op(a), rows i0.. (mr < MR of them, i0
   counted in the whole product), into ab: ab[p*MR + i] = op(a)(i0 + i,
   pc + p), zero past mr, as the kernel reads a whole sliver */
static void nn__pack_a(const nn__blk *k, size_t i0, size_t mr, nn_real *ab)
{
    const size_t MR = k->u.mr, lda = k->lda;
    /* op(a)(i0 + i, pc + p) is as[i*rs + p*cs] */
    const size_t rs = k->ta ? 1 : lda, cs = k->ta ? lda : 1;
    const nn_real *as = k->ta ? k->a + k->pc * lda + i0 : k->a + i0 * lda + k->pc;
    size_t i, p;
    for (p = 0; p < k->kc; p++, ab += MR, as += cs) {
        for (i = 0; i < mr; i++) ab[i] = as[i * rs];
        for (; i < MR; i++) ab[i] = 0;
    }
}

/* pack B: the panel of op(b) at columns j0.. (nr of them) for the block's
   rank, into bp (bp[p*NR + j], zero past column N); *bk and *bld get where
   the kernel reads it: bp, or (medium shapes, b as stored and a whole
   panel) b itself */
static void nn__pack_b(const nn__blk *k, size_t j0, size_t nr, nn_real *bp,
                       const nn_real **bk, size_t *bld)
{
    const size_t NR = k->u.nr, kc = k->kc, ldb = k->ldb;
    size_t j, p;
    *bk = bp;
    *bld = NR;
    if (k->direct && !k->tb && nr == NR) {
        *bk = k->b + k->pc * ldb + j0;
        *bld = ldb;
    } else if (!k->tb) {
        const nn_real *bs = k->b + k->pc * ldb + j0;
        for (p = 0; p < kc; p++, bs += ldb) {
            nn_real *d = bp + p * NR;
            if (nr == NN__NR_MAX && NR == NN__NR_MAX) {
                /* a constant count: compilers inline it as vector moves (a
                   loop of its own was left scalar at -O2) */
                memcpy(d, bs, NN__NR_MAX * sizeof *d);
                continue;
            }
            for (j = 0; j < nr; j++) d[j] = bs[j];
            for (; j < NR; j++) d[j] = 0;
        }
    } else {
        /* b^T: each row of b read in order (one stream the prefetcher
           follows), written down a column of bp, which stays in L1 */
        const nn_real *bs = k->b + j0 * ldb + k->pc;
        for (j = 0; j < nr; j++, bs += ldb)
            for (p = 0; p < kc; p++) bp[p * NR + j] = bs[p];
        for (; j < NR; j++)
            for (p = 0; p < kc; p++) bp[p * NR + j] = 0;
    }
}

/* macro-kernel: the block's tiles in the panel at columns j0.. (nr of
   them), op(b)'s part read from bk (row length bld), op(a)'s from a (a
   whole sliver) or ab (the last, packed), each tile by the micro-kernel
   and merged into c. A whole tile with alpha 1 goes straight into c:
   stored (first update, beta 0) or added to c (later updates, or beta 1);
   the merge then only applies the epilogue. */
static void nn__macro_kernel(const nn__blk *k, size_t j0, size_t nr, const nn_real *bk,
                             size_t bld, const nn_real *ab, nn_real *tile)
{
    const size_t MR = k->u.mr, NR = k->u.nr, N = k->N, kc = k->kc;
    size_t ir;
    for (ir = 0; ir < k->mc; ir += MR) {
        const size_t i0 = k->ic + ir, mr = k->mc - ir < MR ? k->mc - ir : MR;
        const int in_c = k->alpha == 1 && mr == MR && nr == NR &&
                         (!k->first || k->beta == 0 || k->beta == 1);
        nn_real *t = in_c ? k->c + i0 * N + j0 : tile;
        const size_t ldt = in_c ? N : NR;
        const int add = in_c && (!k->first || k->beta == 1);
        if (mr == MR) {
            const nn_real *as = k->ta ? k->a + k->pc * k->lda + i0
                                      : k->a + i0 * k->lda + k->pc;
            k->u.fn(kc, as, k->ta ? 1 : k->lda, k->ta ? k->lda : 1, bk, bld, t, ldt, add);
        } else {
            k->u.fn(kc, ab, 1, MR, bk, bld, t, ldt, add);
        }
        if (!in_c || (k->last && k->ep))
            nn__merge(k->c + i0 * N + j0, N, in_c ? NULL : tile, NR, mr, nr, k->alpha,
                      k->beta, k->first, k->last, k->ep, i0, j0);
    }
}

/* one panel of the block: op(b)'s columns jp*NR.. packed (or read in
   place) and run through the macro-kernel */
static void nn__gemm_panel(const nn__blk *k, size_t jp, const nn_real *ab)
{
    nn_real bp[NN__KC * NN__NR_MAX], tile[NN__MR_MAX * NN__NR_MAX];
    const size_t NR = k->u.nr, j0 = jp * NR, nr = k->N - j0 < NR ? k->N - j0 : NR;
    const nn_real *bk;
    size_t bld;
    nn__pack_b(k, j0, nr, bp, &bk, &bld);
    nn__macro_kernel(k, j0, nr, bk, bld, ab, tile);
}

/* one block: its last sliver of op(a) packed when it has fewer than MR
   rows (by each thread, for itself), then each of the thread's panels */
static void nn__gemm_block(const nn__blk *k)
{
    nn_real ab[NN__MR_MAX * NN__KC];
    const size_t MR = k->u.mr;
    size_t jp;
    if (k->mc % MR) nn__pack_a(k, k->ic + k->mc / MR * MR, k->mc % MR, ab);
    for (jp = k->jp0; jp < k->jp1; jp++) nn__gemm_panel(k, jp, ab);
}

/* the blocked loops over all of k's product */
static void nn__gemm_blocks(nn__blk *k)
{
    const size_t MC = NN__AB_BYTES / sizeof(nn_real) / NN__KC / k->u.mr * k->u.mr;
    for (k->pc = 0; k->pc < k->K; k->pc += NN__KC) {
        k->kc = k->K - k->pc < NN__KC ? k->K - k->pc : NN__KC;
        k->first = k->pc == 0;
        k->last = k->pc + k->kc == k->K;
        for (k->ic = 0; k->ic < k->M; k->ic += MC) {
            k->mc = k->M - k->ic < MC ? k->M - k->ic : MC;
            nn__gemm_block(k);
        }
    }
}

/* op(a) and op(b) both at most NN__DIRECT_BYTES: b read in place */
static int nn__gemm_direct(size_t M, size_t N, size_t K)
{
    return (double)M * (double)K * sizeof(nn_real) <= NN__DIRECT_BYTES &&
           (double)K * (double)N * sizeof(nn_real) <= NN__DIRECT_BYTES;
}

#ifdef _OPENMP
/* Thread t of nt computes its share of c by the one-thread loops: nothing
   shared, no barrier. by_rows: its rows (whole slivers of MR, but for the
   last) from its own rows of op(a) (the bias epilogue is indexed by column
   only: it moves with nothing); else its columns (whole panels of NR) from
   its own panels of op(b), all of op(a) read by each. */
static void nn__gemm_share(const nn__blk *all, int by_rows, int t, int nt)
{
    nn__blk k = *all;
    if (by_rows) {
        const size_t MR = all->u.mr, slivers = (all->M + MR - 1) / MR;
        const size_t r0 = slivers * (size_t)t / (size_t)nt * MR;
        const size_t r1 = slivers * (size_t)(t + 1) / (size_t)nt * MR;
        if (r0 >= all->M) return;
        k.M = (r1 < all->M ? r1 : all->M) - r0;
        k.a = all->ta ? all->a + r0 : all->a + r0 * all->lda;
        k.c = all->c + r0 * all->N;
        k.direct = nn__gemm_direct(k.M, k.N, k.K);
    } else {
        k.jp0 = all->jp1 * (size_t)t / (size_t)nt;
        k.jp1 = all->jp1 * (size_t)(t + 1) / (size_t)nt;
        if (k.jp0 == k.jp1) return;
    }
    nn__gemm_blocks(&k);
}
#endif

/* The blocked path (see above); alpha != 0 and K > 0. c row length N.
   With OpenMP, a product of over 2M multiply-adds is shared out among
   the threads, each computing its share alone: by columns when each
   thread gets a panel or more; else by rows, when each gets two slivers or
   more and the epilogue is none or the bias's (NN__EP_DACT's column sums
   add the rows in order, one thread a column). Each element of c is summed
   the same way either way. */
static NN__NOINLINE void nn__gemm_blocked(nn__ukr u, size_t M, size_t N, size_t K,
                                          nn_real alpha, const nn_real *a, size_t lda,
                                          int ta, const nn_real *b, size_t ldb, int tb,
                                          nn_real beta, nn_real *c, const nn__ep *ep)
{
    nn__blk k;
#ifdef _OPENMP
    const int nt = omp_in_parallel() ? 1 : omp_get_max_threads();
    const int threaded = nt > 1 && (double)M * (double)N * (double)K > 2e6;
#endif
    memset(&k, 0, sizeof k);
    k.u = u; k.M = M; k.N = N; k.K = K; k.lda = lda; k.ldb = ldb;
    k.a = a; k.b = b; k.c = c; k.alpha = alpha; k.beta = beta;
    k.ta = ta; k.tb = tb; k.ep = ep;
    k.direct = nn__gemm_direct(M, N, K);
    k.jp1 = (N + u.nr - 1) / u.nr;
#ifdef _OPENMP
    if (threaded) {
        const int by_rows = k.jp1 < (size_t)nt;
        if (!by_rows || (M >= 2 * u.mr * (size_t)nt && (!ep || ep->kind != NN__EP_DACT))) {
#pragma omp parallel num_threads(nt)
            nn__gemm_share(&k, by_rows, omp_get_thread_num(), omp_get_num_threads());
            return;
        }
    }
#endif
    nn__gemm_blocks(&k);
}

/* c (M,N) = alpha op(a) (M,K) op(b) (K,N) + beta c, then the epilogue ep
   (NULL: none). lda, ldb are the row lengths of a and b as stored; c's is N.
   simd selects the explicit SIMD kernel when one is compiled in. */
static void nn__gemm_ex(size_t M, size_t N, size_t K, nn_real alpha,
                        const nn_real *a, size_t lda, int ta,
                        const nn_real *b, size_t ldb, int tb,
                        nn_real beta, nn_real *c, const nn__ep *ep, int simd)
{
    if (M == 0 || N == 0) return;
    if (alpha == 0 || K == 0 || (double)M * (double)N * (double)K < NN__GEMM_SMALL)
        nn__gemm_small(M, N, K, alpha, a, lda, ta, b, ldb, tb, beta, c, ep);
    else
        nn__gemm_blocked(nn__ukr_pick_n(simd, N), M, N, K, alpha, a, lda, ta, b, ldb,
                         tb, beta, c, ep);
}

/* The kernel behind nn_mat_gemm, arguments already checked.
   c (M,N) = alpha op(a) (M,K) op(b) (K,N) + beta c, with leading dimensions
   lda, ldb (the row lengths of a and b as stored). */
static void nn__gemm(size_t M, size_t N, size_t K, nn_real alpha,
                     const nn_real *a, size_t lda, int ta,
                     const nn_real *b, size_t ldb, int tb,
                     nn_real beta, nn_real *c)
{
    nn__gemm_ex(M, N, K, alpha, a, lda, ta, b, ldb, tb, beta, c, NULL, 1);
}

NNDEF nn_status nn_mat_gemm(nn_mat c, nn_real alpha, nn_mat a, int trans_a,
                            nn_mat b, int trans_b, nn_real beta)
{
    size_t M = trans_a ? a.cols : a.rows, K = trans_a ? a.rows : a.cols;
    size_t Kb = trans_b ? b.cols : b.rows, N = trans_b ? b.rows : b.cols;
    if (!nn__mat_ok(a) || !nn__mat_ok(b) || !nn__mat_ok(c)) return NN_ERR_ARG;
    if (K != Kb || c.rows != M || c.cols != N) return NN_ERR_SHAPE;
    if (nn__overlap(c, a) || nn__overlap(c, b)) return NN_ERR_ARG;
    if (M == 0 || N == 0) return NN_OK;   /* c holds nothing */
    if (K == 0) {   /* an empty sum: op(a), op(b) hold nothing to read */
        alpha = 0;
        /* their data may be NULL, and the kernels step row pointers from it
           (NULL + 0 is undefined in C): point both at c, which has M*N
           elements and is never read through them */
        a.data = b.data = c.data;
    }
    nn__gemm(M, N, K, alpha, a.data, a.cols, trans_a, b.data, b.cols, trans_b,
             beta, c.data);
    return NN_OK;
}

NNDEF nn_status nn_mat_mul(nn_mat c, nn_mat a, nn_mat b)
{
    return nn_mat_gemm(c, 1, a, 0, b, 0, 0);
}

#endif /* NN_NO_TRAINING */
#ifndef NN_NO_FILES
/* ------------------------------------------------------------------------ */
/* Model files                                                               */

/* Layout: u64 N (little-endian) | N bytes of JSON | data. Each tensor's
   data_offsets [begin, end) count from the first data byte; together the
   tensors must tile the data exactly, with no hole, overlap or spare byte.
   Layer l is PyTorch's nn.Linear, "K.weight" (n_out,n_in) = w^T and
   "K.bias" (n_out), K its index in the equivalent nn.Sequential; the
   article's network keeps 1.x's names, hidden.* for layer 0 and output.*
   for layer 1. */

#define NN__MAX_HEADER 100000000u    /* the reference reader's limit, too */
#define NN__MAX_DEPTH 32             /* nesting of JSON inside ignored values */
#define NN__INT_MAX (UINT64_C(1) << 53)  /* largest integer in a shape or offset */
#define NN__WHY sizeof(((nn_load_opts *)0)->why)
#define NN__STR_END (-1L)
#define NN__STR_BAD (-2L)

/* the 1.x names: layer 0's weight and bias, then layer 1's */
static const char *const nn__names[4] = {
    "hidden.weight", "hidden.bias", "output.weight", "output.bias"
};

static uint64_t nn__get64(const unsigned char *p)
{
    uint64_t v = 0;
    int k;
    for (k = 7; k >= 0; k--) v = (v << 8) | p[k];
    return v;
}

static uint32_t nn__get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* the low n bytes of v, least significant first */
static void nn__put_le(unsigned char *p, uint64_t v, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++, v >>= 8) p[k] = (unsigned char)(v & 0xFF);
}

/* bytes per element written by this build: 4 (F32) or 8 (F64) */
static size_t nn__esize(void) { return NN__F32 ? 4 : 8; }

/* v as the es-byte little-endian IEEE 754 value */
static void nn__put_real(unsigned char *p, nn_real v, size_t es)
{
    if (es == 4) {
        float f = (float)v;
        uint32_t u;
        memcpy(&u, &f, 4);
        nn__put_le(p, u, 4);
    } else {
        double d = (double)v;
        uint64_t u;
        memcpy(&u, &d, 8);
        nn__put_le(p, u, 8);
    }
}

/* d rounded to nn_real. Beyond float's range C leaves the conversion
   undefined, so a float build does IEEE 754's rounding by hand: up to the
   halfway point between FLT_MAX and 2^128 gives FLT_MAX, from it on infinity. */
static nn_real nn__to_real(double d)
{
    if (sizeof(nn_real) < sizeof(double)) {
        const double top = ldexp(16777215.0, 104);   /* FLT_MAX, (2^24-1) 2^104 */
        const double mid = ldexp(33554431.0, 103);   /* FLT_MAX + 2^103 */
        if (d >= mid) return (nn_real)HUGE_VAL;
        if (d <= -mid) return (nn_real)-HUGE_VAL;
        if (d > top) return (nn_real)top;
        if (d < -top) return (nn_real)-top;
    }
    return (nn_real)d;
}

/* element of es bytes (4: F32, 8: F64) at p */
static nn_real nn__get_real(const unsigned char *p, size_t es)
{
    if (es == 4) {
        uint32_t u = nn__get32(p);
        float f;
        memcpy(&f, &u, 4);
        return nn__to_real((double)f);
    } else {
        uint64_t u = nn__get64(p);
        double d;
        memcpy(&d, &u, 8);
        return nn__to_real(d);
    }
}


/* The code point of the UTF-8 sequence at *pos of s (n > *pos bytes),
   *pos moved past it; NN__STR_BAD for a sequence that is malformed,
   overlong, a surrogate, past 0x10FFFF or cut short. */
static long nn__utf8_next(const unsigned char *s, size_t n, size_t *pos)
{
    size_t i = *pos, extra, k;
    long c = s[i++];
    if (c < 0x80) { *pos = i; return c; }
    /* C2..DF one continuation byte, E0..EF two, F0..F4 three */
    if (c < 0xC2 || c > 0xF4) return NN__STR_BAD;
    extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : 0x1F;
    if (n - i < extra) return NN__STR_BAD;
    for (k = 0; k < extra; k++, i++) {
        if ((s[i] & 0xC0) != 0x80) return NN__STR_BAD;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((extra == 2 && c < 0x800) || (extra == 3 && c < 0x10000) ||
        c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return NN__STR_BAD;
    *pos = i;
    return c;
}

/* code point c (at most 0x10FFFF) as UTF-8 into u; its length */
static size_t nn__utf8_put(long c, unsigned char *u)
{
    if (c < 0x80) { u[0] = (unsigned char)c; return 1; }
    if (c < 0x800) {
        u[0] = (unsigned char)(0xC0 | (c >> 6));
        u[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (c >> 12));
        u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    u[0] = (unsigned char)(0xF0 | (c >> 18));
    u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    u[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

/* --- writing --- */

/* where the bytes go: memory, or a stream in chunks */
typedef struct nn__sink {
    unsigned char *mem;
#ifndef NN_NO_STDIO
    FILE *f;
#endif
    size_t pos, used;
    int failed;
    unsigned char chunk[512];
} nn__sink;

static void nn__flush(nn__sink *s)
{
    if (s->mem) {
        memcpy(s->mem + s->pos, s->chunk, s->used);
    }
#ifndef NN_NO_STDIO
    else if (s->used && fwrite(s->chunk, 1, s->used, s->f) != s->used) {
        s->failed = 1;
    }
#endif
    s->pos += s->used;
    s->used = 0;
}

static void nn__emit(nn__sink *s, const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    while (n) {
        size_t m = sizeof s->chunk - s->used;
        if (m > n) m = n;
        memcpy(s->chunk + s->used, b, m);
        s->used += m; b += m; n -= m;
        if (s->used == sizeof s->chunk) nn__flush(s);
    }
}

/* m (R,C) transposed, i.e. element (c, r) for c < C, r < R, in that order */
static void nn__emit_t(nn__sink *s, nn_mat m)
{
    unsigned char b[8];
    size_t r, c, es = nn__esize();
    for (c = 0; c < m.cols; c++)
        for (r = 0; r < m.rows; r++) {
            nn__put_real(b, NN_AT(m, r, c), es);
            nn__emit(s, b, es);
        }
}

/* The header's text, either counted (s NULL) or sent to s. The count stops
   growing once past NN__MAX_HEADER, so no depth of network overflows it. */
typedef struct nn__hw { nn__sink *s; size_t n; } nn__hw;

static void nn__hput_n(nn__hw *w, const char *t, size_t n)
{
    if (w->s) nn__emit(w->s, t, n);
    if (w->n <= NN__MAX_HEADER) w->n += n;
}

static void nn__hput(nn__hw *w, const char *t) { nn__hput_n(w, t, strlen(t)); }

/* t as a JSON string: '"', '\\' and the control bytes escaped, the rest as is */
static void nn__hput_json(nn__hw *w, const char *t)
{
    const char *run = t;
    nn__hput(w, "\"");
    for (;; t++) {
        unsigned char c = (unsigned char)*t;
        char e[7];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        nn__hput_n(w, run, (size_t)(t - run));
        if (!c) break;
        run = t + 1;
        e[0] = '\\';
        e[2] = '\0';
        if (c == '"' || c == '\\') {
            e[1] = (char)c;
        } else if (c >= 8 && c <= 13 && c != 11) {     /* \b \t \n \f \r */
            e[1] = "btn?fr"[c - 8];
        } else {
            e[1] = 'u';
            e[2] = e[3] = '0';
            e[4] = (char)('0' + (c >> 4));
            e[5] = "0123456789abcdef"[c & 15];
            e[6] = '\0';
        }
        nn__hput(w, e);
    }
    nn__hput(w, "\"");
}

static void nn__hput_u64(nn__hw *w, uint64_t v)
{
    char d[21];
    nn__hput(w, nn__decimal(d, v));
}

/* the keys of __metadata__ that nn.h writes or reads */
static const char *const nn__own_keys[4] = {"format", "activation", "activations", "loss"};

/* text is UTF-8, without overlong forms or surrogates */
static int nn__utf8_ok(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), i = 0;
    while (i < n)
        if (nn__utf8_next(s, n, &i) == NN__STR_BAD) return 0;
    return 1;
}

/* opts NULL, or n_meta pairs of UTF-8 text whose keys are not empty, not
   nn.h's own and each given once */
static int nn__save_opts_ok(const nn_save_opts *opts)
{
    size_t i, j, n;
    if (!opts || !opts->n_meta) return 1;
    if (!opts->meta || opts->n_meta > SIZE_MAX / 2 / sizeof *opts->meta) return 0;
    n = 2 * opts->n_meta;
    for (i = 0; i < n; i++)
        if (!opts->meta[i] || !nn__utf8_ok(opts->meta[i])) return 0;
    for (i = 0; i < n; i += 2) {
        const char *k = opts->meta[i];
        if (!k[0]) return 0;
        for (j = 0; j < 4; j++)
            if (strcmp(k, nn__own_keys[j]) == 0) return 0;
        for (j = 0; j < i; j += 2)
            if (strcmp(k, opts->meta[j]) == 0) return 0;
    }
    return 1;
}

/* a network the savers take: its activations' parameters ones a reader
   takes (nn_layer.act_param may have been written directly) */
static int nn__saveable(const nn_net *net)
{
    size_t l, i;
    if (!nn__net_ok(net)) return 0;
    for (l = 0; l < net->n_layers; l++)
        for (i = 0; i < nn_act_n_params(net->layers[l].act); i++)
            if (!nn__act_param_ok(net->layers[l].act, i, net->layers[l].act_param[i]))
                return 0;
    return 1;
}

/* the article's network, written under the 1.x names and metadata */
static int nn__is_article(const nn_net *net)
{
    return net->n_layers == 2 && net->layers[0].act == NN_ACT_SIGMOID &&
           net->layers[1].act == NN_ACT_SIGMOID && net->loss == NN_LOSS_SSE;
}

/* The JSON header, without its padding:
     {"__metadata__":{"format":"nn.h","activations":"relu,softmax","loss":"sse"},
      "0.weight":{"dtype":"F64","shape":[n_out,n_in],"data_offsets":[0,b]},
      "0.bias":{"dtype":"F64","shape":[n_out],"data_offsets":[b,c]}, ...}
   with opts' entries after "loss" (or the article's "activation"). K
   advances by one for the Linear and one more for its activation's
   module, which the identity does not have. */
static void nn__header(const nn_net *net, const nn_save_opts *opts, nn__hw *w)
{
    uint64_t es = nn__esize(), off = 0, k = 0;
    int article = nn__is_article(net);
    size_t l, t, i;
    if (article) {
        nn__hput(w, "{\"__metadata__\":{\"format\":\"nn.h\",\"activation\":\"sigmoid\"");
    } else {
        nn__hput(w, "{\"__metadata__\":{\"format\":\"nn.h\",\"activations\":\"");
        for (l = 0; l < net->n_layers; l++) {
            const nn_layer *y = &net->layers[l];
            char text[128];
            size_t n = 0;
            if (l) nn__hput(w, ",");
            /* with its parameters (nn__saveable checked them) */
            if (nn_act_n_params(y->act) &&
                nn_act_format(y->act, y->act_param, text, sizeof text, &n) == NN_OK)
                nn__hput_n(w, text, n);
            else
                nn__hput(w, nn_act_name(y->act));
        }
        nn__hput(w, "\",\"loss\":\"");
        nn__hput(w, nn_loss_name(net->loss));
        nn__hput(w, "\"");
    }
    for (i = 0; opts && i < 2 * opts->n_meta; i++) {
        nn__hput(w, i % 2 ? ":" : ",");
        nn__hput_json(w, opts->meta[i]);
    }
    nn__hput(w, "}");
    /* a count past the limit can stop: such a header is refused */
    for (l = 0; l < net->n_layers && w->n <= NN__MAX_HEADER; l++) {
        const nn_layer *y = &net->layers[l];
        for (t = 0; t < 2; t++) {       /* t 0: weight (n_out,n_in); 1: bias (n_out) */
            uint64_t bytes = (uint64_t)y->n_out * (t ? 1 : (uint64_t)y->n_in) * es;
            nn__hput(w, ",\"");
            if (article) {
                nn__hput(w, nn__names[2 * l + t]);
            } else {
                nn__hput_u64(w, k);
                nn__hput(w, t ? ".bias" : ".weight");
            }
            nn__hput(w, es == 4 ? "\":{\"dtype\":\"F32\",\"shape\":["
                                : "\":{\"dtype\":\"F64\",\"shape\":[");
            nn__hput_u64(w, y->n_out);
            if (!t) {
                nn__hput(w, ",");
                nn__hput_u64(w, y->n_in);
            }
            nn__hput(w, "],\"data_offsets\":[");
            nn__hput_u64(w, off);
            nn__hput(w, ",");
            nn__hput_u64(w, off + bytes);
            nn__hput(w, "]}");
            off += bytes;
        }
        k += y->act == NN_ACT_LINEAR ? 1 : 2;
    }
    nn__hput(w, "}");
}

/* The header's text length *text, padded to *hn (a multiple of 8, so the
   data start 8-byte aligned), and the file's size *total. NN_ERR_NOMEM
   when the header would pass the readers' limit or the size overflows. */
static nn_status nn__save_size(const nn_net *net, const nn_save_opts *opts, size_t *text,
                               size_t *hn, size_t *total)
{
    nn__hw w;
    size_t data;
    w.s = NULL;
    w.n = 0;
    nn__header(net, opts, &w);
    /* NN__MAX_HEADER is a multiple of 8: the padding stays within it */
    if (w.n > NN__MAX_HEADER) return NN_ERR_NOMEM;
    *text = w.n;
    *hn = (w.n + 7) / 8 * 8;
    if (!nn__mul_ok(net->n_params, nn__esize(), &data) || data > SIZE_MAX - 8 - *hn)
        return NN_ERR_NOMEM;
    *total = 8 + *hn + data;
    return NN_OK;
}

/* the whole file: length, header, padding, then each layer's w^T and b */
static void nn__write(const nn_net *net, const nn_save_opts *opts, nn__sink *s,
                      size_t text, size_t hn)
{
    unsigned char b[8];
    nn__hw w;
    size_t l;
    nn__put_le(b, hn, 8);
    nn__emit(s, b, 8);
    w.s = s;
    w.n = 0;
    nn__header(net, opts, &w);
    for (; text < hn; text++) nn__emit(s, " ", 1);
    for (l = 0; l < net->n_layers; l++) {
        const nn_layer *y = &net->layers[l];
        nn__emit_t(s, y->w);                                    /* (n_out,n_in) */
        nn__emit_t(s, nn_mat_view(y->b.data, y->n_out, 1));     /* (n_out) */
    }
    nn__flush(s);
}

NNDEF nn_status nn_save_mem_ex(const nn_net *net, void *buf, size_t cap, size_t *len,
                               const nn_save_opts *opts)
{
    size_t text, hn, total;
    nn__sink s;
    nn_status st;
    if (!nn__saveable(net) || !len || (!buf && cap) || !nn__save_opts_ok(opts))
        return NN_ERR_ARG;
    st = nn__save_size(net, opts, &text, &hn, &total);
    if (st != NN_OK) return st;
    *len = total;
    if (!buf) return NN_OK;
    if (cap < total) return NN_ERR_ARG;
    memset(&s, 0, sizeof s);
    s.mem = (unsigned char *)buf;
    nn__write(net, opts, &s, text, hn);
    return NN_OK;
}

NNDEF nn_status nn_save_mem(const nn_net *net, void *buf, size_t cap, size_t *len)
{
    return nn_save_mem_ex(net, buf, cap, len, NULL);
}

#ifndef NN_NO_STDIO
NNDEF nn_status nn_save_ex(const nn_net *net, FILE *f, const nn_save_opts *opts)
{
    size_t text, hn, total;
    nn__sink s;
    nn_status st;
    if (!nn__saveable(net) || !f || !nn__save_opts_ok(opts)) return NN_ERR_ARG;
    st = nn__save_size(net, opts, &text, &hn, &total);
    if (st != NN_OK) return st;
    memset(&s, 0, sizeof s);
    s.f = f;
    nn__write(net, opts, &s, text, hn);
    if (s.failed || fflush(f) != 0 || ferror(f)) return NN_ERR_IO;
    return NN_OK;
}

NNDEF nn_status nn_save(const nn_net *net, FILE *f)
{
    return nn_save_ex(net, f, NULL);
}

NNDEF nn_status nn_save_file_ex(const nn_net *net, const char *path, const nn_save_opts *opts)
{
    FILE *f;
    nn_status st;
    if (!nn__saveable(net) || !path || !nn__save_opts_ok(opts)) return NN_ERR_ARG;
    f = fopen(path, "wb");
    if (!f) return NN_ERR_IO;
    st = nn_save_ex(net, f, opts);
    if (fclose(f) != 0 && st == NN_OK) st = NN_ERR_IO;
    return st;
}

NNDEF nn_status nn_save_file(const nn_net *net, const char *path)
{
    return nn_save_file_ex(net, path, NULL);
}
#endif

/* --- reading: a JSON reader that knows the shape of the header --- */

/* one tensor entry, as the parser reads it */
typedef struct nn__tensor {
    size_t esize;          /* bytes per element */
    size_t fl;             /* 4: F32, 8: F64, 0: another dtype */
    size_t rank;
    uint64_t dim[2];       /* the first two dimensions */
    uint64_t begin, end;   /* data_offsets */
    size_t dtype;          /* the dtype string's '"' in the header */
} nn__tensor;

enum { NN__OTHER = 0, NN__WEIGHT, NN__BIAS };   /* what a tensor is to nn.h */

/* a tensor as the second pass records it */
typedef struct nn__trec {
    uint64_t begin, end;   /* data_offsets */
    uint64_t dim[2];       /* the first two dimensions */
    uint64_t k;            /* a layer's tensor: K ("hidden" 0, "output" 1) */
    uint32_t pos;          /* its name's '"' in the header */
    unsigned char fl;      /* 4: F32, 8: F64, 0: another dtype */
    unsigned char rank;    /* dimensions, 3 for three or more */
    unsigned char role;    /* NN__OTHER, NN__WEIGHT, NN__BIAS */
} nn__trec;

typedef struct nn__keyrec { uint32_t obj, pos; } nn__keyrec; /* pos: its '"' */

typedef struct nn__hdr {
    const unsigned char *s;    /* the JSON text, n bytes; i the read position */
    size_t n, i;
    char *why;                 /* NN__WHY bytes: why the file was refused */
    size_t n_keys, n_tensors;  /* counted in the first pass */
    size_t n_numbered, n_old;  /* tensors named K.weight or K.bias; hidden.*, output.* */
    uint32_t n_objs;           /* objects whose keys are recorded; 0 the top */
    size_t act, acts, loss;    /* metadata values nn.h reads: their '"', 0 if absent */
    const char *meta_key;      /* the caller's key (NULL: none) and its value's '"' */
    size_t meta;
    nn__keyrec *keys;          /* the second pass fills these (NULL in the first) */
    nn__trec *trecs;
    size_t keys_cap, trecs_cap;
    uint64_t data_end;         /* the largest end offset */
} nn__hdr;

static void nn__ws(nn__hdr *h)
{
    while (h->i < h->n && (h->s[h->i] == ' ' || h->s[h->i] == '\t' ||
                           h->s[h->i] == '\n' || h->s[h->i] == '\r'))
        h->i++;
}

/* the next non-space byte, not consumed; -1 at the end */
static int nn__peek(nn__hdr *h)
{
    nn__ws(h);
    return h->i < h->n ? h->s[h->i] : -1;
}

static int nn__expect(nn__hdr *h, int c)
{
    if (nn__peek(h) != c) return 0;
    h->i++;
    return 1;
}

/* after an element of an object or array: 1 on ',' (more follow), 0 on
   close (done), -1 on anything else */
static int nn__more(nn__hdr *h, int close)
{
    int c = nn__peek(h);
    if (c == ',') { h->i++; return 1; }
    if (c == close) { h->i++; return 0; }
    return -1;
}

static long nn__hex4(const unsigned char *s, size_t n, size_t i)
{
    long v = 0;
    size_t k;
    if (i > n || n - i < 4) return -1;
    for (k = 0; k < 4; k++) {
        int c = s[i + k], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        v = v * 16 + d;
    }
    return v;
}

/* The next code point of a JSON string body at *pos: 0..0x10FFFF, or
   NN__STR_END at the closing quote (consumed), or NN__STR_BAD for a control
   byte, a bad escape, a lone surrogate, malformed or overlong UTF-8, or the
   end of the text. */
static long nn__str_next(const unsigned char *s, size_t n, size_t *pos)
{
    size_t i = *pos;
    long c, lo;
    if (i >= n) return NN__STR_BAD;
    c = s[i++];
    if (c == '"') { *pos = i; return NN__STR_END; }
    if (c < 0x20) return NN__STR_BAD;
    if (c == '\\') {
        if (i >= n) return NN__STR_BAD;
        switch (s[i++]) {
        case '"': c = '"'; break;
        case '\\': c = '\\'; break;
        case '/': c = '/'; break;
        case 'b': c = 8; break;
        case 'f': c = 12; break;
        case 'n': c = 10; break;
        case 'r': c = 13; break;
        case 't': c = 9; break;
        case 'u':
            c = nn__hex4(s, n, i);
            if (c < 0 || (c >= 0xDC00 && c <= 0xDFFF)) return NN__STR_BAD;
            i += 4;
            if (c >= 0xD800 && c <= 0xDBFF) {   /* must pair with a low one */
                if (n - i < 2 || s[i] != '\\' || s[i + 1] != 'u') return NN__STR_BAD;
                lo = nn__hex4(s, n, i + 2);
                if (lo < 0xDC00 || lo > 0xDFFF) return NN__STR_BAD;
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
            break;
        default: return NN__STR_BAD;
        }
        *pos = i;
        return c;
    }
    return nn__utf8_next(s, n, pos);
}

/* A JSON string: its UTF-8, as far as it fits, into out (cap bytes; out may
   be NULL when cap is 0), and the full decoded length into *len. */
static int nn__str(nn__hdr *h, char *out, size_t cap, size_t *len)
{
    size_t k = 0, m, j;
    if (!nn__expect(h, '"')) return 0;
    for (;;) {
        long c = nn__str_next(h->s, h->n, &h->i);
        unsigned char u[4];
        if (c == NN__STR_END) break;
        if (c == NN__STR_BAD) return 0;
        m = nn__utf8_put(c, u);
        for (j = 0; j < m; j++, k++)
            if (k < cap) out[k] = (char)u[j];
    }
    if (len) *len = k;
    return 1;
}

/* does the JSON string whose '"' is at pos in h (checked already) decode
   to exactly the UTF-8 of lit? */
static int nn__str_is(const nn__hdr *h, size_t pos, const char *lit)
{
    const unsigned char *t = (const unsigned char *)lit;
    size_t i = pos + 1, k = 0, m, j;
    long c;
    while ((c = nn__str_next(h->s, h->n, &i)) >= 0) {
        unsigned char u[4];
        m = nn__utf8_put(c, u);
        for (j = 0; j < m; j++, k++)
            if (!t[k] || t[k] != u[j]) return 0;
    }
    return !t[k];
}

/* did nn__str decode exactly lit? */
static int nn__is(const char *s, size_t len, size_t cap, const char *lit)
{
    return len <= cap && len == strlen(lit) && memcmp(s, lit, len) == 0;
}
/* a string of at most 40 characters; more as "..." */
#define NN__SAY_CHARS 40

/* The JSON string whose '"' is at pos in h, as printable ASCII ('?' for any
   other character), into why from k (up to cap); the new k. */
static size_t nn__say_json(char *why, size_t k, size_t cap, const nn__hdr *h, size_t pos)
{
    size_t i = pos + 1, shown = 0;
    const char *more = "...";
    long c;
    while ((c = nn__str_next(h->s, h->n, &i)) >= 0) {
        if (shown++ == NN__SAY_CHARS) {
            while (*more && k < cap) why[k++] = *more++;
            break;
        }
        if (k < cap) why[k++] = (char)(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return k;
}

/* nn__say_ex into why (NN__WHY bytes), %j quoting h's text */
static size_t nn__say_json_of(char *why, size_t k, size_t cap, const void *h, size_t pos)
{
    return nn__say_json(why, k, cap, (const nn__hdr *)h, pos);
}
static void nn__say(char *why, const nn__hdr *h, const char *fmt, const char *str,
                    const uint64_t *v)
{
    nn__say_ex(why, NN__WHY, fmt, str, v, nn__say_json_of, h);
}

/* nn__say for a message that quotes no header */
static void nn__say_plain(char *why, const char *fmt, const char *str, const uint64_t *v)
{
    nn__say_ex(why, NN__WHY, fmt, str, v, NULL, NULL);
}

/* nn__say into h->why; 0, for the parser to return */
static int nn__fail(nn__hdr *h, const char *fmt, const char *str, const uint64_t *v)
{
    nn__say(h->why, h, fmt, str, v);
    return 0;
}


/* a non-negative integer, at most 2^53: digits only, no leading zero */
static int nn__json_uint(nn__hdr *h, uint64_t *v)
{
    uint64_t x = 0;
    size_t start;
    nn__ws(h);
    start = h->i;
    while (h->i < h->n && h->s[h->i] >= '0' && h->s[h->i] <= '9') {
        x = x * 10 + (uint64_t)(h->s[h->i++] - '0');  /* x <= 2^53 before */
        if (x > NN__INT_MAX) {
            const uint64_t at[1] = {8 + (uint64_t)start};
            return nn__fail(h, "number over 2^53 at byte %u", NULL, at);
        }
    }
    if (h->i == start || (h->s[start] == '0' && h->i - start > 1)) return 0;
    *v = x;
    return 1;
}

static size_t nn__digits(nn__hdr *h)
{
    size_t start = h->i;
    while (h->i < h->n && h->s[h->i] >= '0' && h->s[h->i] <= '9') h->i++;
    return h->i - start;
}

/* any JSON number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int nn__skip_number(nn__hdr *h)
{
    if (h->i < h->n && h->s[h->i] == '-') h->i++;
    if (h->i < h->n && h->s[h->i] == '0') h->i++;
    else if (!nn__digits(h)) return 0;
    if (h->i < h->n && h->s[h->i] == '.') {
        h->i++;
        if (!nn__digits(h)) return 0;
    }
    if (h->i < h->n && (h->s[h->i] == 'e' || h->s[h->i] == 'E')) {
        h->i++;
        if (h->i < h->n && (h->s[h->i] == '+' || h->s[h->i] == '-')) h->i++;
        if (!nn__digits(h)) return 0;
    }
    return 1;
}

static int nn__word(nn__hdr *h, const char *w)
{
    size_t len = strlen(w);
    if (h->n - h->i < len || memcmp(h->s + h->i, w, len) != 0) return 0;
    h->i += len;
    return 1;
}

/* any JSON value, checked and passed over; nesting limited to NN__MAX_DEPTH */
static int nn__skip(nn__hdr *h, int depth)
{
    int c = nn__peek(h), more;
    if (c == '"') return nn__str(h, NULL, 0, NULL);
    if (c == '{' || c == '[') {
        int close = c == '{' ? '}' : ']';
        if (depth >= NN__MAX_DEPTH) {
            const uint64_t at[1] = {8 + (uint64_t)h->i};
            return nn__fail(h, "JSON nested more than 32 deep at byte %u", NULL, at);
        }
        h->i++;
        if (nn__peek(h) == close) { h->i++; return 1; }
        do {
            if (c == '{' && (!nn__str(h, NULL, 0, NULL) || !nn__expect(h, ':')))
                return 0;
            if (!nn__skip(h, depth + 1)) return 0;
        } while ((more = nn__more(h, close)) == 1);
        return more == 0;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return nn__skip_number(h);
    return nn__word(h, "true") || nn__word(h, "false") || nn__word(h, "null");
}

/* a key of object obj: recorded (for the duplicate check), decoded into k;
   *pos gets its '"' */
static int nn__key(nn__hdr *h, uint32_t obj, char *k, size_t cap, size_t *len,
                   size_t *pos)
{
    nn__ws(h);
    *pos = h->i;
    if (h->keys && h->n_keys < h->keys_cap) {
        h->keys[h->n_keys].obj = obj;
        h->keys[h->n_keys].pos = (uint32_t)h->i;
    }
    h->n_keys++;
    return nn__str(h, k, cap, len) && nn__expect(h, ':');
}

/* a key seen twice in one object */
static int nn__dup(nn__hdr *h, size_t pos)
{
    const uint64_t v[1] = {pos};
    return nn__fail(h, "duplicate key %j", NULL, v);
}

/* bytes per element of a safetensors dtype, 0 for one it does not define */
static size_t nn__dtype(const char *d, size_t len, size_t cap, size_t *fl)
{
    static const char *const one[] = {"BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3"};
    static const char *const two[] = {"I16", "U16", "F16", "BF16"};
    static const char *const four[] = {"I32", "U32", "F32"};
    static const char *const eight[] = {"I64", "U64", "F64"};
    size_t k;
    *fl = nn__is(d, len, cap, "F32") ? 4 : nn__is(d, len, cap, "F64") ? 8 : 0;
    for (k = 0; k < 5; k++) if (nn__is(d, len, cap, one[k])) return 1;
    for (k = 0; k < 4; k++) if (nn__is(d, len, cap, two[k])) return 2;
    for (k = 0; k < 3; k++) if (nn__is(d, len, cap, four[k])) return 4;
    for (k = 0; k < 3; k++) if (nn__is(d, len, cap, eight[k])) return 8;
    return 0;
}

/* The shape's numbers into t (rank, the first two dimensions) and *count,
   their product; *count 0 for a zero dimension, 2^53 + 1 when the product
   passes 2^53. */
static int nn__shape(nn__hdr *h, nn__tensor *t, uint64_t *count)
{
    int zero = 0, big = 0, more;
    uint64_t c = 1;
    if (!nn__expect(h, '[')) return 0;
    if (nn__peek(h) == ']') {       /* a scalar */
        h->i++;
    } else {
        do {
            uint64_t v;
            if (!nn__json_uint(h, &v)) return 0;
            if (t->rank < 2) t->dim[t->rank] = v;
            t->rank++;
            if (v == 0) zero = 1;
            else if (c > NN__INT_MAX / v) big = 1;
            else c *= v;
        } while ((more = nn__more(h, ']')) == 1);
        if (more < 0) return 0;
    }
    *count = zero ? 0 : big ? NN__INT_MAX + 1 : c;
    return 1;
}

/* {"dtype": ..., "shape": [...], "data_offsets": [b, e]}, other keys
   ignored; the shape's element count times the dtype's size must be e - b.
   name: the tensor's name's '"'. */
static int nn__tensor_entry(nn__hdr *h, nn__tensor *t, uint32_t obj, size_t name)
{
    int got_dtype = 0, got_shape = 0, got_off = 0, more;
    uint64_t count = 0, v[3];
    memset(t, 0, sizeof *t);
    v[0] = name;
    if (!nn__expect(h, '{')) return 0;
    do {
        char k[16], d[16];
        size_t kl, dl, kpos;
        if (!nn__key(h, obj, k, sizeof k, &kl, &kpos)) return 0;
        if (nn__is(k, kl, sizeof k, "dtype")) {
            if (got_dtype++) return nn__dup(h, kpos);
            nn__ws(h);
            t->dtype = h->i;
            if (!nn__str(h, d, sizeof d, &dl)) return 0;
            t->esize = nn__dtype(d, dl, sizeof d, &t->fl);
            if (!t->esize) {
                v[0] = t->dtype;
                v[1] = name;
                return nn__fail(h, "unknown dtype %j in tensor %j", NULL, v);
            }
        } else if (nn__is(k, kl, sizeof k, "shape")) {
            if (got_shape++) return nn__dup(h, kpos);
            if (!nn__shape(h, t, &count)) return 0;
        } else if (nn__is(k, kl, sizeof k, "data_offsets")) {
            if (got_off++) return nn__dup(h, kpos);
            if (!nn__expect(h, '[') || !nn__json_uint(h, &t->begin) || !nn__expect(h, ',') ||
                !nn__json_uint(h, &t->end) || !nn__expect(h, ']'))
                return 0;
        } else if (!nn__skip(h, 2)) {
            return 0;
        }
    } while ((more = nn__more(h, '}')) == 1);
    if (more < 0) return 0;
    if (!got_dtype || !got_shape || !got_off)
        return nn__fail(h, "tensor %j needs a dtype, a shape and data_offsets", NULL, v);
    if (count > NN__INT_MAX)
        return nn__fail(h, "tensor %j has more than 2^53 elements", NULL, v);
    if (t->begin > t->end)
        return nn__fail(h, "tensor %j: data_offsets end before they begin", NULL, v);
    /* count <= 2^53 and esize <= 8: the product cannot overflow */
    if (t->end - t->begin != count * t->esize) {
        v[1] = count * t->esize;
        v[2] = t->end - t->begin;
        return nn__fail(h, "tensor %j: its shape and dtype take %u bytes, its data_offsets %u",
                        NULL, v);
    }
    return 1;
}

/* {"key": "string", ...}; the values nn.h reads are checked when used */
static int nn__metadata(nn__hdr *h, uint32_t obj)
{
    int more;
    if (!nn__expect(h, '{')) return 0;
    if (nn__peek(h) == '}') { h->i++; return 1; }
    do {
        char k[16];
        size_t kl, kpos, vpos;
        if (!nn__key(h, obj, k, sizeof k, &kl, &kpos)) return 0;
        if (nn__peek(h) != '"') {
            const uint64_t v[1] = {kpos};
            return nn__fail(h, "__metadata__ value %j is not a string", NULL, v);
        }
        vpos = h->i;
        if (!nn__str(h, NULL, 0, NULL)) return 0;
        if (nn__is(k, kl, sizeof k, "activation")) h->act = vpos;
        else if (nn__is(k, kl, sizeof k, "activations")) h->acts = vpos;
        else if (nn__is(k, kl, sizeof k, "loss")) h->loss = vpos;
        if (h->meta_key && nn__str_is(h, kpos, h->meta_key)) h->meta = vpos;
    } while ((more = nn__more(h, '}')) == 1);
    return more == 0;
}

/* NN__WEIGHT for "K.weight", NN__BIAS for "K.bias", K in decimal without
   leading zeros and at most 2^53, into *k; NN__OTHER for any other name */
static int nn__numbered(const char *s, size_t len, size_t cap, uint64_t *k)
{
    size_t d = 0;
    uint64_t v = 0;
    if (len > cap) return NN__OTHER;
    while (d < len && d < 16 && s[d] >= '0' && s[d] <= '9')
        v = v * 10 + (uint64_t)(s[d++] - '0');
    if (!d || (s[0] == '0' && d > 1) || v > NN__INT_MAX) return NN__OTHER;
    *k = v;
    if (nn__is(s + d, len - d, cap - d, ".weight")) return NN__WEIGHT;
    return nn__is(s + d, len - d, cap - d, ".bias") ? NN__BIAS : NN__OTHER;
}

/* a tensor read: counted, checked against its name, and in the second
   pass recorded */
static int nn__tensor_seen(nn__hdr *h, const nn__tensor *t, const char *name,
                           size_t len, size_t cap, size_t pos)
{
    uint64_t k = 0;
    int role = nn__numbered(name, len, cap, &k), old = 0, j;
    for (j = 0; j < 4; j++)
        if (nn__is(name, len, cap, nn__names[j])) {
            role = j % 2 ? NN__BIAS : NN__WEIGHT;
            k = (uint64_t)(j / 2);
            old = 1;
        }
    if (role != NN__OTHER && !t->fl) {
        const uint64_t v[2] = {t->dtype, pos};
        return nn__fail(h, "unknown dtype %j in tensor %j", NULL, v);
    }
    if (role != NN__OTHER) {
        if (old) h->n_old++;
        else h->n_numbered++;
    }
    if (h->trecs && h->n_tensors < h->trecs_cap) {
        nn__trec *r = &h->trecs[h->n_tensors];
        r->begin = t->begin;
        r->end = t->end;
        r->dim[0] = t->dim[0];
        r->dim[1] = t->dim[1];
        r->k = k;
        r->pos = (uint32_t)pos;
        r->fl = (unsigned char)t->fl;
        r->rank = (unsigned char)(t->rank < 3 ? t->rank : 3);
        r->role = (unsigned char)role;
    }
    h->n_tensors++;
    if (t->end > h->data_end) h->data_end = t->end;
    return 1;
}

/* The whole header: one object of tensors and an optional __metadata__, then
   only whitespace. Run twice: first to count and check, then (keys and
   tensor records allocated) to record what the checks across entries need. */
static int nn__parse(nn__hdr *h)
{
    int more;
    h->i = 0;
    h->n_keys = h->n_tensors = h->n_numbered = h->n_old = 0;
    h->n_objs = 1;
    h->act = h->acts = h->loss = h->meta = 0;
    h->data_end = 0;
    if (!nn__expect(h, '{')) return 0;
    if (nn__peek(h) == '}') {
        h->i++;
    } else {
        do {
            char k[32];
            size_t kl, kpos;
            nn__tensor t;
            if (!nn__key(h, 0, k, sizeof k, &kl, &kpos)) return 0;
            if (nn__is(k, kl, sizeof k, "__metadata__")) {
                if (!nn__metadata(h, h->n_objs++)) return 0;
                continue;
            }
            if (!nn__tensor_entry(h, &t, h->n_objs++, kpos) ||
                !nn__tensor_seen(h, &t, k, kl, sizeof k, kpos))
                return 0;
        } while ((more = nn__more(h, '}')) == 1);
        if (more < 0) return 0;
    }
    return nn__peek(h) == -1;   /* nothing but padding after the object */
}

/* The first pass, and what it alone can tell: a network is named one way.
   Any failure has its why. */
static int nn__first_pass(nn__hdr *h)
{
    if (!nn__parse(h)) {
        const uint64_t at[1] = {8 + (uint64_t)h->i};
        if (!h->why[0]) nn__say(h->why, h, "malformed JSON header at byte %u", NULL, at);
        return 0;
    }
    if (h->n_old && h->n_numbered)
        return nn__fail(h, "both namings: hidden.* or output.* beside K.weight or K.bias",
                        NULL, NULL);
    if (!h->n_old && !h->n_numbered)
        return nn__fail(h, "no layers: no tensor is named hidden.weight, 0.weight or the like", NULL, NULL);
    return 1;
}

typedef int (*nn__cmp_fn)(const void *ctx, const void *a, const void *b);

static void nn__swap(unsigned char *a, unsigned char *b, size_t size)
{
    while (size--) { unsigned char t = *a; *a++ = *b; *b++ = t; }
}

static void nn__sift(unsigned char *v, size_t size, size_t root, size_t n,
                     nn__cmp_fn cmp, const void *ctx)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && cmp(ctx, v + child * size, v + (child + 1) * size) < 0)
            child++;
        if (cmp(ctx, v + root * size, v + child * size) >= 0) return;
        nn__swap(v + root * size, v + child * size, size);
        root = child;
    }
}

/* heapsort: O(n log n) whatever the input, no recursion, no allocation */
static void nn__sort(void *base, size_t n, size_t size, nn__cmp_fn cmp, const void *ctx)
{
    unsigned char *v = (unsigned char *)base;
    size_t i;
    if (n < 2) return;
    for (i = n / 2; i-- > 0;) nn__sift(v, size, i, n, cmp, ctx);
    for (i = n - 1; i > 0; i--) {
        nn__swap(v, v + i * size, size);
        nn__sift(v, size, 0, i, cmp, ctx);
    }
}

/* by object, then by the decoded key, code point by code point */
static int nn__key_cmp(const void *ctx, const void *a, const void *b)
{
    const nn__hdr *h = (const nn__hdr *)ctx;
    const nn__keyrec *x = (const nn__keyrec *)a, *y = (const nn__keyrec *)b;
    size_t i = (size_t)x->pos + 1, j = (size_t)y->pos + 1;
    if (x->obj != y->obj) return x->obj < y->obj ? -1 : 1;
    for (;;) {
        long c = nn__str_next(h->s, h->n, &i), d = nn__str_next(h->s, h->n, &j);
        if (c != d) return c < d ? -1 : 1;
        if (c < 0) return 0;    /* both ended (the parse checked them) */
    }
}

/* by data_offsets */
static int nn__range_cmp(const void *ctx, const void *a, const void *b)
{
    const nn__trec *x = (const nn__trec *)a, *y = (const nn__trec *)b;
    (void)ctx;
    if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return 0;
}

/* the layers' tensors first, by K, each weight before its bias */
static int nn__layer_cmp(const void *ctx, const void *a, const void *b)
{
    const nn__trec *x = (const nn__trec *)a, *y = (const nn__trec *)b;
    (void)ctx;
    if ((x->role == NN__OTHER) != (y->role == NN__OTHER))
        return x->role == NN__OTHER ? 1 : -1;
    if (x->k != y->k) return x->k < y->k ? -1 : 1;
    return (int)x->role - (int)y->role;
}

/* no object has a key twice; the tensors tile the data exactly (the first
   pass saw that the largest end is the data's length) */
static int nn__cross_checks(nn__hdr *h)
{
    size_t k;
    uint64_t at = 0;
    nn__sort(h->keys, h->n_keys, sizeof *h->keys, nn__key_cmp, h);
    for (k = 1; k < h->n_keys; k++)
        if (nn__key_cmp(h, &h->keys[k - 1], &h->keys[k]) == 0)
            return nn__dup(h, h->keys[k].pos);
    nn__sort(h->trecs, h->n_tensors, sizeof *h->trecs, nn__range_cmp, NULL);
    for (k = 0; k < h->n_tensors; k++) {
        const nn__trec *t = &h->trecs[k];
        if (t->begin < at) {
            const uint64_t v[2] = {h->trecs[k - 1].pos, t->pos};
            return nn__fail(h, "tensors %j and %j overlap in the data", NULL, v);
        }
        if (t->begin > at) {
            const uint64_t v[2] = {at, t->begin};
            return nn__fail(h, "data bytes %u to %u belong to no tensor", NULL, v);
        }
        at = t->end;
    }
    return 1;
}

/* "missing tensor hidden.bias" or "missing tensor 4.bias" */
static int nn__missing(nn__hdr *h, uint64_t k, int role)
{
    const uint64_t v[1] = {k};
    if (h->n_old)
        return nn__fail(h, "missing tensor %s", nn__names[2 * (size_t)k + (role == NN__BIAS)], v);
    return nn__fail(h, role == NN__BIAS ? "missing tensor %u.bias" : "missing tensor %u.weight",
                    NULL, v);
}

/* The layers from the records sorted by nn__layer_cmp: each K a weight
   (n_out,n_in) and a bias (n_out), each layer's n_in the n_out before it;
   widths[0..L] and *L. The 1.x names need both layers. Every width is at
   most the data's length (its tensor's bytes), so it fits size_t. */
static int nn__layers(nn__hdr *h, size_t *widths, size_t *L)
{
    const nn__trec *r = h->trecs;
    size_t n = h->n_numbered + h->n_old, i, l = 0;
    for (i = 0; i < n; i += 2, l++) {
        const nn__trec *w = &r[i], *b = &r[i + 1];
        uint64_t v[5];
        if (h->n_old && w->k != l) return nn__missing(h, l, NN__WEIGHT);
        if (w->role != NN__WEIGHT) return nn__missing(h, w->k, NN__WEIGHT);
        if (i + 1 == n || b->k != w->k) return nn__missing(h, w->k, NN__BIAS);
        v[0] = w->pos; v[1] = w->dim[0]; v[2] = w->dim[1]; v[3] = l; v[4] = widths[l];
        if (w->rank != 2) return nn__fail(h, "%j must have 2 dimensions", NULL, v);
        if (b->rank != 1) {
            v[0] = b->pos;
            return nn__fail(h, "%j must have 1 dimension", NULL, v);
        }
        if (!w->dim[0] || !w->dim[1]) return nn__fail(h, "zero width: %j is %ux%u", NULL, v);
        if (l && w->dim[1] != widths[l])
            return nn__fail(h, "shape mismatch: %j is %ux%u but layer %u gives %u inputs",
                            NULL, v);
        if (b->dim[0] != w->dim[0]) {
            v[2] = b->pos; v[3] = b->dim[0];
            return nn__fail(h, "shape mismatch: %j has %u rows but %j %u elements", NULL, v);
        }
        if (!l) widths[0] = (size_t)w->dim[1];
        widths[l + 1] = (size_t)w->dim[0];
    }
    if (h->n_old && l < 2) return nn__missing(h, l, NN__WEIGHT);
    *L = l;
    return 1;
}

/* The next name in the metadata string whose text continues at *i, up to
   a ',' outside parentheses (when split) or its end, into name (cap
   bytes, cut short, ending in NUL) as printable ASCII, '?' for any other
   character; 1 when a ',' ended it. */
static int nn__meta_name(const nn__hdr *h, size_t *i, int split, char *name, size_t cap)
{
    size_t k = 0;
    long c, depth = 0;
    while ((c = nn__str_next(h->s, h->n, i)) >= 0 && !(split && c == ',' && depth <= 0)) {
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (k + 1 < cap) name[k++] = (char)(c >= 0x20 && c < 0x7F ? c : '?');
    }
    name[k] = '\0';
    return c == ',';
}

/* the activation of the metadata's text name, with its parameters into
   p; 0 after saying why it is refused */
static int nn__meta_act(nn__hdr *h, const char *name, nn_act *a, nn_real *p)
{
    size_t n = strcspn(name, "( ");
    char bare[24];
    if (nn_act_parse_params(name, strlen(name), a, p) == NN_OK) return 1;
    if (n < sizeof bare) {
        memcpy(bare, name, n);
        bare[n] = '\0';
        if (nn_act_parse(bare, a) == NN_OK)
            return nn__fail(h, "bad parameters in activation %s", name, NULL);
    }
    return nn__fail(h, "unknown activation %s", name, NULL);
}

/* acts[0..L): the caller's, the file's "activations" (one per layer) or
   "activation" (one for all), or for the 1.x names the sigmoid; and when
   layers is not NULL (the network made from acts), the file's parameters
   of them into layers[l].act_param */
static int nn__acts(nn__hdr *h, const nn_load_opts *opts, nn_act *acts, nn_layer *layers,
                    size_t L)
{
    size_t l, n = 0, i;
    char name[128];
    uint64_t v[2];
    v[0] = L;
    if (opts && opts->acts) {
        v[1] = opts->n_acts;
        if (opts->n_acts != L)
            return nn__fail(h, "activations for %u layers, %u given", NULL, v);
        for (l = 0; l < L; l++) acts[l] = opts->acts[l];
        return 1;
    }
    if (h->act && h->acts)
        return nn__fail(h, "both \"activation\" and \"activations\" in __metadata__", NULL, v);
    if (!h->act && !h->acts) {
        if (!h->n_old)
            return nn__fail(h, "no activations: the file has no \"activations\" "
                               "metadata and none were given", NULL, v);
        for (l = 0; l < L; l++) acts[l] = NN_ACT_SIGMOID;
        return 1;
    }
    i = (h->acts ? h->acts : h->act) + 1;
    for (;;) {
        int comma = nn__meta_name(h, &i, h->acts != 0, name, sizeof name);
        nn_act a;
        nn_real p[NN_ACT_MAX_PARAMS];
        if (!nn__meta_act(h, name, &a, p)) return 0;
        if (n < L) acts[n] = a;
        if (n < L && layers) memcpy(layers[n].act_param, p, sizeof p);
        n++;
        if (!comma) break;
    }
    v[1] = n;
    if (h->acts && n != L)
        return nn__fail(h, "activations for %u layers, the file lists %u", NULL, v);
    for (l = n; l < L; l++) {                       /* one "activation" */
        acts[l] = acts[0];
        if (layers) memcpy(layers[l].act_param, layers[0].act_param, sizeof layers[l].act_param);
    }
    return 1;
}

/* the caller's loss, the file's, or the sum of squares */
static int nn__loss_of(nn__hdr *h, const nn_load_opts *opts, nn_loss *loss)
{
    char name[24];
    size_t i = h->loss + 1;
    *loss = NN_LOSS_SSE;
    if (opts && opts->loss) {
        *loss = *opts->loss;
    } else if (h->loss) {
        nn__meta_name(h, &i, 0, name, sizeof name);
        if (nn_loss_parse(name, loss) != NN_OK)
            return nn__fail(h, "unknown loss %s", name, NULL);
    }
    return 1;
}

/* softmax only last; the loss fits the output (as nn_net_init_layers asks) */
static int nn__acts_fit(nn__hdr *h, const nn_act *acts, size_t L, nn_loss loss)
{
    size_t l;
    uint64_t v[2];
    for (l = 0; l + 1 < L; l++)
        if (acts[l] == NN_ACT_SOFTMAX) {
            v[0] = l + 1;
            v[1] = L;
            return nn__fail(h, "softmax in layer %u of %u: only the last may have it",
                            NULL, v);
        }
    v[0] = (uint64_t)loss;
    v[1] = (uint64_t)acts[L - 1];
    if (!nn__loss_fits(loss, acts[L - 1]))
        return nn__fail(h, "loss %L does not fit a %A output (bce needs sigmoid, "
                           "cross_entropy softmax)", NULL, v);
    return 1;
}

/* the tensor t (R,C) into dst: element (r, c) goes to dst[r*rs + c*cs] */
static void nn__get_tensor(nn_real *dst, const unsigned char *data, const nn__trec *t,
                           size_t R, size_t C, size_t rs, size_t cs)
{
    const unsigned char *q = data + t->begin;
    size_t r, c;
    for (r = 0; r < R; r++)
        for (c = 0; c < C; c++, q += t->fl) dst[r * rs + c * cs] = nn__get_real(q, t->fl);
}

/* The network the checked records describe, into *out. widths and acts
   lie after the records, room for n/2 + 1 of each (n layer tensors). */
static nn_status nn__build(nn__hdr *h, const unsigned char *data,
                           const nn_load_opts *opts, nn_net *out)
{
    size_t n = h->n_numbered + h->n_old, L = 0, l;
    size_t *widths = (size_t *)(void *)(h->trecs + h->n_tensors);
    nn_act *acts = (nn_act *)(void *)(widths + n / 2 + 1);
    nn_loss loss;
    nn_status st;
    nn__sort(h->trecs, h->n_tensors, sizeof *h->trecs, nn__layer_cmp, NULL);
    if (!nn__layers(h, widths, &L) || !nn__acts(h, opts, acts, NULL, L) ||
        !nn__loss_of(h, opts, &loss) || !nn__acts_fit(h, acts, L, loss))
        return NN_ERR_FORMAT;
    st = nn_net_init_layers(out, L, widths, acts, loss);
    if (st != NN_OK) return st;     /* no memory: every argument was checked */
    (void)nn__acts(h, opts, acts, out->layers, L);  /* the parameters: as checked */
    for (l = 0; l < L; l++) {
        nn_layer *y = &out->layers[l];
        /* "K.weight" (n_out,n_in) -> w (n_in,n_out); "K.bias" (n_out) -> b */
        nn__get_tensor(y->w.data, data, &h->trecs[2 * l], y->n_out, y->n_in, 1, y->n_out);
        nn__get_tensor(y->b.data, data, &h->trecs[2 * l + 1], 1, y->n_out, 0, 1);
    }
    return NN_OK;
}

/* nn__say into h->why; NN_ERR_FORMAT */
static nn_status nn__refuse(nn__hdr *h, const char *fmt, const uint64_t *v)
{
    nn__say(h->why, h, fmt, NULL, v);
    return NN_ERR_FORMAT;
}

/* What nn_load_meta* ask for: the value under key into out (cap bytes)
   when it fits, and its length into *len */
typedef struct nn__meta_req {
    const char *key;
    char *out;
    size_t cap;
    size_t *len;
} nn__meta_req;

/* the value under mr->key (found by the parse) into mr->out when it fits,
   and its length */
static void nn__meta_value(nn__hdr *h, const nn__meta_req *mr)
{
    size_t len = (size_t)-1;
    if (h->meta) {
        h->i = h->meta;
        nn__str(h, NULL, 0, &len);
        if (len < mr->cap) {
            h->i = h->meta;
            nn__str(h, mr->out, mr->cap, &len);
            mr->out[len] = '\0';
        }
    }
    *mr->len = len;
}

/* The file in p[0..len) into *net, or (net NULL) only the value mr asks
   for, or why not. Every check comes before any allocation that a length
   in the file sizes, and the allocations stay under twice len: the keys
   take 8 bytes each, each at least 5 bytes of header ("":0,); the tensor
   records 48 bytes each, with their 4 keys under 1.7 per byte of their at
   least 49 bytes of header. The keys are freed before the network is
   made; it takes at most 2 bytes per data byte (an F32 file in a double
   build) and an nn_layer per 120 bytes of header (a layer's two tensors),
   beside the records. */
static nn_status nn__load(nn_net *net, const nn__meta_req *mr, const unsigned char *p,
                          size_t len, const nn_load_opts *opts, char *why)
{
    nn__hdr h;
    uint64_t hn, v[2];
    size_t dlen, n_layer, rb;
    nn_net t;
    nn_status st;
    memset(&h, 0, sizeof h);
    h.why = why;
    h.meta_key = mr ? mr->key : NULL;
    why[0] = '\0';
    v[0] = len;
    if (len < 8)
        return nn__refuse(&h, "truncated: %u bytes, under the 8 of the header length", v);
    v[0] = hn = nn__get64(p);
    v[1] = len - 8;
    if (hn > NN__MAX_HEADER)
        return nn__refuse(&h, "header length %u over the limit of 100000000", v);
    if (hn > len - 8) return nn__refuse(&h, "truncated: header says %u bytes, %u present", v);
    h.s = p + 8;
    h.n = (size_t)hn;
    dlen = len - 8 - h.n;
    if (!nn__first_pass(&h)) return NN_ERR_FORMAT;
    v[0] = h.data_end;
    v[1] = dlen;
    if (h.data_end > dlen)
        return nn__refuse(&h, "truncated: the tensors take %u bytes of data, %u present", v);
    if (h.data_end < dlen)
        return nn__refuse(&h, "the tensors take %u bytes of data, %u follow the header", v);

    /* the counts are below h.n, the widths and activations at most half a
       count more than the layer tensors */
    n_layer = h.n_numbered + h.n_old;
    rb = h.n_tensors * sizeof(nn__trec) + (n_layer / 2 + 1) * (sizeof(size_t) + sizeof(nn_act));
    h.keys = (nn__keyrec *)NN_MALLOC(h.n_keys * sizeof(nn__keyrec));
    h.trecs = h.keys ? (nn__trec *)NN_MALLOC(rb) : NULL;
    if (!h.trecs) {
        if (h.keys) NN_FREE(h.keys);
        return NN_ERR_NOMEM;
    }
    h.keys_cap = h.n_keys;
    h.trecs_cap = h.n_tensors;
    nn__parse(&h);      /* the same text: it passes again, recording */
    st = nn__cross_checks(&h) ? NN_OK : NN_ERR_FORMAT;
    NN_FREE(h.keys);
    if (st == NN_OK) st = nn__build(&h, h.s + h.n, opts, &t);
    NN_FREE(h.trecs);
    if (st == NN_OK && net) *net = t;
    if (st == NN_OK && !net) {
        nn__meta_value(&h, mr);
        nn_net_free(&t);
    }
    return st;
}

/* why, when still empty, gets the status's own words; the status */
static nn_status nn__done(nn_status st, char *why)
{
    if (st != NN_OK && !why[0]) nn__say_plain(why, "%s", nn_strerror(st), NULL);
    return st;
}

/* the caller's activations and loss are ones nn.h has */
static int nn__opts_ok(const nn_load_opts *opts, char *why)
{
    size_t l;
    uint64_t v[1];
    if (!opts) return 1;
    for (l = 0; opts->acts && l < opts->n_acts; l++)
        if (!nn__act_ok(opts->acts[l])) {
            v[0] = l;
            nn__say_plain(why, "acts[%u] is not an activation", NULL, v);
            return 0;
        }
    if (opts->loss && !nn__loss_ok(*opts->loss)) {
        nn__say_plain(why, "*loss is not a loss", NULL, NULL);
        return 0;
    }
    return 1;
}

/* nn_load_meta*'s arguments into *mr, or why they are refused */
static int nn__meta_args(nn__meta_req *mr, const char *key, char *out, size_t cap,
                         size_t *len, char *why)
{
    const char *bad = !key ? "key is NULL" : !len ? "len is NULL"
                    : !out && cap ? "out is NULL, cap is not 0" : NULL;
    if (bad) {
        nn__say_plain(why, "%s", bad, NULL);
        return 0;
    }
    mr->key = key;
    mr->out = out;
    mr->cap = cap;
    mr->len = len;
    return 1;
}

/* the why a load writes, opts' or own, emptied */
static char *nn__why(nn_load_opts *opts, char *own)
{
    char *why = opts ? opts->why : own;
    why[0] = '\0';
    return why;
}

/* the loads from memory, into *net or (net NULL) for mr's value */
static nn_status nn__load_mem(nn_net *net, const nn__meta_req *mr, const void *buf,
                              size_t len, const nn_load_opts *opts, char *why)
{
    if ((!buf && len) || !nn__opts_ok(opts, why)) return nn__done(NN_ERR_ARG, why);
    if (mr && nn__overlap_bytes(mr->out, mr->cap, buf, len)) {
        nn__say_plain(why, "out overlaps the file's bytes", NULL, NULL);
        return NN_ERR_ARG;
    }
    return nn__done(nn__load(net, mr, (const unsigned char *)buf, len, opts, why), why);
}

NNDEF nn_status nn_load_mem_ex(nn_net *net, const void *buf, size_t len,
                               nn_load_opts *opts)
{
    char own[NN__WHY], *why = nn__why(opts, own);
    if (!net) return nn__done(NN_ERR_ARG, why);
    return nn__load_mem(net, NULL, buf, len, opts, why);
}

NNDEF nn_status nn_load_meta_mem(const void *buf, size_t blen, const char *key, char *out,
                                 size_t cap, size_t *len, nn_load_opts *opts)
{
    char own[NN__WHY], *why = nn__why(opts, own);
    nn__meta_req mr;
    if (!nn__meta_args(&mr, key, out, cap, len, why)) return NN_ERR_ARG;
    return nn__load_mem(NULL, &mr, buf, blen, opts, why);
}

NNDEF nn_status nn_load_mem(nn_net *net, const void *buf, size_t len)
{
    return nn_load_mem_ex(net, buf, len, NULL);
}

#ifndef NN_NO_STDIO
typedef struct nn__buf { unsigned char *p; size_t len, cap; } nn__buf;

/* Reads until b holds want bytes or the stream ends (NN_OK either way; the
   caller compares b->len). The buffer grows to at most twice the bytes that
   actually arrived, so a length field cannot make it outgrow the stream. */
static nn_status nn__read(FILE *f, nn__buf *b, size_t want)
{
    while (b->len < want) {
        size_t room, got;
        if (b->len == b->cap) {
            size_t cap = !b->cap ? 4096 : b->cap > SIZE_MAX / 2 ? SIZE_MAX : 2 * b->cap;
            unsigned char *q;
            if (cap > want) cap = want;
            q = (unsigned char *)NN_MALLOC(cap);
            if (!q) return NN_ERR_NOMEM;
            if (b->len) memcpy(q, b->p, b->len);
            if (b->p) NN_FREE(b->p);
            b->p = q;
            b->cap = cap;
        }
        room = b->cap - b->len;
        if (room > want - b->len) room = want - b->len;
        got = fread(b->p + b->len, 1, room, f);
        b->len += got;
        if (got < room) return ferror(f) ? NN_ERR_IO : NN_OK;
    }
    return NN_OK;
}

/* one file's bytes from f, into *net or (net NULL) for mr's value */
static nn_status nn__load_stream(nn_net *net, const nn__meta_req *mr, FILE *f,
                                 const nn_load_opts *opts, char *why)
{
    nn__buf b;
    nn__hdr h;
    uint64_t hn = NN__MAX_HEADER + 1;
    nn_status st;
    if (!f || !nn__opts_ok(opts, why)) return nn__done(NN_ERR_ARG, why);
    memset(&b, 0, sizeof b);
    /* the length, the header, then as many data bytes as the header says;
       a stream that ends early leaves nn__load a truncated file to refuse */
    st = nn__read(f, &b, 8);
    if (st == NN_OK && b.len == 8) hn = nn__get64(b.p);
    if (st == NN_OK && hn <= NN__MAX_HEADER) st = nn__read(f, &b, 8 + (size_t)hn);
    if (st == NN_OK && hn <= NN__MAX_HEADER && b.len == 8 + hn) {
        memset(&h, 0, sizeof h);
        h.why = why;
        h.s = b.p + 8;
        h.n = (size_t)hn;
        if (nn__parse(&h) && h.data_end <= SIZE_MAX - b.len)
            st = nn__read(f, &b, b.len + (size_t)h.data_end);
    }
    if (st == NN_OK) st = nn__load(net, mr, b.p, b.len, opts, why);
    if (b.p) NN_FREE(b.p);
    return nn__done(st, why);
}

NNDEF nn_status nn_load_ex(nn_net *net, FILE *f, nn_load_opts *opts)
{
    char own[NN__WHY], *why = nn__why(opts, own);
    if (!net) return nn__done(NN_ERR_ARG, why);
    return nn__load_stream(net, NULL, f, opts, why);
}

NNDEF nn_status nn_load_meta(FILE *f, const char *key, char *out, size_t cap, size_t *len,
                             nn_load_opts *opts)
{
    char own[NN__WHY], *why = nn__why(opts, own);
    nn__meta_req mr;
    if (!nn__meta_args(&mr, key, out, cap, len, why)) return NN_ERR_ARG;
    return nn__load_stream(NULL, &mr, f, opts, why);
}

NNDEF nn_status nn_load(nn_net *net, FILE *f)
{
    return nn_load_ex(net, f, NULL);
}

/* the file at path, into *net or (net NULL) for mr's value */
static nn_status nn__load_path(nn_net *net, const nn__meta_req *mr, const char *path,
                               const nn_load_opts *opts, char *why)
{
    nn__buf b;
    FILE *f;
    nn_status st;
    if (!path || !nn__opts_ok(opts, why)) return nn__done(NN_ERR_ARG, why);
    f = fopen(path, "rb");
    if (!f) {
        nn__say_plain(why, "cannot open %s", path, NULL);
        return NN_ERR_IO;
    }
    memset(&b, 0, sizeof b);
    st = nn__read(f, &b, SIZE_MAX);
    fclose(f);
    if (st == NN_OK) st = nn__load(net, mr, b.p, b.len, opts, why);
    if (b.p) NN_FREE(b.p);
    return nn__done(st, why);
}

NNDEF nn_status nn_load_file_ex(nn_net *net, const char *path, nn_load_opts *opts)
{
    char own[NN__WHY], *why = nn__why(opts, own);
    if (!net) return nn__done(NN_ERR_ARG, why);
    return nn__load_path(net, NULL, path, opts, why);
}

NNDEF nn_status nn_load_meta_file(const char *path, const char *key, char *out, size_t cap,
                                  size_t *len, nn_load_opts *opts)
{
    char own[NN__WHY], *why = nn__why(opts, own);
    nn__meta_req mr;
    if (!nn__meta_args(&mr, key, out, cap, len, why)) return NN_ERR_ARG;
    return nn__load_path(NULL, &mr, path, opts, why);
}

NNDEF nn_status nn_load_file(nn_net *net, const char *path)
{
    return nn_load_file_ex(net, path, NULL);
}
#endif

#endif /* NN_NO_FILES */
#ifdef __cplusplus
}
#endif
#endif /* NN_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
This software is available under 2 licenses -- choose whichever you prefer.
------------------------------------------------------------------------------
ALTERNATIVE A - MIT License
Copyright (c) 2026 the nn.h authors
Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:
The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
------------------------------------------------------------------------------
ALTERNATIVE B - Public Domain (www.unlicense.org)
This is free and unencumbered software released into the public domain.
Anyone is free to copy, modify, publish, use, compile, sell, or distribute this
software, either in source code form or as a compiled binary, for any purpose,
commercial or non-commercial, and by any means.
In jurisdictions that recognize copyright laws, the author or authors of this
software dedicate any and all copyright interest in the software to the public
domain. We make this dedication in perpetuity for the benefit of the public at
large and to the detriment of all present and future heirs and successors to
this software under copyright law.
------------------------------------------------------------------------------
*/
