/* The plain version of one training step that nn.h is measured against:
   the same network and math, straightforward i-k-j loops, libm's exp.
   w1 (I,H), b1 (1,H), w2 (H,O), b2 (1,O) laid out as in nn_net.params;
   scratch holds N*(2H + 2O) + n_params reals. */
#ifndef NN_BENCH_PLAIN_H
#define NN_BENCH_PLAIN_H
#include <math.h>

/* c (M,N) = a (M,K) b (K,N), or a^T b when ta (a stored (K,M)), or a b^T
   when tb (b stored (N,K)) */
static void plain_gemm(size_t M, size_t N, size_t K, const nn_real *a, int ta,
                       const nn_real *b, int tb, nn_real *c)
{
    size_t i, j, k;
    for (i = 0; i < M; i++) {
        nn_real *ci = c + i * N;
        for (j = 0; j < N; j++) ci[j] = 0;
        for (k = 0; k < K; k++) {
            nn_real aik = ta ? a[k * M + i] : a[i * K + k];
            if (tb) for (j = 0; j < N; j++) ci[j] += aik * b[j * K + k];
            else    for (j = 0; j < N; j++) ci[j] += aik * b[k * N + j];
        }
    }
}

static nn_real plain_sigmoid(nn_real x)
{
    return (nn_real)(1 / (1 + exp(-(double)x)));
}

static void plain_train_step(size_t I, size_t H, size_t O, size_t N, nn_real *p,
                             const nn_real *x, const nn_real *y, nn_real rate,
                             nn_real *scratch)
{
    nn_real *w1 = p, *b1 = w1 + I * H, *w2 = b1 + H, *b2 = w2 + H * O;
    size_t np = I * H + H + H * O + O, i, j;
    nn_real *h = scratch, *o = h + N * H, *dout = o + N * O, *dhid = dout + N * O;
    nn_real *g = dhid + N * H, *gw1 = g, *gb1 = gw1 + I * H, *gw2 = gb1 + H;
    nn_real *gb2 = gw2 + H * O;
    plain_gemm(N, H, I, x, 0, w1, 0, h);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) h[i * H + j] = plain_sigmoid(h[i * H + j] + b1[j]);
    plain_gemm(N, O, H, h, 0, w2, 0, o);
    for (i = 0; i < N; i++)
        for (j = 0; j < O; j++) o[i * O + j] = plain_sigmoid(o[i * O + j] + b2[j]);
    for (i = 0; i < N * O; i++)
        dout[i] = -2 * (y[i] - o[i]) * o[i] * (1 - o[i]);
    plain_gemm(H, O, N, h, 1, dout, 0, gw2);
    plain_gemm(N, H, O, dout, 0, w2, 1, dhid);
    for (i = 0; i < N * H; i++) dhid[i] *= h[i] * (1 - h[i]);
    plain_gemm(I, H, N, x, 1, dhid, 0, gw1);
    for (j = 0; j < H; j++) gb1[j] = 0;
    for (j = 0; j < O; j++) gb2[j] = 0;
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) gb1[j] += dhid[i * H + j];
        for (j = 0; j < O; j++) gb2[j] += dout[i * O + j];
    }
    for (i = 0; i < np; i++) p[i] -= rate * g[i];
}
#endif
