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
   The data are Fashion-MNIST's first training images, each feature
   standardized with the mean and deviation of all 60,000 (as train does),
   and their labels one-hot, when argv[3] names the directory of the
   uncompressed IDX files; else U[0,1) rows and random one-hot labels (as
   bench_adam's). A step's time does not depend on the values, except
   through denormals, which neither these inputs nor He-uniform weights
   produce. */
#include "bench.h"
#include <math.h>
#define NN_IMPLEMENTATION
#include "nn.h"
#ifdef _OPENMP
#include <omp.h>
#endif

#include "adam_task.h"

#define STEP_REPS 10    /* steps per sample */
#define FM_PIXELS 784

/* the whole of an IDX file of magic `magic` and n items of `size` bytes
   (n written), or NULL */
static unsigned char *idx_read(const char *dir, const char *name, unsigned magic,
                               size_t size, size_t *n)
{
    char path[1024];
    unsigned char head[16], *d = NULL;
    size_t hlen = magic == 0x803 ? 16 : 8;
    FILE *f;
    sprintf(path, "%.1000s/%s", dir, name);
    f = fopen(path, "rb");
    if (!f) return NULL;
    if (fread(head, 1, hlen, f) == hlen &&
        ((unsigned)head[2] << 8 | head[3]) == magic) {
        *n = (size_t)head[4] << 24 | (size_t)head[5] << 16 | (size_t)head[6] << 8 | head[7];
        d = (unsigned char *)malloc(*n * size);
        if (d && fread(d, size, *n, f) != *n) { free(d); d = NULL; }
    }
    fclose(f);
    return d;
}

/* x and y of t from Fashion-MNIST's first rows (see above); 0 if read */
static int fashion_batch(adam_task *t, const char *dir)
{
    size_t n, nl, i, j;
    unsigned char *img = idx_read(dir, "train-images-idx3-ubyte", 0x803, FM_PIXELS, &n);
    unsigned char *lab = idx_read(dir, "train-labels-idx1-ubyte", 0x801, 1, &nl);
    int ok = img && lab && n == nl && n >= t->x.rows;
    for (j = 0; ok && j < FM_PIXELS; j++) {
        double s = 0, ss = 0, mean, sd;
        for (i = 0; i < n; i++) s += img[i * FM_PIXELS + j];
        mean = s / (double)n;
        for (i = 0; i < n; i++) {
            double d = img[i * FM_PIXELS + j] - mean;
            ss += d * d;
        }
        sd = sqrt(ss / (double)n);
        for (i = 0; i < t->x.rows; i++)
            NN_AT(t->x, i, j) = (nn_real)(sd > 0 ? (img[i * FM_PIXELS + j] - mean) / sd : 0);
    }
    for (i = 0; ok && i < t->y.rows; i++) {
        for (j = 0; j < t->y.cols; j++) NN_AT(t->y, i, j) = 0;
        NN_AT(t->y, i, lab[i] % t->y.cols) = 1;
    }
    free(img); free(lab);
    return ok ? 0 : -1;
}

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
static int run(const char *file, const char *fashion, size_t batch, const char *tag)
{
    char name[64], key[64];
    adam_task t;
    bench_stat f, b, o, s, torch;
    adam_init(&t, batch);
    if (fashion && fashion_batch(&t, fashion) != 0) {
        printf("bench_step: cannot read Fashion-MNIST's IDX files in %s\n", fashion);
        adam_free(&t);
        return 1;
    }
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

#ifdef _OPENMP
/* how long a cache line takes to go from one of the two threads' cores to
   the other and back, in ns (the median of BENCH_SAMPLES runs of 20,000
   round trips): what a thread pays to read what the other wrote */
static double round_trip_ns(void)
{
    double t[BENCH_SAMPLES];
    int s;
    for (s = 0; s < BENCH_SAMPLES; s++) {
        static int flag;    /* 0: thread 0's turn, 1: thread 1's */
        double t0 = 0;
        flag = 0;
#pragma omp parallel num_threads(2)
        {
            const int me = omp_get_thread_num();
            int i;
#pragma omp barrier
            if (me == 0) t0 = omp_get_wtime();
            for (i = 0; i < 20000 && omp_get_num_threads() == 2; i++) {
                while (__atomic_load_n(&flag, __ATOMIC_ACQUIRE) != me) {}
                __atomic_store_n(&flag, !me, __ATOMIC_RELEASE);
            }
#pragma omp barrier
            if (me == 0) t[s] = (omp_get_wtime() - t0) / 20000 * 1e9;
        }
    }
    return bench_stats(t).med;
}
#endif

int main(int argc, char **argv)
{
    const char *file = argc > 1 ? argv[1] : NULL;
    const char *fashion = argc > 3 ? argv[3] : NULL;
    const char *tag = NN__F32 ? "f32" : "f64";
    int bad = 0;
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    printf("784-256-128-10 relu,relu,softmax, cross-entropy (sum), Adam, %s, %s "
           "(kernel %s), 1 thread, %s; %% of the step\n",
           NN__F32 ? "float" : "double", argc > 2 ? argv[2] : "",
           nn__ukrs[nn__ukr_row(1)].name,
           fashion ? "Fashion-MNIST's first rows" : "U[0,1) rows");
#ifdef _OPENMP
    printf("a cache line between the 2 threads' cores and back: %.0f ns\n", round_trip_ns());
#endif
    bad |= run(file, fashion, 64, tag);
    bad |= run(file, fashion, 256, tag);
    return bad;
}
