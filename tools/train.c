/* train.c - train an nn.h network on a CSV file and report how well it
   does on rows it has not seen.

       train [options] FILE.csv

   Each line of FILE.csv is one sample: the features and the class label,
   in the last column or the one --label-column names. csv.h reads the
   file: the delimiter (, ; tab) found on the first line, quoted cells, a
   byte-order mark, CRLF, and a header when the first line's feature cells
   are not all numbers while the second line's are. Labels 0..K-1 are the
   classes; other labels, numbers or text, are classes by name (numbers in
   increasing order, text in the order first seen), and the names are
   saved in the model's metadata. With --regression the label columns
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
   and what is minimized, --optimizer momentum, Nesterov or Adam
   (nn_train_step_opt), --init the initial weights.

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

   Exit status: 0 done, 1 bad input file or failure, 2 usage error. */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200112L   /* isatty, fileno, clock_gettime */
#endif
#define NN_IMPLEMENTATION
#include "nn.h"
#include "csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#define TRAIN_POSIX 1
#elif defined(_WIN32)
#include <io.h>
#endif

#define MAX_CLASSES 1000   /* a larger label is more likely a wrong column */

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
/* Reading the CSV file                                                      */

/* a label as read: its text, and its value when it is a number */
typedef struct label {
    char *name;
    double v;
    int numeric;
    size_t rows;                /* rows with it */
    unsigned long line;         /* its first line */
} label;

typedef struct table {
    size_t rows, d, n_y;        /* rows, features, labels per row (1 or --targets) */
    size_t cols;                /* cells per row: d + n_y */
    double *x, *y;              /* rows x d and rows x n_y, row-major */
    size_t xcap, ycap;
    size_t classes;             /* classification: K; regression: 0 */
    char **names;               /* the classes' names; NULL when labels are 0..K-1 */
    int named_by;               /* names: 1 text in order seen, 2 numbers sorted */
    unsigned long last_line;    /* line of the last data row */
    unsigned long header_line;  /* 0: no header */
} table;

/* what read_table takes from the options */
typedef struct read_opts {
    int delim;                  /* 0: found on the first line */
    long label_col;             /* 1-based, negative from the end */
    int header;                 /* -1 found, 0 none, 1 the first line */
    size_t targets;             /* regression: labels per row; 0: classification */
} read_opts;

static void free_table(table *t)
{
    size_t k;
    for (k = 0; t->names && k < t->classes; k++) free(t->names[k]);
    free(t->names);
    free(t->x);
    free(t->y);
    memset(t, 0, sizeof *t);
}

/* text for a class name: not empty, UTF-8 (no overlong forms, surrogates
   or code points past U+10FFFF, as the model file requires), no control
   characters */
