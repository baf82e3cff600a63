/* One training step of a 784-256-128-10 network: ReLU, ReLU, softmax with
   the cross-entropy loss summed over the batch, Adam (rate 1e-3, PyTorch's
   defaults otherwise), batch 256, nn_train_step_opt on one thread, beside
   NumPy and PyTorch on one thread (numbers read from the file argv[1],
   written by bench/mlp_adam.py: "key median min max", seconds per step;
   "skipped" when there are none). The ratio is against the faster of them.
   nn.h 2.1 (bench/bench_old.h) takes its samples in turn with nn.h's.
   Every implementation times the same steps from the same start: one to
   warm up, then BENCH_SAMPLES samples of ADAM_REPS steps (Adam's state,
   and so the work, changes with the step count).
   Also counts NN_MALLOC calls over those steps, after set-up (must be 0). */
#include "bench.h"
static long bench_allocs;
static void *bench_malloc(size_t n) { bench_allocs++; return malloc(n); }
#define NN_MALLOC(n) bench_malloc(n)
#define NN_FREE(p) free(p)
#define NN_IMPLEMENTATION
#include "nn.h"

#include "adam_task.h"
#include "bench_old.h"

#define ADAM_REPS 10    /* steps per sample, REPS in bench/mlp_adam.py */

#define NAME "784-256-128-10 Adam b256, step"

static void row(const char *impl, bench_stat st, double flops, double nn_med)
{
    printf("%-34s %-14s %7.2f  ", NAME, impl, flops / st.med * 1e-9);
    bench_print_time(st);
    if (nn_med > 0) printf("  nn.h %.2fx", st.med / nn_med);
    printf("\n");
}

int main(int argc, char **argv)
{
    const char *file = argc > 1 ? argv[1] : NULL;
    const int f32 = sizeof(nn_real) == sizeof(float);
    const char *tag = f32 ? "f32" : "f64";
    /* multiply-adds per step, N = 256: forward N(784*256 + 256*128 +
       128*10); the weight gradients the same; the input gradients of
       layers 2 and 3, N(256*128 + 128*10) */
    const double flops = 2.0 * ADAM_BATCH *
                         (2.0 * (784.0 * 256 + 256.0 * 128 + 128.0 * 10) +
                          (256.0 * 128 + 128.0 * 10));
    static const char *const impls[] = {"NumPy", "PyTorch"};
    static const char *const keys[] = {"numpy", "torch"};
    const char *best = NULL;
    double best_med = 0;
    const bench_old *v2 = bench_v2();
    void *t2 = v2 ? v2->adam_new() : NULL;
    adam_task t;
    bench_stat tn, st2[2];
    char adam_key[16];
    long a0;
    int i;
    printf("784-256-128-10 relu,relu,softmax, cross-entropy (sum), Adam, batch 256, "
           "%s (kernel %s; %s), 1 thread\n",
           f32 ? "float" : "double", nn__ukrs[nn__ukr_row(1)].name, bench_v2_about());
    printf("%-34s %-14s %7s  %s\n", "benchmark", "impl", "GFLOP/s",
           "time median (min-max)");
    adam_init(&t, ADAM_BATCH);
    a0 = bench_allocs;
    if (v2) {
        void (*const fn[])(void *) = {adam_step, v2->adam_step};
        void *arg[2];
        arg[0] = &t; arg[1] = t2;
        bench_turns(2, fn, arg, ADAM_REPS, 0, st2);
        tn = st2[0];
    } else {
        tn = bench_run_fixed(adam_step, &t, ADAM_REPS);
    }
    if (t.status != NN_OK) {
        printf("nn_train_step_opt failed: %s\n", nn_strerror(t.status));
        return 1;
    }
    row("nn.h", tn, flops, 0);
    sprintf(adam_key, "adam_%s", tag);
    bench_record(adam_key, "nn", tn.med);
    if (v2) {
        row("nn.h 2.1", st2[1], flops, tn.med);
        bench_record(adam_key, "v2", st2[1].med);
        v2->adam_free(t2);
    }
    for (i = 0; i < 2; i++) {
        char key[64];
        bench_stat st;
        sprintf(key, "adam_%s_%s", keys[i], tag);
        if (!bench_lookup(file, key, &st)) {
            printf("%-34s %-14s skipped (no %s numbers)\n", NAME, impls[i], impls[i]);
            continue;
        }
        row(impls[i], st, flops, tn.med);
        if (!best || st.med < best_med) { best = impls[i]; best_med = st.med; }
    }
    if (best)
        printf("%-34s nn.h %.2fx the faster of them (%s)\n", NAME, best_med / tn.med, best);
    printf("%-34s %ld allocations in %d steps after set-up (loss %.4g)\n", NAME,
           bench_allocs - a0, 1 + BENCH_SAMPLES * ADAM_REPS, (double)t.loss);
    adam_free(&t);
    return 0;
}
