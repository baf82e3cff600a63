/* The article, reproduced: James Loy's "How to build your own Neural Network
   from scratch in Python", a 3-4-1 sigmoid network learning
       x1 x2 x3 | y
        0  0  1 | 0
        0  1  1 | 1
        1  0  1 | 1
        1  1  1 | 0
   with weights drawn from U[0, 1), rate 1, full batch, 1500 iterations.
   The article's network has no biases (x3 = 1 plays that part), so by
   default the biases stay 0; --biases trains them too (nn_train_step).

   Prints the article's table, the final loss and a chart of the loss. */
#define NN_IMPLEMENTATION
#include "nn.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHART_W 60  /* columns of the loss chart; with its labels it fits 80 */
#define CHART_H 12

struct options {
    unsigned long iterations, hidden;
    uint64_t seed;
    double rate;
    const char *csv, *save;
    int biases;
};

static void usage(FILE *f)
{
    fprintf(f,
        "usage: xor [options]\n"
        "Trains the article's 2-layer network on the XOR table and prints the result.\n"
        "  --iterations N  training steps, full batch (default 1500)\n"
        "  --hidden N      hidden units (default 4)\n"
        "  --seed N        seed of the weight generator (default 1)\n"
        "  --rate R        learning rate (default 1)\n"
        "  --biases        train biases too (the article has none; default off)\n"
        "  --csv FILE      write the loss of every iteration to FILE\n"
        "  --save FILE     write the trained model to FILE (safetensors)\n"
        "  -h, --help      show this and exit\n");
}

/* a whole decimal number in [lo, hi], or 0 */
static int parse_ulong(const char *s, unsigned long lo, unsigned long hi,
                       unsigned long *out)
{
    char *end;
    unsigned long v;
    if (!s || *s < '0' || *s > '9') return 0;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}