static int is_name(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    if (n == 0 || strlen(s) != n) return 0;
    while (i < n) {
        unsigned long cp;
        size_t k, more;
        unsigned char c = u[i];
        if (c < 0x80) { more = 0; cp = c; }
        else if (c >= 0xC2 && c < 0xE0) { more = 1; cp = c & 0x1Fu; }
        else if (c >= 0xE0 && c < 0xF0) { more = 2; cp = c & 0x0Fu; }
        else if (c >= 0xF0 && c < 0xF5) { more = 3; cp = c & 0x07u; }
        else return 0;
        if (i + more >= n + (more == 0)) return 0;
        for (k = 1; k <= more; k++) {
            if ((u[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (u[i + k] & 0x3Fu);
        }
        if (cp < 32 || cp == 127 || (more == 2 && cp < 0x800) ||
            (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp < 0xE000))
            return 0;
        i += more + 1;
    }
    return 1;
}

/* the first feature cell (not in [lc, lc + n_y)) that is not a number:
   its index + 1, or 0 when all are */
static size_t first_text(const csv_file *c, size_t lc, size_t n_y)
{
    size_t j;
    double v;
    for (j = 0; j < c->n_cells; j++)
        if ((j < lc || j >= lc + n_y) && csv_number(&c->cell[j], c->delim, &v))
            return j + 1;
    return 0;
}

/* the index of a class label in labs[0..n), or n */
static size_t find_label(const label *labs, size_t n, const csv_cell *cell,
                         int numeric, double v)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (labs[k].numeric == numeric &&
            (numeric ? labs[k].v == v : strcmp(labs[k].name, cell->s) == 0))
            return k;
    return n;
}

static int by_value(const void *a, const void *b)
{
    double x = (*(const label *const *)a)->v, y = (*(const label *const *)b)->v;
    return (x > y) - (x < y);
}

/* The classes from the labels seen: 0..K-1 as they are; other numbers
   sorted; text in the order seen. Fills t->classes, t->names and map
   (label index -> class). -1 when they do not make classes (said). */
static int make_classes(csv_file *c, table *t, label *labs, size_t n,
                        size_t *map, size_t lc)
{
    size_t k, texts = 0, whole = 1;
    label **order;
    for (k = 0; k < n; k++) texts += !labs[k].numeric;
    if (texts && texts < n) {
        /* a mix: the first label of the rarer kind is the odd one */
        size_t text_rows = 0, number_rows = 0, odd = n;
        for (k = 0; k < n; k++) {
            if (labs[k].numeric) number_rows += labs[k].rows;
            else text_rows += labs[k].rows;
        }
        for (k = 0; k < n; k++)
            if (!labs[k].numeric == (text_rows <= number_rows) &&
                (odd == n || labs[k].line < labs[odd].line))
                odd = k;
        csv_say(c, labs[odd].line, lc + 1, "label \"%s\" is %s, but %lu other "
                "rows' labels are %s", labs[odd].name,
                labs[odd].numeric ? "a number" : "text",
                (unsigned long)(labs[odd].numeric ? text_rows : number_rows),
                labs[odd].numeric ? "text" : "numbers");
        return -1;
    }
    if (n < 2) {
        csv_say(c, t->last_line, 0, "every label is %s: need at least 2 classes",
                n ? labs[0].name : "the same");
        return -1;
    }
    t->classes = n;
    if (!texts) {
        for (k = 0; k < n; k++)
            if (!(labs[k].v >= 0 && labs[k].v < (double)n)) whole = 0;
        if (whole) {               /* 0..K-1, each seen: the classes are them */
            for (k = 0; k < n; k++) map[k] = (size_t)labs[k].v;
            return 0;
        }
    }
    order = (label **)malloc(n * sizeof(label *));
    t->names = (char **)calloc(n, sizeof *t->names);
    if (!order || !t->names) {
        free(order);
        csv_say(c, 0, 0, "out of memory");
        return -1;
    }
    for (k = 0; k < n; k++) order[k] = &labs[k];
    if (!texts) qsort(order, n, sizeof(label *), by_value);
    for (k = 0; k < n; k++) {
        map[order[k] - labs] = k;
        t->names[k] = order[k]->name;
        order[k]->name = NULL;
    }
    t->named_by = texts ? 1 : 2;
    free(order);
    return 0;
}

/* Reads path into t. On failure prints one line, "train: path:line: why",
   and returns -1. */
static int read_table(const char *path, const read_opts *ro, table *t)
{
    csv_file c;
    label *labs = NULL;
    size_t n_labs = 0, labs_cap = 0, *map = NULL, lc = 0, j, k;
    size_t pending = 0;         /* line 1's first text cell + 1: maybe a header */
    unsigned long lines = 0;
    char shown[48];
    int r, err = -1;

    memset(t, 0, sizeof *t);
    t->n_y = ro->targets ? ro->targets : 1;
    if (csv_open(&c, "train", path, ro->delim)) return -1;
    while ((r = csv_next(&c)) == 1) {
        size_t bad;
        double v;
        lines++;
        if (lines == 1 && ro->header == 1) {          /* --header */
            t->header_line = c.line;
            t->cols = c.n_cells;
            continue;
        }
        if (t->cols == 0) {
            t->cols = c.n_cells;
        } else if (c.n_cells != t->cols) {
            csv_say(&c, c.line, 0, "%lu columns, expected %lu%s",
                    (unsigned long)c.n_cells, (unsigned long)t->cols,
                    t->header_line && t->rows == 0 ? " (as in the header)" : "");
            goto fail;
        }
        if (t->cols < t->n_y + 1) {
            csv_say(&c, c.line, 0, "%lu column%s: need features, then the label%s",
                    (unsigned long)t->cols, t->cols == 1 ? "" : "s",
                    t->n_y > 1 ? "s" : "");
            goto fail;
        }
        lc = csv_column(ro->label_col, t->cols);
        if (lc + t->n_y > t->cols) {
            csv_say(&c, c.line, 0, "%lu columns: no column %ld%s", (unsigned long)t->cols,
                    ro->label_col, t->n_y > 1 ? " with the targets after it" : "");
            goto fail;
        }
        t->d = t->cols - t->n_y;
        bad = first_text(&c, lc, t->n_y);
        for (j = 0; ro->targets && !bad && !pending && j < t->n_y; j++)
            if (csv_number(&c.cell[lc + j], c.delim, &v))
                bad = lc + j + 1;
        if (bad && lines == 1 && ro->header < 0) {
            /* a header only if the next line is numbers */
            pending = bad;
            t->header_line = c.line;
            continue;
        }
        if (bad) {
            if (pending)
                csv_say(&c, c.line, bad, "%s %s (line %lu, not all numbers "
                        "either, is no header)", csv_show(&c.cell[bad - 1], shown,
                        sizeof shown), csv_why(&c.cell[bad - 1]), t->header_line);
            else
                csv_say(&c, c.line, bad, "%s %s", csv_show(&c.cell[bad - 1], shown,
                        sizeof shown), csv_why(&c.cell[bad - 1]));
            goto fail;
        }
        pending = 0;
        if (t->rows >= ((size_t)-1) / sizeof(double) / t->cols - 1 ||
            csv_grow((void **)&t->x, &t->xcap, (t->rows + 1) * t->d, sizeof *t->x) ||
            csv_grow((void **)&t->y, &t->ycap, (t->rows + 1) * t->n_y, sizeof *t->y))
            goto nomem;
        for (j = 0, k = 0; j < t->cols; j++)
            if (j < lc || j >= lc + t->n_y)
                csv_number(&c.cell[j], c.delim, &t->x[t->rows * t->d + k++]);
        if (ro->targets) {
            for (j = 0; j < t->n_y; j++)
                csv_number(&c.cell[lc + j], c.delim, &t->y[t->rows * t->n_y + j]);
        } else {
            /* a class label: a whole number or text */
            csv_cell *cell = &c.cell[lc];
            int numeric = csv_number(cell, c.delim, &v) == 0;
            char *end;
            if (!numeric && cell->n && strlen(cell->s) == cell->n &&
                (strtod(cell->s, &end), !*end)) {
                /* a number, but not a finite one */
                csv_say(&c, c.line, lc + 1, "%s %s", csv_show(cell, shown,
                        sizeof shown), csv_why(cell));
                goto fail;
            }
            if (numeric && v != floor(v)) {
                csv_say(&c, c.line, lc + 1, "label %g is not a whole number "
                        "(for real-valued targets: --regression)", v);
                goto fail;
            }
            if (!numeric && !is_name(cell->s, cell->n)) {
                csv_say(&c, c.line, lc + 1, "label %s is %s", csv_show(cell, shown,
                        sizeof shown), cell->n ? "not UTF-8 text" : "empty");
                goto fail;
            }
            k = find_label(labs, n_labs, cell, numeric, v);
            if (k == n_labs) {
                if (n_labs == MAX_CLASSES) {
                    csv_say(&c, c.line, lc + 1, "more than %d different labels: "
                            "is column %lu the label? (--label-column; "
                            "--regression for real-valued targets)", MAX_CLASSES,
                            (unsigned long)lc + 1);
                    goto fail;
                }
                if (csv_grow((void **)&labs, &labs_cap, n_labs + 1, sizeof *labs))
                    goto nomem;
                labs[k].numeric = numeric;
                labs[k].v = v;
                labs[k].rows = 0;
                labs[k].line = c.line;
                if (numeric) {
                    char num[32];
                    size_t len = (size_t)snprintf(num, sizeof num, "%.17g", v);
                    labs[k].name = (char *)malloc(len + 1);
                    if (labs[k].name) memcpy(labs[k].name, num, len + 1);
                } else {
                    labs[k].name = (char *)malloc(cell->n + 1);
                    if (labs[k].name) memcpy(labs[k].name, cell->s, cell->n + 1);
                }
                if (!labs[k].name) goto nomem;
                n_labs++;
            }
            labs[k].rows++;
            t->y[t->rows] = (double)k;
        }
        t->rows++;
        t->last_line = c.line;
    }
    if (r < 0) goto fail;
    if (t->rows == 0) {
        if (c.line == 0)
            csv_say(&c, 1, 0, "empty file");
        else
            csv_say(&c, c.line, 0, "no data rows%s",
                    t->header_line ? " after the header" : "");
        goto fail;
    }
    if (!ro->targets) {
        if (!(map = (size_t *)malloc((n_labs + 1) * sizeof *map))) goto nomem;
        if (make_classes(&c, t, labs, n_labs, map, lc)) goto fail;
        for (j = 0; j < t->rows; j++) t->y[j] = (double)map[(size_t)t->y[j]];
    }
    err = 0;
    goto done;
nomem:
    csv_say(&c, c.line, 0, "out of memory");
fail:
    free_table(t);
done:
    for (k = 0; k < n_labs; k++) free(labs[k].name);
    free(labs);
    free(map);
    csv_close(&c);
    return err;
}

/* ------------------------------------------------------------------------ */
/* Evaluation                                                                */

static size_t argmax(const nn_real *v, size_t n)
{
    size_t i, best = 0;
    for (i = 1; i < n; i++)
        if (v[i] > v[best]) best = i;
    return best;
}

/* how well a network does on some rows */
typedef struct score {
    double loss;                /* the loss per row */
    size_t right;               /* classification: rows classified right */
    double acc;                 /* ... as a percentage */
    double rmse, r2;            /* regression, in the data's units; R^2 is
                                   the mean over the targets, as scikit-learn's */
} score;

/* what evaluate needs beside the rows */
typedef struct scoring {
    int regression;
    const double *ymean, *ysd;  /* regression: the targets' standardization */
    double *scratch;            /* regression: 3 x targets */
    size_t *confusion;          /* classification, or NULL: += 1 at (true, predicted) */
    double *pred, *truth;       /* regression, or NULL: target 0 of each row */
} scoring;

/* The network on (x, y), forward in batches of the work's capacity. */
static score evaluate(const nn_net *net, nn_work *w, nn_mat x, nn_mat y,
                      const scoring *s)
{
    size_t first, i, j, K = y.cols;
    double *mean = s->scratch, *sse = mean + K, *sst = sse + K;
    score r;
    memset(&r, 0, sizeof r);
    if (s->regression) {
        for (j = 0; j < K; j++) mean[j] = sse[j] = sst[j] = 0;
        for (i = 0; i < y.rows; i++)
            for (j = 0; j < K; j++) mean[j] += (double)NN_AT(y, i, j);
        for (j = 0; j < K; j++) mean[j] /= (double)(y.rows ? y.rows : 1);
    }
    for (first = 0; first < x.rows; first += w->capacity) {
        size_t n = x.rows - first < w->capacity ? x.rows - first : w->capacity;
        nn_mat xb, yb;
        nn_real l = 0;
        nn_mat_rows(&xb, x, first, n);
        nn_mat_rows(&yb, y, first, n);
        nn_forward(net, xb, w);
        nn_net_loss(net, w, yb, &l);
        r.loss += (double)l;
        for (i = 0; i < n; i++) {
            const nn_real *want = y.data + (first + i) * K, *got = w->out.data + i * K;
            if (!s->regression) {
                size_t a = argmax(want, K), b = argmax(got, K);
                r.right += a == b;
                if (s->confusion) s->confusion[a * K + b]++;
                continue;
            }
            for (j = 0; j < K; j++) {
                /* in the data's units: the standardized values times sd */
                double e = ((double)got[j] - (double)want[j]) * s->ysd[j];
                double t = ((double)want[j] - mean[j]) * s->ysd[j];
                sse[j] += e * e;
                sst[j] += t * t;
            }
            if (s->pred) {
                s->pred[first + i] = (double)got[0] * s->ysd[0] + s->ymean[0];
                s->truth[first + i] = (double)want[0] * s->ysd[0] + s->ymean[0];
            }
        }
    }
    if (x.rows) {
        r.loss /= (double)x.rows;
        r.acc = 100.0 * (double)r.right / (double)x.rows;
    }
    if (s->regression && x.rows) {
        double all = 0;
        for (j = 0; j < K; j++) {
            all += sse[j];
            /* a constant target: R^2 is 1 when it is met, else 0 (scikit-learn) */
            r.r2 += sst[j] > 0 ? 1 - sse[j] / sst[j] : sse[j] > 0 ? 0 : 1;
        }
        r.rmse = sqrt(all / (double)(x.rows * K));
        r.r2 /= (double)K;
    }
    return r;
}

/* ------------------------------------------------------------------------ */
/* The SVG chart                                                             */

typedef struct history {
    size_t epochs;
    double *loss, *train_acc, *val_acc, *test_acc;   /* each `epochs` long */
    int has_val, has_test;
    /* regression: the first target of the rows the chart plots */
    const double *pred, *truth;
    size_t n_pred;
    const char *pred_rows;      /* "test" or "training" */
} history;

/* a step of 1, 2 or 5 times a power of ten giving about `ticks` ticks */
static double nice_step(double range, int ticks)
{
    double raw = range / ticks, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void svg_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            fputc((unsigned char)*s >= 32 ? *s : '?', f);
        }
    }
}

