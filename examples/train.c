/* train.c - train an nn.h network on a CSV file of numbers and report how
   well it classifies rows it has not seen.

       train [options] FILE.csv

   Each line of FILE.csv is one sample: the features, then the class label
   0..K-1 in the last column. A first line that is not all numbers is a
   header and is skipped; K is one more than the largest label. The rows are
   shuffled (--seed) and split into a training and a test part, stratified:
   of each class, --test-fraction of its rows are held out. Each feature is
   standardized with the mean and deviation of the training part, labels
   become one-hot rows, and the network is trained on mini-batches that are
   row views of the training matrix, which is reshuffled in place every
   epoch.

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

   Exit status: 0 done, 1 bad input file or failure, 2 usage error. */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200112L   /* isatty, fileno, clock_gettime */
#endif
#define NN_IMPLEMENTATION
#include "nn.h"

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

typedef struct table {
    size_t rows, cols;          /* cols = features + 1, the label last */
    double *cells;              /* rows x cols, row-major */
    size_t cap;                 /* cells allocated */
    size_t classes;             /* largest label + 1 */
    unsigned long last_line;    /* line of the last data row */
} table;

/* grow *buf (of *cap elements of size `size`) to hold at least `need` */
static int grow(void **buf, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 64;
    void *p;
    if (need <= *cap) return 0;
    while (n < need) {
        if (n > ((size_t)-1) / 2 / size) return -1;
        n *= 2;
    }
    p = realloc(*buf, n * size);
    if (!p) return -1;
    *buf = p;
    *cap = n;
    return 0;
}

/* one line without its end (\n or \r\n) into *buf; -1 at end of file with
   nothing read, -2 on a read error or no memory. Bytes are kept as they are,
   NUL included, so the length is what counts. */
