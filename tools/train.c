/* train.c - train an nn.h network on a CSV file and report how well it
   does on rows it has not seen.

       train [options] FILE.csv

   Each line of FILE.csv is one sample: the features and the class label,
   in the last column or the one --label-column names; --columns or --drop
   choose which of the other columns are the features. csv.h reads the
   file: the delimiter (, ; tab) found on the first line, quoted cells, a
   byte-order mark, CRLF, and a header when the first line's feature cells
   are not all numbers while the second line's are. Labels 0..K-1 are the
   classes; other labels, numbers or text, are classes by name (numbers in
   increasing order, text in the order first seen), and the names are
   saved in the model's metadata, with what predict needs to read files
   as this one (model_meta). With --regression the label columns
   (--targets) are real values. The rows are shuffled (--seed) and split
   into a training and a test part, stratified: of each class,
   --test-fraction of its rows are held out (--patience holds out a
   validation part of the training rows the same way). Each feature is
   standardized with the mean and deviation of the training part (and,
   for regression, each target), labels become one-hot rows, and the
   network is trained on mini-batches that are row views of the training
   matrix, which is reshuffled in place every epoch.

   By default the network is the article's: one hidden layer of sigmoid
   units (--hidden), a sigmoid output, the sum-of-squares loss and plain
   gradient descent (nn_train_step). --layers gives any number of hidden
   layers, --activation their function, --output and --loss the last layer
   and what is minimized, --optimizer momentum, Nesterov, Adam, AdamW or
   RMSprop (nn_train_step_opt), --clip-norm the gradient's norm
   (nn_clip_grad_norm before each step), --init the initial weights.

   Every loss is a sum over the rows of a batch, so its gradient grows with
   the batch: one gradient-descent step moves the weights by
   rate * batch * (mean gradient of a row). For sgd, momentum and nesterov
   --rate is therefore a step per row: keep rate * batch about the same when
   changing --batch to keep the step size, or keep --rate to keep the
   progress per epoch about the same. Adam divides by the gradient's running
   size, so its steps are about --rate whatever the batch or the loss's scale.
   --mean-loss divides the gradient as PyTorch's reduction "mean" does, so
   --rate is PyTorch's lr. --lr-schedule changes the rate over the epochs,
   --patience stops early and keeps the best network.

   Exit status: 0 done, 1 bad input file or failure, 2 usage error.

   The program's parts: this file (the steps of a run and the training
   loop), train_options.c (the command line), table.c (the file into a
   table; the split and the standardization), idx.c (IDX files into a
   table), metrics.c (the scores) and chart.c (the SVG chart). This file holds nn.h's implementation; the
   others include nn.h for its declarations. */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200112L   /* isatty, fileno, clock_gettime */
#endif
#define NN_IMPLEMENTATION
#include "nn.h"
#include "train_options.h"
#include "table.h"
#include "idx.h"
#include "metrics.h"
#include "chart.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#define TRAIN_POSIX 1
#elif defined(_WIN32)
#include <io.h>
#endif

/* ------------------------------------------------------------------------ */
/* Terminal and clock                                                        */

/* progress lines overwrite each other only on a terminal */
static int is_terminal(FILE *f)
{
#if defined(TRAIN_POSIX)
    return isatty(fileno(f));
#elif defined(_WIN32)
    return _isatty(_fileno(f));
#else
    (void)f;
    return 0;
#endif
}

/* seconds from an arbitrary start: wall clock where POSIX has one,
   processor time otherwise */
static double seconds(void)
{
#if defined(TRAIN_POSIX) && defined(_POSIX_TIMERS) && _POSIX_TIMERS > 0 && \
    defined(CLOCK_MONOTONIC)
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) == 0)
        return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
#endif
    return (double)clock() / (double)CLOCKS_PER_SEC;
}

/* ------------------------------------------------------------------------ */
/* The model file                                                            */

/* The standardizations of the features and (regression) the targets */
typedef struct scaling {
    double *xmean, *xsd;        /* d each */
    double *ymean, *ysd;        /* K each; NULL for classification */
} scaling;

