/* embed_full.c's one function, for test_embed.c */
#ifndef EMBED_FULL_H
#define EMBED_FULL_H

/* A network of those layers with He-uniform weights from seed and biases
   drawn too, its parameters copied to params (n_params of them), and its
   prediction for x (N rows) in y, by nn.h's full build. 0, or -1 when
   nn.h refuses. Include after nn.h. */
#ifdef __cplusplus
extern "C"
#endif
int embed_full(size_t L, const size_t *widths, const nn_act *acts, nn_loss loss,
               uint64_t seed, nn_real *params, size_t n_params, const nn_real *x,
               size_t N, nn_real *y);

#endif