typedef struct panel {
    double x0, y0, w, h;        /* plot area in pixels, y0 at the top */
    double xlo, xmax, ylo, yhi; /* data ranges */
} panel;

static double px(const panel *p, double x)
{
    return p->x0 + p->w * (x - p->xlo) / (p->xmax - p->xlo);
}
static double py(const panel *p, double y)
{
    return p->y0 + p->h * (1 - (y - p->ylo) / (p->yhi - p->ylo));
}

/* frame, grid, ticks and axis titles */
static void svg_axes(FILE *f, const panel *p, const char *title,
                     const char *xlabel, const char *ylabel)
{
    double step, v, first;
    int k;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"white\" stroke=\"#444\"/>\n", p->x0, p->y0, p->w, p->h);
    step = nice_step(p->xmax - p->xlo, 6);
    if (step < 1 && p->xlo == 0) step = 1;     /* epochs are whole */
    /* ticks (first + k) * step, counted in integers so no rounding piles up */
    first = ceil(p->xlo / step - 1e-9) + 0.0;
    for (k = 0; (v = (first + k) * step) <= p->xmax + step * 1e-9; k++) {
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"#ddd\"/>\n", px(p, v), p->y0, px(p, v), p->y0 + p->h);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
                px(p, v), p->y0 + p->h + 16, v);
    }
    step = nice_step(p->yhi - p->ylo, 5);
    first = ceil(p->ylo / step - 1e-9) + 0.0;   /* + 0.0 turns -0 into 0 */
    for (k = 0; (v = (first + k) * step) <= p->yhi + step * 1e-9; k++) {
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"#ddd\"/>\n", p->x0, py(p, v), p->x0 + p->w, py(p, v));
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                p->x0 - 6, py(p, v) + 4, v);
    }
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"none\" stroke=\"#444\"/>\n", p->x0, p->y0, p->w, p->h);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
            "font-weight=\"bold\">%s</text>\n", p->x0 + p->w / 2, p->y0 - 10, title);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
            p->x0 + p->w / 2, p->y0 + p->h + 36, xlabel);
    fprintf(f, "<text transform=\"translate(%.1f %.1f) rotate(-90)\" "
            "text-anchor=\"middle\">%s</text>\n", p->x0 - 46, p->y0 + p->h / 2,
            ylabel);
}

static void svg_series(FILE *f, const panel *p, const double *v, size_t n,
                       const char *color)
{
    size_t i;
    fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
            "points=\"", color);
    for (i = 0; i < n; i++)
        fprintf(f, "%s%.1f,%.1f", i ? " " : "", px(p, (double)(i + 1)), py(p, v[i]));
    fputs("\"/>\n", f);
    if (n == 1)   /* a line of one point does not show: mark it */
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                px(p, 1), py(p, v[0]), color);
}

/* legend entry k (of count, from the top) in the panel's upper or lower
   right corner, wherever the curves are not */
static void svg_legend(FILE *f, const panel *p, int upper, int k, int count,
                       const char *color, const char *label)
{
    double x = p->x0 + p->w - 130;
    double y = upper ? p->y0 + 26 + 20.0 * k
                     : p->y0 + p->h - 16 - 20.0 * (count - 1 - k);
    if (k == 0)
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"120\" height=\"%d\" "
                "fill=\"white\" fill-opacity=\"0.9\" stroke=\"#999\"/>\n",
                x - 8, y - 14, 20 * count + 4);
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"%s\" stroke-width=\"2\"/>\n", x, y - 4, x + 24, y - 4, color);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", x + 30, y, label);
}

/* predicted (y) against true (x) values as dots, with the line y = x */
static void svg_scatter(FILE *f, panel *p, const history *h)
{
    size_t i;
    double lo = h->truth[0], hi = lo, step;
    for (i = 0; i < h->n_pred; i++) {
        double a = h->truth[i], b = h->pred[i];
        if (a < lo) lo = a;
        if (b < lo) lo = b;
        if (a > hi) hi = a;
        if (b > hi) hi = b;
    }
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    step = nice_step(hi - lo, 5);
    p->xlo = p->ylo = floor(lo / step) * step;
    p->xmax = p->yhi = ceil(hi / step) * step;
    svg_axes(f, p, "Predicted against true", "true value", "predicted value");
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n", px(p, p->xlo),
            py(p, p->ylo), px(p, p->xmax), py(p, p->yhi));
    for (i = 0; i < h->n_pred; i++)
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#1f77b4\" "
                "fill-opacity=\"0.6\"/>\n", px(p, h->truth[i]), py(p, h->pred[i]));
    svg_legend(f, p, 1, 0, 1, "#1f77b4", h->pred_rows);
}

/* Two panels side by side: the training loss, and the accuracies per
   epoch (classification) or the predicted against the true values of the
   held-out rows (regression). */