/* The metadata train writes beside the network (all optional for
   predict, which reads older files without them): "task" ("classification"
   or "regression"), "classes" (the class names, one per line, when the
   labels are not 0..K-1), "targets" (regression: labels per row),
   "label_column" (the first label column in the training file, from 1),
   "label_names" and "features" (the header's names, one per line, when
   the file has a header that names every column once) and "delimiter"
   ("," ";" "tab" or "space"); "index" ("1": the file's first column, an
   unnamed 0..N-1, was left out; the other columns are counted without
   it); with --columns or --drop "feature_columns" (the features' columns
   in the file, from 1, comma-separated) and "file_columns" (how many it
   has). kv gets the pairs, text what to free (4 strings); returns the
   number of pairs, or -1 out of memory. */
static int model_meta(const table *t, const char **kv, char **text, char *num)
{
    size_t i, len = 0;
    int n = 0;
    char *feats = NULL, *labs = NULL;
    text[0] = text[1] = text[2] = text[3] = NULL;
    if (t->names) {
        char *names;
        for (i = 0; i < t->classes; i++) len += strlen(t->names[i]) + 1;
        if (!(names = text[0] = (char *)malloc(len + 1))) return -1;
        for (i = 0, len = 0; i < t->classes; i++) {
            size_t k = strlen(t->names[i]);
            memcpy(names + len, t->names[i], k);
            len += k;
            names[len++] = i + 1 < t->classes ? '\n' : '\0';
        }
        kv[n++] = "classes";
        kv[n++] = names;
    }
    kv[n++] = "task";
    kv[n++] = t->classes ? "classification" : "regression";
    if (!t->classes) {
        snprintf(num, 24, "%lu", (unsigned long)t->n_y);
        kv[n++] = "targets";
        kv[n++] = num;
    }
    if (t->label_at) {
        snprintf(num + 24, 24, "%lu", (unsigned long)t->label_at);
        kv[n++] = "label_column";
        kv[n++] = num + 24;
    }
    if (table_names(t, 0, &feats) || table_names(t, 1, &labs) ||
        table_kept(t, &text[3])) {
        free(feats);
        free(labs);
        free(text[0]);
        text[0] = NULL;
        return -1;
    }
    text[1] = feats;
    text[2] = labs;
    if (feats && labs) {
        kv[n++] = "features";
        kv[n++] = feats;
        kv[n++] = "label_names";
        kv[n++] = labs;
    }
    if (t->index) {
        kv[n++] = "index";
        kv[n++] = "1";
    }
    if (text[3]) {
        snprintf(num + 48, 24, "%lu", (unsigned long)t->cols);
        kv[n++] = "feature_columns";
        kv[n++] = text[3];
        kv[n++] = "file_columns";
        kv[n++] = num + 48;
    }
    if (t->delim) {
        kv[n++] = "delimiter";
        kv[n++] = t->delim == ',' ? "," : t->delim == ';' ? ";"
                : t->delim == '\t' ? "tab" : "space";
    }
    return n / 2;
}

/* Saves net as a network of the raw features: the standardization is
   folded into the first layer, since
       ((x - mean) / sd) w + b = x (w / sd) + (b - sum_i mean_i w[i,:] / sd_i)
   (w's row i divided by sd_i), so `predict` can take rows as in the CSV.
   For regression the targets' standardization is undone in the last
   (linear) layer: column j of its w and b times sd_j, and mean_j added to
   b_j, so predictions come out in the data's units. What the model
   remembers of its data goes into the metadata (model_meta). */