static int parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!s || !*s) return 0;
    for (; *s; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (d > 9 || v > (UINT64_MAX - d) / 10) return 0;
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

static int parse_rate(const char *s, double *out)
{
    char *end;
    double v;
    if (!s || !*s || isspace((unsigned char)*s)) return 0;
    errno = 0;
    v = strtod(s, &end);
    if (errno || *end || !(v > 0) || !isfinite(v)) return 0;
    *out = v;
    return 1;
}

/* 0 ok, 1 help shown, 2 bad usage (already reported) */
static int parse_args(int argc, char **argv, struct options *o)
{
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int ok = 1, takes_value = 1;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        } else if (!strcmp(a, "--biases")) {
            o->biases = 1;
            takes_value = 0;
        } else if (!strcmp(a, "--iterations")) {
            ok = parse_ulong(v, 1, 100000000UL, &o->iterations);
        } else if (!strcmp(a, "--hidden")) {
            ok = parse_ulong(v, 1, 100000UL, &o->hidden);
        } else if (!strcmp(a, "--seed")) {
            ok = parse_u64(v, &o->seed);
        } else if (!strcmp(a, "--rate")) {
            ok = parse_rate(v, &o->rate);
        } else if (!strcmp(a, "--csv")) {
            ok = v != NULL && *v != '\0';
            o->csv = v;
        } else if (!strcmp(a, "--save")) {
            ok = v != NULL && *v != '\0';
            o->save = v;
        } else {
            fprintf(stderr, "xor: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
        if (!ok) {
            fprintf(stderr, "xor: %s needs %s, got '%s'\n", a,
                    !strcmp(a, "--rate") ? "a positive number"
                    : !strcmp(a, "--csv") || !strcmp(a, "--save") ? "a file name"
                    : !strcmp(a, "--seed") ? "a whole number"
                    : "a whole number of at least 1 (and not absurdly large)",
                    v ? v : "nothing");
            usage(stderr);
            return 2;
        }
        i += takes_value;
    }
    return 0;
}

/* One step of the article: forward, loss, backprop, then the update with the
   bias gradients set to 0, so the biases stay where they are. */
static nn_status article_step(nn_net *net, nn_mat x, nn_mat y, nn_real rate,
                              nn_work *w, nn_real *loss)
{
    nn_status s = nn_forward(net, x, w);
    size_t l;
    if (s == NN_OK) s = nn_loss_sse(w->out, y, loss);
    if (s == NN_OK) s = nn_backprop(net, x, y, w);
    if (s != NN_OK) return s;
    for (l = 0; l < w->n_layers; l++) nn_mat_fill(w->db[l], 0);   /* (1, n_l) */
    nn_update(net, w, rate);
    return NN_OK;
}

/* The loss per iteration as a text chart: column c shows the loss of the
   last iteration that falls in it. The scale is logarithmic, so the fall
   stays visible after the loss is small. */
static void chart(const double *col_loss, int cols, unsigned long iterations)
{
    double top = col_loss[0], bottom = col_loss[0], span;
    int r, c;
    for (c = 0; c < cols; c++) {
        if (col_loss[c] > top) top = col_loss[c];
        if (col_loss[c] < bottom) bottom = col_loss[c];
    }
    if (!(bottom > 0)) bottom = 1e-300;  /* a loss of exactly 0 sits at the bottom */
    if (!(top > bottom)) top = bottom * 1.0000001;  /* one value: a flat line */
    span = log10(top) - log10(bottom);
    printf("\nLoss (sum of squares, log scale) per iteration\n");
    for (r = CHART_H - 1; r >= 0; r--) {
        /* row r holds the losses whose log lies in [r, r+1) twelfths of span */
        if (r == CHART_H - 1) printf("%9.3g |", top);
        else if (r == 0) printf("%9.3g |", bottom);
        else if (r == CHART_H / 2) printf("%9.3g |", pow(10, log10(bottom) + span * (r + 0.5) / CHART_H));
        else printf("          |");
        for (c = 0; c < cols; c++) {
            double pos = (log10(col_loss[c] > bottom ? col_loss[c] : bottom) - log10(bottom)) / span;
            int row = (int)(pos * CHART_H);
            if (row > CHART_H - 1) row = CHART_H - 1;
            putchar(row == r ? '*' : ' ');
        }
        putchar('\n');
    }
    printf("          +");
    for (c = 0; c < cols; c++) putchar(c % 10 == 0 ? '+' : '-');
    if (cols > 1) printf("\n          1%*lu\n", cols - 1, iterations);
    else printf("\n          1\n");
    printf("          %*s\n", (cols + 9) / 2, "iteration");
}

int main(int argc, char **argv)
{
    static nn_real xs[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
    static nn_real ys[] = {0, 1, 1, 0};
    nn_mat x = nn_mat_view(xs, 4, 3), y = nn_mat_view(ys, 4, 1);
    struct options o = {1500, 4, 1, 1.0, NULL, NULL, 0};
    double col_loss[CHART_W];
    int cols, rc = 0;
    unsigned long i;
    nn_net net;
    nn_work work;
    nn_rng rng;
    nn_real loss = 0;
    nn_status s;
    FILE *csv = NULL;

    if ((rc = parse_args(argc, argv, &o)) != 0) return rc == 1 ? 0 : 2;
    cols = o.iterations < CHART_W ? (int)o.iterations : CHART_W;
    if (o.csv && !(csv = fopen(o.csv, "w"))) {
        fprintf(stderr, "xor: cannot write '%s': %s\n", o.csv, strerror(errno));
        return 1;
    }
    if ((s = nn_net_init(&net, 3, o.hidden, 1)) != NN_OK) {
        fprintf(stderr, "xor: %s\n", nn_strerror(s));
        if (csv) fclose(csv);
        return 1;
    }
    if ((s = nn_work_init(&work, &net, 4)) != NN_OK) {
        fprintf(stderr, "xor: %s\n", nn_strerror(s));
        nn_net_free(&net);
        if (csv) fclose(csv);
        return 1;
    }
    rng = nn_rng_seed(o.seed);
    nn_net_randomize(&net, &rng, 0, 1);
    if (csv) fprintf(csv, "iteration,loss\n");

    for (i = 0; i < o.iterations; i++) {
        s = o.biases ? nn_train_step(&net, x, y, (nn_real)o.rate, &work, &loss)
                     : article_step(&net, x, y, (nn_real)o.rate, &work, &loss);
        if (s != NN_OK) break;
        /* iteration i lands in column i*cols/iterations */
        col_loss[(unsigned long)((double)i * cols / (double)o.iterations)] = (double)loss;
        if (csv) fprintf(csv, "%lu,%.17g\n", i + 1, (double)loss);
    }
    if (s == NN_OK) s = nn_forward(&net, x, &work);
    if (s == NN_OK) s = nn_loss_sse(work.out, y, &loss);
    if (s != NN_OK) {
        fprintf(stderr, "xor: %s\n", nn_strerror(s));
        rc = 1;
    } else {
        printf("Prediction | Y (Actual)\n");
        for (i = 0; i < 4; i++)
            printf("%10.3f | %.0f\n", (double)work.out.data[i], (double)ys[i]);
        printf("\nFinal loss after %lu iterations: %.6f\n", o.iterations, (double)loss);
        chart(col_loss, cols, o.iterations);
        if (o.save && (s = nn_save_file(&net, o.save)) != NN_OK) {
            fprintf(stderr, "xor: cannot save '%s': %s\n", o.save, nn_strerror(s));
            rc = 1;
        }
    }
    if (csv && fclose(csv) != 0) {
        fprintf(stderr, "xor: writing '%s' failed\n", o.csv);
        rc = 1;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "xor: writing the output failed\n");
        rc = 1;
    }
    nn_work_free(&work);
    nn_net_free(&net);
    return rc;
}
