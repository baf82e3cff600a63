/* Every macro nn.h leaves for a build to define (each guarded by #ifndef
   there), defined here: small blocks, so that a product of modest size
   takes the blocked path with several blocks of K and of M; nothing read in
   place; the activations plain static inline; NN_REAL itself is set by the
   float fixture. nn_mat_gemm must agree with a plain loop, and the session
   must train. */
#define NN__KC ((size_t)32)
#define NN__AB_BYTES ((size_t)32 * 16 * sizeof(nn_real))
#define NN__DIRECT_BYTES 0
#define NN__INLINE static inline
#define NN_IMPLEMENTATION
#include "nn.h"
#include "session.h"

#include <math.h>

int main(void)
{
    enum { M = 70, N = 45, K = 100 };
    static nn_real a[M * K], b[K * N], c[M * N];
    nn_rng rng = nn_rng_seed(3);
    size_t i, j, p;
    int bad = 0;
    nn_mat_rand(nn_mat_view(a, M, K), &rng, -1, 1);
    nn_mat_rand(nn_mat_view(b, K, N), &rng, -1, 1);
    if (nn_mat_gemm(nn_mat_view(c, M, N), 1, nn_mat_view(a, M, K), 0,
                    nn_mat_view(b, K, N), 0, 0) != NN_OK)
        return 1;
    for (i = 0; i < M; i++)
        for (j = 0; j < N; j++) {
            double s = 0, m = 0;
            for (p = 0; p < K; p++) {
                s += (double)a[i * K + p] * (double)b[p * N + j];
                m += fabs((double)a[i * K + p] * (double)b[p * N + j]);
            }
            if (!(fabs((double)c[i * N + j] - s) <= 1e-5 * m)) bad = 1;
        }
    return bad || ck_session();
}