static nn_status save_raw(const nn_net *net, const scaling *sc, const table *t,
                          const char *path)
{
    nn_net raw;
    const nn_layer *first = &net->layers[0];
    nn_layer *to;
    nn_save_opts so;
    const char *meta[22];
    char *text[4], num[72];
    size_t i, j;
    int n;
    nn_status s;
    memset(&raw, 0, sizeof raw);
    memset(&so, 0, sizeof so);
    if ((n = model_meta(t, meta, text, num)) < 0) return NN_ERR_NOMEM;
    so.meta = meta;
    so.n_meta = (size_t)n;
    s = nn_net_copy(&raw, net);
    if (s != NN_OK) goto done;
    to = &raw.layers[0];
    for (j = 0; j < first->n_out; j++) {
        double b = (double)NN_AT(first->b, 0, j);
        for (i = 0; i < first->n_in; i++) {
            double w = (double)NN_AT(first->w, i, j) / sc->xsd[i];
            NN_AT(to->w, i, j) = (nn_real)w;
            b -= sc->xmean[i] * w;
        }
        NN_AT(to->b, 0, j) = (nn_real)b;
    }
    if (sc->ymean) {
        to = &raw.layers[raw.n_layers - 1];
        for (j = 0; j < to->n_out; j++) {
            for (i = 0; i < to->n_in; i++)
                NN_AT(to->w, i, j) = (nn_real)((double)NN_AT(to->w, i, j) * sc->ysd[j]);
            NN_AT(to->b, 0, j) = (nn_real)((double)NN_AT(to->b, 0, j) * sc->ysd[j] +
                                           sc->ymean[j]);
        }
    }
    s = nn_save_file_ex(&raw, path, &so);
done:
    nn_net_free(&raw);
    for (i = 0; i < 4; i++) free(text[i]);
    return s;
}

/* ------------------------------------------------------------------------ */
/* Training                                                                  */

/* a file's name in messages: "<stdin>" for "-", as csv.h says it */
static const char *file_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* the file's name without its directory */
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
#ifdef _WIN32
    const char *b = strrchr(path, '\\');
    if (b && (!s || b > s)) s = b;
#endif
    return s ? s + 1 : path;
}

/* the chart's and the progress line's name for the loss */
static const char *loss_title(nn_loss l)
{
    return l == NN_LOSS_BCE ? "binary cross-entropy"
         : l == NN_LOSS_CE  ? "cross-entropy" : "sum of squares";
}

/* "64-128-10" into buf (size > 0), cut short with "..." when too long */
static const char *widths_text(const size_t *widths, size_t n, char *buf,
                               size_t size)
{
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < n && len < size; i++) {
        int k = snprintf(buf + len, size - len, "%s%lu", i ? "-" : "",
                         (unsigned long)widths[i]);
        if (k < 0) break;
        len += (size_t)k;
    }
    if (len >= size && size > 4) memcpy(buf + size - 4, "...", 4);
    return buf;
}

/* weights as train has always drawn them: every layer's U(-a, a) with
   a = 1/sqrt(its inputs), keeping the sums of the first forward pass in
   the sigmoid's steep middle; biases 0 */
static void init_uniform(nn_net *net, nn_rng *rng)
{
    size_t l;
    for (l = 0; l < net->n_layers; l++) {
        double a = 1 / sqrt((double)net->layers[l].n_in);
        nn_mat_rand(net->layers[l].w, rng, (nn_real)-a, (nn_real)a);
    }
}

/* the rate of epoch e (from 0) of n under the schedule */
static double scheduled(const options *o, size_t e)
{
    double pi = 3.14159265358979323846;
    if (o->schedule == SCHED_STEP)
        return o->rate * (e < (o->epochs + 1) / 2 ? 1
                          : e < (o->epochs * 3 + 3) / 4 ? 0.1 : 0.01);
    if (o->schedule == SCHED_COSINE)
        return o->rate * 0.5 * (1 + cos(pi * (double)e / (double)o->epochs));
    return o->rate;
}

/* Can path be written? Checked before training, so a bad path costs no
   epochs: an existing file is opened for appending (nothing changes), a
   new one is made and removed. */
static int writable(const char *path)
{
    FILE *f = fopen(path, "rb");
    int existed = f != NULL;
    if (f) fclose(f);
    f = fopen(path, existed ? "ab" : "wb");
    if (!f) return 0;
    fclose(f);
    if (!existed) remove(path);
    return 1;
}

/* rows of the work: a batch, and at least 256 for evaluation, but no more
   than the file has */
static size_t capacity(size_t batch, size_t rows)
{
    size_t n = batch > 256 ? batch : 256;
    return n < rows ? n : rows;
}

