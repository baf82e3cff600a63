/* FANN (Fast Artificial Neural Network Library, Debian's libfann-dev, its
   double build: doublefann.h, -ldoublefann) as a contender on two of
   bench_train's tasks, timed as bench_train times them (bench/bench.h:
   median of BENCH_SAMPLES samples, BENCH_CPUTIME honoured), in its table
   format. nn.h's ratios against these rows are in bench/run.sh's summary
   (the medians go to BENCH_OUT as "xor_f64 fann" and "digits_f64 fann").
     xor     3-4-1, the article's 4-row table, 1500 epochs (time for all)
     digits  64-32-10, 1797 rows of U[0, 1) data, one epoch
   The article's training, in FANN's terms:
   - FANN_SIGMOID in both layers: FANN computes 1/(1+exp(-2*s*sum)) with
     the steepness s (fann_activation_switch on s*sum, fann_activation.h),
     0.5 by default, set here anyway: the standard sigmoid; its
     derivative 2*s*v*(1-v) is v*(1-v).
   - FANN_ERRORFUNC_LINEAR: the output's error is (target - output), as in
     the sum of squares; the default FANN_ERRORFUNC_TANH replaces it by
     log((1+e)/(1-e)), which is not the article's loss.
   - rate 2 for the article's rate 1: FANN's incremental update
     (fann_compute_MSE, fann_backpropagate_MSE, fann_update_weights) is
     w += rate * (t - o) * o(1-o) * input, with (t - o) carried back
     through the old weights to the hidden layer; the article's step
     differentiates (t - o)^2, whose gradient has the factor 2, so it is
     w += rate * 2 (t - o) * o(1-o) * input. xor_check below does a step
     of each on the same weights, row by row, and main prints the largest
     difference. (FANN
     clips the output to [0.01, 0.99] inside the derivative only: the
     same step while the outputs stay within that range.)
   - momentum 0; weights U[0, 1) as the article's NumPy code draws them
     (fann_randomize_weights after srand: fann_create_standard seeds
     rand() from /dev/urandom itself), U[-0.1, 0.1) for digits as
     train_task.h; digits at rate 0.02 (nn.h's 0.01).
   What differs, and cannot be set: FANN has no full-batch step that sums
   the rows' gradients as the article's step does, so every epoch is four
   fann_train calls (FANN_TRAIN_INCREMENTAL, an update per row: the same
   arithmetic per row, a different trajectory); digits likewise updates
   after every row, not per batch of 32. Every layer of a FANN network has
   a bias neuron, so FANN's 3-4-1 has 21 weights to the article's 16 (and
   64-32-10 has 2410 to 2368). GFLOP/s counts the same multiply-adds as
   bench_train (bench_train_flops), without the biases. */
#include "bench.h"
#include <math.h>
#include <doublefann.h>

#define XOR_EPOCHS 1500
#define DIGITS_ROWS 1797

static fann_type xor_x[4][3] = {{0, 0, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}};
static fann_type xor_y[4][1] = {{0}, {1}, {1}, {0}};

/* a layered I-H-O network of sigmoids set up for the article's training
   (see above), weights U[lo, hi) from srand(seed) */
static struct fann *net_make(unsigned I, unsigned H, unsigned O, float rate,
                             unsigned seed, fann_type lo, fann_type hi)
{
    struct fann *ann = fann_create_standard(3, I, H, O);
    if (!ann) {
        fprintf(stderr, "fann_create_standard failed\n");
        exit(1);
    }
    fann_set_activation_function_hidden(ann, FANN_SIGMOID);
    fann_set_activation_function_output(ann, FANN_SIGMOID);
    fann_set_activation_steepness_hidden(ann, 0.5);
    fann_set_activation_steepness_output(ann, 0.5);
    fann_set_train_error_function(ann, FANN_ERRORFUNC_LINEAR);
    fann_set_training_algorithm(ann, FANN_TRAIN_INCREMENTAL);
    fann_set_learning_rate(ann, rate);
    fann_set_learning_momentum(ann, 0);
    srand(seed);
    fann_randomize_weights(ann, lo, hi);
    return ann;
}

static void run_xor(void *arg)
{
    struct fann *ann = (struct fann *)arg;
    int e, r;
    for (e = 0; e < XOR_EPOCHS; e++)
        for (r = 0; r < 4; r++) fann_train(ann, xor_x[r], xor_y[r]);
}

typedef struct digits {
    struct fann *ann;
    fann_type *x, *y;           /* (rows, 64), (rows, 10) */
} digits;

static void run_digits(void *arg)
{
    digits *d = (digits *)arg;
    size_t r;
    for (r = 0; r < DIGITS_ROWS; r++) fann_train(d->ann, d->x + r * 64, d->y + r * 10);
}

/* n draws of U[0, 1) from rand(), the generator FANN draws its weights
   from (exits when out of memory) */
static fann_type *rand_reals(int n)
{
    fann_type *p = (fann_type *)malloc((size_t)n * sizeof(fann_type));
    int i;
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (i = 0; i < n; i++) p[i] = rand() / (RAND_MAX + 1.0); /* NOLINT(cert-msc30-c,cert-msc50-cpp) */
    return p;
}

