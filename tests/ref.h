/* Plain reference versions of what nn.h computes: slow, obvious loops in
   double whatever NN_REAL is, kept apart from the library so tests can
   compare the two. Include after nn.h. Shapes: N rows, I = n_in,
   H = n_hidden, O = n_out. */
#ifndef NN_TEST_REF_H
#define NN_TEST_REF_H

#include <math.h>
#include <stddef.h>

static double ref_sigmoid(double z) { return 1.0 / (1.0 + exp(-z)); }

/* element (i, j) of op(m) for a row-major m with `cols` columns */
static double ref_op(const nn_real *m, size_t cols, int trans, size_t i, size_t j)
{
    return (double)(trans ? m[j * cols + i] : m[i * cols + j]);
}

/* c (M,N) = alpha op(a) op(b) + beta c0, the triple loop, in double.
   Also gives scale[i*N+j] = sum |alpha a b| + |beta c0|, the size of what
   was summed, to bound the rounding error of a faster order. */
static void ref_gemm(size_t M, size_t N, size_t K, double alpha,
                     const nn_real *a, size_t a_cols, int ta,
                     const nn_real *b, size_t b_cols, int tb,
                     double beta, const nn_real *c0, double *c, double *scale)
{
    size_t i, j, p;
    for (i = 0; i < M; i++)
        for (j = 0; j < N; j++) {
            double s = 0, mag = 0;
            for (p = 0; p < K; p++) {
                double t = ref_op(a, a_cols, ta, i, p) * ref_op(b, b_cols, tb, p, j);
                s += t;
                mag += fabs(alpha * t);
            }
            c[i * N + j] = alpha * s;
            if (beta != 0) {
                c[i * N + j] += beta * (double)c0[i * N + j];
                mag += fabs(beta * (double)c0[i * N + j]);
            }
            scale[i * N + j] = mag;
        }
}

/* yhat (N,O) of a network whose parameters p are laid out like nn_net's:
   w1 (I,H) | b1 (1,H) | w2 (H,O) | b2 (1,O). h gets the hidden layer (N,H). */
static void ref_forward(const double *p, size_t I, size_t H, size_t O,
                        const double *x, size_t N, double *h, double *yhat)
{
    const double *w1 = p, *b1 = w1 + I * H, *w2 = b1 + H, *b2 = w2 + H * O;
    size_t n, i, j, k;
    for (n = 0; n < N; n++) {
        for (j = 0; j < H; j++) {
            double z = b1[j];
            for (i = 0; i < I; i++) z += x[n * I + i] * w1[i * H + j];
            h[n * H + j] = ref_sigmoid(z);
        }
        for (k = 0; k < O; k++) {
            double z = b2[k];
            for (j = 0; j < H; j++) z += h[n * H + j] * w2[j * O + k];
            yhat[n * O + k] = ref_sigmoid(z);
        }
    }
}

static double ref_loss(const double *p, size_t I, size_t H, size_t O,
                       const double *x, const double *y, size_t N,
                       double *h, double *yhat)
{
    double L = 0;
    size_t i;
    ref_forward(p, I, H, O, x, N, h, yhat);
    for (i = 0; i < N * O; i++) L += (y[i] - yhat[i]) * (y[i] - yhat[i]);
    return L;
}

/* One step of the article's algorithm: no biases, rate 1, full batch.
     layer1 = s(x w1); out = s(layer1 w2)
     d2 = 2 (y - out) . out (1 - out)
     w1 += x^T ((d2 w2^T) . layer1 (1 - layer1)),  w2 += layer1^T d2
   both increments taken from the weights before the step.
   Scratch: l1 (N,H), out (N,O), d2 (N,O), d1 (N,H). Returns the loss
   before the step. */
static double ref_article_step(size_t I, size_t H, size_t O, size_t N,
                               const double *x, const double *y,
                               double *w1, double *w2, double *l1,
                               double *out, double *d2, double *d1)
{
    size_t n, i, j, k;
    double L = 0;
    for (n = 0; n < N; n++) {
        for (j = 0; j < H; j++) {
            double z = 0;
            for (i = 0; i < I; i++) z += x[n * I + i] * w1[i * H + j];
            l1[n * H + j] = ref_sigmoid(z);
        }
        for (k = 0; k < O; k++) {
            double z = 0;
            for (j = 0; j < H; j++) z += l1[n * H + j] * w2[j * O + k];
            out[n * O + k] = ref_sigmoid(z);
        }
    }
    for (n = 0; n < N * O; n++) {
        double e = y[n] - out[n];
        L += e * e;
        d2[n] = 2 * e * out[n] * (1 - out[n]);
    }
    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < O; k++) s += d2[n * O + k] * w2[j * O + k];
            d1[n * H + j] = s * l1[n * H + j] * (1 - l1[n * H + j]);
        }
    for (j = 0; j < H; j++)
        for (k = 0; k < O; k++) {
            double s = 0;
            for (n = 0; n < N; n++) s += l1[n * H + j] * d2[n * O + k];
            w2[j * O + k] += s;
        }
    for (i = 0; i < I; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (n = 0; n < N; n++) s += x[n * I + i] * d1[n * H + j];
            w1[i * H + j] += s;
        }
    return L;
}

#endif