/* ------------------------------------------------------------------------ */
/* A run: the steps of main                                                  */

/* what a run holds, all freed by run_free (safe on a zeroed run) */
typedef struct run {
    table t, test;              /* the training file, --test's file */
    int regression, plain;      /* plain: gradient descent by nn_train_step */
    size_t d, K, L;             /* features, outputs, layers */
    size_t n_train, n_val, n_test;
    size_t *widths;             /* L + 1: d, the hidden widths, K */
    nn_act *acts;               /* L */
    nn_mat x, y;                /* every row: training, validation, test (the
                                   training file's, then the test file's);
                                   x is t's storage (t.x), y its own */
    nn_mat x_train, y_train, x_val, y_val, x_test, y_test;   /* views of x, y */
    nn_net net, best;           /* best: the best network of --patience */
    nn_work work;
    nn_opt opt;
    nn_rng rng;
    history h;
    scaling sc;
    scoring sg;
    size_t *confusion, *quota;
    unsigned char *held;
    double *pred, *truth;       /* regression: the chart's points */
    char shape[256];            /* the widths, "64-128-10" */
} run;

static void run_free(run *r)
{
    nn_mat_free(&r->y);
    nn_opt_free(&r->opt);
    nn_work_free(&r->work);
    nn_net_free(&r->net);
    nn_net_free(&r->best);
    free(r->widths);
    free(r->acts);
    free(r->confusion);
    free(r->quota);
    free(r->h.loss);
    free(r->h.train_acc);
    free(r->h.val_acc);
    free(r->h.test_acc);
    free(r->held);
    free(r->sc.xmean);
    free(r->sc.xsd);
    free(r->sc.ymean);
    free(r->sc.ysd);
    free(r->sg.scratch);
    free(r->pred);
    free(r->truth);
    free_table(&r->t);
    free_table(&r->test);
}

/* the training rows and the test file's, from CSV or IDX files. -1 when
   a file is bad (said). */
static int read_files(run *r, const options *o)
{
    if (o->idx_labels ? read_idx(o->file, o->idx_labels, NULL, &r->t)
                      : read_table(o->file, &o->read, &r->t))
        return -1;
    if (!o->test) return 0;
    return o->test_idx_labels ? read_idx(o->test, o->test_idx_labels, &r->t, &r->test)
                              : read_test_table(o->test, &o->read, &r->t, &r->test);
}

/* the outputs first: a bad path is said before any work */
static int outputs_writable(const options *o)
{
    if (o->svg && !writable(o->svg)) {
        fprintf(stderr, "train: %s: cannot write: %s\n", o->svg, strerror(errno));
        return 0;
    }
    if (o->save && !writable(o->save)) {
        fprintf(stderr, "train: %s: cannot save the model: %s\n", o->save,
                strerror(errno));
        return 0;
    }
    return 1;
}

/* the hidden layers' activation's parameters, as --activation gave them
   (checked there: 0) */
static int set_act_params(nn_net *net, const options *o)
{
    size_t l;
    for (l = 0; l + 1 < net->n_layers; l++)
        if (nn_net_set_act_params(net, l, o->act_param, nn_act_n_params(o->act)) != NN_OK)
            return -1;
    return 0;
}

/* The network of the options for r->t, and what training it needs. -1 out
   of memory (said). */
