/* The step of the deep recipe at scale, timed whole and in its parts: a
   784-256-128-10 network (ReLU, ReLU, softmax with the cross-entropy summed
   over the batch), Adam (rate 1e-3, PyTorch's defaults otherwise), at
   batch 64 and 256. Before optimizing, the parts of a step are timed apart
   (nn_forward, nn_backprop, nn_opt_step) so that the slowest part shows;
   then the whole step (nn_train_step_opt), beside PyTorch at its best (the
   fastest of several fresh models, bench/mlp_adam.py; numbers read from
   the file argv[1], "key median min max", seconds per step). Built with
   -fopenmp, the whole step also runs on 2 threads (omp_set_num_threads)
   and the speed-up over one thread is printed.
   The data are U[0,1) rows and random one-hot labels (as bench_adam's): a
   step's time does not depend on the values, except through denormals,
   which neither these inputs nor He-uniform weights produce. */
#include "bench.h"
#define NN_IMPLEMENTATION
#include "nn.h"
#ifdef _OPENMP
#include <omp.h>
#endif

#include "adam_task.h"

#define STEP_REPS 10    /* steps per sample */

static void part_forward(void *arg)
{
    adam_task *t = (adam_task *)arg;
    if (nn_forward(&t->net, t->x, &t->w) != NN_OK) t->status = NN_ERR_ARG;
}

static void part_backprop(void *arg)
{
    adam_task *t = (adam_task *)arg;
    if (nn_backprop(&t->net, t->x, t->y, &t->w) != NN_OK) t->status = NN_ERR_ARG;
}

static void part_opt(void *arg)
{
    adam_task *t = (adam_task *)arg;
    if (nn_opt_step(&t->opt, &t->net, &t->w, (nn_real)1e-3) != NN_OK) t->status = NN_ERR_ARG;
}

static void row(const char *name, const char *impl, bench_stat st, double ref)
{
    printf("%-30s %-16s ", name, impl);
    bench_print_time(st);
    if (ref > 0) printf("  %5.1f%%", 100 * st.med / ref);
    printf("\n");
}

/* one batch size: the parts, the step, PyTorch's best, threads */
static int run(const char *file, size_t batch, const char *tag)
{
    char name[64], key[64];
    adam_task t;
    bench_stat f, b, o, s, torch;
    adam_init(&t, batch);
    sprintf(name, "784-256-128-10 Adam b%lu", (unsigned long)batch);
    f = bench_run_fixed(part_forward, &t, STEP_REPS);
    b = bench_run_fixed(part_backprop, &t, STEP_REPS);
    o = bench_run_fixed(part_opt, &t, STEP_REPS);
    s = bench_run_fixed(adam_step, &t, STEP_REPS);
    if (t.status != NN_OK) {
        printf("%s: a call failed: %s\n", name, nn_strerror(t.status));
        adam_free(&t);
        return 1;
    }
    row(name, "nn_forward", f, s.med);
    row(name, "nn_backprop", b, s.med);
    row(name, "nn_opt_step", o, s.med);
    row(name, "step", s, 0);
    sprintf(key, "step_%s_b%lu", tag, (unsigned long)batch);
    bench_record(key, "nn", s.med);
    sprintf(key, "adam_torch_%s_b%lu", tag, (unsigned long)batch);
    if (bench_lookup(file, key, &torch)) {
        row(name, "PyTorch (best)", torch, 0);
        printf("%-30s nn.h %.2fx PyTorch at its best\n", name, torch.med / s.med);
    } else {
        printf("%-30s PyTorch: skipped (no numbers)\n", name);
    }
#ifdef _OPENMP
    {
        bench_stat s2;
        omp_set_num_threads(2);
        s2 = bench_run_fixed(adam_step, &t, STEP_REPS);
        omp_set_num_threads(1);
        row(name, "step, 2 threads", s2, 0);
        printf("%-30s 2 threads %.2fx one\n", name, s.med / s2.med);
    }
#endif
    adam_free(&t);
    return t.status != NN_OK;
}

int main(int argc, char **argv)
{
    const char *file = argc > 1 ? argv[1] : NULL;
    const char *tag = NN__F32 ? "f32" : "f64";
    int bad = 0;
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    printf("784-256-128-10 relu,relu,softmax, cross-entropy (sum), Adam, %s, %s "
           "(kernel %s), 1 thread; %% of the step\n",
           NN__F32 ? "float" : "double", argc > 2 ? argv[2] : "",
           nn__ukrs[nn__ukr_row(1)].name);
    bad |= run(file, 64, tag);
    bad |= run(file, 256, tag);
    return bad;
}
