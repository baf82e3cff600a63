/* The latency floor of one step of the article's network (3-4-1, 4 rows,
   sigmoid layers, sum of squares, plain gradient descent), measured on
   this machine with this build's flags.

   Each step needs the weights the step before wrote, so steps cannot
   overlap: a step takes at least the longest chain of operations that
   depend on each other, from the weights to the updated weights:
     hidden   z = (((0 + x0 w0) + x1 w1) + x2 w2) + b    1 mul, 4 adds
              h = sigmoid(z)                               1 sigmoid
     output   z = ((((0 + h0 v0) + ...) + h3 v3) + c       1 mul, 5 adds
              yh = sigmoid(z)                              1 sigmoid
     delta    d = (-2 (y - yh)) (yh (1 - yh))              1 add, 2 muls
     below    d_h = (0 + d v) (h (1 - h))                  1 add, 2 muls
     gradient g = (0 + x0 d_h0) + ... + x3 d_h3            1 mul, 4 adds
     update   w = w - rate g                               1 mul, 1 add
   (the other operations run beside this chain): 8 multiplies, 16 adds
   and 2 sigmoids, one after another. Each is timed here as a chain of
   itself, the sigmoid as the vector code nn.h's tiny path runs (4 lanes,
   its own target attribute where nn.h uses one), and the floor is their
   sum. nn_train_step's own step is timed beside it (and nn.h 2.1's, their
   samples in turn: bench/bench_old.h), and NumPy's article code (argv[1],
   from bench/numpy_train.py) gives the most any code with these
   operations could gain over it here. */
#include "bench.h"
#define NN_IMPLEMENTATION
#include "nn.h"
#include "train_task.h"
#include "bench_old.h"

#define CHAIN 4096   /* operations per call */

typedef struct chain { nn_real v, k; } chain;

static void run_add(void *arg)
{
    chain *c = (chain *)arg;
    nn_real s = c->v;
    int i;
    for (i = 0; i < CHAIN; i++) s = s + c->k;
    c->v = s;
}

static void run_mul(void *arg)
{
    chain *c = (chain *)arg;
    nn_real s = c->v;
    int i;
    for (i = 0; i < CHAIN; i++) s = s * c->k;
    c->v = s;
}

#ifdef NN__HAVE_VEC
/* one vector sigmoid after another, each on the one before: 4 lanes, as
   the tiny path's strips */
static NN__TV void sig_chain(nn_real *v)
{
    nn__t x;
    int i;
    memcpy(&x, v, sizeof x);
    for (i = 0; i < CHAIN; i++) x = nn__sigmoid_t(x);
    memcpy(v, &x, sizeof x);
}
#endif

static void run_sigmoid(void *arg)
{
    nn_real *v = (nn_real *)arg;
    int i;
#ifdef NN__HAVE_VEC
    if (nn__vec_ok()) {
        sig_chain(v);
        return;
    }
#endif
    for (i = 0; i < CHAIN; i++) v[0] = nn_sigmoid(v[0]);   /* no vectors here */
}

/* NumPy's median for `key` from bench/numpy_train.py's file, or 0 */
static double numpy_median(const char *file, const char *key)
{
    char k[64];
    double a, b, c, found = 0;
    FILE *f = file ? fopen(file, "r") : NULL;
    if (!f) return 0;
    while (fscanf(f, "%63s %lf %lf %lf", k, &a, &b, &c) == 4)
        if (strcmp(k, key) == 0) found = a;
    fclose(f);
    return found;
}

int main(int argc, char **argv)
{
    const char *flags = argc > 2 ? argv[2] : "";
    chain ca, cm;
    nn_real sv[4] = {0.1, 0.2, 0.3, 0.4};
    const bench_old *v2 = bench_v2();
    const int f32 = sizeof(nn_real) == sizeof(float);
    bench_stat add, mul, sig, step[2] = {{0, 0, 0}, {0, 0, 0}};
    double floor_s, numpy;
    task t;
    void *t2 = NULL;
    ca.v = 0; ca.k = (nn_real)1e-3;
    cm.v = 1; cm.k = (nn_real)1.0000001;
    add = bench_run(run_add, &ca, 0.02);
    mul = bench_run(run_mul, &cm, 0.02);
    sig = bench_run(run_sigmoid, sv, 0.02);
    floor_s = (8 * mul.med + 16 * add.med + 2 * sig.med) / CHAIN;
    task_make(&t, BENCH_XOR);
    t.steps = 1;   /* one step a call */
    if (v2) {   /* and 2.1's, samples in turn */
        void (*const fn[])(void *) = {run_nn, v2->run};
        void *arg[2];
        t2 = v2->task_new(BENCH_XOR);
        v2->task_steps(t2, 1);
        arg[0] = &t; arg[1] = t2;
        bench_turns(2, fn, arg, 0, 0.05, step);
    } else {
        step[0] = bench_run(run_nn, &t, 0.05);
    }
    printf("XOR step's dependency chain, %s, %s (values %g %g %g)\n", flags,
           f32 ? "float" : "double", (double)ca.v, (double)cm.v, (double)sv[0]);
    printf("  add %.3g ns, multiply %.3g ns, sigmoid %.3g ns (%s)\n", add.med / CHAIN * 1e9,
           mul.med / CHAIN * 1e9, sig.med / CHAIN * 1e9,
#ifdef NN__HAVE_VEC
           nn__vec_ok() ? "4 lanes" : "scalar"
#else
           "scalar"
#endif
    );
    printf("  floor: 8 multiplies + 16 adds + 2 sigmoids = %.1f ns a step, %.0f us for 1500\n",
           floor_s * 1e9, 1500 * floor_s * 1e6);
    printf("  nn_train_step: %.1f ns a step, %.2fx the floor\n", step[0].med * 1e9,
           step[0].med / floor_s);
    if (v2)
        printf("  nn.h %s's nn_train_step: %.1f ns a step, nn.h %.3fx its time\n",
               v2->version, step[1].med * 1e9, step[0].med / step[1].med);
    else
        printf("  %s\n", bench_v2_about());
    numpy = numpy_median(argc > 1 ? argv[1] : NULL, "xor_f64");
    if (numpy > 0)
        printf("  NumPy's article code: %.1f ms for 1500 steps; at the floor: %.0fx\n",
               numpy * 1e3, numpy / (1500 * floor_s));
    bench_record(f32 ? "xor_floor_f32" : "xor_floor_f64", "floor", 1500 * floor_s);
    bench_record(f32 ? "xor_step_f32" : "xor_step_f64", "nn", step[0].med);
    if (v2) {
        bench_record(f32 ? "xor_step_f32" : "xor_step_f64", "v2", step[1].med);
        v2->task_free(t2);
    }
    task_free(&t);
    return 0;
}