static int write_svg(const char *path, const char *title, const char *loss_name,
                     const history *h)
{
    char ylabel[64];
    FILE *f = fopen(path, "w");
    panel loss, acc;
    size_t i;
    double top = 0, low = 100;
    int err;
    if (!f) return -1;
    for (i = 0; i < h->epochs; i++) {
        if (h->loss[i] > top) top = h->loss[i];
        if (h->train_acc[i] < low) low = h->train_acc[i];
        if (h->has_val && h->val_acc[i] < low) low = h->val_acc[i];
        if (h->has_test && h->test_acc[i] < low) low = h->test_acc[i];
    }
    loss.x0 = 80; loss.y0 = 70; loss.w = 380; loss.h = 280;
    loss.xlo = 0;
    loss.xmax = (double)h->epochs;
    loss.ylo = 0;
    loss.yhi = top > 0 ? top * 1.05 : 1;
    loss.yhi = ceil(loss.yhi / nice_step(loss.yhi, 5)) * nice_step(loss.yhi, 5);
    acc = loss;
    acc.x0 = 560;
    acc.ylo = floor(low / 10) * 10;
    if (acc.ylo > 90) acc.ylo = 90;
    acc.yhi = 100;

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"980\" height=\"420\" "
          "viewBox=\"0 0 980 420\" font-family=\"sans-serif\" font-size=\"12\">\n", f);
    fputs("<rect width=\"980\" height=\"420\" fill=\"white\"/>\n", f);
    fputs("<text x=\"490\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">", f);
    svg_text(f, title);
    fputs("</text>\n", f);
    snprintf(ylabel, sizeof ylabel, "loss per row (%s)", loss_name);
    svg_axes(f, &loss, "Training loss", "epoch", ylabel);
    svg_series(f, &loss, h->loss, h->epochs, "#d62728");
    svg_legend(f, &loss, 1, 0, 1, "#d62728", "training loss");
    if (h->pred) {
        svg_scatter(f, &acc, h);
    } else {
        int n = 1 + h->has_val + h->has_test, k = 0;
        svg_axes(f, &acc, "Accuracy", "epoch", "correct (%)");
        svg_series(f, &acc, h->train_acc, h->epochs, "#1f77b4");
        if (h->has_val) svg_series(f, &acc, h->val_acc, h->epochs, "#2ca02c");
        if (h->has_test) svg_series(f, &acc, h->test_acc, h->epochs, "#ff7f0e");
        svg_legend(f, &acc, 0, k++, n, "#1f77b4", "train");
        if (h->has_val) svg_legend(f, &acc, 0, k++, n, "#2ca02c", "validation");
        if (h->has_test) svg_legend(f, &acc, 0, k, n, "#ff7f0e", "test");
    }
    fputs("</svg>\n", f);
    err = ferror(f);
    if (fclose(f) != 0) err = 1;
    return err ? -1 : 0;
}

/* ------------------------------------------------------------------------ */
/* Options                                                                   */

#define MAX_HIDDEN 64       /* hidden layers --layers may list */

/* the initial weights: train's own uniform scaling, or nn.h's */
enum { INIT_UNIFORM, INIT_GLOROT, INIT_HE };
/* the rate over the epochs (PyTorch's schedulers of the same names) */
enum { SCHED_CONSTANT, SCHED_STEP, SCHED_COSINE };

typedef struct options {
    size_t epochs, batch;
    size_t n_hidden, widths[MAX_HIDDEN];  /* hidden layers and their widths */
    int hidden_given, layers_given;
    nn_act act, out;            /* hidden layers, output layer */
    nn_loss loss;
    int out_given, loss_given;
    nn_opt_kind opt;
    double momentum, weight_decay;
    int momentum_given;
    int init, schedule, mean_loss;
    double rate, test_fraction, val_fraction;
    int val_given;
    size_t patience;            /* 0: no early stopping */
    unsigned long long seed;
    read_opts read;
    int label_given, regression;
    const char *svg, *save, *file;
} options;

static void usage(FILE *f)
{
    fputs("usage: train [options] FILE.csv\n"
          "Trains a neural network (by default the article's: one hidden layer of\n"
          "sigmoid units, a sigmoid output, the sum-of-squares loss, gradient\n"
          "descent) on a CSV file whose last column is the class label, and\n"
          "reports the test accuracy; with --regression, real-valued targets.\n"
          "The file:\n"
          "  --delimiter D       ',' ';' 'tab' or 'space' (default: the most\n"
          "                      frequent of , ; and tab on the first line)\n"
          "  --label-column N    the label's column, 1 the first, -1 the last\n"
          "                      (default -1)\n"
          "  --header            the first line is a header (default: when it is\n"
          "                      not all numbers and the second line is)\n"
          "  --no-header         the first line is data\n"
          "  --regression        the label is a real value: linear output,\n"
          "                      sum-of-squares loss, RMSE and R^2 reported\n"
          "  --targets K         regression: K targets, the label column and\n"
          "                      those after it (default 1; -K columns from the end)\n"
          "The network:\n"
          "  --hidden N          one hidden layer of N units (default 32)\n"
          "  --layers N,N,...    hidden layers of these widths, e.g. 128,64\n"
          "  --activation A      hidden layers: sigmoid, tanh, relu or linear\n"
          "                      (default sigmoid)\n"
          "  --output A          output layer: sigmoid, softmax or linear\n"
          "  --loss L            sse, bce (sigmoid output) or cross_entropy\n"
          "                      (softmax output), summed over the batch; default\n"
          "                      sigmoid and sse; cross_entropy alone implies\n"
          "                      softmax, bce sigmoid; softmax alone cross_entropy\n"
          "  --init I            initial weights: uniform, U(-a, a) with\n"
          "                      a = 1/sqrt(inputs of the layer), glorot (Glorot\n"
          "                      uniform) or he (He uniform) (default uniform)\n"
          "Training:\n"
          "  --optimizer O       sgd, momentum, nesterov or adam (default sgd)\n"
          "  --momentum M        0 <= M < 1 for momentum and nesterov (default 0.9)\n"
          "  --weight-decay D    L2 term D*w added to every gradient (default 0)\n"
          "  --epochs N          passes over the training rows (default 200)\n"
          "  --batch N           rows per gradient step (default 10)\n"
          "  --rate R            step size (default 0.05, 0.001 with --regression);\n"
          "                      for sgd, momentum and\n"
          "                      nesterov a step per row: the loss is a sum over\n"
          "                      the batch, so a step moves rate*batch times the\n"
          "                      mean gradient; adam's step is about R whatever\n"
          "                      the batch\n"
          "  --mean-loss         the gradient of the mean loss, as PyTorch's\n"
          "                      default reduction: over the batch's elements for\n"
          "                      sse and bce, its rows for cross_entropy; then\n"
          "                      --rate is PyTorch's lr\n"
          "  --lr-schedule S     constant, step (rate x 0.1 from half and x 0.01\n"
          "                      from three quarters of the epochs) or cosine\n"
          "                      (rate x (1 + cos(pi e / epochs)) / 2 at epoch e\n"
          "                      from 0) (default constant)\n"
          "  --patience N        stop when the validation loss has not improved\n"
          "                      for N epochs, and keep the best network\n"
          "  --validation-fraction F  share of the training rows held out for\n"
          "                      --patience, 0 < F < 1 (default 0.1)\n"
          "  --test-fraction F   share of rows held out, 0 <= F < 1 (default 0.2)\n"
          "  --seed N            seed of the split, weights and order (default 1)\n"
          "Output:\n"
          "  --svg FILE          write a chart of the loss and the accuracy per\n"
          "                      epoch (regression: predicted against true)\n"
          "  --save FILE         write the trained model (safetensors) for predict\n"
          "  -h, --help          show this and exit\n", f);
}

/* s is all decimal digits (no sign, no blanks) and fits: store it */
static int parse_ull(const char *s, unsigned long long *v)
{
    char *end;
    if (!*s || strspn(s, "0123456789") != strlen(s)) return -1;
    errno = 0;
    *v = strtoull(s, &end, 10);
    return errno ? -1 : 0;
}

static int parse_count(const char *s, size_t *v)
{
    unsigned long long u;
    if (parse_ull(s, &u) || u == 0 || u > 100000000ULL) return -1;
    *v = (size_t)u;
    return 0;
}

static int parse_real(const char *s, double *v)
{
    char *end;
    if (!*s) return -1;
    errno = 0;
    *v = strtod(s, &end);
    return *end || errno || !(*v == *v) || *v > 1e300 || *v < -1e300 ? -1 : 0;
}