static long read_line(FILE *f, char **buf, size_t *cap, size_t *len)
{
    int c;
    size_t n = 0;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (grow((void **)buf, cap, n + 2, 1)) return -2;
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && (ferror(f) || n == 0)) return ferror(f) ? -2 : -1;
    if (n > 0 && (*buf)[n - 1] == '\r') n--;
    if (grow((void **)buf, cap, n + 1, 1)) return -2;
    (*buf)[n] = '\0';
    *len = n;
    return 0;
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* s[0..n) is one finite number, perhaps with blanks around it: store it in
   *v. s[n] (the comma or the line's end) is overwritten with '\0'. */
static int parse_cell(char *s, size_t n, double *v)
{
    char *end;
    s[n] = '\0';
    while (n > 0 && is_blank(*s)) { s++; n--; }
    if (n == 0) return -1;
    *v = strtod(s, &end);
    while (end < s + n && is_blank(*end)) end++;
    /* the whole cell (a NUL inside stops strtod short), finite: no "inf",
       "nan", nothing that overflowed to HUGE_VAL */
    if (end != s + n || !(*v == *v) || *v > 1e300 || *v < -1e300) return -1;
    return 0;
}

/* the cell text without the blanks around it, quoted, short and printable,
   for an error message */
static const char *show_cell(const char *s, size_t n, char *out, size_t size)
{
    size_t i, k = 0;
    while (n > 0 && is_blank(*s)) { s++; n--; }
    while (n > 0 && is_blank(s[n - 1])) n--;
    out[k++] = '"';
    for (i = 0; i < n && k + 5 < size; i++, k++) {
        out[k] = s[i];
        if (s[i] < 32 || s[i] >= 127) out[k] = '?';
    }
    if (i < n) { out[k++] = '.'; out[k++] = '.'; out[k++] = '.'; }
    out[k++] = '"';
    out[k] = '\0';
    return out;
}

/* Reads path into t. On failure prints one line, "train: path:line: why",
   and returns -1. */
static int read_table(const char *path, table *t)
{
    FILE *f = fopen(path, "rb");
    char *line = NULL, shown[48];
    size_t cap = 0, len = 0, vcap = 0, nv, i, start;
    double *vals = NULL;
    unsigned long lineno = 0;
    int header = 0, err = -1, seen_low = 0, seen_other = 0;
    double first_label = 0;
    long r;

    memset(t, 0, sizeof *t);
    if (!f) {
        fprintf(stderr, "train: %s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    while ((r = read_line(f, &line, &cap, &len)) == 0) {
        int bad = 0;
        size_t bad_at = 0, bad_len = 0, bad_col = 0;
        lineno++;
        for (i = 0; i < len && is_blank(line[i]); i++) {}
        if (i == len) continue;                       /* blank line */
        /* split at commas and parse every cell */
        nv = 0;
        start = 0;
        for (i = 0; i <= len; i++) {
            if (i < len && line[i] != ',') continue;
            if (grow((void **)&vals, &vcap, nv + 1, sizeof *vals)) goto nomem;
            if (!bad && parse_cell(line + start, i - start, &vals[nv])) {
                bad = 1;
                bad_at = start;
                bad_len = i - start;
                bad_col = nv + 1;
            }
            nv++;
            start = i + 1;
        }
        if (bad && t->rows == 0 && !header && t->cols == 0) {
            header = 1;                               /* first line: a header */
            continue;
        }
        if (bad) {
            fprintf(stderr, "train: %s:%lu: column %lu: %s is not a finite "
                    "number\n", path, lineno, (unsigned long)bad_col,
                    show_cell(line + bad_at, bad_len, shown, sizeof shown));
            goto fail;
        }
        if (t->cols == 0) {
            if (nv < 2) {
                fprintf(stderr, "train: %s:%lu: 1 column: need features, then "
                        "the label\n", path, lineno);
                goto fail;
            }
            t->cols = nv;
        } else if (nv != t->cols) {
            fprintf(stderr, "train: %s:%lu: %lu columns, expected %lu\n", path,
                    lineno, (unsigned long)nv, (unsigned long)t->cols);
            goto fail;
        }
        {
            double label = vals[nv - 1];
            if (label != floor(label)) {
                fprintf(stderr, "train: %s:%lu: label %g is not a whole number\n",
                        path, lineno, label);
                goto fail;
            }
            if (label < 0) {
                fprintf(stderr, "train: %s:%lu: label %g is negative\n", path,
                        lineno, label);
                goto fail;
            }
            if (label >= MAX_CLASSES) {
                fprintf(stderr, "train: %s:%lu: label %g is too large (at most %d)\n",
                        path, lineno, label, MAX_CLASSES - 1);
                goto fail;
            }
            if (!seen_low) { first_label = label; seen_low = 1; }
            else if (label != first_label) seen_other = 1;
            if ((size_t)label + 1 > t->classes) t->classes = (size_t)label + 1;
        }
        if (t->rows >= ((size_t)-1) / sizeof(double) / t->cols - 1 ||
            grow((void **)&t->cells, &t->cap, (t->rows + 1) * t->cols,
                 sizeof *t->cells))
            goto nomem;
        memcpy(t->cells + t->rows * t->cols, vals, t->cols * sizeof *vals);
        t->rows++;
        t->last_line = lineno;
    }
    if (r == -2) {
        if (ferror(f))
            fprintf(stderr, "train: %s:%lu: read error: %s\n", path, lineno + 1,
                    strerror(errno));
        else
            goto nomem;
        goto fail;
    }
    if (t->rows == 0) {
        if (lineno == 0)
            fprintf(stderr, "train: %s:1: empty file\n", path);
        else
            fprintf(stderr, "train: %s:%lu: no data rows%s\n", path, lineno,
                    header ? " after the header" : "");
        goto fail;
    }
    if (!seen_other) {
        fprintf(stderr, "train: %s:%lu: every label is %g: need at least 2 "
                "classes\n", path, t->last_line, first_label);
        goto fail;
    }
    err = 0;
    goto done;
nomem:
    fprintf(stderr, "train: %s:%lu: out of memory\n", path, lineno);
fail:
    free(t->cells);
    memset(t, 0, sizeof *t);
done:
    free(vals);
    free(line);
    fclose(f);
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

/* Correct predictions on (x, y), forward in batches of the work's capacity.
   confusion (K,K), when not NULL, gets += 1 at (true, predicted). */
static size_t evaluate(const nn_net *net, nn_work *w, nn_mat x, nn_mat y,
                       size_t *confusion)
{
    size_t first, i, correct = 0, K = y.cols;
    for (first = 0; first < x.rows; first += w->capacity) {
        size_t n = x.rows - first < w->capacity ? x.rows - first : w->capacity;
        nn_mat xb;
        nn_mat_rows(&xb, x, first, n);
        nn_forward(net, xb, w);
        for (i = 0; i < n; i++) {
            size_t want = argmax(y.data + (first + i) * K, K);
            size_t got = argmax(w->out.data + i * K, K);
            correct += want == got;
            if (confusion) confusion[want * K + got]++;
        }
    }
    return correct;
}

static double percent(size_t part, size_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* ------------------------------------------------------------------------ */
/* The SVG chart                                                             */

typedef struct history {
    size_t epochs;
    double *loss, *train_acc, *test_acc;   /* each `epochs` long */
    int has_test;
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
    double xmax, ylo, yhi;      /* data ranges: x in [0, xmax] */
} panel;

static double px(const panel *p, double x) { return p->x0 + p->w * x / p->xmax; }
static double py(const panel *p, double y)
{
    return p->y0 + p->h * (1 - (y - p->ylo) / (p->yhi - p->ylo));
}

/* frame, grid, ticks and axis titles */
static void svg_axes(FILE *f, const panel *p, const char *title, const char *ylabel)
{
    double step, v, first;
    int k;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"white\" stroke=\"#444\"/>\n", p->x0, p->y0, p->w, p->h);
    step = nice_step(p->xmax, 6);
    if (step < 1) step = 1;
    /* ticks k * step, counted in integers so no rounding piles up */
    for (k = 0; (v = k * step) <= p->xmax * (1 + 1e-9); k++) {
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
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">epoch</text>\n",
            p->x0 + p->w / 2, p->y0 + p->h + 36);
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

/* Two panels side by side: training loss, and train and test accuracy. */
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
        if (h->has_test && h->test_acc[i] < low) low = h->test_acc[i];
    }
    loss.x0 = 80; loss.y0 = 70; loss.w = 380; loss.h = 280;
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
    svg_axes(f, &loss, "Training loss", ylabel);
    svg_series(f, &loss, h->loss, h->epochs, "#d62728");
    svg_legend(f, &loss, 1, 0, 1, "#d62728", "training loss");
    svg_axes(f, &acc, "Accuracy", "correct (%)");
    svg_series(f, &acc, h->train_acc, h->epochs, "#1f77b4");
    if (h->has_test) svg_series(f, &acc, h->test_acc, h->epochs, "#ff7f0e");
    svg_legend(f, &acc, 0, 0, h->has_test ? 2 : 1, "#1f77b4", "train");
    if (h->has_test) svg_legend(f, &acc, 0, 1, 2, "#ff7f0e", "test");
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
    int init;
    double rate, test_fraction;
    unsigned long long seed;
    const char *svg, *save, *file;
} options;

static void usage(FILE *f)
{
    fputs("usage: train [options] FILE.csv\n"
          "Trains a neural network (by default the article's: one hidden layer of\n"
          "sigmoid units, a sigmoid output, the sum-of-squares loss, gradient\n"
          "descent) on a CSV file of numbers whose last column is the class label\n"
          "0..K-1, and reports the test accuracy.\n"
          "  --hidden N          one hidden layer of N units (default 32)\n"
          "  --layers N,N,...    hidden layers of these widths, e.g. 128,64\n"
          "  --activation A      hidden layers: sigmoid, tanh, relu or linear\n"
          "                      (default sigmoid)\n"
          "  --output A          output layer: sigmoid, softmax or linear\n"
          "  --loss L            sse, bce (sigmoid output) or cross_entropy\n"
          "                      (softmax output), summed over the batch; default\n"
          "                      sigmoid and sse; cross_entropy alone implies\n"
          "                      softmax, bce sigmoid; softmax alone cross_entropy\n"
          "  --optimizer O       sgd, momentum, nesterov or adam (default sgd)\n"
          "  --momentum M        0 <= M < 1 for momentum and nesterov (default 0.9)\n"
          "  --weight-decay D    L2 term D*w added to every gradient (default 0)\n"
          "  --init I            initial weights: uniform, U(-a, a) with\n"
          "                      a = 1/sqrt(inputs of the layer), glorot (Glorot\n"
          "                      uniform) or he (He uniform) (default uniform)\n"
          "  --epochs N          passes over the training rows (default 200)\n"
          "  --batch N           rows per gradient step (default 10)\n"
          "  --rate R            step size (default 0.05); for sgd, momentum and\n"
          "                      nesterov a step per row: the loss is a sum over\n"
          "                      the batch, so a step moves rate*batch times the\n"
          "                      mean gradient; adam's step is about R whatever\n"
          "                      the batch\n"
          "  --test-fraction F   share of rows held out, 0 <= F < 1 (default 0.2)\n"
          "  --seed N            seed of the split, weights and order (default 1)\n"
          "  --svg FILE          write a chart of loss and accuracy per epoch\n"
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

static const char *const opt_names[] = {"sgd", "momentum", "nesterov", "adam", NULL};
static const char *const init_names[] = {"uniform", "glorot", "he", NULL};

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

/* 0 parsed, 1 help asked, -1 usage error (already reported) */
static int parse_options(int argc, char **argv, options *o)
{
    static const char *const names[] = {"--hidden", "--epochs", "--batch",
        "--rate", "--test-fraction", "--seed", "--svg", "--save", "--layers",
        "--activation", "--output", "--loss", "--optimizer", "--momentum",
        "--weight-decay", "--init", NULL};
    static const nn_act hidden_acts[] = {NN_ACT_SIGMOID, NN_ACT_TANH,
                                         NN_ACT_RELU, NN_ACT_LINEAR};
    static const nn_act out_acts[] = {NN_ACT_SIGMOID, NN_ACT_SOFTMAX,
                                      NN_ACT_LINEAR};
    int i, k;
    memset(o, 0, sizeof *o);
    o->n_hidden = 1; o->widths[0] = 32; o->epochs = 200; o->batch = 10;
    o->rate = 0.05; o->test_fraction = 0.2; o->seed = 1;
    o->act = NN_ACT_SIGMOID; o->out = NN_ACT_SIGMOID; o->loss = NN_LOSS_SSE;
    o->opt = NN_OPT_SGD; o->momentum = 0.9; o->weight_decay = 0;
    o->init = INIT_UNIFORM;
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
        case 3: bad = parse_real(val, &o->rate) || !(o->rate > 0); break;
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
            bad = (v = lookup(val, opt_names)) < 0;
            if (!bad) o->opt = (nn_opt_kind)v;
            break;
        case 13:
            bad = parse_real(val, &o->momentum) || o->momentum < 0 ||
                  !(o->momentum < 1);
            o->momentum_given = 1;
            break;
        case 14: bad = parse_real(val, &o->weight_decay) || o->weight_decay < 0; break;
        default:
            bad = (v = lookup(val, init_names)) < 0;
            if (!bad) o->init = v;
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
    if (!o->file) {
        fprintf(stderr, "train: no input file\n");
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Training                                                                  */

/* x (rows, d) = the features of t, y (rows, K) = its labels one-hot */
static void fill(const table *t, nn_mat x, nn_mat y)
{
    size_t i, j, d = t->cols - 1;
    for (i = 0; i < t->rows; i++) {
        const double *row = t->cells + i * t->cols;
        for (j = 0; j < d; j++) NN_AT(x, i, j) = (nn_real)row[j];
        for (j = 0; j < y.cols; j++) NN_AT(y, i, j) = 0;
        NN_AT(y, i, (size_t)row[d]) = 1;
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

/* Saves net as a network of the raw features: the standardization is
   folded into the first layer, since
       ((x - mean) / sd) w + b = x (w / sd) + (b - sum_i mean_i w[i,:] / sd_i)
   (w's row i divided by sd_i), so `predict` can take rows as in the CSV.
   The other layers are saved as they are. */
static nn_status save_raw(const nn_net *net, const double *means,
                          const double *sds, const char *path)
{
    nn_net raw;
    const nn_layer *first = &net->layers[0];
    nn_layer *to;
    size_t i, j;
    nn_status s;
    memset(&raw, 0, sizeof raw);
    s = nn_net_copy(&raw, net);
    if (s != NN_OK) return s;
    to = &raw.layers[0];
    for (j = 0; j < first->n_out; j++) {
        double b = (double)NN_AT(first->b, 0, j);
        for (i = 0; i < first->n_in; i++) {
            double w = (double)NN_AT(first->w, i, j) / sds[i];
            NN_AT(to->w, i, j) = (nn_real)w;
            b -= means[i] * w;
        }
        NN_AT(to->b, 0, j) = (nn_real)b;
    }
    s = nn_save_file(&raw, path);
    nn_net_free(&raw);
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

/* A stratified split of rows already in random order: of each class c, the
   first round(f * rows of c) rows become test rows, and they are moved to
   the end (x and y together). test (rows) and quota (K) are scratch.
   Returns the number of test rows. */
static size_t split(nn_mat x, nn_mat y, double f, unsigned char *test,
                    size_t *quota)
{
    size_t i, j, c, n_test = 0, K = y.cols;
    for (c = 0; c < K; c++) quota[c] = 0;
    for (i = 0; i < y.rows; i++) quota[argmax(y.data + i * K, K)]++;
    for (c = 0; c < K; c++) quota[c] = (size_t)lround(f * (double)quota[c]);
    for (i = 0; i < y.rows; i++) {
        c = argmax(y.data + i * K, K);
        test[i] = quota[c] > 0;
        if (test[i]) { quota[c]--; n_test++; }
    }
    /* partition: training rows first */
    for (i = 0, j = y.rows; ; ) {
        while (i < j && !test[i]) i++;
        while (i < j && test[j - 1]) j--;
        if (i + 1 >= j) break;
        swap_rows(x, i, j - 1);
        swap_rows(y, i, j - 1);
        test[i] = 0;
        test[j - 1] = 1;
    }
    return n_test;
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

int main(int argc, char **argv)
{
    options o;
    table t;
    nn_mat x, y, x_train, y_train, x_test, y_test;
    nn_net net;
    nn_work work;
    nn_opt opt;
    nn_rng rng;
    history h;
    size_t *confusion = NULL, *widths = NULL, n_train, n_test, d, K, e, i, right;
    size_t L;
    nn_act *acts = NULL;
    unsigned char *test = NULL;
    double *means = NULL, *sds = NULL;
    int tty, status = 1, plain, pr = parse_options(argc, argv, &o);
    char shape[256];
    double t0;

    if (pr == 1) { usage(stdout); return 0; }
    if (pr < 0) { usage(stderr); return 2; }
    if (read_table(o.file, &t)) return 1;

    d = t.cols - 1;
    K = t.classes;
    L = o.n_hidden + 1;
    memset(&net, 0, sizeof net);
    memset(&work, 0, sizeof work);
    memset(&opt, 0, sizeof opt);
    memset(&h, 0, sizeof h);
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
        nn_work_init(&work, &net, o.batch > 256 ? o.batch : 256) ||
        (!plain && nn_opt_init(&opt, &net, o.opt)) ||
        !(confusion = (size_t *)calloc(K * K, sizeof *confusion)) ||
        !(test = (unsigned char *)malloc(t.rows)) ||
        !(means = (double *)malloc(d * sizeof(double))) ||
        !(sds = (double *)malloc(d * sizeof(double))) ||
        !(h.loss = (double *)malloc(o.epochs * sizeof(double))) ||
        !(h.train_acc = (double *)malloc(o.epochs * sizeof(double))) ||
        !(h.test_acc = (double *)malloc(o.epochs * sizeof(double)))) {
        fprintf(stderr, "train: out of memory\n");
        goto done;
    }
    if (!plain) {
        opt.momentum = (nn_real)o.momentum;
        opt.weight_decay = (nn_real)o.weight_decay;
    }

    /* shuffle the rows (x and y together), hold out the test rows at the
       end, then scale with the training part's statistics only */
    fill(&t, x, y);
    rng = nn_rng_seed((uint64_t)o.seed);
    nn_shuffle_rows(x, y, &rng);
    n_test = split(x, y, o.test_fraction, test, confusion);
    if (n_test >= t.rows) {
        fprintf(stderr, "train: %s:%lu: %lu data rows are too few to hold out %g "
                "of them\n", o.file, t.last_line, (unsigned long)t.rows,
                o.test_fraction);
        goto done;
    }
    n_train = t.rows - n_test;
    standardize(x, n_train, means, sds);
    nn_mat_rows(&x_train, x, 0, n_train);
    nn_mat_rows(&y_train, y, 0, n_train);
    nn_mat_rows(&x_test, x, n_train, n_test);
    nn_mat_rows(&y_test, y, n_train, n_test);
    memset(confusion, 0, K * K * sizeof *confusion);

    if (o.init == INIT_UNIFORM) init_uniform(&net, &rng);
    else nn_net_init_weights(&net, &rng, o.init == INIT_HE ? NN_INIT_HE_UNIFORM
                                                          : NN_INIT_GLOROT_UNIFORM);

    widths_text(widths, L + 1, shape, sizeof shape);
    printf("%s: %lu rows, %lu features, %lu classes; %lu for training, %lu for "
           "testing\n", base_name(o.file), (unsigned long)t.rows, (unsigned long)d,
           (unsigned long)K, (unsigned long)n_train, (unsigned long)n_test);
    printf("network %s, %lu epochs, batch %lu, rate %g, seed %llu\n", shape,
           (unsigned long)o.epochs, (unsigned long)o.batch, o.rate, o.seed);
    /* what differs from the article's network and its training */
    if (o.act != NN_ACT_SIGMOID || o.out != NN_ACT_SIGMOID ||
        o.loss != NN_LOSS_SSE || !plain || o.init != INIT_UNIFORM) {
        printf("%s hidden layers, %s output, %s loss; %s", nn_act_name(o.act),
               nn_act_name(o.out), nn_loss_name(o.loss), opt_names[o.opt]);
        if (o.opt == NN_OPT_MOMENTUM || o.opt == NN_OPT_NESTEROV)
            printf("%s %g", o.opt == NN_OPT_NESTEROV ? " momentum" : "", o.momentum);
        if (o.weight_decay > 0) printf(", weight decay %g", o.weight_decay);
        printf("; %s initial weights\n", init_names[o.init]);
    }
    fflush(stdout);

    tty = is_terminal(stdout);
    h.has_test = n_test > 0;
    t0 = seconds();
    for (e = 0; e < o.epochs; e++) {
        double loss = 0;
        nn_shuffle_rows(x_train, y_train, &rng);
        for (i = 0; i < n_train; i += o.batch) {
            size_t n = n_train - i < o.batch ? n_train - i : o.batch;
            nn_mat xb, yb;
            nn_real l = 0;
            nn_mat_rows(&xb, x_train, i, n);
            nn_mat_rows(&yb, y_train, i, n);
            if (plain) nn_train_step(&net, xb, yb, (nn_real)o.rate, &work, &l);
            else nn_train_step_opt(&net, &opt, xb, yb, (nn_real)o.rate, &work, &l);
            loss += (double)l;
        }
        h.loss[e] = loss / (double)n_train;
        h.train_acc[e] = percent(evaluate(&net, &work, x_train, y_train, NULL), n_train);
        h.test_acc[e] = percent(evaluate(&net, &work, x_test, y_test, NULL), n_test);
        h.epochs = e + 1;
        printf("%sepoch %3lu/%lu  loss %8.4f  train %6.2f%%  test ", tty ? "\r" : "",
               (unsigned long)(e + 1), (unsigned long)o.epochs, h.loss[e],
               h.train_acc[e]);
        if (n_test) printf("%6.2f%%", h.test_acc[e]);
        else printf("     -");
        printf("  %.1fs%s", seconds() - t0, tty ? "" : "\n");
        fflush(stdout);
        if (!(h.loss[e] == h.loss[e])) {
            fprintf(stderr, "%strain: the loss became NaN: try a smaller --rate\n",
                    tty ? "\n" : "");
            goto done;
        }
    }
    if (tty) putchar('\n');

    if (n_test) {
        right = evaluate(&net, &work, x_test, y_test, confusion);
        printf("test accuracy %.2f%% (%lu of %lu)\n", percent(right, n_test),
               (unsigned long)right, (unsigned long)n_test);
    } else {
        right = evaluate(&net, &work, x_train, y_train, confusion);
        printf("no test rows; training accuracy %.2f%% (%lu of %lu)\n",
               percent(right, n_train), (unsigned long)right, (unsigned long)n_train);
    }
    print_confusion(confusion, K);
    if (o.svg) {
        char title[256];
        snprintf(title, sizeof title, "%.120s: %.60s network, batch %lu, %s%s"
                 "rate %g; %s accuracy %.2f%%", base_name(o.file), shape,
                 (unsigned long)o.batch, plain ? "" : opt_names[o.opt],
                 plain ? "" : " ", o.rate, n_test ? "test" : "training",
                 percent(right, n_test ? n_test : n_train));
        if (write_svg(o.svg, title, loss_title(o.loss), &h)) {
            fprintf(stderr, "train: %s: cannot write: %s\n", o.svg, strerror(errno));
            goto done;
        }
        printf("chart written to %s\n", o.svg);
    }
    if (o.save) {
        nn_status s = save_raw(&net, means, sds, o.save);
        if (s != NN_OK) {
            fprintf(stderr, "train: %s: cannot save the model: %s\n", o.save,
                    nn_strerror(s));
            goto done;
        }
        printf("model written to %s (it takes the features as in the CSV)\n", o.save);
    }
    status = 0;
done:
    nn_mat_free(&x);
    nn_mat_free(&y);
    nn_opt_free(&opt);
    nn_work_free(&work);
    nn_net_free(&net);
    free(widths);
    free(acts);
    free(confusion);
    free(h.loss);
    free(h.train_acc);
    free(h.test_acc);
    free(test);
    free(means);
    free(sds);
    free(t.cells);
    return status;
}