static int run_alloc(run *r, const options *o)
{
    size_t i, d, K, L, rows = r->t.rows + r->test.rows;
    r->regression = r->t.classes == 0;
    r->d = d = r->t.d;
    r->K = K = r->regression ? r->t.n_y : r->t.classes;
    r->L = L = o->n_hidden + 1;
    /* plain gradient descent: nn_train_step, as 1.x trained */
    r->plain = o->opt == NN_OPT_SGD && o->weight_decay == 0;
    if ((r->widths = (size_t *)malloc((L + 1) * sizeof *r->widths)) &&
        (r->acts = (nn_act *)malloc(L * sizeof *r->acts))) {
        r->widths[0] = d;
        for (i = 0; i < o->n_hidden; i++) {
            r->widths[i + 1] = o->widths[i];
            r->acts[i] = o->act;
        }
        r->widths[L] = K;
        r->acts[L - 1] = o->out;
    }
    if (!r->widths || !r->acts ||
        !(r->x = table_features(&r->t, &r->test)).data ||
        nn_mat_alloc(&r->y, rows, K) ||
        nn_net_init_layers(&r->net, L, r->widths, r->acts, o->loss) ||
        set_act_params(&r->net, o) ||
        (o->patience && nn_net_copy(&r->best, &r->net)) ||
        nn_work_init(&r->work, &r->net, capacity(o->batch, rows)) ||
        (!r->plain && nn_opt_init(&r->opt, &r->net, o->opt)) ||
        !(r->confusion = (size_t *)calloc(r->regression ? 1 : K * K, sizeof(size_t))) ||
        !(r->quota = (size_t *)malloc(K * sizeof(size_t))) ||
        !(r->held = (unsigned char *)malloc(rows)) ||
        !(r->sc.xmean = (double *)malloc(d * sizeof(double))) ||
        !(r->sc.xsd = (double *)malloc(d * sizeof(double))) ||
        !(r->sg.scratch = (double *)malloc(3 * K * sizeof(double))) ||
        (r->regression && (!(r->sc.ymean = (double *)malloc(K * sizeof(double))) ||
                           !(r->sc.ysd = (double *)malloc(K * sizeof(double))) ||
                           !(r->pred = (double *)malloc(rows * sizeof(double))) ||
                           !(r->truth = (double *)malloc(rows * sizeof(double))))) ||
        !(r->h.loss = (double *)malloc(o->epochs * sizeof(double))) ||
        !(r->h.train_acc = (double *)malloc(o->epochs * sizeof(double))) ||
        !(r->h.val_acc = (double *)malloc(o->epochs * sizeof(double))) ||
        !(r->h.test_acc = (double *)malloc(o->epochs * sizeof(double)))) {
        fprintf(stderr, "train: out of memory\n");
        return -1;
    }
    /* what was given; the rest keeps nn_opt_init's defaults, PyTorch's
       (momentum 0.9 for momentum and nesterov as train's own default) */
    if (!r->plain) {
        if (o->momentum_given) r->opt.momentum = (nn_real)o->momentum;
        if (o->weight_decay_given) r->opt.weight_decay = (nn_real)o->weight_decay;
        if (o->alpha_given) r->opt.alpha = (nn_real)o->alpha;
        r->opt.centered = o->centered;
        r->opt.no_decay = o->no_decay_biases ? NN_NO_DECAY_BIASES : 0;
    }
    return 0;
}

/* y: the training file's rows, then the test file's (x is already) */
static void fill_rows(run *r)
{
    nn_mat y = r->y;
    nn_mat_rows(&y, r->y, 0, r->t.rows);
    fill(&r->t, y);
    if (!r->test.rows) return;
    nn_mat_rows(&y, r->y, r->t.rows, r->test.rows);
    fill(&r->test, y);
}

/* Shuffles the training file's rows (x and y together), holds out the
   test rows at their end (unless a test file has them) and the validation
   rows before them, then scales with the training part's statistics only.
   -1 when too few rows are left, or out of memory (said). */
