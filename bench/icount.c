/* One operation of nn.h 2.1 or of this nn.h, called n times, for
   bench/icount.sh to count its instructions under callgrind: both built
   from bench/bench_old.c (NN_STATIC, their own objects), so each version
   is compiled the same way and called through the same table.
   Usage: icount VERSION OP N
     VERSION  2 (nn.h 2.1) or 3 (this nn.h)
     OP       step      nn_train_step on the article's XOR network (3-4-1,
                        4 rows)
              forward, backprop, update  its parts
              gemm4     nn_mat_gemm (4,4,3), gemm64 (64,32,64) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_old.h"

int main(int argc, char **argv)
{
    /* the operands, copied as nn_real by gemm_new: multiples of 1/8 in
       double, whose low 32 bits are 0, so that read as floats they are 0
       and numbers near those (never subnormal) */
    static double a[64 * 64], b[64 * 64];
    const bench_old *v = argc == 4 ? (argv[1][0] == '2' ? bench_v2() : bench_v3()) : NULL;
    const char *op = argc == 4 ? argv[2] : "";
    const long n = argc == 4 ? atol(argv[3]) : 0;
    long i;
    void (*run)(void *) = NULL;
    void *t = NULL, *g = NULL;
    if (!v) {
        fprintf(stderr, "usage: icount 2|3 step|forward|backprop|update|gemm4|gemm64 N\n");
        return 2;
    }
    for (i = 0; i < 64 * 64; i++) a[i] = b[i] = (double)(i % 7) / 8;   /* exact in float */
    if (!strcmp(op, "gemm4") || !strcmp(op, "gemm64")) {
        const size_t m = op[4] == '4' ? 4 : 64;
        g = v->gemm_new(m, m == 4 ? 4 : 32, m == 4 ? 3 : 64, 0, 0, a, b);
        run = v->gemm_run;
    } else {
        t = v->task_new(0);       /* BENCH_XOR */
        v->task_steps(t, 1);
        run = !strcmp(op, "step") ? v->run : !strcmp(op, "forward") ? v->forward
            : !strcmp(op, "backprop") ? v->backprop : !strcmp(op, "update") ? v->update : NULL;
        if (run) v->forward(t);   /* backprop and update read the forward pass */
    }
    if (!run) {
        fprintf(stderr, "icount: no operation %s\n", op);
        return 2;
    }
    for (i = 0; i < n; i++) run(g ? g : t);
    if (g) v->gemm_free(g);
    if (t) v->task_free(t);
    return 0;
}