/* "128,64": one or more counts between commas, at most MAX_HIDDEN */
static int parse_widths(const char *s, options *o)
{
    char item[24];
    size_t n = 0;
    for (;;) {
        size_t len = strcspn(s, ",");
        if (len == 0 || len >= sizeof item || n == MAX_HIDDEN) return -1;
        memcpy(item, s, len);
        item[len] = '\0';
        if (parse_count(item, &o->widths[n])) return -1;
        n++;
        if (!s[len]) break;
        s += len + 1;
    }
    o->n_hidden = n;
    return 0;
}

/* the index of s in the NULL-ended list names, or -1 */
static int lookup(const char *s, const char *const *names)
{
    int k;
    for (k = 0; names[k]; k++)
        if (strcmp(s, names[k]) == 0) return k;
    return -1;
}

static const char *const init_names[] = {"uniform", "glorot", "he", NULL};
static const char *const sched_names[] = {"constant", "step", "cosine", NULL};

/* an activation allowed where the list says, by the name nn.h gives it */
static int parse_act(const char *s, const nn_act *allowed, size_t n, nn_act *a)
{
    size_t k;
    nn_act v;
    if (nn_act_parse(s, &v) != NN_OK) return -1;
    for (k = 0; k < n; k++)
        if (allowed[k] == v) { *a = v; return 0; }
    return -1;
}

/* the options that take no value */
static int flag(const char *a, options *o)
{
    if (strcmp(a, "--header") == 0) o->read.header = 1;
    else if (strcmp(a, "--no-header") == 0) o->read.header = 0;
    else if (strcmp(a, "--regression") == 0) o->regression = 1;
    else if (strcmp(a, "--mean-loss") == 0) o->mean_loss = 1;
    else return 0;
    return 1;
}