static int run_split(run *r, const options *o)
{
    const table *t = &r->t;
    size_t n_test = r->test.rows, n_val = 0, n_train;
    size_t kept = t->rows;      /* for training and validation */
    nn_mat xk = r->x, yk = r->y;
    fill_rows(r);
    r->rng = nn_rng_seed((uint64_t)o->seed);
    nn_mat_rows(&xk, r->x, 0, t->rows);
    nn_mat_rows(&yk, r->y, 0, t->rows);
    nn_shuffle_rows(xk, yk, &r->rng);
    if (!o->test) {
        n_test = split(xk, yk, r->regression, o->test_fraction, r->held, r->quota);
        kept = n_test < t->rows ? t->rows - n_test : 0;
    }
    if (o->patience && kept) {
        nn_mat_rows(&xk, r->x, 0, kept);
        nn_mat_rows(&yk, r->y, 0, kept);
        n_val = split(xk, yk, r->regression, o->val_fraction, r->held, r->quota);
    }
    if (!kept || n_val >= kept || (o->patience && n_val == 0)) {
        int for_test = !kept;
        fprintf(stderr, "train: %s:%lu: %lu data row%s too few to hold out %g "
                "of them%s\n", file_name(o->file), t->last_line, (unsigned long)t->rows,
                t->rows == 1 ? " is" : "s are", for_test ? o->test_fraction : o->val_fraction,
                for_test ? "" : " for validation");
        return -1;
    }
    r->n_train = n_train = kept - n_val;
    r->n_val = n_val;
    r->n_test = n_test;
    if (standardize(r->x, n_train, r->sc.xmean, r->sc.xsd) ||
        (r->regression && standardize(r->y, n_train, r->sc.ymean, r->sc.ysd))) {
        fprintf(stderr, "train: out of memory\n");
        return -1;
    }
    nn_mat_rows(&r->x_train, r->x, 0, n_train);
    nn_mat_rows(&r->y_train, r->y, 0, n_train);
    nn_mat_rows(&r->x_val, r->x, n_train, n_val);
    nn_mat_rows(&r->y_val, r->y, n_train, n_val);
    nn_mat_rows(&r->x_test, r->x, n_train + n_val, n_test);
    nn_mat_rows(&r->y_test, r->y, n_train + n_val, n_test);
    r->sg.regression = r->regression;
    r->sg.ymean = r->sc.ymean;
    r->sg.ysd = r->sc.ysd;
    return 0;
}

/* the first lines: the data and its parts, the network, what differs from
   the article's, the classes' names */
static void print_header(run *r, const options *o)
{
    const table *t = &r->t;
    widths_text(r->widths, r->L + 1, r->shape, sizeof r->shape);
    printf("%s: %lu rows, %lu features, %lu %s; %lu for training, ", base_name(file_name(o->file)),
           (unsigned long)t->rows, (unsigned long)r->d, (unsigned long)r->K,
           r->regression ? (r->K == 1 ? "target" : "targets") : "classes",
           (unsigned long)r->n_train);
    if (r->n_val) printf("%lu for validation, ", (unsigned long)r->n_val);
    printf("%lu for testing%s%s\n", (unsigned long)r->n_test, o->test ? " from " : "",
           o->test ? base_name(file_name(o->test)) : "");
    printf("network %s, %lu epochs, batch %lu, rate %g, seed %llu\n", r->shape,
           (unsigned long)o->epochs, (unsigned long)o->batch, o->rate, o->seed);
    print_differences(o, r->plain ? NULL : &r->opt);
    /* which line was taken for the header: a wrong guess shows here */
    if (t->header_line)
        printf("header: line %lu (%lu names)\n", t->header_line, (unsigned long)t->cols);
    if (t->names) print_classes(t);
    fflush(stdout);
}

/* One pass over the training rows, reshuffled, in batches: the sum of
   their losses. */
static double train_epoch(run *r, const options *o, double rate)
{
    double loss = 0;
    size_t i, n_train = r->n_train;
    nn_shuffle_rows(r->x_train, r->y_train, &r->rng);
    for (i = 0; i < n_train; i += o->batch) {
        size_t n = n_train - i < o->batch ? n_train - i : o->batch;
        nn_mat xb, yb;
        nn_real l = 0;
        nn_mat_rows(&xb, r->x_train, i, n);
        nn_mat_rows(&yb, r->y_train, i, n);
        if (o->mean_loss || o->clip_norm) {
            /* PyTorch's reduction "mean": the summed gradient divided by
               the rows (cross-entropy) or the elements (sse, bce); then
               clip_grad_norm_ */
            nn_real scale = (nn_real)(1.0 / (double)(o->loss == NN_LOSS_CE ? n : n * r->K));
            size_t p;
            nn_forward(&r->net, xb, &r->work);
            nn_net_loss(&r->net, &r->work, yb, &l);
            nn_backprop(&r->net, xb, yb, &r->work);
            if (o->mean_loss)
                for (p = 0; p < r->net.n_params; p++) r->work.grad[p] *= scale;
            if (o->clip_norm)
                nn_clip_grad_norm(&r->net, &r->work, (nn_real)o->clip_norm, NULL);
            if (r->plain) nn_update(&r->net, &r->work, (nn_real)rate);
            else nn_opt_step(&r->opt, &r->net, &r->work, (nn_real)rate);
        } else if (r->plain) {
            nn_train_step(&r->net, xb, yb, (nn_real)rate, &r->work, &l);
        } else {
            nn_train_step_opt(&r->net, &r->opt, xb, yb, (nn_real)rate, &r->work, &l);
        }
        loss += (double)l;
    }
    return loss;
}