static double sigmoid(double z) { return 1 / (1 + exp(-z)); }

/* one fann_train at rate 2 on row r against the article's step at rate 1
   on the same weights, written out for 3-4-1 with FANN's biases (input 3
   and hidden 4 are the bias neurons, value 1): the largest difference
   between the weights after each, or -1 when FANN's connections are not
   laid out as expected */
static double xor_check(struct fann *ann, int r)
{
    struct fann_connection c[21];
    double w1[4][4], w2[5], x[4], h[5], d1[4], o, d2, diff = 0;
    unsigned layers[3], n = fann_get_total_connections(ann), i, j;
    int seen = 0;
    fann_get_layer_array(ann, layers);
    if (n != 21 || layers[0] != 3 || layers[1] != 4 || layers[2] != 1) return -1;
    fann_get_connection_array(ann, c);
    /* neurons: inputs 0-2, bias 3; hidden 4-7, bias 8; output 9 */
    for (i = 0; i < n; i++) {
        if (c[i].to_neuron >= 4 && c[i].to_neuron < 8 && c[i].from_neuron < 4)
            w1[c[i].to_neuron - 4][c[i].from_neuron] = c[i].weight;
        else if (c[i].to_neuron == 9 && c[i].from_neuron >= 4 && c[i].from_neuron < 9)
            w2[c[i].from_neuron - 4] = c[i].weight;
        else
            return -1;
        seen++;
    }
    if (seen != 21) return -1;
    for (i = 0; i < 3; i++) x[i] = xor_x[r][i];
    x[3] = 1;
    for (j = 0; j < 4; j++) {
        double s = 0;
        for (i = 0; i < 4; i++) s += w1[j][i] * x[i];
        h[j] = sigmoid(s);
    }
    h[4] = 1;
    for (j = 0, o = 0; j < 5; j++) o += w2[j] * h[j];
    o = sigmoid(o);
    /* the gradient of (y - o)^2, rate 1, the hidden deltas by the old w2 */
    d2 = 2 * (xor_y[r][0] - o) * o * (1 - o);
    for (j = 0; j < 4; j++) d1[j] = d2 * w2[j] * h[j] * (1 - h[j]);
    for (j = 0; j < 5; j++) w2[j] += d2 * h[j];
    for (j = 0; j < 4; j++)
        for (i = 0; i < 4; i++) w1[j][i] += d1[j] * x[i];
    fann_train(ann, xor_x[r], xor_y[r]);
    fann_get_connection_array(ann, c);
    for (i = 0; i < n; i++) {
        double want = c[i].to_neuron == 9 ? w2[c[i].from_neuron - 4]
                                          : w1[c[i].to_neuron - 4][c[i].from_neuron];
        if (fabs(c[i].weight - want) > diff) diff = fabs(c[i].weight - want);
    }
    return diff;
}

int main(void)
{
    struct fann *ann;
    digits d;
    bench_stat st;
    double check;
    int r;
    printf("training, FANN's double build (libdoublefann), this side at -O2; nn.h's "
           "ratios in the summary\n");

    /* the article's run once from its start: does FANN learn XOR? */
    ann = net_make(3, 4, 1, 2, 1, 0, 1);
    for (r = 0, check = 0; r < 4 && check >= 0; r++) {
        double diff = xor_check(ann, r);
        check = diff < 0 || diff > check ? diff : check;
    }
    fann_destroy(ann);
    ann = net_make(3, 4, 1, 2, 1, 0, 1);
    run_xor(ann);
    fann_reset_MSE(ann);
    for (r = 0; r < 4; r++) fann_test(ann, xor_x[r], xor_y[r]);
    printf("XOR after %d epochs: MSE %.3g, outputs", XOR_EPOCHS, (double)fann_get_MSE(ann));
    for (r = 0; r < 4; r++) printf(" %.3f", fann_run(ann, xor_x[r])[0]);
    printf(" (targets 0 1 1 0)\n");
    if (check < 0)
        printf("XOR step check: skipped (FANN's connections not laid out as expected)\n");
    else
        printf("XOR step check: fann_train at rate 2 and the article's step at rate 1 "
               "on each row in turn, largest weight difference %.2g\n", check);

    bench_train_head();
    st = bench_run(run_xor, ann, 0.05);
    bench_train_row("XOR 3-4-1, 1500 epochs", "FANN", st, 1,
                    bench_train_flops(3, 4, 1, 4, XOR_EPOCHS), 0);
    bench_record("xor_f64", "fann", st.med);
    fann_destroy(ann);

    d.ann = net_make(64, 32, 10, 0.02f, 2, -0.1, 0.1);
    d.x = rand_reals(DIGITS_ROWS * 64);
    d.y = rand_reals(DIGITS_ROWS * 10);
    st = bench_run(run_digits, &d, 0.05);
    bench_train_row("digits 64-32-10, epoch (per row)", "FANN", st, 1,
                    bench_train_flops(64, 32, 10, DIGITS_ROWS, 1), 0);
    bench_record("digits_f64", "fann", st.med);
    fann_destroy(d.ann);
    free(d.x);
    free(d.y);
    return 0;
}
