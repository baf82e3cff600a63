/* nn.h 1.x (bench/nn_v1.h, `git show main:nn.h` as released) on the tasks
   of bench/train_task.h, from its own translation unit (bench_train_v1.c,
   built with NN_STATIC, so none of its names meet nn.h 2.0's). Each
   function takes the task v1_task_new made; the run functions are
   run_nn, run_forward, run_backprop and run_update of that file. */
#ifndef NN_BENCH_V1_H
#define NN_BENCH_V1_H
#include <stddef.h>

void *v1_task_new(int which);           /* which: BENCH_XOR, ... */
void v1_task_free(void *t);
void v1_run(void *t);
void v1_forward(void *t);
void v1_backprop(void *t);
void v1_update(void *t);
const char *v1_version(void);           /* NN_VERSION of bench/nn_v1.h */
const char *v1_kernel(void);            /* the gemm kernel it runs */
long v1_allocs(void);                   /* its NN_MALLOC calls so far */
#endif