/* the progress line of epoch e (from 0): its loss, the scores s of the
   training, validation and test rows, the time spent and left */
static void print_epoch(const run *r, const options *o, size_t e, int tty,
                        double spent, const score *s)
{
    double loss = r->h.loss[e];
    printf(fabs(loss) < 1e5 ? "%sepoch %3lu/%lu  loss %8.4f"
                            : "%sepoch %3lu/%lu  loss %8.3g", tty ? "\r" : "",
           (unsigned long)(e + 1), (unsigned long)o->epochs, loss);
    print_scores("train", &s[0], r->regression);
    if (r->n_val) print_scores("val", &s[1], r->regression);
    if (r->n_test) print_scores("test", &s[2], r->regression);
    else printf("  test      -");
    printf("  %.1fs", spent);
    if (e + 1 < o->epochs)
        printf(" (%.0fs left)", spent / (double)(e + 1) * (double)(o->epochs - e - 1));
    printf("%s", tty ? "   " : "\n");
    fflush(stdout);
}

/* The epochs, each with its line of progress; with --patience until the
   validation loss has not improved for that many, then the best network
   is kept. -1 when the loss became NaN (said). */
static int train_epochs(run *r, const options *o)
{
    history *h = &r->h;
    score s[3];                 /* training, validation, test */
    size_t e, best_epoch = 0;
    double best_loss = 0, t0;
    int tty = is_terminal(stdout);
    h->has_val = r->n_val > 0;
    h->has_test = r->n_test > 0;
    t0 = seconds();
    for (e = 0; e < o->epochs; e++) {
        h->loss[e] = train_epoch(r, o, scheduled(o, e)) / (double)r->n_train;
        s[0] = evaluate(&r->net, &r->work, r->x_train, r->y_train, &r->sg);
        s[1] = evaluate(&r->net, &r->work, r->x_val, r->y_val, &r->sg);
        s[2] = evaluate(&r->net, &r->work, r->x_test, r->y_test, &r->sg);
        h->train_acc[e] = s[0].acc;
        h->val_acc[e] = s[1].acc;
        h->test_acc[e] = s[2].acc;
        h->epochs = e + 1;
        print_epoch(r, o, e, tty, seconds() - t0, s);
        if (!(h->loss[e] == h->loss[e])) {
            fprintf(stderr, "%strain: the loss became NaN: try a smaller --rate\n",
                    tty ? "\n" : "");
            return -1;
        }
        if (o->patience) {
            if (e == 0 || s[1].loss < best_loss) {
                best_loss = s[1].loss;
                best_epoch = e;
                (void)nn_net_copy_params(&r->best, &r->net);   /* in place, no allocation */
            } else if (e - best_epoch >= o->patience) {
                e++;
                break;
            }
        }
    }
    if (tty) putchar('\n');
    if (o->patience) {
        (void)nn_net_copy_params(&r->net, &r->best);
        printf("%s after epoch %lu; kept the network of epoch %lu (validation "
               "loss %.4f)\n", e < o->epochs ? "stopped early" : "done",
               (unsigned long)e, (unsigned long)(best_epoch + 1), best_loss);
    }
    return 0;
}

/* The final scores, printed: of the test rows, or of the training rows
   when none are held out; a classifier's confusion matrix. */