/* 0 parsed, 1 help asked, -1 usage error (already reported) */
static int parse_options(int argc, char **argv, options *o)
{
    static const char *const names[] = {"--hidden", "--epochs", "--batch",
        "--rate", "--test-fraction", "--seed", "--svg", "--save", "--layers",
        "--activation", "--output", "--loss", "--optimizer", "--momentum",
        "--weight-decay", "--init", "--delimiter", "--label-column",
        "--targets", "--lr-schedule", "--patience", "--validation-fraction", NULL};
    static const nn_act hidden_acts[] = {NN_ACT_SIGMOID, NN_ACT_TANH,
                                         NN_ACT_RELU, NN_ACT_LINEAR};
    static const nn_act out_acts[] = {NN_ACT_SIGMOID, NN_ACT_SOFTMAX,
                                      NN_ACT_LINEAR};
    int i, k, rate_given = 0;
    size_t targets = 0;
    memset(o, 0, sizeof *o);
    o->n_hidden = 1; o->widths[0] = 32; o->epochs = 200; o->batch = 10;
    o->rate = 0.05; o->test_fraction = 0.2; o->val_fraction = 0.1; o->seed = 1;
    o->act = NN_ACT_SIGMOID; o->out = NN_ACT_SIGMOID; o->loss = NN_LOSS_SSE;
    o->opt = NN_OPT_SGD; o->momentum = 0.9; o->weight_decay = 0;
    o->init = INIT_UNIFORM;
    o->schedule = SCHED_CONSTANT;
    o->read.delim = 0; o->read.label_col = -1; o->read.header = -1;
    o->svg = NULL; o->save = NULL; o->file = NULL;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL, *eq;
        char name[32];
        size_t n;
        int bad = 0, v;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) return 1;
        if (a[0] != '-' || a[1] == '\0') {
            if (o->file) {
                fprintf(stderr, "train: more than one input file\n");
                return -1;
            }
            o->file = a;
            continue;
        }
        if (flag(a, o)) continue;
        /* --name value or --name=value */
        eq = strchr(a, '=');
        n = eq ? (size_t)(eq - a) : strlen(a);
        if (n >= sizeof name) n = sizeof name - 1;
        memcpy(name, a, n);
        name[n] = '\0';
        for (k = 0; names[k] && strcmp(name, names[k]) != 0; k++) {}
        if (!names[k]) {
            fprintf(stderr, "train: unknown option %s\n", a);
            return -1;
        }
        if (eq) val = eq + 1;
        else if (i + 1 < argc) val = argv[++i];
        else {
            fprintf(stderr, "train: %s needs a value\n", name);
            return -1;
        }
        switch (k) {
        case 0:
            bad = parse_count(val, &o->widths[0]);
            o->n_hidden = 1;
            o->hidden_given = 1;
            break;
        case 1: bad = parse_count(val, &o->epochs); break;
        case 2: bad = parse_count(val, &o->batch); break;
        case 3:
            bad = parse_real(val, &o->rate) || !(o->rate > 0);
            rate_given = 1;
            break;
        case 4:
            bad = parse_real(val, &o->test_fraction) || o->test_fraction < 0 ||
                  !(o->test_fraction < 1);
            break;
        case 5: bad = parse_ull(val, &o->seed); break;
        case 6: bad = !*val; o->svg = val; break;
        case 7: bad = !*val; o->save = val; break;
        case 8: bad = parse_widths(val, o); o->layers_given = 1; break;
        case 9: bad = parse_act(val, hidden_acts, 4, &o->act); break;
        case 10: bad = parse_act(val, out_acts, 3, &o->out); o->out_given = 1; break;
        case 11: bad = nn_loss_parse(val, &o->loss) != NN_OK; o->loss_given = 1; break;
        case 12:
            bad = nn_opt_parse(val, &o->opt) != NN_OK;
            break;
        case 13:
            bad = parse_real(val, &o->momentum) || o->momentum < 0 ||
                  !(o->momentum < 1);
            o->momentum_given = 1;
            break;
        case 14: bad = parse_real(val, &o->weight_decay) || o->weight_decay < 0; break;
        case 15:
            bad = (v = lookup(val, init_names)) < 0;
            if (!bad) o->init = v;
            break;
        case 16: bad = !(o->read.delim = csv_delim_arg(val)); break;
        case 17:
            bad = !(o->read.label_col = csv_column_arg(val));
            o->label_given = 1;
            break;
        case 18: bad = parse_count(val, &targets) || targets > 1000; break;
        case 19:
            bad = (v = lookup(val, sched_names)) < 0;
            if (!bad) o->schedule = v;
            break;
        case 20: bad = parse_count(val, &o->patience); break;
        default:
            bad = parse_real(val, &o->val_fraction) || !(o->val_fraction > 0) ||
                  !(o->val_fraction < 1);
            o->val_given = 1;
        }
        if (bad) {
            fprintf(stderr, "train: bad value for %s: '%s'\n", name, val);
            return -1;
        }
    }
    if (o->hidden_given && o->layers_given) {
        fprintf(stderr, "train: --hidden and --layers: give one of them\n");
        return -1;
    }
    if (targets && !o->regression) {
        fprintf(stderr, "train: --targets needs --regression\n");
        return -1;
    }
    if (o->regression) {
        o->read.targets = targets ? targets : 1;
        if (!o->label_given) o->read.label_col = -(long)o->read.targets;
        if ((o->out_given && o->out != NN_ACT_LINEAR) ||
            (o->loss_given && o->loss != NN_LOSS_SSE)) {
            fprintf(stderr, "train: --regression has a linear output and the sse loss\n");
            return -1;
        }
        o->out = NN_ACT_LINEAR;
        o->loss = NN_LOSS_SSE;
        /* a linear output's gradient is not damped by a sigmoid's slope */
        if (!rate_given) o->rate = 0.001;
        o->out_given = o->loss_given = 1;
    }
    /* the output and the loss: one given picks the other */
    if (o->loss_given && !o->out_given)
        o->out = o->loss == NN_LOSS_CE ? NN_ACT_SOFTMAX : NN_ACT_SIGMOID;
    if (o->out_given && !o->loss_given)
        o->loss = o->out == NN_ACT_SOFTMAX ? NN_LOSS_CE : NN_LOSS_SSE;
    if ((o->loss == NN_LOSS_BCE && o->out != NN_ACT_SIGMOID) ||
        (o->loss == NN_LOSS_CE && o->out != NN_ACT_SOFTMAX)) {
        fprintf(stderr, "train: --loss %s needs --output %s, not %s\n",
                nn_loss_name(o->loss), o->loss == NN_LOSS_BCE ? "sigmoid" : "softmax",
                nn_act_name(o->out));
        return -1;
    }
    if (o->momentum_given && o->opt != NN_OPT_MOMENTUM && o->opt != NN_OPT_NESTEROV) {
        fprintf(stderr, "train: --momentum needs --optimizer momentum or nesterov\n");
        return -1;
    }
    if (o->val_given && !o->patience) {
        fprintf(stderr, "train: --validation-fraction needs --patience\n");
        return -1;
    }
    if (!o->file) {
        fprintf(stderr, "train: no input file\n");
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Training                                                                  */

/* x (rows, d) = the features of t; y (rows, K) = its labels one-hot, or
   its targets */
static void fill(const table *t, nn_mat x, nn_mat y)
{
    size_t i, j;
    for (i = 0; i < t->rows; i++) {
        for (j = 0; j < t->d; j++) NN_AT(x, i, j) = (nn_real)t->x[i * t->d + j];
        if (!t->classes) {
            for (j = 0; j < t->n_y; j++) NN_AT(y, i, j) = (nn_real)t->y[i * t->n_y + j];
            continue;
        }
        for (j = 0; j < y.cols; j++) NN_AT(y, i, j) = 0;
        NN_AT(y, i, (size_t)t->y[i]) = 1;
    }
}

/* Every column of x becomes (x - mean) / deviation, both taken over the
   first n_train rows only, so nothing is learned from the test rows. A
   constant column has deviation 0: it is only centered (it becomes 0),
   never divided by 0. mean and sd (1, x.cols) get the transform. */
static void standardize(nn_mat x, size_t n_train, double *means, double *sds)
{
    size_t i, j;
    for (j = 0; j < x.cols; j++) {
        double mean = 0, var = 0, sd;
        for (i = 0; i < n_train; i++) mean += (double)NN_AT(x, i, j);
        mean /= (double)n_train;
        for (i = 0; i < n_train; i++) {
            double e = (double)NN_AT(x, i, j) - mean;
            var += e * e;
        }
        sd = sqrt(var / (double)n_train);
        /* below rounding noise of the mean counts as constant */
        if (!(sd > 1e-12 * (fabs(mean) + 1))) sd = 1;
        means[j] = mean;
        sds[j] = sd;
        for (i = 0; i < x.rows; i++)
            NN_AT(x, i, j) = (nn_real)(((double)NN_AT(x, i, j) - mean) / sd);
    }
}

/* The standardizations of the features and (regression) the targets */
typedef struct scaling {
    double *xmean, *xsd;        /* d each */
    double *ymean, *ysd;        /* K each; NULL for classification */
} scaling;

/* Saves net as a network of the raw features: the standardization is
   folded into the first layer, since
       ((x - mean) / sd) w + b = x (w / sd) + (b - sum_i mean_i w[i,:] / sd_i)
   (w's row i divided by sd_i), so `predict` can take rows as in the CSV.
   For regression the targets' standardization is undone in the last
   (linear) layer: column j of its w and b times sd_j, and mean_j added to
   b_j, so predictions come out in the data's units. The class names, if
   any, go into the metadata as "classes", one per line. */
static nn_status save_raw(const nn_net *net, const scaling *sc, const table *t,
                          const char *path)
{
    nn_net raw;
    const nn_layer *first = &net->layers[0];
    nn_layer *to;
    nn_save_opts so;
    const char *meta[2];
    char *names = NULL;
    size_t i, j, len = 0;
    nn_status s;
    memset(&raw, 0, sizeof raw);
    memset(&so, 0, sizeof so);
    if (t->names) {
        for (i = 0; i < t->classes; i++) len += strlen(t->names[i]) + 1;
        if (!(names = (char *)malloc(len + 1))) return NN_ERR_NOMEM;
        for (i = 0, len = 0; i < t->classes; i++) {
            size_t n = strlen(t->names[i]);
            memcpy(names + len, t->names[i], n);
            len += n;
            names[len++] = i + 1 < t->classes ? '\n' : '\0';
        }
        meta[0] = "classes";
        meta[1] = names;
        so.meta = meta;
        so.n_meta = 1;
    }
    s = nn_net_copy(&raw, net);
    if (s != NN_OK) {
        free(names);
        return s;
    }
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
    nn_net_free(&raw);
    free(names);
    return s;
}

static void swap_rows(nn_mat m, size_t i, size_t j)
{
    size_t k;
    for (k = 0; k < m.cols; k++) {
        nn_real v = NN_AT(m, i, k);
        NN_AT(m, i, k) = NN_AT(m, j, k);
        NN_AT(m, j, k) = v;
    }
}

/* A split of rows already in random order, stratified for classification:
   of each class c (of all rows, for regression), the first
   round(f * rows of c) rows are held out and moved to the end (x and y
   together). held (rows) and quota (K) are scratch. Returns the number of
   rows held out. */
static size_t split(nn_mat x, nn_mat y, int regression, double f,
                    unsigned char *held, size_t *quota)
{
    size_t i, j, c, n_held = 0, K = regression ? 1 : y.cols;
    for (c = 0; c < K; c++) quota[c] = 0;
    for (i = 0; i < y.rows; i++) quota[regression ? 0 : argmax(y.data + i * K, K)]++;
    /* round(f * rows), but never all of a class: some are kept */
    for (c = 0; c < K; c++) {
        size_t q = (size_t)lround(f * (double)quota[c]);
        quota[c] = q < quota[c] ? q : quota[c] ? quota[c] - 1 : 0;
    }
    for (i = 0; i < y.rows; i++) {
        c = regression ? 0 : argmax(y.data + i * K, K);
        held[i] = quota[c] > 0;
        if (held[i]) { quota[c]--; n_held++; }
    }
    /* partition: the rows kept first */
    for (i = 0, j = y.rows; ; ) {
        while (i < j && !held[i]) i++;
        while (i < j && held[j - 1]) j--;
        if (i + 1 >= j) break;
        swap_rows(x, i, j - 1);
        swap_rows(y, i, j - 1);
        held[i] = 0;
        held[j - 1] = 1;
    }
    return n_held;
}

/* the confusion matrix (K,K), rows true class, columns predicted */
static void print_confusion(const size_t *c, size_t K)
{
    size_t i, j, big = 1;
    int w = 1;
    for (i = 0; i < K * K; i++)
        if (c[i] > big) big = c[i];
    while (big >= 10) { big /= 10; w++; }
    if (w < (K > 10 ? (K > 100 ? 3 : 2) : 1)) w = K > 100 ? 3 : 2;
    printf("confusion matrix (rows: true class, columns: predicted)\n");
    printf("%*s", w + 2, "");
    for (j = 0; j < K; j++) printf(" %*lu", w, (unsigned long)j);
    putchar('\n');
    for (i = 0; i < K; i++) {
        printf("%*lu |", w, (unsigned long)i);
        for (j = 0; j < K; j++) printf(" %*lu", w, (unsigned long)c[i * K + j]);
        putchar('\n');
    }
}

/* "classes: 0 setosa, 1 versicolor, ..." when the labels are not 0..K-1 */
static void print_classes(const table *t)
{
    size_t k;
    printf("classes (%s):", t->named_by == 1 ? "the labels in the order they "
           "first appear" : "the labels in increasing order");
    for (k = 0; k < t->classes && k < 50; k++)
        printf("%s %lu %s", k ? "," : "", (unsigned long)k, t->names[k]);
    printf("%s\n", k < t->classes ? ", ..." : "");
}

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

/* one line of progress: the scores of the epoch */
static void print_scores(const char *part, const score *s, int regression)
{
    if (regression)
        printf(s->r2 > -1000 ? "  %s RMSE %8.4g R2 %6.3f" : "  %s RMSE %8.4g R2 %6.2g",
               part, s->rmse, s->r2);
    else printf("  %s %6.2f%%", part, s->acc);
}

int main(int argc, char **argv)
{
    options o;
    table t;
    nn_mat x, y, x_train, y_train, x_val, y_val, x_test, y_test;
    nn_net net, best;
    nn_work work;
    nn_opt opt;
    nn_rng rng;
    history h;
    scaling sc;
    scoring sg;
    score tr, va, te;
    size_t *confusion = NULL, *widths = NULL, *quota = NULL;
    size_t n_train, n_val = 0, n_test, d, K, e, i, L, best_epoch = 0;
    nn_act *acts = NULL;
    unsigned char *held = NULL;
    double *pred = NULL, *truth = NULL, best_loss = 0, t0;
    int tty, status = 1, plain, regression, pr = parse_options(argc, argv, &o);
    char shape[256];

    if (pr == 1) { usage(stdout); return 0; }
    if (pr < 0) { usage(stderr); return 2; }
    /* the outputs first: a bad path is said before any work */
    if (o.svg && !writable(o.svg)) {
        fprintf(stderr, "train: %s: cannot write: %s\n", o.svg, strerror(errno));
        return 1;
    }
    if (o.save && !writable(o.save)) {
        fprintf(stderr, "train: %s: cannot save the model: %s\n", o.save,
                strerror(errno));
        return 1;
    }
    if (read_table(o.file, &o.read, &t)) return 1;

    regression = t.classes == 0;
    d = t.d;
    K = regression ? t.n_y : t.classes;
    L = o.n_hidden + 1;
    memset(&net, 0, sizeof net);
    memset(&best, 0, sizeof best);
    memset(&work, 0, sizeof work);
    memset(&opt, 0, sizeof opt);
    memset(&h, 0, sizeof h);
    memset(&sc, 0, sizeof sc);
    memset(&sg, 0, sizeof sg);
    x.data = y.data = NULL;
    /* plain gradient descent: nn_train_step, as 1.x trained */
    plain = o.opt == NN_OPT_SGD && o.weight_decay == 0;
    if ((widths = (size_t *)malloc((L + 1) * sizeof *widths)) &&
        (acts = (nn_act *)malloc(L * sizeof *acts))) {
        widths[0] = d;
        for (i = 0; i < o.n_hidden; i++) {
            widths[i + 1] = o.widths[i];
            acts[i] = o.act;
        }
        widths[L] = K;
        acts[L - 1] = o.out;
    }
    if (!widths || !acts ||
        nn_mat_alloc(&x, t.rows, d) || nn_mat_alloc(&y, t.rows, K) ||
        nn_net_init_layers(&net, L, widths, acts, o.loss) ||
        (o.patience && nn_net_copy(&best, &net)) ||
        nn_work_init(&work, &net, capacity(o.batch, t.rows)) ||
        (!plain && nn_opt_init(&opt, &net, o.opt)) ||
        !(confusion = (size_t *)calloc(regression ? 1 : K * K, sizeof *confusion)) ||
        !(quota = (size_t *)malloc(K * sizeof *quota)) ||
        !(held = (unsigned char *)malloc(t.rows)) ||
        !(sc.xmean = (double *)malloc(d * sizeof(double))) ||
        !(sc.xsd = (double *)malloc(d * sizeof(double))) ||
        !(sg.scratch = (double *)malloc(3 * K * sizeof(double))) ||
        (regression && (!(sc.ymean = (double *)malloc(K * sizeof(double))) ||
                        !(sc.ysd = (double *)malloc(K * sizeof(double))) ||
                        !(pred = (double *)malloc(t.rows * sizeof(double))) ||
                        !(truth = (double *)malloc(t.rows * sizeof(double))))) ||
        !(h.loss = (double *)malloc(o.epochs * sizeof(double))) ||
        !(h.train_acc = (double *)malloc(o.epochs * sizeof(double))) ||
        !(h.val_acc = (double *)malloc(o.epochs * sizeof(double))) ||
        !(h.test_acc = (double *)malloc(o.epochs * sizeof(double)))) {
        fprintf(stderr, "train: out of memory\n");
        goto done;
    }
    if (!plain) {
        opt.momentum = (nn_real)o.momentum;
        opt.weight_decay = (nn_real)o.weight_decay;
    }

    /* shuffle the rows (x and y together), hold out the test rows at the
       end and the validation rows before them, then scale with the
       training part's statistics only */
    fill(&t, x, y);
    rng = nn_rng_seed((uint64_t)o.seed);
    nn_shuffle_rows(x, y, &rng);
    n_test = split(x, y, regression, o.test_fraction, held, quota);
    if (o.patience && n_test < t.rows) {
        nn_mat xk, yk;
        nn_mat_rows(&xk, x, 0, t.rows - n_test);
        nn_mat_rows(&yk, y, 0, t.rows - n_test);
        n_val = split(xk, yk, regression, o.val_fraction, held, quota);
    }
    if (n_test >= t.rows || n_test + n_val >= t.rows || (o.patience && n_val == 0)) {
        int for_test = n_test >= t.rows;
        fprintf(stderr, "train: %s:%lu: %lu data row%s too few to hold out %g "
                "of them%s\n", o.file, t.last_line, (unsigned long)t.rows,
                t.rows == 1 ? " is" : "s are", for_test ? o.test_fraction : o.val_fraction,
                for_test ? "" : " for validation");
        goto done;
    }
    n_train = t.rows - n_test - n_val;
    standardize(x, n_train, sc.xmean, sc.xsd);
    if (regression) standardize(y, n_train, sc.ymean, sc.ysd);
    nn_mat_rows(&x_train, x, 0, n_train);
    nn_mat_rows(&y_train, y, 0, n_train);
    nn_mat_rows(&x_val, x, n_train, n_val);
    nn_mat_rows(&y_val, y, n_train, n_val);
    nn_mat_rows(&x_test, x, n_train + n_val, n_test);
    nn_mat_rows(&y_test, y, n_train + n_val, n_test);
    sg.regression = regression;
    sg.ymean = sc.ymean;
    sg.ysd = sc.ysd;

    if (o.init == INIT_UNIFORM) init_uniform(&net, &rng);
    else nn_net_init_weights(&net, &rng, o.init == INIT_HE ? NN_INIT_HE_UNIFORM
                                                          : NN_INIT_GLOROT_UNIFORM);

    widths_text(widths, L + 1, shape, sizeof shape);
    printf("%s: %lu rows, %lu features, %lu %s; %lu for training, ", base_name(o.file),
           (unsigned long)t.rows, (unsigned long)d, (unsigned long)K,
           regression ? (K == 1 ? "target" : "targets") : "classes",
           (unsigned long)n_train);
    if (n_val) printf("%lu for validation, ", (unsigned long)n_val);
    printf("%lu for testing\n", (unsigned long)n_test);
    printf("network %s, %lu epochs, batch %lu, rate %g, seed %llu\n", shape,
           (unsigned long)o.epochs, (unsigned long)o.batch, o.rate, o.seed);
    /* what differs from the article's network and its training */
    if (o.act != NN_ACT_SIGMOID || o.out != NN_ACT_SIGMOID ||
        o.loss != NN_LOSS_SSE || !plain || o.init != INIT_UNIFORM ||
        o.mean_loss || o.schedule != SCHED_CONSTANT || o.patience) {
        printf("%s hidden layers, %s output, %s loss; %s", nn_act_name(o.act),
               nn_act_name(o.out), nn_loss_name(o.loss), nn_opt_name(o.opt));
        if (o.opt == NN_OPT_MOMENTUM || o.opt == NN_OPT_NESTEROV)
            printf("%s %g", o.opt == NN_OPT_NESTEROV ? " momentum" : "", o.momentum);
        if (o.weight_decay > 0) printf(", weight decay %g", o.weight_decay);
        if (o.mean_loss) printf(", mean loss");
        if (o.schedule != SCHED_CONSTANT) printf(", %s schedule", sched_names[o.schedule]);
        if (o.patience) printf(", patience %lu", (unsigned long)o.patience);
        printf("; %s initial weights\n", init_names[o.init]);
    }
    if (t.names) print_classes(&t);
    fflush(stdout);

    tty = is_terminal(stdout);
    h.has_val = n_val > 0;
    h.has_test = n_test > 0;
    t0 = seconds();
    for (e = 0; e < o.epochs; e++) {
        double loss = 0, rate = scheduled(&o, e), spent;
        nn_shuffle_rows(x_train, y_train, &rng);
        for (i = 0; i < n_train; i += o.batch) {
            size_t n = n_train - i < o.batch ? n_train - i : o.batch;
            nn_mat xb, yb;
            nn_real l = 0;
            nn_mat_rows(&xb, x_train, i, n);
            nn_mat_rows(&yb, y_train, i, n);
            if (o.mean_loss) {
                /* PyTorch's reduction "mean": the summed gradient divided by
                   the rows (cross-entropy) or the elements (sse, bce) */
                nn_real scale = (nn_real)(1.0 / (double)(o.loss == NN_LOSS_CE ? n : n * K));
                size_t p;
                nn_forward(&net, xb, &work);
                nn_net_loss(&net, &work, yb, &l);
                nn_backprop(&net, xb, yb, &work);
                for (p = 0; p < net.n_params; p++) work.grad[p] *= scale;
                if (plain) nn_update(&net, &work, (nn_real)rate);
                else nn_opt_step(&opt, &net, &work, (nn_real)rate);
            } else if (plain) {
                nn_train_step(&net, xb, yb, (nn_real)rate, &work, &l);
            } else {
                nn_train_step_opt(&net, &opt, xb, yb, (nn_real)rate, &work, &l);
            }
            loss += (double)l;
        }
        h.loss[e] = loss / (double)n_train;
        tr = evaluate(&net, &work, x_train, y_train, &sg);
        va = evaluate(&net, &work, x_val, y_val, &sg);
        te = evaluate(&net, &work, x_test, y_test, &sg);
        h.train_acc[e] = tr.acc;
        h.val_acc[e] = va.acc;
        h.test_acc[e] = te.acc;
        h.epochs = e + 1;
        spent = seconds() - t0;
        printf(fabs(h.loss[e]) < 1e5 ? "%sepoch %3lu/%lu  loss %8.4f"
                                     : "%sepoch %3lu/%lu  loss %8.3g", tty ? "\r" : "",
               (unsigned long)(e + 1), (unsigned long)o.epochs, h.loss[e]);
        print_scores("train", &tr, regression);
        if (n_val) print_scores("val", &va, regression);
        if (n_test) print_scores("test", &te, regression);
        else printf("  test      -");
        printf("  %.1fs", spent);
        if (e + 1 < o.epochs)
            printf(" (%.0fs left)", spent / (double)(e + 1) * (double)(o.epochs - e - 1));
        printf("%s", tty ? "   " : "\n");
        fflush(stdout);
        if (!(h.loss[e] == h.loss[e])) {
            fprintf(stderr, "%strain: the loss became NaN: try a smaller --rate\n",
                    tty ? "\n" : "");
            goto done;
        }
        if (o.patience) {
            if (e == 0 || va.loss < best_loss) {
                best_loss = va.loss;
                best_epoch = e;
                (void)nn_net_copy_params(&best, &net);   /* in place, no allocation */
            } else if (e - best_epoch >= o.patience) {
                e++;
                break;
            }
        }
    }
    if (tty) putchar('\n');
    if (o.patience) {
        (void)nn_net_copy_params(&net, &best);
        printf("%s after epoch %lu; kept the network of epoch %lu (validation "
               "loss %.4f)\n", e < o.epochs ? "stopped early" : "done",
               (unsigned long)e, (unsigned long)(best_epoch + 1), best_loss);
    }

    /* the final scores: the test rows, or the training rows without them */
    sg.confusion = confusion;
    sg.pred = pred;
    sg.truth = truth;
    if (n_test) te = evaluate(&net, &work, x_test, y_test, &sg);
    else te = evaluate(&net, &work, x_train, y_train, &sg);
    if (regression) {
        printf("%s RMSE %.6g, R2 %.4f (%lu rows)\n", n_test ? "test" : "no test rows; "
               "training", te.rmse, te.r2, (unsigned long)(n_test ? n_test : n_train));
    } else if (n_test) {
        printf("test accuracy %.2f%% (%lu of %lu)\n", te.acc,
               (unsigned long)te.right, (unsigned long)n_test);
        print_confusion(confusion, K);
    } else {
        printf("no test rows; training accuracy %.2f%% (%lu of %lu)\n", te.acc,
               (unsigned long)te.right, (unsigned long)n_train);
        print_confusion(confusion, K);
    }
    if (o.svg) {
        char title[256];
        if (regression) {
            h.pred = pred;
            h.truth = truth;
            h.n_pred = n_test ? n_test : n_train;
            h.pred_rows = n_test ? "test rows" : "training rows";
            snprintf(title, sizeof title, "%.120s: %.60s network, batch %lu, %s%s"
                     "rate %g; %s R2 %.3f", base_name(o.file), shape,
                     (unsigned long)o.batch, plain ? "" : nn_opt_name(o.opt),
                     plain ? "" : " ", o.rate, n_test ? "test" : "training", te.r2);
        } else {
            snprintf(title, sizeof title, "%.120s: %.60s network, batch %lu, %s%s"
                     "rate %g; %s accuracy %.2f%%", base_name(o.file), shape,
                     (unsigned long)o.batch, plain ? "" : nn_opt_name(o.opt),
                     plain ? "" : " ", o.rate, n_test ? "test" : "training", te.acc);
        }
        if (write_svg(o.svg, title, loss_title(o.loss), &h)) {
            fprintf(stderr, "train: %s: cannot write: %s\n", o.svg, strerror(errno));
            goto done;
        }
        printf("chart written to %s\n", o.svg);
    }
    if (o.save) {
        nn_status s = save_raw(&net, &sc, &t, o.save);
        if (s != NN_OK) {
            fprintf(stderr, "train: %s: cannot save the model: %s\n", o.save,
                    nn_strerror(s));
            goto done;
        }
        printf("model written to %s (it takes the features as in the CSV%s)\n", o.save,
               regression ? " and predicts in the data's units" : "");
    }
    status = 0;
done:
    nn_mat_free(&x);
    nn_mat_free(&y);
    nn_opt_free(&opt);
    nn_work_free(&work);
    nn_net_free(&net);
    nn_net_free(&best);
    free(widths);
    free(acts);
    free(confusion);
    free(quota);
    free(h.loss);
    free(h.train_acc);
    free(h.val_acc);
    free(h.test_acc);
    free(held);
    free(sc.xmean);
    free(sc.xsd);
    free(sc.ymean);
    free(sc.ysd);
    free(sg.scratch);
    free(pred);
    free(truth);
    free_table(&t);
    return status;
}