static score report(run *r)
{
    score te;
    r->sg.confusion = r->confusion;
    r->sg.pred = r->pred;
    r->sg.truth = r->truth;
    if (r->n_test) te = evaluate(&r->net, &r->work, r->x_test, r->y_test, &r->sg);
    else te = evaluate(&r->net, &r->work, r->x_train, r->y_train, &r->sg);
    if (r->regression) {
        printf("%s RMSE %.6g, R2 %.4f (%lu rows)\n", r->n_test ? "test" : "no test rows; "
               "training", te.rmse, te.r2,
               (unsigned long)(r->n_test ? r->n_test : r->n_train));
    } else if (r->n_test) {
        printf("test accuracy %.2f%% (%lu of %lu)\n", te.acc,
               (unsigned long)te.right, (unsigned long)r->n_test);
        print_confusion(r->confusion, r->K);
    } else {
        printf("no test rows; training accuracy %.2f%% (%lu of %lu)\n", te.acc,
               (unsigned long)te.right, (unsigned long)r->n_train);
        print_confusion(r->confusion, r->K);
    }
    return te;
}

/* --svg: the chart, its title with the final score te. -1 not written
   (said). */
static int write_chart(run *r, const options *o, const score *te)
{
    char title[256];
    history *h = &r->h;
    const char *part = r->n_test ? "test" : "training";
    const char *opt = r->plain ? "" : nn_opt_name(o->opt), *space = r->plain ? "" : " ";
    if (r->regression) {
        h->pred = r->pred;
        h->truth = r->truth;
        h->n_pred = r->n_test ? r->n_test : r->n_train;
        h->pred_rows = r->n_test ? "test rows" : "training rows";
        snprintf(title, sizeof title, "%.120s: %.60s network, batch %lu, %s%s"
                 "rate %g; %s R2 %.3f", base_name(file_name(o->file)), r->shape,
                 (unsigned long)o->batch, opt, space, o->rate, part, te->r2);
    } else {
        snprintf(title, sizeof title, "%.120s: %.60s network, batch %lu, %s%s"
                 "rate %g; %s accuracy %.2f%%", base_name(file_name(o->file)), r->shape,
                 (unsigned long)o->batch, opt, space, o->rate, part, te->acc);
    }
    if (write_svg(o->svg, title, loss_title(o->loss), h)) {
        fprintf(stderr, "train: %s: cannot write: %s\n", o->svg, strerror(errno));
        return -1;
    }
    printf("chart written to %s\n", o->svg);
    return 0;
}

/* --save: the model of the raw features. -1 not saved (said). */
static int save_model(const run *r, const options *o)
{
    nn_status s = save_raw(&r->net, &r->sc, &r->t, o->save);
    if (s != NN_OK) {
        fprintf(stderr, "train: %s: cannot save the model: %s\n", o->save,
                nn_strerror(s));
        return -1;
    }
    printf("model written to %s (it takes the features as in the CSV%s)\n", o->save,
           r->regression ? " and predicts in the data's units" : "");
    return 0;
}

int main(int argc, char **argv)
{
    options o;
    run r;
    score te;
    int status = 1, pr = parse_options(argc, argv, &o);

    if (pr == 1) { usage(stdout); return 0; }
    if (pr < 0) { usage(stderr); return 2; }
    if (!outputs_writable(&o)) return 1;
#ifdef _OPENMP
    if (o.threads) omp_set_num_threads((int)o.threads);
#endif
    memset(&r, 0, sizeof r);
    if (read_files(&r, &o) || run_alloc(&r, &o) || run_split(&r, &o)) goto done;
    if (o.init == INIT_UNIFORM) init_uniform(&r.net, &r.rng);
    else nn_net_init_weights(&r.net, &r.rng, o.init == INIT_HE ? NN_INIT_HE_UNIFORM
                                                              : NN_INIT_GLOROT_UNIFORM);
    print_header(&r, &o);
    if (train_epochs(&r, &o)) goto done;
    te = report(&r);
    if (o.svg && write_chart(&r, &o, &te)) goto done;
    if (o.save && save_model(&r, &o)) goto done;
    status = 0;
done:
    run_free(&r);
    return status;
}
